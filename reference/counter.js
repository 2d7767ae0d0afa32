'use strict'
// The pure-JS twin of the native counters: the same classes (lib/counter.js) over operations
// written with `Atomics` on the same memory layout, with the same rules and the same errors as
// src/counter (argument order of checks included), so one conformance suite runs over both.

const { defineCounters } = require('../lib/counter.js')
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

/** The counter's slot: cells first, then the index, as the native `slot()` checks them. */
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

/** Argument 0 of the striped ops: the memory, then the cell hint. */
function stripe(cells, hint) {
  checkCells(cells)
  validateUint32(hint, 'cell')
  const count = Math.floor(cells.length / SLOTS_PER_STRIPE)
  if (count === 0) throw rangeError('ERR_OUT_OF_RANGE', `A StripedCounter needs at least ${STRIPE_BYTES} bytes of shared memory`)
  return (hint % count) * SLOTS_PER_STRIPE
}

function stripedTotal(cells) {
  checkCells(cells)
  let total = 0n
  for (let i = 0; i + SLOTS_PER_STRIPE <= cells.length; i += SLOTS_PER_STRIPE) total += Atomics.load(cells, i)
  return total
}

const atomicsOps = {
  stripeBytes: STRIPE_BYTES,

  add(cells, index, n) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    return Number(addSafe(cells, slot(cells, index), delta))
  },
  load(cells, index) {
    return Number(loadSafe(cells, slot(cells, index)))
  },
  store(cells, index, value) {
    validateSafeInteger(value, 'value')
    Atomics.store(cells, slot(cells, index), BigInt(value))
    return value
  },
  exchange(cells, index, value) {
    const next = BigInt(validateSafeInteger(value, 'value'))
    const i = slot(cells, index)
    let current = Atomics.load(cells, i)
    for (;;) {
      if (!isSafe(current)) throw unsafeValue(current)
      const previous = Atomics.compareExchange(cells, i, current, next)
      if (previous === current) return Number(current)
      current = previous
    }
  },
  compareExchange(cells, index, expected, replacement) {
    const e = BigInt(validateSafeInteger(expected, 'expected'))
    const r = BigInt(validateSafeInteger(replacement, 'replacement'))
    const old = Atomics.compareExchange(cells, slot(cells, index), e, r)
    if (!isSafe(old)) throw unsafeValue(old)
    return Number(old)
  },
  addMany(cells, index, values) {
    const deltas = safeValues(values)
    const i = slot(cells, index)
    let last = loadSafe(cells, i)
    let applied = 0n
    for (const n of deltas) {
      try {
        last = addSafe(cells, i, n) + n
        applied += n
      } catch (error) {
        Atomics.sub(cells, i, wrap(applied))
        throw error
      }
    }
    return Number(last)
  },
  addRepeatedly(cells, index, n, times) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    validateUint32(times, 'times')
    const i = slot(cells, index)
    const total = delta * BigInt(times)
    const start = loadSafe(cells, i)
    if (!isSafe(start + total) || !isSafe(total)) throw unsafeValue(start + total)
    if (times === 0) return Number(start)
    for (let k = 1; k < times; k++) Atomics.add(cells, i, delta)
    return Number(wrap(Atomics.add(cells, i, delta) + delta))
  },
  addBig(cells, index, n) {
    validateBigInt64(n, 'n')
    return Atomics.add(cells, slot(cells, index), n)
  },
  loadBig(cells, index) {
    return Atomics.load(cells, slot(cells, index))
  },
  storeBig(cells, index, value) {
    validateBigInt64(value, 'value')
    Atomics.store(cells, slot(cells, index), value)
    return value
  },
  exchangeBig(cells, index, value) {
    validateBigInt64(value, 'value')
    return Atomics.exchange(cells, slot(cells, index), value)
  },
  compareExchangeBig(cells, index, expected, replacement) {
    validateBigInt64(expected, 'expected')
    validateBigInt64(replacement, 'replacement')
    return Atomics.compareExchange(cells, slot(cells, index), expected, replacement)
  },

  stripedAdd(cells, hint, n) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    Atomics.add(cells, stripe(cells, hint), delta)
  },
  stripedAddBig(cells, hint, n) {
    validateBigInt64(n, 'n')
    Atomics.add(cells, stripe(cells, hint), n)
  },
  stripedAddMany(cells, hint, values) {
    const total = wrap(safeValues(values).reduce((a, b) => a + b, 0n))
    Atomics.add(cells, stripe(cells, hint), total)
  },
  stripedAddRepeatedly(cells, hint, n, times) {
    const delta = BigInt(validateSafeInteger(n, 'n'))
    validateUint32(times, 'times')
    const i = stripe(cells, hint)
    for (let k = 0; k < times; k++) Atomics.add(cells, i, delta)
  },
  stripedSum(cells) {
    const total = stripedTotal(cells)
    if (!isSafe(total)) throw rangeError('ERR_OUT_OF_RANGE', `The counter's sum is ${total}, outside the safe integer range; use sumBig()`)
    return Number(total)
  },
  stripedSumBig(cells) {
    return wrap(stripedTotal(cells))
  },
  stripedReset(cells) {
    checkCells(cells)
    for (let i = 0; i + SLOTS_PER_STRIPE <= cells.length; i += SLOTS_PER_STRIPE) Atomics.store(cells, i, 0n)
  },
}

module.exports = { ...defineCounters(atomicsOps), STRIPE_BYTES }
