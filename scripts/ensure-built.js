'use strict'
// Builds the release binary when it is missing or older than the Rust sources, so `npm test`,
// `npm run bench` and `npm run demo` work on a fresh clone with one command.

const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { localBinaryName } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')
const binary = path.join(ROOT, localBinaryName())

function newestSourceMtime() {
  let newest = 0
  const visit = (p) => {
    const stat = fs.statSync(p)
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry))
    else newest = Math.max(newest, stat.mtimeMs)
  }
  for (const entry of ['src', 'Cargo.toml', 'Cargo.lock', 'build.rs']) visit(path.join(ROOT, entry))
  return newest
}

function needsBuild() {
  if (process.env.ARCHITECT_NATIVE_SKIP_BUILD === '1') return false
  if (!fs.existsSync(binary)) return `${path.basename(binary)} is missing`
  if (fs.statSync(binary).mtimeMs < newestSourceMtime()) return `${path.basename(binary)} is older than the Rust sources`
  return false
}

const reason = needsBuild()
if (reason) {
  console.log(`[ensure-built] ${reason}: building the release binary (cargo, a few minutes on a cold cache)`)
  const result = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('[ensure-built] the build failed; see the cargo output above (README: "Building from source")')
    process.exit(result.status || 1)
  }
}
