'use strict'
// In-place byte transforms and their stream adapters: one conformance suite over the native
// package and the pure-JS twin, native against twin byte for byte on random input, and chunked
// streams against whole buffers.
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const { pipeline } = require('node:stream/promises')
const { Readable, Writable } = require('node:stream')
const { receiveMessageOnPort } = require('node:worker_threads')
const native = require('..')
const reference = require('../reference/transform.js')
const { assertThrowsCode, thrown } = require('./helpers.js')

const IMPLS = { native, reference }

let seed = 0x9e3779b9
function random() {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 2 ** 32
}
function randomBytes(n) {
  const out = Buffer.allocUnsafe(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256)
  return out
}
const ROT13 = Uint8Array.from({ length: 256 }, (_, b) =>
  b >= 65 && b <= 90 ? ((b - 65 + 13) % 26) + 65 : b >= 97 && b <= 122 ? ((b - 97 + 13) % 26) + 97 : b,
)

/** A view at a random offset inside a larger buffer whose other bytes are 0xEE, so stray writes show. */
function viewInside(bytes) {
  const before = Math.floor(random() * 40)
  const backing = Buffer.alloc(before + bytes.length + 40, 0xee)
  bytes.copy(backing, before)
  return { view: backing.subarray(before, before + bytes.length), backing, before }
}
function assertFrameIntact({ backing, before, view }) {
  for (let i = 0; i < before; i++) assert.equal(backing[i], 0xee, 'no write before the view')
  for (let i = before + view.length; i < backing.length; i++) assert.equal(backing[i], 0xee, 'no write after the view')
}

