'use strict'
// The public surface: thin JS over the native binding. Each piece adds its exports here.

const { binding, loadedBinaryPath } = require('./lib/native.js')
const boundaryProbes = require('./lib/boundary-probes.js')
const { defineCounters } = require('./lib/counter.js')

/** What this binary is and what the machine offers; `binaryPath` says which file loaded. */
function buildInfo() {
  return { ...binding.buildInfo(), binaryPath: loadedBinaryPath() }
}

const { AtomicCounter, StripedCounter } = defineCounters({
  stripeBytes: binding.stripedStripeBytes(),
  open: binding.counterOpen,
  release: binding.counterRelease,
  add: binding.counterAdd,
  increment: binding.counterIncrement,
  decrement: binding.counterDecrement,
  load: binding.counterLoad,
  store: binding.counterStore,
  exchange: binding.counterExchange,
  compareExchange: binding.counterCompareExchange,
  addMany: binding.counterAddMany,
  addRepeatedly: binding.counterAddRepeatedly,
  addBig: binding.counterAddBig,
  loadBig: binding.counterLoadBig,
  storeBig: binding.counterStoreBig,
  exchangeBig: binding.counterExchangeBig,
  compareExchangeBig: binding.counterCompareExchangeBig,
  stripedOpen: binding.stripedOpen,
  stripedAdd: binding.stripedAdd,
  stripedIncrement: binding.stripedIncrement,
  stripedDecrement: binding.stripedDecrement,
  stripedAddBig: binding.stripedAddBig,
  stripedAddMany: binding.stripedAddMany,
  stripedAddRepeatedly: binding.stripedAddRepeatedly,
  stripedSum: binding.stripedSum,
  stripedSumBig: binding.stripedSumBig,
  stripedReset: binding.stripedReset,
})

module.exports = {
  buildInfo,
  boundaryProbes,
  AtomicCounter,
  StripedCounter,
}
