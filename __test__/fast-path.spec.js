'use strict'
// The fast path (src/fast_path): strict argument readers with the same errors as the napi-rs
// layer, zero-copy byte views, stack-read strings, and handles that can never reach freed memory.
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const v8 = require('node:v8')
const vm = require('node:vm')
const { Worker } = require('node:worker_threads')
const { boundaryProbes } = require('..')
const { assertThrowsCode, thrown } = require('./helpers.js')

const { fast, napi, floor, READ, ProbeCounter } = boundaryProbes

describe('argument errors match the napi-rs layer and Node', () => {
  const badNumbers = ['x', undefined, null, {}, [], 5n, true, -1, 1.5, NaN, Infinity, 2 ** 32, -0.5]

  test('fast path and #[napi] throw the same class, code and message', () => {
    for (const value of badNumbers) {
      assert.deepEqual(thrown(() => fast.u32(value)), thrown(() => napi.checkedU32(value)), `u32(${String(value)})`)
    }
    for (const value of [5, null, undefined, {}, [], Buffer.alloc(2), 1n]) {
      assert.deepEqual(thrown(() => fast.str(value)), thrown(() => napi.checkedStr(value)), `str(${String(value)})`)
    }
  })

  test('wrong types are TypeError ERR_INVALID_ARG_TYPE, worded like Node', () => {
    for (const value of ['x', undefined, null, {}, [], 5n, true]) {
      const ours = thrown(() => fast.u32(value))
      const nodes = thrown(() => Buffer.alloc(value))
      assert.equal(ours.name, 'TypeError')
      assert.equal(ours.code, 'ERR_INVALID_ARG_TYPE')
      assert.equal(nodes.code, 'ERR_INVALID_ARG_TYPE')
      const tail = (m) => m.slice(m.indexOf('Received'))
      assert.equal(tail(ours.message), tail(nodes.message), `Received-part for ${String(value)}`)
      assert.match(ours.message, /^The "value" argument must be of type number\. Received/)
    }
  })

  test('out-of-range and non-integer numbers are RangeError ERR_OUT_OF_RANGE, never truncated', () => {
    assertThrowsCode(() => fast.u32(-1), RangeError, 'ERR_OUT_OF_RANGE', /It must be >= 0 && <= 4294967295\. Received -1$/)
    assertThrowsCode(() => fast.u32(2 ** 32), RangeError, 'ERR_OUT_OF_RANGE', /Received 4294967296$/)
    assertThrowsCode(() => fast.u32(1.5), RangeError, 'ERR_OUT_OF_RANGE', /It must be an integer\. Received 1\.5$/)
    assertThrowsCode(() => fast.u32(NaN), RangeError, 'ERR_OUT_OF_RANGE', /an integer\. Received NaN$/)
    // napi-rs's own u32 argument silently converts; the project's readers never do.
    assert.equal(napi.u32(-1), 0, 'napi-rs default: -1 becomes 4294967295 (+1 wraps to 0)')
    assert.equal(fast.u32(4294967294), 4294967295)
    assert.equal(fast.u32(-0), 1)
  })
})

