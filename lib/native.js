'use strict'
// Loads the compiled addon through the generated `binding.js` and, when no binary loads, replaces
// napi-rs's generic "Cannot find native binding" with an error that says what was looked for,
// where, and how to fix it. Everything else in the package reaches native code through here.

const path = require('node:path')

const { BINARY_NAME, detectLibc, platformTriple, localBinaryName } = require('./platform.js')

const PACKAGE_ROOT = path.join(__dirname, '..')

function describeLoadFailure(cause) {
  const libc = detectLibc()
  const triple = platformTriple(libc)
  const localFile = path.join(PACKAGE_ROOT, localBinaryName(triple))
  const platformPackage = `${BINARY_NAME}-${triple}`
  const reasons = []
  for (let e = cause && cause.cause; e; e = e.cause) reasons.unshift(String(e.message).split('\n')[0])
  const glibc = process.report && process.report.getReport && process.report.getReport().header.glibcVersionRuntime
  const lines = [
    `architect-native: no native binary could be loaded for ${triple} ` +
      `(platform ${process.platform}, arch ${process.arch}` +
      (libc ? `, libc ${libc}${glibc ? ' ' + glibc : ''}` : '') +
      `, Node ${process.version}, Node-API ${process.versions.napi}).`,
    'Looked for:',
    `  1. ${localFile} (a local build)`,
    `  2. the npm package ${platformPackage} (installed as an optional dependency)`,
    'Load errors:',
    ...(reasons.length ? reasons.map((r) => `  - ${r}`) : ['  - (none reported)']),
    'Fix, in order of preference:',
    `  - install the platform package: npm install ${platformPackage}` +
      ' (it is an optionalDependency: check that optional dependencies were not omitted, e.g. --omit=optional)',
    '  - reinstall so npm picks the right platform: npm rebuild architect-native, or remove node_modules and the lockfile and npm install again',
    `  - build from source (Rust stable and cargo required): cd ${PACKAGE_ROOT} && npm run build`,
  ]
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_ARCHITECT_NATIVE_NOT_FOUND'
  error.platform = triple
  error.tried = [localFile, platformPackage]
  error.cause = cause
  return error
}

let binding
try {
  binding = require('../binding.js')
} catch (cause) {
  throw describeLoadFailure(cause)
}

/** The absolute path of the `.node` file that actually loaded (local build or platform package). */
function loadedBinaryPath() {
  const found = Object.keys(require.cache).find((file) => file.endsWith('.node') && path.basename(file).startsWith(BINARY_NAME))
  return found || null
}

module.exports = { binding, platformTriple, detectLibc, loadedBinaryPath }
