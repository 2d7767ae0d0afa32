'use strict'
// The loader: finds and loads the compiled addon for this process, and when nothing loads throws
// an error that says what was looked for, where, why each attempt failed, and how to fix it.
// Everything else in the package reaches native code through here.
//
// Order, as napi-rs's generated loader: an explicit override, then a local build next to the
// package (`architect-native.<platform>.node`), then the platform package
// (`architect-native-<platform>`, an optional dependency). It is hand-written rather than the
// generated `binding.js` because that one decides glibc vs musl from /usr/bin/ldd, which says
// nothing about the libc the running Node uses (see lib/platform.js).

const fs = require('node:fs')
const path = require('node:path')
const { BINARY_NAME, detectLibc, platformTriple, localBinaryName } = require('./platform.js')
const { version: PACKAGE_VERSION } = require('../package.json')

const PACKAGE_ROOT = path.join(__dirname, '..')

function candidates(triple) {
  const list = []
  const override = process.env.ARCHITECT_NATIVE_BINARY || process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  if (override) {
    const file = path.resolve(override)
    // An explicit choice is the only candidate: silently loading something else would hide it.
    return [{ label: `${override} (from ARCHITECT_NATIVE_BINARY / NAPI_RS_NATIVE_LIBRARY_PATH)`, file: () => file, load: () => require(file) }]
  }
  const local = path.join(PACKAGE_ROOT, localBinaryName(triple))
  list.push({ label: `${local} (a local build)`, file: () => local, load: () => require(local) })
  const pkg = `${BINARY_NAME}-${triple}`
  list.push({
    label: `the npm package ${pkg} (installed as an optional dependency)`,
    file: () => require.resolve(pkg),
    load: () => {
      const binding = require(pkg)
      const found = require(`${pkg}/package.json`).version
      if (found !== PACKAGE_VERSION) {
        throw new Error(`${pkg} is version ${found}, but architect-native is ${PACKAGE_VERSION}; reinstall so they match`)
      }
      return binding
    },
  })
  return list
}

/** A source checkout can build its binary; an installed copy (no Rust sources shipped) cannot. */
function isSourceCheckout() {
  return fs.existsSync(path.join(PACKAGE_ROOT, 'Cargo.toml')) && fs.existsSync(path.join(PACKAGE_ROOT, 'src'))
}

/** How to fix it, for where this copy of the package is: only steps that can work there. */
function advice(triple, pkg) {
  if (isSourceCheckout()) {
    return [
      'Fix: this is a source checkout, so build the binary (Rust stable and cargo required):',
      `  cd ${PACKAGE_ROOT} && npm run build`,
    ]
  }
  const { napi } = require('../package.json')
  const prebuilt = (napi && napi.targets ? napi.targets : []).map(rustTargetToTriple)
  if (!prebuilt.includes(triple)) {
    return [
      `Fix: architect-native ${PACKAGE_VERSION} has no prebuilt binary for ${triple} (there are: ${prebuilt.join(', ')}).`,
      '  Build it from a source checkout of architect-native (npm run build, Rust stable) and point',
      '  ARCHITECT_NATIVE_BINARY at the .node file it writes.',
    ]
  }
  return [
    `Fix: install the platform package at this package's version: npm install ${pkg}@${PACKAGE_VERSION}`,
    '  It is an optional dependency of architect-native, which npm skips when optional dependencies',
    '  are omitted (--omit=optional) or when the lockfile was made on another platform; in the',
    '  latter case remove node_modules and package-lock.json and run npm install again.',
  ]
}

function rustTargetToTriple(target) {
  const [arch, , os, abi] = target.split('-')
  const nodeArch = { x86_64: 'x64', aarch64: 'arm64' }[arch] || arch
  const nodeOs = { darwin: 'darwin', windows: 'win32', linux: 'linux' }[os] || os
  return abi ? `${nodeOs}-${nodeArch}-${abi}` : `${nodeOs}-${nodeArch}`
}

function loadFailure(triple, attempts) {
  const libc = detectLibc()
  const pkg = `${BINARY_NAME}-${triple}`
  const report = process.report && process.report.getReport ? process.report.getReport() : null
  const glibc = report && report.header && report.header.glibcVersionRuntime
  const lines = [
    `architect-native: no native binary could be loaded for ${triple} ` +
      `(platform ${process.platform}, arch ${process.arch}` +
      (libc ? `, libc ${libc}${glibc ? ' ' + glibc : ''}` : '') +
      `, Node ${process.version}, Node-API ${process.versions.napi}).`,
    'Looked for, in order:',
    ...attempts.map((a, i) => `  ${i + 1}. ${a.label}\n     -> ${String(a.error && a.error.message).split('\n')[0]}`),
    ...advice(triple, pkg),
  ]
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_ARCHITECT_NATIVE_NOT_FOUND'
  error.platform = triple
  error.tried = attempts.map((a) => a.label)
  error.cause = attempts.length ? attempts[attempts.length - 1].error : undefined
  return error
}

let loadedFrom = null

function load() {
  const triple = platformTriple()
  const attempts = []
  for (const candidate of candidates(triple)) {
    try {
      const binding = candidate.load()
      loadedFrom = candidate.file()
      return binding
    } catch (error) {
      attempts.push({ label: candidate.label, error })
    }
  }
  throw loadFailure(triple, attempts)
}

const binding = load()

/** The absolute path of the `.node` file that actually loaded. */
function loadedBinaryPath() {
  return loadedFrom
}

module.exports = { binding, platformTriple, detectLibc, loadedBinaryPath }
