'use strict'
// Byte transforms: native single-thread, native parallel (rayon), native async (libuv pool), the
// pure-JS twin, and Buffer.copy of the same size as the memory-bandwidth reference; then MB/s
// through stream.pipeline, native against the JS Transform.
//
// Buffer placement: each input is its own ArrayBuffer (allocUnsafeSlow: page-aligned for these
// sizes, never the shared 8 KiB pool). Buffer.copy's source and destination are cut from one
// ArrayBuffer 2 KiB apart modulo 4096: on these AMD machines a copy whose two sides sit a few
// bytes apart modulo 4 KiB runs ~10x slower (4K aliasing), which would understate the limit.

const crypto = require('node:crypto')
const { pipeline } = require('node:stream/promises')
const { Readable, Writable } = require('node:stream')
const native = require('../..')
const reference = require('../../reference/transform.js')

const SIZES = [
  ['1 KiB', 1024],
  ['64 KiB', 64 * 1024],
  ['1 MiB', 1024 * 1024],
  ['16 MiB', 16 * 1024 * 1024],
  ['256 MiB', 256 * 1024 * 1024],
]
const KEY = Buffer.from('a 13-byte key')
const TABLE = Uint8Array.from({ length: 256 }, (_, i) => (i * 167 + 13) & 255)

const digest = (buf) => crypto.createHash('sha1').update(buf).digest('hex')

function randomBuffer(size, seedBytes) {
  const out = Buffer.allocUnsafeSlow(size)
  // Repeating 1 MiB of random bytes keeps set-up fast at 256 MiB without making data trivial.
  const block = Math.min(size, 1 << 20)
  crypto.randomFillSync(out, 0, block)
  for (let at = block; at < size; at += block) out.copy(out, at, 0, Math.min(block, size - at))
  if (seedBytes) out.set(seedBytes.subarray(0, Math.min(seedBytes.length, size)))
  return out
}

function copyPair(size) {
  const gap = 2048
  const dstOffset = Math.ceil(size / 4096) * 4096 + gap
  const backing = Buffer.allocUnsafeSlow(dstOffset + size)
  return { src: backing.subarray(0, size), dst: backing.subarray(dstOffset, dstOffset + size) }
}

function opGroup(opName, label, size) {
  const state = {}
  const run = {
    xor: (t, buf, options) => t.xorInPlace(buf, KEY, 0, options),
    map: (t, buf, options) => t.mapBytes(buf, TABLE, options),
  }[opName]
  const runAsync = { xor: (buf) => native.xorInPlaceAsync(buf, KEY, 0), map: (buf) => native.mapBytesAsync(buf, TABLE) }[opName]
  return {
    name: `${opName} ${label}`,
    unit: 'byte',
    baseline: 'Buffer.copy',
    setup() {
      const seed = randomBuffer(size)
      for (const name of ['single', 'parallel', 'async', 'twin']) {
        state[name] = Buffer.allocUnsafeSlow(size)
        seed.copy(state[name])
      }
      Object.assign(state, copyPair(size))
    },
    teardown() {
      for (const key of Object.keys(state)) delete state[key]
    },
    equal: (actual, expected, where) => {
      if (actual !== expected) throw new Error(`${where}: bytes differ`)
    },
    variants: [
      { name: 'native', note: 'one thread', opsPerCall: size, fn: () => run(native, state.single, { parallel: false }), output: digest },
      { name: 'native parallel', note: 'rayon, 2 threads', opsPerCall: size, fn: () => run(native, state.parallel, { parallel: true }), output: digest },
      { name: 'native async', note: 'libuv pool, awaited', opsPerCall: size, async: true, fn: () => runAsync(state.async), output: digest },
      { name: 'JS twin', role: 'reference', opsPerCall: size, fn: () => run(reference, state.twin), output: digest },
      { name: 'Buffer.copy', note: 'memcpy of the same size', check: false, opsPerCall: size, fn: () => state.src.copy(state.dst) },
    ],
  }
}

const PIPELINE_BYTES = 64 * 1024 * 1024
const CHUNK = 64 * 1024

function pipelineVariant(name, t, role) {
  const chunks = Array.from({ length: 64 }, () => randomBuffer(CHUNK))
  const runOnce = async () => {
    const counter = t.createCounter()
    await pipeline(
      Readable.from((function* () { for (let sent = 0; sent < PIPELINE_BYTES; sent += CHUNK) yield chunks[(sent / CHUNK) % chunks.length] })()),
      t.createTransform('xor', { key: KEY }),
      counter,
      new Writable({ write: (c, e, cb) => cb() }),
    )
    return counter.totals.bytes
  }
  return {
    name,
    role,
    fn: runOnce,
    measure: async () => {
      const start = process.hrtime.bigint()
      const bytes = await runOnce()
      return Number(process.hrtime.bigint() - start) / bytes
    },
  }
}

module.exports = {
  title: 'In-place byte transforms',
  notes: [
    'Throughput in bytes per second (time/byte is the inverse). `native` is one thread through the',
    'fast path; `native parallel` splits the buffer over rayon\'s 2 threads; `native async` runs on the',
    'libuv pool and is awaited (one call at a time); `Buffer.copy` is the memory-bandwidth reference.',
    'Buffers are page-aligned ArrayBuffers of their own; the copy\'s two sides are 2 KiB apart modulo',
    '4 KiB (4K aliasing would otherwise slow the copy ~10x on these CPUs).',
  ].join('\n'),
  groups: [
    ...SIZES.map(([label, size]) => opGroup('xor', label, size)),
    ...SIZES.map(([label, size]) => opGroup('map', label, size)),
    {
      name: 'stream.pipeline, 64 MiB in 64 KiB chunks: xor + byte/line counter',
      unit: 'byte',
      variants: [pipelineVariant('native Transform', native), pipelineVariant('JS twin Transform', reference, 'reference')],
    },
  ],
  targets: [
    ...['64 KiB', '1 MiB', '16 MiB'].flatMap((size) =>
      ['xor', 'map'].map((op) => ({
        label: `${op} ${size}, one thread: speed × JS twin`,
        min: 20,
        measure: (ns) => ns(`${op} ${size}`, 'JS twin') / ns(`${op} ${size}`, 'native'),
      })),
    ),
    { label: 'xor 256 MiB, one thread: bandwidth × Buffer.copy', min: 1, measure: (ns) => ns('xor 256 MiB', 'Buffer.copy') / ns('xor 256 MiB', 'native') },
    { label: 'map 256 MiB, one thread: bandwidth × Buffer.copy', min: 1, measure: (ns) => ns('map 256 MiB', 'Buffer.copy') / ns('map 256 MiB', 'native') },
    ...['16 MiB', '256 MiB'].flatMap((size) =>
      ['xor', 'map'].map((op) => ({
        label: `${op} ${size}: rayon speed × one thread`,
        min: 2,
        measure: (ns) => ns(`${op} ${size}`, 'native') / ns(`${op} ${size}`, 'native parallel'),
      })),
    ),
    ...['xor', 'map'].map((op) => ({ label: `${op} 1 KiB calls: speed × JS twin`, min: 4, measure: (ns) => ns(`${op} 1 KiB`, 'JS twin') / ns(`${op} 1 KiB`, 'native') })),
  ],
}
