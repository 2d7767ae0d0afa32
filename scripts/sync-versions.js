'use strict'
// Keeps every npm/<platform>/package.json in step with the root package: version, license,
// engines, description. `--check` only reports drift (exit 1), for the test suite and CI;
// without it the files are rewritten. `npm version` runs it after `napi version`.

const fs = require('node:fs')
const path = require('node:path')

const SHARED_FIELDS = ['version', 'license', 'engines', 'description']

function platformPackages(root) {
  const dir = path.join(root, 'npm')
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'package.json'))
    .filter((file) => fs.existsSync(file))
}

/** Returns a list of human-readable differences between the root and each platform package. */
function findDrift(root) {
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  const drift = []
  for (const file of platformPackages(root)) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
    for (const field of SHARED_FIELDS) {
      if (JSON.stringify(pkg[field]) !== JSON.stringify(rootPkg[field])) {
        drift.push(`${path.relative(root, file)}: ${field} is ${JSON.stringify(pkg[field])}, root has ${JSON.stringify(rootPkg[field])}`)
      }
    }
    const platform = path.basename(path.dirname(file))
    const binary = `${rootPkg.napi.binaryName}.${platform}.node`
    if (pkg.name !== `${rootPkg.name}-${platform}`) drift.push(`${path.relative(root, file)}: name should be ${rootPkg.name}-${platform}`)
    if (pkg.main !== binary || JSON.stringify(pkg.files) !== JSON.stringify([binary])) drift.push(`${path.relative(root, file)}: main/files should name ${binary}`)
  }
  return drift
}

function sync(root) {
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  for (const file of platformPackages(root)) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
    for (const field of SHARED_FIELDS) pkg[field] = rootPkg[field]
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n')
  }
}

if (require.main === module) {
  const root = process.env.ARCHITECT_NATIVE_ROOT || path.join(__dirname, '..')
  if (process.argv.includes('--check')) {
    const drift = findDrift(root)
    if (drift.length) {
      console.error(`platform packages drifted from package.json:\n  ${drift.join('\n  ')}\nrun: node scripts/sync-versions.js`)
      process.exit(1)
    }
    console.log('platform packages are in step with package.json')
  } else {
    sync(root)
  }
}

module.exports = { findDrift, sync }