describe('readers', () => {
  test('integers and floats', () => {
    assert.equal(fast.read(READ.u32, 4294967295), 4294967295)
    assert.equal(fast.read(READ.i32, -2147483648), -2147483648)
    assertThrowsCode(() => fast.read(READ.i32, 2147483648), RangeError, 'ERR_OUT_OF_RANGE')
    assert.ok(Number.isNaN(fast.read(READ.f64, NaN)))
    assert.equal(fast.read(READ.f64, -1.25), -1.25)
    assert.equal(fast.read(READ.safeInteger, Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER)
    assert.equal(fast.read(READ.safeInteger, Number.MIN_SAFE_INTEGER), Number.MIN_SAFE_INTEGER)
    assertThrowsCode(() => fast.read(READ.safeInteger, 2 ** 53), RangeError, 'ERR_OUT_OF_RANGE')
    assertThrowsCode(() => fast.read(READ.safeInteger, '1'), TypeError, 'ERR_INVALID_ARG_TYPE')
  })

  test('BigInt', () => {
    assert.equal(fast.read(READ.bigint64, -(2n ** 63n)), -(2n ** 63n))
    assert.equal(fast.read(READ.bigint64, 2n ** 63n - 1n), 2n ** 63n - 1n)
    assertThrowsCode(() => fast.read(READ.bigint64, 2n ** 63n), RangeError, 'ERR_OUT_OF_RANGE')
    assertThrowsCode(() => fast.read(READ.bigint64, 1), TypeError, 'ERR_INVALID_ARG_TYPE', /of type bigint\. Received type number \(1\)/)
    assert.equal(fast.read(READ.biguint64, 2n ** 64n - 1n), 2n ** 64n - 1n)
    assertThrowsCode(() => fast.read(READ.biguint64, -1n), RangeError, 'ERR_OUT_OF_RANGE')
  })

  test('booleans', () => {
    assert.equal(fast.read(READ.bool, true), true)
    assertThrowsCode(() => fast.read(READ.bool, 1), TypeError, 'ERR_INVALID_ARG_TYPE')
  })

  test('missing arguments read as undefined; extra ones are counted', () => {
    assert.equal(fast.argInfo(), 0 * 16 + 0)
    assert.equal(fast.argInfo('a', 2, 3, 4, 5, 6, 7, 8), 8 * 16 + 4)
    assert.equal(fast.argInfo(null), 1 * 16 + 1)
    assert.equal(fast.argInfo(1n), 1 * 16 + 9)
  })
})

describe('byte views borrow JS memory in place', () => {
  test('Buffers, typed arrays, DataViews, views into a larger buffer, SharedArrayBuffer', () => {
    const big = Buffer.alloc(100, 3)
    assert.equal(fast.bytes(big.subarray(10, 26)), 16 * 3, 'a view sees only its own bytes')
    assert.equal(fast.read(READ.byteLength, new Uint16Array(5)), 10)
    assert.equal(fast.read(READ.byteLength, new Float64Array(3)), 24)
    assert.equal(fast.read(READ.byteLength, new DataView(new ArrayBuffer(12), 2, 7)), 7)
    const shared = new Uint8Array(new SharedArrayBuffer(64)).fill(2)
    assert.equal(fast.bytes(shared), 128)
    assert.equal(fast.bytes(new Uint8Array(0)), 0, 'empty views are fine')
  })

  test('writes land in the caller\'s memory and nowhere else', () => {
    const backing = Buffer.alloc(48, 0xee)
    const view = backing.subarray(16, 32)
    assert.equal(fast.fill(view), view, 'returns the same Buffer')
    assert.deepEqual(view, boundaryProbes.fillPattern(Buffer.alloc(16)))
    assert.ok(backing.subarray(0, 16).every((b) => b === 0xee) && backing.subarray(32).every((b) => b === 0xee))
  })

  test('non-views and detached buffers are refused', () => {
    assertThrowsCode(() => fast.bytes('abc'), TypeError, 'ERR_INVALID_ARG_TYPE', /Buffer, TypedArray, or DataView\. Received type string/)
    assertThrowsCode(() => fast.bytes(new ArrayBuffer(4)), TypeError, 'ERR_INVALID_ARG_TYPE', /Received an instance of ArrayBuffer/)
    assertThrowsCode(() => fast.bytes([1, 2]), TypeError, 'ERR_INVALID_ARG_TYPE', /Received an instance of Array/)
    const ab = new ArrayBuffer(8)
    const view = new Uint8Array(ab)
    structuredClone(ab, { transfer: [ab] })
    assertThrowsCode(() => fast.bytes(view), TypeError, 'ERR_INVALID_STATE', /detached/)
  })

  test('atomic cells only over BigInt64Array/BigUint64Array', () => {
    assert.equal(fast.read(READ.atomicCells, new BigInt64Array(new SharedArrayBuffer(64))), 8)
    assert.equal(fast.read(READ.atomicCells, new BigUint64Array(2)), 2)
    assertThrowsCode(() => fast.read(READ.atomicCells, new Int32Array(4)), TypeError, 'ERR_INVALID_ARG_TYPE', /BigInt64Array/)
  })
})

describe('string arguments', () => {
  test('UTF-16 length and UTF-8 bytes for every kind of string, short and long', () => {
    const samples = ['', 'a', 'user:0123456789a', 'é', '中文', '😀', 'a'.repeat(254), 'b'.repeat(255), 'c'.repeat(256), 'd'.repeat(5000), '😀'.repeat(300), '\uD800', 'x\uDC00y', '\uD83D\uDE00\uD83D']
    for (const s of samples) {
      assert.equal(fast.strUtf16(s), s.length, `utf16 ${JSON.stringify(s.slice(0, 10))} (${s.length})`)
      assert.equal(fast.str(s), Buffer.byteLength(s, 'utf8'), `utf8 ${JSON.stringify(s.slice(0, 10))} (${s.length})`)
    }
  })

  test('random strings, including lone surrogates, agree with Buffer.byteLength', () => {
    let seed = 12345
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(rand() * (rand() < 0.9 ? 40 : 700))
      let s = ''
      for (let j = 0; j < length; j++) {
        const r = rand()
        s += String.fromCharCode(r < 0.6 ? 32 + Math.floor(rand() * 95) : r < 0.8 ? Math.floor(rand() * 0x800) : r < 0.9 ? 0xd800 + Math.floor(rand() * 0x800) : Math.floor(rand() * 0x10000))
      }
      assert.equal(fast.str(s), Buffer.byteLength(s, 'utf8'))
      assert.equal(fast.strUtf16(s), s.length)
    }
  })
})

