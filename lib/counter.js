'use strict'
// AtomicCounter and StripedCounter: the classes, their validation and their memory layout, over
// a set of operations (`ops`). index.js builds them over the native fast path; reference/counter.js
// builds the pure-JS twin over `Atomics`. Same shell, same errors: only the operations differ.
// `ops.open`/`ops.stripedOpen` turn memory into a token (a native handle, or the twin's plain
// object) that every other operation takes; `ops.release`, when present, frees a token on GC.
//
// Memory: an AtomicCounter is one 8-byte slot of a SharedArrayBuffer, seen as a BigInt64Array
// over the whole buffer, so that `Atomics.add(new BigInt64Array(c.buffer), c.index, 1n)` in JS and
// `c.add(1)` race on the same cell and lose nothing. A StripedCounter is a SharedArrayBuffer of
// `cells * stripeBytes` bytes: cell i is the first slot of stripe i, the rest is padding that
// keeps each thread's cell on its own cache lines.

const { threadId } = require('node:worker_threads')
const os = require('node:os')
const {
  invalidArgType,
  invalidArgValue,
  outOfRange,
  rangeError,
  validateSafeInteger,
  validateUint32,
  validateBigInt64,
} = require('./errors.js')

const MAX_STRIPED_CELLS = 4096
// Lets `from()` build an instance around existing memory through the constructor (private
// fields only exist on objects the constructor made); not reachable from outside this module.
const ATTACH = Symbol('attach')

function isBigInt64View(value) {
  return value instanceof BigInt64Array || value instanceof BigUint64Array
}

/** The SharedArrayBuffer and the byte range a counter may use, from what a user handed over. */
function sharedMemory(source, name) {
  if (source instanceof SharedArrayBuffer) return { buffer: source, byteOffset: 0, byteLength: source.byteLength }
  if (isBigInt64View(source)) {
    if (!(source.buffer instanceof SharedArrayBuffer)) {
      throw invalidArgValue(name, 'must be backed by a SharedArrayBuffer, the memory other threads can see (this one is over an ArrayBuffer)', source)
    }
    return { buffer: source.buffer, byteOffset: source.byteOffset, byteLength: source.byteLength }
  }
  if (source instanceof ArrayBuffer) {
    throw invalidArgValue(name, 'must be a SharedArrayBuffer: a plain ArrayBuffer cannot be shared with other threads', source)
  }
  throw invalidArgType(name, 'an instance of SharedArrayBuffer, BigInt64Array, or BigUint64Array', source)
}

function toFloat64Array(values, name) {
  if (values instanceof Float64Array) return values
  if (Array.isArray(values) || ArrayBuffer.isView(values)) {
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (typeof v !== 'number') throw invalidArgType(`${name}[${i}]`, 'of type number', v)
      out[i] = v
    }
    return out
  }
  throw invalidArgType(name, 'an Array or TypedArray of numbers', values)
}

