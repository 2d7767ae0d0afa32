'use strict'
// Node-style errors for the JS layers (the wrappers and the reference twins), worded exactly as
// src/error.rs words them, so a bad argument reads the same whichever layer caught it.

const { inspect } = require('node:util')

function withCode(error, code) {
  Object.defineProperty(error, 'code', { value: code, enumerable: true, writable: true, configurable: true })
  return error
}

/** Node's "Received ..." tail (lib/internal/errors.js, determineSpecificType, Node 20). */
function describeReceived(value) {
  if (value === null) return 'Received null'
  if (value === undefined) return 'Received undefined'
  switch (typeof value) {
    case 'bigint':
      return `Received type bigint (${value}n)`
    case 'number':
      return `Received type number (${Object.is(value, -0) ? '-0' : String(value)})`
    case 'boolean':
      return `Received type boolean (${value})`
    case 'symbol':
      return `Received type symbol (${String(value)})`
    case 'function':
      return `Received function ${value.name}`
    case 'object':
      if (value.constructor && 'name' in value.constructor) return `Received an instance of ${value.constructor.name}`
      return `Received ${inspect(value, { depth: -1 })}`
    default: {
      const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value
      return `Received type string (${shown.includes("'") ? JSON.stringify(shown) : `'${shown}'`})`
    }
  }
}

/** Node prints integers beyond 2^32 with `_` separators in ERR_OUT_OF_RANGE messages. */
function formatReceivedNumber(value) {
  const separate = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '_')
  if (typeof value === 'bigint') {
    const text = value < 0n ? `-${separate(String(-value))}` : separate(String(value))
    return `${text}n`
  }
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    return value < 0 ? `-${separate(String(-value))}` : separate(String(value))
  }
  return String(value)
}

function invalidArgType(name, expected, value) {
  return withCode(new TypeError(`The "${name}" argument must be ${expected}. ${describeReceived(value)}`), 'ERR_INVALID_ARG_TYPE')
}

function outOfRange(name, must, received) {
  return withCode(new RangeError(`The value of "${name}" is out of range. It must be ${must}. Received ${formatReceivedNumber(received)}`), 'ERR_OUT_OF_RANGE')
}

function invalidArgValue(name, reason, value) {
  return withCode(new TypeError(`The argument '${name}' ${reason}. ${describeReceived(value)}`), 'ERR_INVALID_ARG_VALUE')
}

function rangeError(code, message) {
  return withCode(new RangeError(message), code)
}

/** ERR_INVALID_STATE for a view whose memory was transferred or released, as src/error.rs says it. */
function detachedBuffer(name) {
  const whose = name === undefined ? "An argument's" : `The "${name}" argument's`
  return withCode(new TypeError(`${whose} ArrayBuffer is detached (transferred or released)`), 'ERR_INVALID_STATE')
}

/** A Buffer over `view`'s bytes: only a detached ArrayBuffer refuses a view of its own bounds. */
function bufferOver(view, name) {
  try {
    return Buffer.from(view.buffer, view.byteOffset, view.byteLength)
  } catch {
    throw detachedBuffer(name)
  }
}

/** A safe integer (what a JS number holds exactly), with Node's errors otherwise. */
function validateSafeInteger(value, name) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (!Number.isSafeInteger(value)) throw outOfRange(name, '>= -9007199254740991 && <= 9007199254740991', value)
  return value
}

function validateUint32(value, name) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value)
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value)
  if (value < 0 || value > 4294967295) throw outOfRange(name, '>= 0 && <= 4294967295', value)
  return value
}

/** A BigInt that fits in i64, as the native BigInt readers require. */
function validateBigInt64(value, name) {
  if (typeof value !== 'bigint') throw invalidArgType(name, 'of type bigint', value)
  if (value < -(2n ** 63n) || value >= 2n ** 63n) throw outOfRange(name, '>= -(2n ** 63n) and < 2n ** 63n', 'a BigInt outside that range')
  return value
}

module.exports = {
  bufferOver,
  describeReceived,
  detachedBuffer,
  formatReceivedNumber,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  withCode,
  rangeError,
  validateSafeInteger,
  validateUint32,
  validateBigInt64,
}