for (const [name, t] of Object.entries(IMPLS)) {
  describe(`${name}: transforms`, () => {
    test('xorInPlace: repeating key, key offset, returns the same buffer, involution', () => {
      const b = Buffer.from('attack at dawn')
      assert.equal(t.xorInPlace(b, 'k3y'), b)
      assert.notEqual(b.toString(), 'attack at dawn')
      t.xorInPlace(b, Buffer.from('k3y'))
      assert.equal(b.toString(), 'attack at dawn')
      const one = Buffer.from([1, 2, 3, 4])
      t.xorInPlace(one, Buffer.from([0xff, 0x0f]), 1)
      assert.deepEqual([...one], [1 ^ 0x0f, 2 ^ 0xff, 3 ^ 0x0f, 4 ^ 0xff])
      assert.equal(t.xorInPlace(Buffer.alloc(0), 'k').length, 0, 'zero-length buffers are fine')
    })

    test('mapBytes, toUpperAscii, toLowerAscii', () => {
      const b = Buffer.from('Hello, World! 123 äöü')
      t.mapBytes(b, ROT13)
      assert.equal(b.toString(), 'Uryyb, Jbeyq! 123 äöü')
      t.mapBytes(b, ROT13)
      assert.equal(t.toUpperAscii(b).toString(), 'HELLO, WORLD! 123 äöü')
      assert.equal(t.toLowerAscii(b).toString(), 'hello, world! 123 äöü')
    })

    test('countBytes, countLines, byteHistogram', () => {
      const b = Buffer.from('a\nbb\n\nccc')
      assert.equal(t.countLines(b), 3)
      assert.equal(t.countBytes(b, 'c'), 3)
      assert.equal(t.countBytes(b, 98), 2)
      const h = t.byteHistogram(b)
      assert.ok(h instanceof Float64Array)
      assert.equal(h.length, 256)
      assert.equal(h[10], 3)
      assert.equal(h[99], 3)
      assert.equal(h.reduce((x, y) => x + y, 0), b.length)
      assert.equal(t.countLines(new Uint8Array(0)), 0)
    })

    test('any TypedArray or DataView works on its own bytes', () => {
      const words = new Uint16Array([0x6161, 0x6262])
      t.toUpperAscii(words)
      assert.deepEqual([...words], [0x4141, 0x4242])
      const dv = new DataView(new ArrayBuffer(8), 2, 4)
      new Uint8Array(dv.buffer).fill(97)
      t.toUpperAscii(dv)
      assert.deepEqual([...new Uint8Array(dv.buffer)], [97, 97, 65, 65, 65, 65, 97, 97])
    })

    test('a key that overlaps the buffer is read before anything is written', () => {
      const b = Buffer.from('abcdefgh')
      const expected = Buffer.from('abcdefgh')
      reference.xorInPlace(expected, Buffer.from('bcd'), 0)
      t.xorInPlace(b, b.subarray(1, 4), 0)
      assert.deepEqual(b, expected)
    })

    test('bad input gets TypeError/RangeError with codes, and the buffer is left as it was', () => {
      const b = Buffer.from('unchanged')
      assertThrowsCode(() => t.xorInPlace('text', 'k'), TypeError, 'ERR_INVALID_ARG_TYPE', /"buffer" argument must be an instance of Buffer, TypedArray, or DataView/)
      assertThrowsCode(() => t.xorInPlace(b, ''), RangeError, 'ERR_OUT_OF_RANGE', /key\.byteLength/)
      assertThrowsCode(() => t.xorInPlace(b, Buffer.alloc(0)), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => t.xorInPlace(b, 5), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => t.xorInPlace(b, 'k', -1), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => t.xorInPlace(b, 'k', 0.5), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => t.mapBytes(b, new Uint8Array(255)), RangeError, 'ERR_OUT_OF_RANGE', /table\.byteLength.*It must be 256\. Received 255/)
      assertThrowsCode(() => t.mapBytes(b, [1, 2]), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => t.countBytes(b, 256), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => t.countBytes(b, 'ab'), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => t.toUpperAscii(b, { parallel: 'yes' }), TypeError, 'ERR_INVALID_ARG_TYPE')
      assert.equal(b.toString(), 'unchanged')
      const ab = new ArrayBuffer(8)
      const view = new Uint8Array(ab)
      structuredClone(ab, { transfer: [ab] })
      assertThrowsCode(() => t.toUpperAscii(view), TypeError, 'ERR_INVALID_STATE', /detached/)
    })

    test('async twins give the same bytes and counts', async () => {
      const data = randomBytes(300_000)
      const a = Buffer.from(data)
      const b = Buffer.from(data)
      assert.equal(await t.xorInPlaceAsync(a, 'secret', 5), a)
      t.xorInPlace(b, 'secret', 5)
      assert.deepEqual(a, b)
      await t.mapBytesAsync(a, ROT13)
      t.mapBytes(b, ROT13)
      assert.deepEqual(a, b)
      await t.toUpperAsciiAsync(a)
      t.toUpperAscii(b)
      await t.toLowerAsciiAsync(a)
      t.toLowerAscii(b)
      assert.deepEqual(a, b)
      assert.equal(await t.countBytesAsync(a, 7), t.countBytes(b, 7))
      assert.equal(await t.countLinesAsync(a), t.countLines(b))
      assert.deepEqual(await t.byteHistogramAsync(a), t.byteHistogram(b))
      await assert.rejects(t.xorInPlaceAsync(a, ''), { code: 'ERR_OUT_OF_RANGE' })
      await assert.rejects(t.countBytesAsync('x', 1), { code: 'ERR_INVALID_ARG_TYPE' })
    })
  })

  describe(`${name}: stream adapters`, () => {
    const data = randomBytes(200_003)
    const chunks = () => {
      const out = []
      for (let at = 0; at < data.length; ) {
        const n = 1 + Math.floor(random() * 9000)
        out.push(Buffer.from(data.subarray(at, at + n)))
        at += n
      }
      return out
    }
    async function collect(source, ...transforms) {
      const parts = []
      await pipeline(Readable.from(source), ...transforms, new Writable({ write(c, e, cb) { parts.push(Buffer.from(c)); cb() } }))
      return Buffer.concat(parts)
    }

    test('chunked Transform streams equal the whole-buffer transform, and pass the same Buffers on', async () => {
      const whole = Buffer.from(data)
      t.xorInPlace(whole, 'pipeline-key', 3)
      t.toUpperAscii(whole)
      const input = chunks()
      const seen = new Set()
      const spy = new (require('node:stream').Transform)({ transform(c, e, cb) { seen.add(c); cb(null, c) } })
      const out = await collect(input, t.createTransform('xor', { key: 'pipeline-key', keyOffset: 3 }), t.createTransform('upper'), spy)
      assert.deepEqual(out, whole)
      assert.ok(input.every((c) => seen.has(c)), 'no copies: the chunks that came in are the chunks that went out')
    })

    test('the counter passes bytes through and reports totals at the end', async () => {
      const counter = t.createCounter()
      let reported
      counter.on('totals', (totals) => (reported = totals))
      const out = await collect(chunks(), counter)
      assert.deepEqual(out, data)
      const expected = { bytes: data.length, lines: reference.countLines(data) }
      assert.deepEqual(counter.totals, expected)
      assert.deepEqual(reported, expected)
    })

    test('Web TransformStreams give the same bytes', async () => {
      const whole = Buffer.from(data)
      t.mapBytes(whole, ROT13)
      const counter = t.createWebCounter()
      const readable = ReadableStream.from(chunks()).pipeThrough(t.createWebTransform('map', { table: ROT13 })).pipeThrough(counter)
      const parts = []
      for await (const c of readable) parts.push(Buffer.from(c))
      assert.deepEqual(Buffer.concat(parts), whole)
      assert.deepEqual(await counter.done, { bytes: data.length, lines: reference.countLines(whole) })
    })

    test('stream adapters validate their op and options up front, and reject non-byte chunks', async () => {
      assertThrowsCode(() => t.createTransform('rot13'), TypeError, 'ERR_INVALID_ARG_VALUE', /'xor', 'map', 'upper', 'lower'/)
      assertThrowsCode(() => t.createTransform('xor'), TypeError, 'ERR_INVALID_ARG_VALUE', /options\.key/)
      assertThrowsCode(() => t.createTransform('xor', { key: '' }), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => t.createWebTransform('map', { table: new Uint8Array(3) }), RangeError, 'ERR_OUT_OF_RANGE')
      await assert.rejects(collect([{ not: 'bytes' }], t.createTransform('upper', { objectMode: true })), { code: 'ERR_INVALID_ARG_TYPE' })
    })
  })
}

