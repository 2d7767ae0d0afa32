'use strict'
// `npm run build [-- --debug]`: builds architect-native.<platform>.node with `napi build`.
//
// On an x86_64 glibc host the release binary is linked against napi-rs's glibc 2.17 sysroot
// (`--use-napi-cross`, npm @napi-rs/cross-toolchain), so it loads on old distributions; a host
// build needs the host's glibc (2.34 on Debian 12). Two things make that route work here:
// - package.json pins `@napi-rs/cross-toolchain` to 1.0.0 (`overrides`): the CLI's 1.0.5 asks for
//   toolchain packages of that version, which the registry does not have;
// - the toolchain archive is unpacked with @napi-rs/lzma, whose Linux binding declares Node >= 22,
//   so npm skips it on Node 20 although it works there: it is installed here explicitly.
// If the cross toolchain cannot be set up, the build falls back to the host toolchain with a
// warning, unless ARCHITECT_NATIVE_REQUIRE_GLIBC_BASELINE=1 (set by CI) makes that an error.
// ARCHITECT_NATIVE_HOST_TOOLCHAIN=1 skips the cross toolchain.

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

function wantsCrossToolchain() {
  return (
    !debug &&
    process.platform === 'linux' &&
    process.arch === 'x64' &&
    detectLibc() === 'glibc' &&
    process.env.ARCHITECT_NATIVE_HOST_TOOLCHAIN !== '1'
  )
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
  if (wantsCrossToolchain()) {
    ensureLzmaBinding()
    const cross = run(napi, [...baseArgs, '--use-napi-cross', '--target', 'x86_64-unknown-linux-gnu'])
    if (cross.status === 0) return 0
    if (process.env.ARCHITECT_NATIVE_REQUIRE_GLIBC_BASELINE === '1') {
      console.error('[build] the glibc 2.17 cross toolchain failed and ARCHITECT_NATIVE_REQUIRE_GLIBC_BASELINE=1: not falling back')
      return cross.status || 1
    }
    console.warn('[build] the glibc 2.17 cross toolchain failed; building with the host toolchain (the binary will need this host\'s glibc)')
  }
  return run(napi, baseArgs).status
}

process.exit(build() || 0)
