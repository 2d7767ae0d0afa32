'use strict'
// The public surface: thin JS over the native binding. Each piece adds its exports here.

const { binding, loadedBinaryPath } = require('./lib/native.js')
const boundaryProbes = require('./lib/boundary-probes.js')

/** What this binary is and what the machine offers; `binaryPath` says which file loaded. */
function buildInfo() {
  return { ...binding.buildInfo(), binaryPath: loadedBinaryPath() }
}

module.exports = {
  buildInfo,
  boundaryProbes,
}
