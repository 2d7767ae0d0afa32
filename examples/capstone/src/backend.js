'use strict'
// ARCHITECT_BACKEND picks every piece at once: `native` (this addon) or `js` (what a service
// author writes without it); nothing else in the service differs. To see what one piece buys,
// `js+crypto` is the JS backend with the addon's crypto, `native+cache` the native backend with
// the JS near cache, and so on (pieces: cache, counters, ring, crypto, streams).
const BACKENDS = { native: './backends/native', js: './backends/js' }
const PIECES = {
  cache: ['sharedNearCache', 'openNearCache'],
  counters: ['createCounters', 'attachCounters'],
  ring: ['createRing'],
  crypto: ['createSealer', 'createSigner', 'scrypt'],
  streams: ['createByteCounter'],
}

function loadBackend(name = process.env.ARCHITECT_BACKEND || 'native') {
  const [base, ...swapped] = String(name).split('+')
  if (!Object.hasOwn(BACKENDS, base)) {
    throw new RangeError(`ARCHITECT_BACKEND must be one of ${Object.keys(BACKENDS).join(', ')}, optionally +piece from the other; got ${JSON.stringify(name)}`)
  }
  const backend = require(BACKENDS[base])
  if (swapped.length === 0) return backend
  const other = require(BACKENDS[base === 'native' ? 'js' : 'native'])
  const mixed = { ...backend, name }
  for (const piece of swapped) {
    if (!Object.hasOwn(PIECES, piece)) throw new RangeError(`unknown piece ${JSON.stringify(piece)} in ARCHITECT_BACKEND; pieces are ${Object.keys(PIECES).join(', ')}`)
    for (const member of PIECES[piece]) mixed[member] = other[member]
  }
  return mixed
}

module.exports = { loadBackend, PIECES }