function defineCounters(ops) {
  const { stripeBytes } = ops
  const slotsPerStripe = stripeBytes / 8
  const registry = ops.release ? new FinalizationRegistry(ops.release) : null
  const open = (owner, token) => {
    if (registry) registry.register(owner, token)
    return token
  }

  class AtomicCounter {
    #cells
    #index
    #t

    /** A counter in its own new SharedArrayBuffer, starting at `initial` (number or BigInt). */
    constructor(initial = 0, attach = undefined) {
      if (initial === ATTACH) {
        this.#cells = attach.cells
        this.#index = attach.index
        this.#t = open(this, ops.open(this.#cells, this.#index))
        return
      }
      if (typeof initial === 'bigint') validateBigInt64(initial, 'initial')
      else validateSafeInteger(initial, 'initial')
      this.#cells = new BigInt64Array(new SharedArrayBuffer(8))
      this.#index = 0
      this.#t = open(this, ops.open(this.#cells, 0))
      if (typeof initial === 'bigint') ops.storeBig(this.#t, initial)
      else ops.store(this.#t, initial)
    }

    /**
     * Attaches to a counter that lives in memory made elsewhere (e.g. received via `workerData`).
     * `index` counts 8-byte slots: of the SharedArrayBuffer, or of the BigInt64Array view given.
     */
    static from(source, index = 0) {
      const memory = sharedMemory(source, 'source')
      validateUint32(index, 'index')
      const slots = Math.floor(memory.byteLength / 8)
      if (slots === 0) throw rangeError('ERR_OUT_OF_RANGE', `The "source" memory holds ${memory.byteLength} bytes; a counter needs an 8-byte slot`)
      if (index >= slots) throw outOfRange('index', `>= 0 && < ${slots}`, index)
      const cells = new BigInt64Array(memory.buffer, 0, Math.floor(memory.buffer.byteLength / 8))
      return new AtomicCounter(ATTACH, { cells, index: memory.byteOffset / 8 + index })
    }

    /** The SharedArrayBuffer holding the counter: post it with `index` to share the counter. */
    get buffer() {
      return this.#cells.buffer
    }

    /** The counter's slot in `buffer`, counted in 8-byte (BigInt64Array) elements. */
    get index() {
      return this.#index
    }

    /** Adds `n`; returns the previous value (as `Atomics.add`). */
    add(n) {
      return ops.add(this.#t, n)
    }

    sub(n) {
      return ops.add(this.#t, -validateSafeInteger(n, 'n'))
    }

    increment() {
      return ops.increment(this.#t)
    }

    decrement() {
      return ops.decrement(this.#t)
    }

    load() {
      return ops.load(this.#t)
    }

    /** Stores `value`; returns it (as `Atomics.store`). */
    store(value) {
      return ops.store(this.#t, value)
    }

    exchange(value) {
      return ops.exchange(this.#t, value)
    }

    compareExchange(expected, replacement) {
      return ops.compareExchange(this.#t, expected, replacement)
    }

    /** Adds each value as its own atomic add, crossing into native code once; returns the value after the last. All or nothing. */
    addMany(values) {
      return ops.addMany(this.#t, toFloat64Array(values, 'values'))
    }

    /** `times` separate atomic adds of `n` (default 1); returns the value after the last. */
    incrementMany(times, n = 1) {
      return ops.addRepeatedly(this.#t, n, times)
    }

    addBig(n) {
      return ops.addBig(this.#t, n)
    }

    subBig(n) {
      return ops.addBig(this.#t, -validateBigInt64(n, 'n'))
    }

    loadBig() {
      return ops.loadBig(this.#t)
    }

    storeBig(value) {
      return ops.storeBig(this.#t, value)
    }

    exchangeBig(value) {
      return ops.exchangeBig(this.#t, value)
    }

    compareExchangeBig(expected, replacement) {
      return ops.compareExchangeBig(this.#t, expected, replacement)
    }
  }

  class StripedCounter {
    #cells
    #cell
    #t

    /**
     * A counter spread over `cells` cache-line-padded cells; each thread adds to its own cell
     * (`cell`, default: the worker's `threadId`), `sum()` folds them.
     */
    constructor(options = {}, attach = undefined) {
      if (options === ATTACH) {
        this.#cells = attach.cells
        this.#cell = attach.cell
        this.#t = open(this, ops.stripedOpen(this.#cells, this.#cell))
        return
      }
      if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
      const { cells = Math.max(8, os.availableParallelism()), cell } = options
      validateUint32(cells, 'cells')
      if (cells < 1 || cells > MAX_STRIPED_CELLS) throw outOfRange('cells', `>= 1 && <= ${MAX_STRIPED_CELLS}`, cells)
      this.#cells = new BigInt64Array(new SharedArrayBuffer(cells * stripeBytes))
      this.#cell = StripedCounter.#pickCell(cell, cells)
      this.#t = open(this, ops.stripedOpen(this.#cells, this.#cell))
    }

    /** Attaches to a striped counter's memory made elsewhere. */
    static from(source, options = {}) {
      const memory = sharedMemory(source, 'source')
      if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
      const { cell } = options
      if (memory.byteLength === 0 || memory.byteLength % stripeBytes !== 0 || memory.byteOffset % stripeBytes !== 0) {
        throw rangeError(
          'ERR_OUT_OF_RANGE',
          `A StripedCounter's memory must start and end on a ${stripeBytes}-byte stripe boundary and hold at least one stripe (got byteOffset ${memory.byteOffset}, byteLength ${memory.byteLength})`,
        )
      }
      const cells = new BigInt64Array(memory.buffer, memory.byteOffset, memory.byteLength / 8)
      return new StripedCounter(ATTACH, { cells, cell: StripedCounter.#pickCell(cell, memory.byteLength / stripeBytes) })
    }

    static #pickCell(cell, cells) {
      if (cell === undefined) return threadId % cells
      validateUint32(cell, 'cell')
      if (cell >= cells) throw outOfRange('cell', `>= 0 && < ${cells}`, cell)
      return cell
    }

    /** The striped memory: post it to share the counter (each side picks its own cell). */
    get buffer() {
      return this.#cells.buffer
    }

    /** How many cells the counter has. */
    get cells() {
      return this.#cells.length / slotsPerStripe
    }

    /** The cell this instance adds to. */
    get cell() {
      return this.#cell
    }

    add(n) {
      ops.stripedAdd(this.#t, n)
    }

    sub(n) {
      ops.stripedAdd(this.#t, -validateSafeInteger(n, 'n'))
    }

    increment() {
      ops.stripedIncrement(this.#t)
    }

    decrement() {
      ops.stripedDecrement(this.#t)
    }

    addBig(n) {
      ops.stripedAddBig(this.#t, n)
    }

    addMany(values) {
      ops.stripedAddMany(this.#t, toFloat64Array(values, 'values'))
    }

    incrementMany(times, n = 1) {
      ops.stripedAddRepeatedly(this.#t, n, times)
    }

    /** The folded total. Like Java's LongAdder.sum(), not a snapshot while others add. */
    sum() {
      return ops.stripedSum(this.#t)
    }

    sumBig() {
      return ops.stripedSumBig(this.#t)
    }

    /** Zeroes every cell (adds racing with it may survive, as with LongAdder.reset()). */
    reset() {
      ops.stripedReset(this.#t)
    }
  }

  return { AtomicCounter, StripedCounter }
}

module.exports = { defineCounters }
