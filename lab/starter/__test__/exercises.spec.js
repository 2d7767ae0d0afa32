'use strict'
// One describe per exercise of src/lib.rs. Each fails until its exercise is done, with the
// exercise's own message; `npm run lab:check -- --mine` at the root prints which are left.
const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const lab = require('..')

/** zlib's Adler-32 in JS, to compare with on random data. */
function adler32js(bytes) {
  let a = 1
  let b = 0
  for (const byte of bytes) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

describe('exercise 1: adler32(buffer) reads a Buffer without copying it', () => {
  test('known values', () => {
    assert.equal(lab.adler32(Buffer.from('Wikipedia')), 0x11e60398)
    assert.equal(lab.adler32(Buffer.alloc(0)), 1)
  })
  test('agrees with a JS implementation on 1 MB of random bytes, and leaves them as they were', () => {
    const data = require('node:crypto').randomBytes(1 << 20)
    const before = Buffer.from(data)
    assert.equal(lab.adler32(data), adler32js(data))
    assert.ok(data.equals(before), 'the input is not modified')
  })
  test('a view reads only its own bytes', () => {
    const whole = Buffer.from('xxWikipediaxx')
    assert.equal(lab.adler32(whole.subarray(2, 11)), 0x11e60398)
  })
})

describe('exercise 2: rot13InPlace(buffer) changes the caller\'s memory', () => {
  test('letters rotate, everything else stays, nothing is returned', () => {
    const buf = Buffer.from('Hello, World! 123 zZ')
    assert.equal(lab.rot13InPlace(buf), undefined)
    assert.equal(buf.toString(), 'Uryyb, Jbeyq! 123 mM')
  })
  test('twice is the identity, and a view changes only its own bytes', () => {
    const whole = Buffer.from('keep[Secret]keep')
    const view = whole.subarray(5, 11)
    lab.rot13InPlace(view)
    assert.equal(whole.toString(), 'keep[Frperg]keep')
    lab.rot13InPlace(view)
    assert.equal(whole.toString(), 'keep[Secret]keep')
  })
})

describe('exercise 3: countPrimes(limit) runs on the libuv pool and returns a Promise', () => {
  test('resolves with the count', async () => {
    const pending = lab.countPrimes(100)
    assert.ok(pending instanceof Promise, 'returns a Promise')
    assert.equal(await pending, 25)
    assert.equal(await lab.countPrimes(1_000_000), 78498)
    assert.equal(await lab.countPrimes(2), 0)
  })
  test('the call returns at once and the count arrives later: the main thread is not blocked', async () => {
    const start = performance.now()
    const pending = lab.countPrimes(50_000_000)
    const returnedAfter = performance.now() - start
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      assert.equal(await pending, 3001134)
    } finally {
      clearInterval(timer)
    }
    const settledAfter = performance.now() - start
    assert.ok(returnedAfter < settledAfter / 4, `returned after ${returnedAfter.toFixed(1)} ms, settled after ${settledAfter.toFixed(1)} ms`)
    assert.ok(ticks > 0, 'timers fired while Rust counted')
  })
  test('an impossible limit rejects, saying which limit', async () => {
    await assert.rejects(lab.countPrimes(60_000_000), (error) => {
      assert.match(error.message, /50000000|50,000,000/, `names the largest limit: ${error.message}`)
      assert.doesNotMatch(error.message, /^TODO/, error.message)
      return true
    })
  })
})

describe('exercise 4: a Tally class keeps its state in Rust', () => {
  test('counts per instance', () => {
    const a = new lab.Tally('a')
    const b = new lab.Tally('b')
    assert.equal(a.add(), 1)
    assert.equal(a.add(5), 6)
    assert.equal(b.add(2), 2)
    assert.equal(a.total, 6)
    assert.equal(b.total, 2)
    assert.equal(a.name, 'a')
  })
  test('reset starts over', () => {
    const t = new lab.Tally('t')
    t.add(10)
    t.reset()
    assert.equal(t.total, 0)
    assert.equal(t.add(), 1)
  })
})
