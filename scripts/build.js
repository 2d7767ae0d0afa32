'use strict'
// `npm run build [-- --debug]`: builds architect-native.<platform>.node with `napi build`.
//
// The released linux-x64-gnu binary must load on old distributions (glibc 2.17 baseline) and be
// as fast as the source allows. ring's Ed25519 is C, so the C compiler sets its speed: napi-rs's
// glibc 2.17 cross toolchain is GCC 4.8.5 and signed 4x slower than the same source built by a
// current clang. So on an x86_64 glibc host a release build goes through zig (`napi build -x`:
// cargo-zigbuild, zig's clang as C compiler and linker, `--target x86_64-unknown-linux-gnu.2.17`
// pinning glibc 2.17), installed from PyPI by scripts/zig-toolchain.sh. If that fails, the build
// fails: it never falls back to another compiler on its own.
//
// ARCHITECT_NATIVE_TOOLCHAIN picks another route explicitly:
// - `host` (or ARCHITECT_NATIVE_HOST_TOOLCHAIN=1): cargo with the host's cc; needs the host's glibc;
// - `napi-cross`: the GCC 4.8.5 / glibc 2.17 toolchain from npm @napi-rs/cross-toolchain, kept
//   to compare builds (bench/RESULTS.md). package.json pins that package to 1.0.0 (`overrides`:
//   the CLI's 1.0.5 asks for toolchain packages the registry does not have), and its archive is
//   unpacked with @napi-rs/lzma, whose Linux binding npm skips on Node 20 (engines >= 22) although
//   it works there, so that binding is installed here explicitly.

const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { detectLibc } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')
const debug = process.argv.includes('--debug')
const napi = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'napi.cmd' : 'napi')
const baseArgs = ['build', '--platform', '--no-js', '--dts', 'binding.d.ts', ...(debug ? [] : ['--release'])]

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options })
}

function toolchain() {
  if (process.env.ARCHITECT_NATIVE_HOST_TOOLCHAIN === '1') return 'host'
  const asked = process.env.ARCHITECT_NATIVE_TOOLCHAIN
  if (asked) {
    if (!['zig', 'napi-cross', 'host'].includes(asked)) {
      console.error(`[build] ARCHITECT_NATIVE_TOOLCHAIN=${asked}: expected zig, napi-cross or host`)
      process.exit(2)
    }
    return asked
  }
  const releaseForLinuxX64Gnu = !debug && process.platform === 'linux' && process.arch === 'x64' && detectLibc() === 'glibc'
  return releaseForLinuxX64Gnu ? 'zig' : 'host'
}

function zigBinDir() {
  const result = spawnSync('bash', [path.join(__dirname, 'zig-toolchain.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  if (result.status !== 0) {
    console.error('[build] could not install the zig toolchain (scripts/zig-toolchain.sh, from PyPI); not falling back to another compiler.')
    console.error('[build] To build with this machine\'s own C compiler instead (the binary then needs this glibc): ARCHITECT_NATIVE_TOOLCHAIN=host npm run build')
    process.exit(result.status || 1)
  }
  return result.stdout.trim()
}

/** @napi-rs/lzma's Linux binding, which npm skips on Node 20 (its engines field says >= 22). */
function ensureLzmaBinding() {
  const lzmaDir = path.join(ROOT, 'node_modules', '@napi-rs', 'lzma')
  if (!fs.existsSync(lzmaDir)) return
  try {
    require.resolve('@napi-rs/lzma-linux-x64-gnu', { paths: [lzmaDir] })
    return
  } catch {}
  const { version } = JSON.parse(fs.readFileSync(path.join(lzmaDir, 'package.json'), 'utf8'))
  console.log(`[build] installing @napi-rs/lzma-linux-x64-gnu@${version} (skipped by npm on Node < 22, needed to unpack the cross toolchain)`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(npm, ['install', '--no-save', '--force', '--no-audit', '--no-fund', `@napi-rs/lzma-linux-x64-gnu@${version}`], { stdio: ['ignore', 'inherit', 'inherit'] })
}

function build() {
  const chosen = toolchain()
  console.log(`[build] toolchain: ${chosen}`)
  if (chosen === 'zig') {
    const env = { ...process.env, PATH: `${zigBinDir()}${path.delimiter}${process.env.PATH}` }
    return run(napi, [...baseArgs, '--cross-compile', '--target', 'x86_64-unknown-linux-gnu.2.17'], { env }).status
  }
  if (chosen === 'napi-cross') {
    ensureLzmaBinding()
    return run(napi, [...baseArgs, '--use-napi-cross', '--target', 'x86_64-unknown-linux-gnu']).status
  }
  return run(napi, baseArgs).status
}

process.exit(build() || 0)
