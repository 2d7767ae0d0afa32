'use strict'
// In-place byte transforms: the public functions, their validation, and the async twins, over a
// set of operations (`ops`): index.js passes the native fast path, reference/transform.js plain
// JS loops. Same signatures, same errors.
//
//   xorInPlace(buf, key, keyOffset = 0, { parallel })       -> buf
//   mapBytes(buf, table, { parallel })                      -> buf   (table: 256 bytes)
//   toUpperAscii(buf, { parallel }), toLowerAscii(...)      -> buf
//   countBytes(buf, byte, { parallel}), countLines(buf)     -> number
//   byteHistogram(buf, { parallel })                        -> Float64Array(256)
//   ...Async(...)                                           -> Promise of the same
//
// `buf` is any Buffer/TypedArray/DataView; a view into a larger ArrayBuffer touches only its own
// bytes. `parallel`: 'auto' (default: split over threads above a size threshold), true, false.
// Async calls work on the caller's memory in place on the libuv pool: don't touch `buf` until
// the promise settles. To make sure its memory cannot be detached under native code meanwhile,
// its ArrayBuffer is marked untransferable (worker_threads.markAsUntransferable): a later
// postMessage transfer of it copies instead of moving.

const { markAsUntransferable } = require('node:worker_threads')
const { invalidArgType, outOfRange, validateSafeInteger, validateUint32 } = require('./errors.js')

const PARALLEL = { auto: 0, false: 1, true: 2 }

function parallelMode(options) {
  if (options === undefined) return 0
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  const { parallel = 'auto' } = options
  if (parallel !== 'auto' && typeof parallel !== 'boolean') {
    throw invalidArgType('options.parallel', "one of 'auto', true, false", parallel)
  }
  return PARALLEL[String(parallel)]
}

function validateView(buf, name = 'buffer') {
  if (!ArrayBuffer.isView(buf)) throw invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', buf)
  return buf
}

function asBytes(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

function keyBytes(key) {
  if (typeof key === 'string') key = Buffer.from(key, 'utf8')
  else if (!ArrayBuffer.isView(key)) throw invalidArgType('key', 'of type string or an instance of Buffer, TypedArray, or DataView', key)
  if (key.byteLength === 0) throw outOfRange('key.byteLength', '>= 1', 0)
  return key
}

function tableBytes(table) {
  if (!ArrayBuffer.isView(table)) throw invalidArgType('table', 'an instance of Buffer, TypedArray, or DataView', table)
  if (table.byteLength !== 256) throw outOfRange('table.byteLength', '256', table.byteLength)
  return table
}

function byteValue(byte) {
  if (typeof byte === 'string' && byte.length === 1 && byte.charCodeAt(0) < 256) return byte.charCodeAt(0)
  validateUint32(byte, 'byte')
  if (byte > 255) throw outOfRange('byte', '>= 0 && <= 255', byte)
  return byte
}

function keyOffsetValue(keyOffset) {
  validateSafeInteger(keyOffset, 'keyOffset')
  if (keyOffset < 0) throw outOfRange('keyOffset', '>= 0 && <= 9007199254740991', keyOffset)
  return keyOffset
}

function defineTransforms(ops) {
  /** Validates `buf` (type, detached) natively and pins its memory for an async task. */
  function prepareAsync(buf) {
    validateView(buf)
    ops.check(buf)
    if (!(buf.buffer instanceof SharedArrayBuffer)) markAsUntransferable(buf.buffer)
    return asBytes(buf)
  }

  const api = {
    xorInPlace(buf, key, keyOffset = 0, options) {
      validateView(buf)
      return ops.xor(buf, keyBytes(key), keyOffsetValue(keyOffset), parallelMode(options))
    },
    mapBytes(buf, table, options) {
      validateView(buf)
      return ops.map(buf, tableBytes(table), parallelMode(options))
    },
    toUpperAscii(buf, options) {
      validateView(buf)
      return ops.upper(buf, parallelMode(options))
    },
    toLowerAscii(buf, options) {
      validateView(buf)
      return ops.lower(buf, parallelMode(options))
    },
    countBytes(buf, byte, options) {
      validateView(buf)
      return ops.count(buf, byteValue(byte), parallelMode(options))
    },
    /** Newline (0x0A) bytes, as `wc -l` counts lines. */
    countLines(buf, options) {
      validateView(buf)
      return ops.count(buf, 10, parallelMode(options))
    },
    byteHistogram(buf, options) {
      validateView(buf)
      return ops.histogramInto(buf, new Float64Array(256), parallelMode(options))
    },

    async xorInPlaceAsync(buf, key, keyOffset = 0) {
      const bytes = prepareAsync(buf)
      await ops.xorAsync(bytes, asBytes(keyBytes(key)), keyOffsetValue(keyOffset))
      return buf
    },
    async mapBytesAsync(buf, table) {
      const bytes = prepareAsync(buf)
      await ops.mapAsync(bytes, asBytes(tableBytes(table)))
      return buf
    },
    async toUpperAsciiAsync(buf) {
      await ops.caseAsync(prepareAsync(buf), true)
      return buf
    },
    async toLowerAsciiAsync(buf) {
      await ops.caseAsync(prepareAsync(buf), false)
      return buf
    },
    async countBytesAsync(buf, byte) {
      const bytes = prepareAsync(buf)
      return ops.countAsync(bytes, byteValue(byte))
    },
    async countLinesAsync(buf) {
      return ops.countAsync(prepareAsync(buf), 10)
    },
    async byteHistogramAsync(buf) {
      return ops.histogramAsync(prepareAsync(buf))
    },
  }
  return api
}

module.exports = { defineTransforms }
