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
// the promise settles. Native code may only hold memory that no JS call can free or shrink while
// the task runs, so the memory is handed over in place only where the runtime guarantees that:
// - a SharedArrayBuffer can never be detached or shrunk (a growable one only grows);
// - a fixed-length ArrayBuffer is marked untransferable (worker_threads.markAsUntransferable).
//   On Node 20 a postMessage transfer of it then copies; from Node 21 it throws DataCloneError;
//   Node 23+ also refuses `ArrayBuffer.prototype.transfer()`. Node 21-22 do not: there
//   `buf.buffer.transfer()` detaches it and may free the memory under the task.
// Everywhere else (a resizable ArrayBuffer, whose `resize()` can decommit the pages, or a runtime
// where transfer() can detach an untransferable buffer) the task works on a snapshot taken at the
// call, and its result is copied back when it settles; if the caller detached or shrank the
// buffer meanwhile, the promise rejects with ERR_INVALID_STATE and writes nothing.

const { markAsUntransferable } = require('node:worker_threads')
const { invalidArgType, outOfRange, validateSafeInteger, validateUint32, withCode } = require('./errors.js')
const { parallelMode } = require('./parallel_option.js')

/** Whether this runtime's markAsUntransferable also stops `ArrayBuffer.prototype.transfer()`. */
const UNTRANSFERABLE_CANNOT_DETACH = (() => {
  const probe = new ArrayBuffer(8)
  markAsUntransferable(probe)
  try {
    probe.transfer() // absent (Node 20) or refused (Node 23+): the probe stays attached
  } catch {}
  return probe.byteLength === 8
})()

function needsSnapshot(arrayBuffer) {
  if (arrayBuffer instanceof SharedArrayBuffer) return false
  return arrayBuffer.resizable === true || !UNTRANSFERABLE_CANNOT_DETACH
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
  /**
   * Runs `task(bytes)` on `buf`'s memory in place where that memory can be pinned, else on a
   * snapshot (see the top of this file); `writes` copies the snapshot back when the task settles.
   */
  async function runAsync(buf, writes, task) {
    validateView(buf)
    ops.check(buf) // type and detached, natively, before anything is marked or copied
    const bytes = asBytes(buf)
    if (!(bytes.buffer instanceof SharedArrayBuffer)) markAsUntransferable(bytes.buffer)
    if (!needsSnapshot(bytes.buffer)) return task(bytes)
    const length = bytes.byteLength
    const snapshot = new Uint8Array(bytes)
    const result = await task(snapshot)
    if (writes) {
      if (bytes.byteLength !== length) {
        throw withCode(new Error(`The buffer was detached or resized while an async transform ran (byteLength ${length} -> ${bytes.byteLength}); nothing was written`), 'ERR_INVALID_STATE')
      }
      bytes.set(snapshot)
    }
    return result
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
      validateView(buf)
      const keyView = asBytes(keyBytes(key))
      const offset = keyOffsetValue(keyOffset)
      await runAsync(buf, true, (bytes) => ops.xorAsync(bytes, keyView, offset))
      return buf
    },
    async mapBytesAsync(buf, table) {
      validateView(buf)
      const tableView = asBytes(tableBytes(table))
      await runAsync(buf, true, (bytes) => ops.mapAsync(bytes, tableView))
      return buf
    },
    async toUpperAsciiAsync(buf) {
      await runAsync(buf, true, (bytes) => ops.caseAsync(bytes, true))
      return buf
    },
    async toLowerAsciiAsync(buf) {
      await runAsync(buf, true, (bytes) => ops.caseAsync(bytes, false))
      return buf
    },
    async countBytesAsync(buf, byte) {
      validateView(buf)
      const value = byteValue(byte)
      return runAsync(buf, false, (bytes) => ops.countAsync(bytes, value))
    },
    async countLinesAsync(buf) {
      return runAsync(buf, false, (bytes) => ops.countAsync(bytes, 10))
    },
    async byteHistogramAsync(buf) {
      return runAsync(buf, false, (bytes) => ops.histogramAsync(bytes))
    },
  }
  return api
}

module.exports = { defineTransforms }