test('native equals the twin byte for byte on random buffers, lengths and offsets', () => {
  for (let round = 0; round < 300; round++) {
    const len = random() < 0.1 ? Math.floor(random() * 2_000_000) : Math.floor(random() * 5000)
    const data = randomBytes(len)
    const key = randomBytes(1 + Math.floor(random() * 700))
    const offset = Math.floor(random() * 1e6)
    const a = viewInside(data)
    const b = viewInside(data)
    const op = round % 4
    if (op === 0) {
      native.xorInPlace(a.view, key, offset)
      reference.xorInPlace(b.view, key, offset)
    } else if (op === 1) {
      native.mapBytes(a.view, ROT13.map((v, i) => (v * 7 + i) & 255))
      reference.mapBytes(b.view, ROT13.map((v, i) => (v * 7 + i) & 255))
    } else if (op === 2) {
      native.toUpperAscii(a.view)
      reference.toUpperAscii(b.view)
    } else {
      assert.deepEqual(native.byteHistogram(a.view), reference.byteHistogram(b.view))
      assert.equal(native.countLines(a.view), reference.countLines(b.view))
    }
    assert.ok(a.view.equals(b.view), `round ${round}: op ${op}, ${len} bytes`)
    assertFrameIntact(a)
  }
})

test('forced parallel and forced single-thread runs give the same result', () => {
  const data = randomBytes(3_000_001)
  const key = randomBytes(37)
  const one = Buffer.from(data)
  const many = Buffer.from(data)
  native.xorInPlace(one, key, 11, { parallel: false })
  native.xorInPlace(many, key, 11, { parallel: true })
  assert.ok(one.equals(many))
  native.mapBytes(one, ROT13, { parallel: false })
  native.mapBytes(many, ROT13, { parallel: true })
  assert.ok(one.equals(many))
  assert.deepEqual(native.byteHistogram(one, { parallel: true }), native.byteHistogram(one, { parallel: false }))
  assert.equal(native.countBytes(one, 3, { parallel: true }), native.countBytes(one, 3, { parallel: false }))
  assert.ok(native.parallelThreshold > 0)
})

test('native and twin throw the same class, code and message for the same misuse', () => {
  const cases = [
    (t) => t.xorInPlace(null, 'k'),
    (t) => t.xorInPlace(Buffer.alloc(1), ''),
    (t) => t.xorInPlace(Buffer.alloc(1), 'k', -3),
    (t) => t.mapBytes(Buffer.alloc(1), new Uint8Array(10)),
    (t) => t.countBytes(Buffer.alloc(1), 300),
    (t) => t.byteHistogram({}),
    (t) => t.createTransform('nope'),
  ]
  for (const [i, misuse] of cases.entries()) assert.deepEqual(thrown(() => misuse(native)), thrown(() => misuse(reference)), `case ${i}`)
})

/**
 * Every way JS has to take an ArrayBuffer's memory away, tried while an async transform runs on
 * it. Returns where the memory went if one of them detached it.
 */
