'use strict'
// Which prebuilt binary this process needs.
//
// libc is read from the running process itself (the shared objects mapped into it), not from
// /usr/bin/ldd as napi-rs's generated loader does: what matters is the libc *this Node* is linked
// against, and the two differ for a musl Node on a glibc host (how the musl suite runs here) or a
// glibc Node in a musl container with a compatibility layer.

const fs = require('node:fs')

const BINARY_NAME = 'architect-native'

function libcFromMaps() {
  try {
    const maps = fs.readFileSync('/proc/self/maps', 'utf8')
    if (/ld-musl-|libc\.musl-|[/-]musl[/-]|linux-musl/.test(maps)) return 'musl'
    if (/\/libc\.so\.6\b|\/libc-2\.\d+\.so\b/.test(maps)) return 'glibc'
  } catch {}
  return null
}

function libcFromReport() {
  const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
  if (!report) return null
  // Node reports the glibc it runs on; a musl build has no such field.
  return report.header && report.header.glibcVersionRuntime ? 'glibc' : 'musl'
}

let cachedLibc
/** 'glibc' or 'musl' on Linux, null elsewhere. */
function detectLibc() {
  if (process.platform !== 'linux') return null
  if (cachedLibc === undefined) cachedLibc = libcFromMaps() || libcFromReport() || 'glibc'
  return cachedLibc
}

/** The `platform-arch[-abi]` suffix napi-rs uses for this process, e.g. `linux-x64-gnu`. */
function platformTriple(libc = detectLibc()) {
  const { platform, arch } = process
  if (platform === 'linux') return `${platform}-${arch}-${libc === 'musl' ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `${platform}-${arch}-msvc`
  return `${platform}-${arch}`
}

function localBinaryName(triple = platformTriple()) {
  return `${BINARY_NAME}.${triple}.node`
}

module.exports = { BINARY_NAME, detectLibc, platformTriple, localBinaryName }
