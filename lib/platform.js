'use strict'
// Which prebuilt binary this process needs, decided the way the generated loader decides it.

const fs = require('node:fs')

/** libc as the generated loader decides it (same order: /usr/bin/ldd, then the process report). */
function detectLibc() {
  if (process.platform !== 'linux') return null
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl') ? 'musl' : 'glibc'
  } catch {}
  const report = process.report && process.report.getReport && process.report.getReport()
  if (report && report.header && report.header.glibcVersionRuntime) return 'glibc'
  if (report && Array.isArray(report.sharedObjects) && report.sharedObjects.some((f) => /libc\.musl-|ld-musl-/.test(f))) return 'musl'
  return 'glibc'
}

/** The `platform-arch[-abi]` suffix napi-rs uses for this process, e.g. `linux-x64-gnu`. */
function platformTriple(libc = detectLibc()) {
  const { platform, arch } = process
  if (platform === 'linux') return `${platform}-${arch}-${libc === 'musl' ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `${platform}-${arch}-msvc`
  return `${platform}-${arch}`
}

const BINARY_NAME = 'architect-native'

function localBinaryName(triple = platformTriple()) {
  return `${BINARY_NAME}.${triple}.node`
}

module.exports = { BINARY_NAME, detectLibc, platformTriple, localBinaryName }
