'use strict'
// Misuse that used to leak JavaScript's own uncoded errors (issue 17's list): each is now a
// Node-style error with a code, from the native piece and its twin alike, and changes nothing.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const native = require('..')
const twin = require('../reference')

/** A view whose ArrayBuffer was transferred away after the view was made. */
function detachedView() {
  const arrayBuffer = new ArrayBuffer(48)
  const view = new Uint8Array(arrayBuffer)
  structuredClone(arrayBuffer, { transfer: [arrayBuffer] })
  return view
}

function assertCoded(fn, code, label) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, `${label}: an Error`)
    assert.equal(error.code, code, `${label}: ${error.message}`)
    return true
  })
}

for (const [name, impl] of Object.entries({ native, twin })) {
  test(`${name}: key import and export of a detached view is ERR_INVALID_STATE`, () => {
    const signature = Buffer.alloc(64)
    assertCoded(() => impl.verify(detachedView(), 'm', signature), 'ERR_INVALID_STATE', 'verify')
    assertCoded(() => impl.importPrivateKey(detachedView()), 'ERR_INVALID_STATE', 'importPrivateKey')
    assertCoded(() => impl.exportPublicKey(detachedView()), 'ERR_INVALID_STATE', 'exportPublicKey')
    assertCoded(() => impl.sign(detachedView(), 'm'), 'ERR_INVALID_STATE', 'sign')
  })

  test(`${name}: LruCache.get with options that are not an object, and load with a malformed dump`, () => {
    const cache = new impl.LruCache({ max: 5 })
    cache.set('a', 1).set('b', 2)
    for (const options of [null, 5, 'allowStale']) assertCoded(() => cache.get('a', options), 'ERR_INVALID_ARG_TYPE', `get(key, ${options})`)
    for (const dump of [[5], [['k']], [['k', null]], [['k', { value: 1 }], 'x']]) {
      assertCoded(() => cache.load(dump), 'ERR_INVALID_ARG_TYPE', `load(${JSON.stringify(dump)})`)
      assert.deepEqual([...cache.keys()], ['b', 'a'], 'a failed load leaves the cache as it was')
    }
  })

  test(`${name}: misuse the fuzzer found (npm run fuzz) is coded, and changes nothing`, () => {
    // AES-GCM over a BigInt64Array's bytes: its bytes, not its elements.
    const gcm = new impl.AesGcm(Buffer.alloc(32, 1))
    const iv = Buffer.alloc(12, 2)
    const { ciphertext, tag } = gcm.encrypt(Buffer.alloc(16, 9), iv)
    const wide = new BigInt64Array(ciphertext.buffer.slice(ciphertext.byteOffset, ciphertext.byteOffset + 16))
    assert.deepEqual(gcm.decrypt(wide, iv, tag), Buffer.alloc(16, 9))
    assertCoded(() => gcm.seal(detachedView()), 'ERR_INVALID_STATE', 'seal(detached)')
    assertCoded(() => impl.aesGcmSeal(Buffer.alloc(32), detachedView()), 'ERR_INVALID_STATE', 'aesGcmSeal(key, detached)')
    const plain = new impl.LruCache({ max: 2 })
    assertCoded(() => plain.set('k', detachedView()), 'ERR_INVALID_ARG_TYPE', 'LruCache set(k, detached)')
    assert.equal(plain.size, 0)

    // A detached chunk written to the stream adapters.
    for (const stream of [impl.createTransform('upper'), impl.createCounter()]) {
      assertCoded(() => stream.write(detachedView()), 'ERR_INVALID_STATE', 'write(detached)')
    }

    // A ring that would need billions of points, at construction and on add.
    assertCoded(() => new impl.HashRing({ a: 1 }, { vnodes: 1e9 }), 'ERR_OUT_OF_RANGE', 'vnodes 1e9')
    const ring = new impl.HashRing(['a', 'b'])
    const before = ring.getMany(['k1', 'k2', 'k3'])
    assertCoded(() => ring.add({ c: { vnodes: 2 ** 30 } }), 'ERR_OUT_OF_RANGE', 'add vnodes 2^30')
    assert.equal(ring.has('c'), false)
    assert.deepEqual(ring.getMany(['k1', 'k2', 'k3']), before)
    assertCoded(() => new impl.BoundedLoadRing({ a: { vnodes: 2 ** 30 } }), 'ERR_OUT_OF_RANGE', 'bounded vnodes 2^30')

    assertCoded(() => impl.StripedCounter.from(new SharedArrayBuffer(512), null), 'ERR_INVALID_ARG_TYPE', 'StripedCounter.from(memory, null)')
    const counter = new impl.AtomicCounter(5)
    assert.ok(Object.is(counter.store(-0), 0), 'store(-0) returns the stored 0')

    // Values a codec cannot encode; a toJSON's own error passes through.
    const json = new impl.LruCache({ max: 4, codec: 'json' })
    json.set('kept', { a: 1 })
    const cycle = {}
    cycle.self = cycle
    for (const value of [new BigInt64Array(2), cycle]) assertCoded(() => json.set('k', value), 'ERR_INVALID_ARG_VALUE', 'json codec')
    const own = new RangeError('the caller\'s own')
    assert.throws(() => json.set('k', { toJSON: () => { throw own } }), (error) => error === own)
    assertCoded(() => new impl.LruCache({ max: 4, codec: 'v8' }).set('k', { f: () => 1 }), 'ERR_INVALID_ARG_VALUE', 'v8 codec')
    assertCoded(() => json.setMany(new Uint8Array(2)), 'ERR_INVALID_ARG_TYPE', 'setMany(TypedArray)')
    assert.deepEqual([...json.keys()], ['kept'])
  })
}
