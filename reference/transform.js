'use strict'
// The pure-JS twin of the native byte transforms: plain loops over the same memory, with the
// same API and errors (lib/transform.js). `parallel` is accepted and ignored (JS has one thread
// here); the async forms run the same loops after a microtask, on the main thread.

// The twin's own instance of the shared class code (lib/own_instance.js says why).
const { ownInstanceOf } = require('../lib/own_instance.js')
const { defineTransforms } = ownInstanceOf('transform', 'reference')
const { defineStreams } = ownInstanceOf('streams', 'reference')
const { detachedBuffer, invalidArgType, rangeError } = require('../lib/errors.js')

function bytesOf(view, name = 'buffer') {
  if (!ArrayBuffer.isView(view)) throw invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', view)
  try {
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  } catch {
    // Only a detached ArrayBuffer refuses a view of its own bounds.
    throw detachedBuffer(name)
  }
}

function xor(buf, key, keyOffset) {
  const bytes = bytesOf(buf)
  const k = new Uint8Array(key.buffer, key.byteOffset, key.byteLength).slice() // read before writing
  let j = keyOffset % k.length
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] ^= k[j]
    if (++j === k.length) j = 0
  }
  return buf
}

function map(buf, table) {
  const bytes = bytesOf(buf)
  const t = new Uint8Array(table.buffer, table.byteOffset, 256).slice()
  for (let i = 0; i < bytes.length; i++) bytes[i] = t[bytes[i]]
  return buf
}

function changeCase(buf, upper) {
  const bytes = bytesOf(buf)
  const [from, to] = upper ? [97, 122] : [65, 90]
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b >= from && b <= to) bytes[i] = upper ? b - 32 : b + 32
  }
  return buf
}

function count(buf, byte) {
  const bytes = bytesOf(buf)
  let n = 0
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === byte) n++
  return n
}

function histogramInto(buf, out) {
  const bytes = bytesOf(buf)
  if (out.length !== 256) throw rangeError('ERR_OUT_OF_RANGE', `The value of "out.length" is out of range. It must be 256. Received ${out.length}`)
  out.fill(0)
  for (let i = 0; i < bytes.length; i++) out[bytes[i]]++
  return out
}

const loopOps = {
  check: (buf) => bytesOf(buf).length,
  xor: (buf, key, keyOffset) => xor(buf, key, keyOffset),
  map: (buf, table) => map(buf, table),
  upper: (buf) => changeCase(buf, true),
  lower: (buf) => changeCase(buf, false),
  count: (buf, byte) => count(buf, byte),
  histogramInto: (buf, out) => histogramInto(buf, out),
  xorAsync: async (buf, key, keyOffset) => xor(buf, key, keyOffset).length,
  mapAsync: async (buf, table) => map(buf, table).length,
  caseAsync: async (buf, upper) => changeCase(buf, upper).length,
  countAsync: async (buf, byte) => count(buf, byte),
  histogramAsync: async (buf) => histogramInto(buf, new Float64Array(256)),
}

const transforms = defineTransforms(loopOps)
module.exports = { ...transforms, ...defineStreams(transforms) }
