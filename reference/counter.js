'use strict'
// The pure-JS twin of the native counters: the same classes (lib/counter.js) over operations
// written with `Atomics` on the same memory layout, with the same rules and the same errors as
// src/counter (argument order of checks included), so one conformance suite runs over both.

// The twin's own instance of the shared class code (lib/own_instance.js says why).
const { ownInstanceOf } = require('../lib/own_instance.js')
const { defineCounters } = ownInstanceOf('counter', 'reference')
const { invalidArgType, outOfRange, rangeError, validateSafeInteger, validateUint32, validateBigInt64 } = require('../lib/errors.js')

/** crossbeam's CachePadded size on x86_64/aarch64; the native build reports its own. */
const STRIPE_BYTES = 128
const SLOTS_PER_STRIPE = STRIPE_BYTES / 8
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

const isSafe = (v) => v >= -MAX_SAFE && v <= MAX_SAFE
const wrap = (v) => BigInt.asIntN(64, v)

function unsafeValue(value) {
  return rangeError(
    'ERR_OUT_OF_RANGE',
    `The counter's value would be ${value}, outside the safe integer range (+-9007199254740991) that a number can hold exactly; use the BigInt methods (addBig, loadBig, ...) for such values`,
  )
}

function checkCells(cells) {
  if (!(cells instanceof BigInt64Array || cells instanceof BigUint64Array)) {
    throw invalidArgType('cells', 'an instance of BigInt64Array or BigUint64Array', cells)
  }
  return cells
}

/** The counter's slot: cells first, then the index, as the native `counterOpen` checks them. */
function slot(cells, index) {
  checkCells(cells)
  validateUint32(index, 'index')
  if (index >= cells.length) throw outOfRange('index', `>= 0 && < ${cells.length}`, index)
  return index
}

function safeValues(values) {
  if (!(values instanceof Float64Array)) throw invalidArgType('values', 'an instance of Float64Array', values)
  return Array.from(values, (v) => BigInt(validateSafeInteger(v, 'values[i]')))
}

function loadSafe(cells, index) {
  const value = Atomics.load(cells, index)
  if (!isSafe(value)) throw unsafeValue(value)
  return value
}

function addSafe(cells, index, n) {
  const old = Atomics.add(cells, index, n)
  if (isSafe(old) && isSafe(wrap(old + n))) return old
  Atomics.sub(cells, index, n)
  throw unsafeValue(old + n)
}

/** A striped counter's cell slot: the memory, then the cell hint, as `stripedOpen` checks them. */
function stripe(cells, hint) {
  checkCells(cells)
  validateUint32(hint, 'cell')
  const count = Math.floor(cells.length / SLOTS_PER_STRIPE)
  if (count === 0) throw rangeError('ERR_OUT_OF_RANGE', `A StripedCounter needs at least ${STRIPE_BYTES} bytes of shared memory`)
  return (hint % count) * SLOTS_PER_STRIPE
}

function stripedTotal(cells) {
  let total = 0n
  for (let i = 0; i + SLOTS_PER_STRIPE <= cells.length; i += SLOTS_PER_STRIPE) total += Atomics.load(cells, i)
  return total
}

