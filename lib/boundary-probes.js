'use strict'
// The call-cost probes grouped by how they cross into Rust. `bench/boundary` times them and the
// Native Addons lab prints them; they do no real work on purpose.

const { binding } = require('./native.js')

const napi = {
  noop: binding.probeNapiNoop,
  u32: binding.probeNapiU32,
  str: binding.probeNapiStr,
  bytes: binding.probeNapiBytes,
  newBuffer: binding.probeNapiNewBuffer,
  fill: binding.probeNapiFill,
  checkedU32: binding.probeNapiCheckedU32,
  checkedStr: binding.probeNapiCheckedStr,
  ProbeObject: binding.ProbeObject,
}

const fast = {
  noop: binding.probeFastNoop,
  u32: binding.probeFastU32,
  str: binding.probeFastStr,
  strUtf16: binding.probeFastStrUtf16,
  bytes: binding.probeFastBytes,
  fill: binding.probeFastFill,
  newCounter: binding.probeFastNewCounter,
  counterAdd: binding.probeFastCounterAdd,
  free: binding.handleRelease,
  liveHandles: binding.probeFastLiveHandles,
  read: binding.probeFastRead,
  argInfo: binding.probeFastArgInfo,
  panic: binding.probeFastPanic,
}

const floor = {
  noop: binding.probeFloorNoop,
  u32: binding.probeFloorU32,
  str: binding.probeFloorStr,
  strUtf16: binding.probeFloorStrUtf16,
  bytes: binding.probeFloorBytes,
  fill: binding.probeFloorFill,
  newBuffer: binding.probeFloorNewBuffer,
}

/** Reader codes of `fast.read(kind, value)`. */
const READ = Object.freeze({ u32: 0, i32: 1, f64: 2, safeInteger: 3, bigint64: 4, biguint64: 5, bool: 6, byteLength: 7, atomicCells: 8 })

/** A Rust object behind a fast-path handle, freed by GC or explicitly: the pattern pieces use. */
const registry = new FinalizationRegistry((handle) => fast.free(handle))

class ProbeCounter {
  #handle
  constructor(initial = 0) {
    this.#handle = fast.newCounter(initial)
    registry.register(this, this.#handle, this)
  }
  add(value) {
    return fast.counterAdd(this.#handle, value)
  }
  close() {
    registry.unregister(this)
    return fast.free(this.#handle)
  }
}

/** What each probe should return, so every implementation can be checked against it. */
function fillPattern(out) {
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + 7) & 0xff
  return out
}

module.exports = { napi, fast, floor, READ, ProbeCounter, fillPattern }