describe('handles', () => {
  test('live handles resolve; freed, forged and wrong-typed ones give ERR_INVALID_HANDLE, never a crash', () => {
    const before = fast.liveHandles()
    const h = fast.newCounter(10)
    assert.equal(fast.liveHandles(), before + 1)
    assert.equal(fast.counterAdd(h, 5), 15)
    for (const forged of [0, -1, h + 0.5, h + 1, h + 2 ** 32, 2 ** 53, NaN, Infinity]) {
      assertThrowsCode(() => fast.counterAdd(forged, 1), TypeError, 'ERR_INVALID_HANDLE', /not a live ProbeCounter handle/)
    }
    assertThrowsCode(() => fast.counterAdd('h', 1), TypeError, 'ERR_INVALID_ARG_TYPE', /"handle" argument must be of type number/)
    assertThrowsCode(() => fast.counterAdd(h, 'x'), TypeError, 'ERR_INVALID_ARG_TYPE')
    assert.equal(fast.counterAdd(h, 0), 15, 'a failed call left the object as it was')
    assert.equal(fast.free(h), true)
    assert.equal(fast.free(h), false, 'double free is harmless')
    assertThrowsCode(() => fast.counterAdd(h, 1), TypeError, 'ERR_INVALID_HANDLE')
    const reused = fast.newCounter(0)
    assert.notEqual(reused, h, 'a reused slot gets a new number')
    assertThrowsCode(() => fast.counterAdd(h, 1), TypeError, 'ERR_INVALID_HANDLE')
    fast.free(reused)
    assert.equal(fast.liveHandles(), before)
  })

  test('the JS wrapper class frees its handle on close() and on garbage collection', async () => {
    const before = fast.liveHandles()
    const closed = new ProbeCounter(1)
    assert.equal(closed.add(1), 2)
    assert.equal(closed.close(), true)
    assertThrowsCode(() => closed.add(1), TypeError, 'ERR_INVALID_HANDLE')

    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc')
    ;(() => {
      for (let i = 0; i < 200; i++) new ProbeCounter(i).add(1)
    })()
    assert.ok(fast.liveHandles() >= before + 1)
    for (let i = 0; i < 20 && fast.liveHandles() > before; i++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    assert.equal(fast.liveHandles(), before, 'FinalizationRegistry released every dropped object')
  })
})

test('a Rust panic becomes an ERR_NATIVE_PANIC Error and the addon keeps working', () => {
  assertThrowsCode(() => fast.panic(), Error, 'ERR_NATIVE_PANIC', /probe panic on purpose/)
  assert.equal(fast.u32(1), 2)
  assert.equal(floor.u32(1), 2)
})

test('the same errors and handle rules hold inside a worker', async () => {
  const source = `
    const { parentPort } = require('node:worker_threads')
    const { fast, napi } = require(${JSON.stringify(require.resolve('..'))}).boundaryProbes
    const grab = (fn) => { try { fn() } catch (e) { return [e.constructor.name, e.code, e.message] } }
    const h = fast.newCounter(1)
    parentPort.postMessage({
      fast: grab(() => fast.u32('x')), napi: grab(() => napi.checkedU32('x')),
      add: fast.counterAdd(h, 2), freed: fast.free(h), stale: grab(() => fast.counterAdd(h, 1)),
    })`
  const w = new Worker(source, { eval: true })
  const message = await new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))
  await w.terminate()
  assert.deepEqual(message.fast, message.napi)
  assert.deepEqual(message.fast.slice(0, 2), ['TypeError', 'ERR_INVALID_ARG_TYPE'])
  assert.equal(message.add, 3)
  assert.equal(message.freed, true)
  assert.equal(message.stale[1], 'ERR_INVALID_HANDLE')
})

test('a wrapper method called on the wrong `this` throws a TypeError, never reaches native code', () => {
  const counter = new ProbeCounter(0)
  assert.throws(() => ProbeCounter.prototype.add.call({}, 1), TypeError)
  assert.throws(() => ProbeCounter.prototype.add.call(Object.create(ProbeCounter.prototype), 1), TypeError)
  assert.equal(counter.add(1), 1, 'the real object is untouched')
  counter.close()
})
