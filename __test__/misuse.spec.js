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
}
