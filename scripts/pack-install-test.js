'use strict'
// `npm run test:pack`: how users meet the package. Packs the main package and this platform's
// package (with the built binary), installs both tarballs into a fresh project with no registry
// access, then require()s and import()s the package there and calls into native code.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { platformTriple, localBinaryName } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } }).toString()
}

function pack(dir, dest) {
  const out = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', dest], dir))
  return { file: path.join(dest, out[0].filename), files: out[0].files.map((f) => f.path) }
}

function main() {
  const triple = platformTriple()
  const binary = path.join(ROOT, localBinaryName(triple))
  assert.ok(fs.existsSync(binary), `build first: ${binary} is missing (npm run build)`)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-pack-'))
  try {
    const main = pack(ROOT, work)
    for (const required of ['index.js', 'index.mjs', 'index.d.ts', 'binding.d.ts', 'lib/native.js', 'lib/counter.js', 'reference/counter.js', 'package.json', 'README.md']) {
      assert.ok(main.files.includes(required), `the main tarball contains ${required}`)
    }
    assert.ok(!main.files.some((f) => f.endsWith('.node')), 'the main tarball carries no binary (that is the platform package\'s job)')

    const staged = path.join(work, `platform-${triple}`)
    fs.cpSync(path.join(ROOT, 'npm', triple), staged, { recursive: true })
    fs.copyFileSync(binary, path.join(staged, localBinaryName(triple)))
    const platform = pack(staged, work)
    assert.deepEqual(platform.files.filter((f) => f.endsWith('.node')), [localBinaryName(triple)])

    // Every other platform package whose binary was built here (the arm64 and musl ones) packs
    // with exactly its binary; they are installed and run by test:musl, test:arm64 and test:registry.
    const others = []
    for (const other of fs.readdirSync(path.join(ROOT, 'npm'))) {
      const otherBinary = path.join(ROOT, `architect-native.${other}.node`)
      if (other === triple || !fs.existsSync(otherBinary)) continue
      const dir = path.join(work, `platform-${other}`)
      fs.cpSync(path.join(ROOT, 'npm', other), dir, { recursive: true })
      fs.copyFileSync(otherBinary, path.join(dir, path.basename(otherBinary)))
      const packed = pack(dir, work)
      assert.deepEqual(packed.files.filter((f) => f.endsWith('.node')), [path.basename(otherBinary)], `${other}: the package carries its binary`)
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
      assert.equal(manifest.main, path.basename(otherBinary), `${other}: main names the binary`)
      others.push(path.basename(packed.file))
    }

    const project = path.join(work, 'consumer')
    fs.mkdirSync(project)
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
    run(npm, ['install', '--offline', '--no-package-lock', main.file, platform.file], project)

    const cjs = run(process.execPath, ['-e', `
      const a = require('architect-native')
      const info = a.buildInfo()
      console.log(JSON.stringify({ version: info.version, binaryPath: info.binaryPath, u32: a.boundaryProbes.fast.u32(41) }))
    `], project)
    const fromCjs = JSON.parse(cjs)
    assert.equal(fromCjs.u32, 42)
    assert.equal(fromCjs.version, require('../package.json').version)
    assert.ok(fromCjs.binaryPath.includes(path.join('node_modules', `architect-native-${triple}`)), `loaded from the platform package: ${fromCjs.binaryPath}`)

    const esm = run(process.execPath, ['--input-type=module', '-e', `
      import { buildInfo, boundaryProbes } from 'architect-native'
      import native from 'architect-native'
      console.log(JSON.stringify({ target: buildInfo().target, same: native.buildInfo === buildInfo, u32: boundaryProbes.fast.u32(1) }))
    `], project)
    const fromEsm = JSON.parse(esm)
    assert.equal(fromEsm.u32, 2)
    assert.equal(fromEsm.same, true)

    console.log(`pack-and-install: ok (${path.basename(main.file)} + ${path.basename(platform.file)}, target ${fromEsm.target}, loaded ${path.relative(project, fromCjs.binaryPath)}); also packed with their binaries: ${others.join(', ') || 'none'}`)
    console.log('1 passed, 0 failed')
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

main()