const atomicsOps = {
  stripeBytes: STRIPE_BYTES,

  /** The twin's token: the memory and the slot, checked as the native `counterOpen` checks them. */
  open(cells, index) {
    return { cells, index: slot(cells, index) }
  },
  add({ cells, index }, n) {
    return Number(addSafe(cells, index, BigInt(validateSafeInteger(n, 'n'))))
  },
  increment({ cells, index }) {
    return Number(addSafe(cells, index, 1n))
  },
  decrement({ cells, index }) {
    return Number(addSafe(cells, index, -1n))
  },
  load({ cells, index }) {
    return Number(loadSafe(cells, index))
  },
  store({ cells, index }, value) {
    const stored = BigInt(validateSafeInteger(value, 'value'))
    Atomics.store(cells, index, stored)
    // The stored value, as the native counter returns it: an integer slot has no -0.
    return Number(stored)
  },
  exchange({ cells, index }, value) {
    const next = BigInt(validateSafeInteger(value, 'value'))
    let current = Atomics.load(cells, index)
    for (;;) {
      if (!isSafe(current)) throw unsafeValue(current)
      const previous = Atomics.compareExchange(cells, index, current, next)
      if (previous === current) return Number(current)
      current = previous
    }
  },
  compareExchange({ cells, index }, expected, replacement) {
    const e = BigInt(validateSafeInteger(expected, 'expected'))
    const r = BigInt(validateSafeInteger(replacement, 'replacement'))
    const old = Atomics.compareExchange(cells, index, e, r)
    if (!isSafe(old)) throw unsafeValue(old)
    return Number(old)
  },
  addMany({ cells, index }, values) {
    const deltas = safeValues(values)
    let last = loadSafe(cells, index)
    let applied = 0n
    for (const n of deltas) {
      try {
        last = addSafe(cells, index, n) + n
        applied += n
      } catch (error) {
        Atomics.sub(cells, index, wrap(applied))
        throw error
      }
    }
    return Number(last)
  },
  addRepeatedly({ cells, index }, n, times) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    validateUint32(times, 'times')
    const total = delta * BigInt(times)
    const start = loadSafe(cells, index)
    if (!isSafe(start + total) || !isSafe(total)) throw unsafeValue(start + total)
    if (times === 0) return Number(start)
    for (let k = 1; k < times; k++) Atomics.add(cells, index, delta)
    return Number(wrap(Atomics.add(cells, index, delta) + delta))
  },
  addBig({ cells, index }, n) {
    return Atomics.add(cells, index, validateBigInt64(n, 'n'))
  },
  loadBig({ cells, index }) {
    return Atomics.load(cells, index)
  },
  storeBig({ cells, index }, value) {
    Atomics.store(cells, index, validateBigInt64(value, 'value'))
    return value
  },
  exchangeBig({ cells, index }, value) {
    return Atomics.exchange(cells, index, validateBigInt64(value, 'value'))
  },
  compareExchangeBig({ cells, index }, expected, replacement) {
    validateBigInt64(expected, 'expected')
    validateBigInt64(replacement, 'replacement')
    return Atomics.compareExchange(cells, index, expected, replacement)
  },

  /** The twin's striped token: the memory and the slot of this thread's cell. */
  stripedOpen(cells, hint) {
    return { cells, index: stripe(cells, hint) }
  },
  stripedAdd({ cells, index }, n) {
    Atomics.add(cells, index, BigInt(validateSafeInteger(n, 'n')))
  },
  stripedIncrement({ cells, index }) {
    Atomics.add(cells, index, 1n)
  },
  stripedDecrement({ cells, index }) {
    Atomics.add(cells, index, -1n)
  },
  stripedAddBig({ cells, index }, n) {
    Atomics.add(cells, index, validateBigInt64(n, 'n'))
  },
  stripedAddMany({ cells, index }, values) {
    Atomics.add(cells, index, wrap(safeValues(values).reduce((a, b) => a + b, 0n)))
  },
  stripedAddRepeatedly({ cells, index }, n, times) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    validateUint32(times, 'times')
    for (let k = 0; k < times; k++) Atomics.add(cells, index, delta)
  },
  stripedSum({ cells }) {
    const total = stripedTotal(cells)
    if (!isSafe(total)) throw rangeError('ERR_OUT_OF_RANGE', `The counter's sum is ${total}, outside the safe integer range; use sumBig()`)
    return Number(total)
  },
  stripedSumBig({ cells }) {
    return wrap(stripedTotal(cells))
  },
  stripedReset({ cells }) {
    for (let i = 0; i + SLOTS_PER_STRIPE <= cells.length; i += SLOTS_PER_STRIPE) Atomics.store(cells, i, 0n)
  },
}

module.exports = { ...defineCounters(atomicsOps), STRIPE_BYTES }
