'use strict'
// Stream adapters for the byte transforms: each chunk is transformed in place and the same
// Buffer is pushed on (no copies), with state that carries across chunk boundaries (the XOR key
// offset), for `node:stream` pipelines and for Web Streams. Built over a transforms object, so
// the native package and the pure-JS twin get the same adapters.
//
// In place means the chunk a producer hands over is changed: producers that reuse one Buffer for
// several writes must copy first (file and socket streams hand over fresh Buffers).

const { Transform } = require('node:stream')
const { bufferOver, invalidArgType, invalidArgValue } = require('./errors.js')

const OPS = ['xor', 'map', 'upper', 'lower']

// node:stream turns a Uint8Array chunk into a Buffer inside write(), which throws an uncoded
// TypeError when the chunk's memory was transferred away; say it the way the calls do.
class ByteTransform extends Transform {
  write(chunk, encoding, callback) {
    if (chunk instanceof Uint8Array && !Buffer.isBuffer(chunk)) bufferOver(chunk, 'chunk')
    return super.write(chunk, encoding, callback)
  }
}

function defineStreams(t) {
  /** A function applying `op` to one chunk in place, carrying the XOR offset across chunks. */
  function chunkTransformer(op, options = {}) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
    switch (op) {
      case 'xor': {
        if (options.key === undefined) throw invalidArgValue('options.key', "is required for the 'xor' transform", options.key)
        // Validates key and offset up front (on an empty chunk) instead of on the first chunk.
        t.xorInPlace(new Uint8Array(0), options.key, options.keyOffset ?? 0)
        const key = options.key
        let offset = options.keyOffset ?? 0
        return (chunk) => {
          t.xorInPlace(chunk, key, offset)
          offset += chunk.byteLength
        }
      }
      case 'map': {
        t.mapBytes(new Uint8Array(0), options.table)
        const table = options.table
        return (chunk) => t.mapBytes(chunk, table)
      }
      case 'upper':
        return (chunk) => t.toUpperAscii(chunk)
      case 'lower':
        return (chunk) => t.toLowerAscii(chunk)
      default:
        throw invalidArgValue('op', `must be one of ${OPS.map((o) => `'${o}'`).join(', ')}`, op)
    }
  }

  function asChunk(chunk) {
    if (chunk instanceof Uint8Array) return chunk
    throw invalidArgType('chunk', 'an instance of Buffer or Uint8Array', chunk)
  }

  /** A `node:stream` Transform applying `op` to every chunk in place. */
  function createTransform(op, options = {}) {
    const apply = chunkTransformer(op, options)
    const { key, keyOffset, table, ...streamOptions } = options
    return new ByteTransform({
      ...streamOptions,
      transform(chunk, encoding, callback) {
        try {
          const bytes = asChunk(chunk)
          apply(bytes)
          callback(null, bytes)
        } catch (error) {
          callback(error)
        }
      },
    })
  }

  /** A Web `TransformStream` applying `op` to every Uint8Array chunk in place. */
  function createWebTransform(op, options = {}) {
    const apply = chunkTransformer(op, options)
    return new TransformStream({
      transform(chunk, controller) {
        const bytes = asChunk(chunk)
        apply(bytes)
        controller.enqueue(bytes)
      },
    })
  }

  function tally(totals, chunk) {
    totals.bytes += chunk.byteLength
    totals.lines += t.countLines(chunk)
  }

  /**
   * A pass-through that counts bytes and lines (newline bytes, as `wc -l`). `counter.totals` is
   * live; it is final on 'end', when a 'totals' event carries it too.
   */
  function createCounter(options = {}) {
    const totals = { bytes: 0, lines: 0 }
    const stream = new ByteTransform({
      ...options,
      transform(chunk, encoding, callback) {
        try {
          const bytes = asChunk(chunk)
          tally(totals, bytes)
          callback(null, bytes)
        } catch (error) {
          callback(error)
        }
      },
      flush(callback) {
        stream.emit('totals', { ...totals })
        callback()
      },
    })
    stream.totals = totals
    return stream
  }

  /** The Web Streams counter: a TransformStream with a live `totals` and a `done` promise. */
  function createWebCounter() {
    const totals = { bytes: 0, lines: 0 }
    let resolveDone
    const done = new Promise((resolve) => (resolveDone = resolve))
    const stream = new TransformStream({
      transform(chunk, controller) {
        const bytes = asChunk(chunk)
        tally(totals, bytes)
        controller.enqueue(bytes)
      },
      flush() {
        resolveDone({ ...totals })
      },
    })
    return Object.assign(stream, { totals, done })
  }

  return { createTransform, createWebTransform, createCounter, createWebCounter }
}

module.exports = { defineStreams }