function tryToDetach(arrayBuffer) {
  const attempts = {}
  const { port1, port2 } = new MessageChannel()
  try {
    port1.postMessage(arrayBuffer, [arrayBuffer]) // untransferable: Node 20 copies, Node 21+ throws
    attempts.postMessage = arrayBuffer.byteLength === 0 ? 'detached' : 'copied'
  } catch (error) {
    assert.equal(error.name, 'DataCloneError')
    attempts.postMessage = 'refused'
  }
  const received = receiveMessageOnPort(port2)
  port1.close()
  port2.close()
  if (attempts.postMessage === 'detached') return { attempts, moved: received.message }
  try {
    structuredClone(arrayBuffer, { transfer: [arrayBuffer] })
    attempts.structuredClone = arrayBuffer.byteLength === 0 ? 'detached' : 'copied'
  } catch (error) {
    assert.equal(error.name, 'DataCloneError')
    attempts.structuredClone = 'refused'
  }
  assert.notEqual(attempts.structuredClone, 'detached', 'structuredClone detached an untransferable buffer')
  if (typeof arrayBuffer.transfer === 'function') {
    try {
      const moved = arrayBuffer.transfer() // refused from Node 23; Node 21-22 let it detach
      return { attempts: { ...attempts, transfer: 'detached' }, moved }
    } catch (error) {
      assert.equal(error.name, 'TypeError')
      attempts.transfer = 'refused'
    }
  }
  return { attempts, moved: null }
}

test('an async transform cannot have its memory detached under it, on any Node version', async () => {
  for (const run of [(b) => native.toUpperAsciiAsync(b), (b) => native.xorInPlaceAsync(b, Buffer.from([0x20]))]) {
    const buf = new Uint8Array(new ArrayBuffer(4 << 20)).fill(97)
    const pending = run(buf)
    const { attempts, moved } = tryToDetach(buf.buffer)
    if (moved === null) {
      await pending
      assert.equal(buf.byteLength, 4 << 20, `still attached (${JSON.stringify(attempts)})`)
      assert.ok(buf.every((b) => b === 65), 'the whole buffer was transformed in place')
    } else {
      // The runtime let the caller detach it (Node 21-22's transfer()): the task ran on a
      // snapshot, and must neither write into the memory that moved away nor report success.
      assert.equal(attempts.postMessage, 'refused', 'the buffer is marked untransferable on every path')
      await assert.rejects(pending, { code: 'ERR_INVALID_STATE' })
      assert.equal(buf.byteLength, 0)
      assert.ok(new Uint8Array(moved).every((b) => b === 97), 'nothing was written into the detached memory')
    }
  }
})

test('an async transform over a resizable ArrayBuffer survives resize() while it runs', async () => {
  // Shrinking a resizable buffer decommits its pages: a task writing there in place would crash
  // the process. The task works on a snapshot; a resize under it means nothing is written back.
  const rab = new ArrayBuffer(8 << 20, { maxByteLength: 16 << 20 })
  new Uint8Array(rab).fill(97)
  const shrunk = native.xorInPlaceAsync(new Uint8Array(rab), 'key')
  rab.resize(0)
  await assert.rejects(shrunk, { code: 'ERR_INVALID_STATE' })
  assert.equal(rab.byteLength, 0)

  rab.resize(1 << 20)
  const counted = native.countLinesAsync(new Uint8Array(rab).fill(10))
  rab.resize(0)
  assert.equal(await counted, 1 << 20, 'a read-only task counts what the buffer held at the call')

  rab.resize(1 << 20)
  const fixed = new Uint8Array(rab, 0, 1 << 20).fill(97)
  assert.equal(await native.toUpperAsciiAsync(fixed), fixed)
  assert.ok(fixed.every((b) => b === 65), 'untouched during the task: the result is copied back')
})

test('an async transform over a SharedArrayBuffer works in place, growable ones included', async () => {
  const sab = new SharedArrayBuffer(1 << 20, { maxByteLength: 4 << 20 })
  const view = new Uint8Array(sab).fill(97)
  const pending = native.toUpperAsciiAsync(view)
  sab.grow(2 << 20)
  await pending
  assert.ok(new Uint8Array(sab, 0, 1 << 20).every((b) => b === 65))
  assert.ok(new Uint8Array(sab, 1 << 20).every((b) => b === 0), 'bytes grown after the call are not touched')
})
