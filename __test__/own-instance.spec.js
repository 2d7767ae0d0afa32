'use strict'
// lib/own_instance.js: a reference twin gets lib code compiled for it alone, so V8 keeps its
// type feedback apart from the native class's (the reason is in that file).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { ownInstanceOf } = require('../lib/own_instance.js')

test('an own instance is a separate, working copy of the module', () => {
  const shared = require('../lib/lru.js')
  const own = ownInstanceOf('lru', 'spec')
  assert.equal(typeof own.defineLru, 'function')
  assert.notEqual(own.defineLru, shared.defineLru)
  assert.notEqual(ownInstanceOf('lru', 'spec').defineLru, own.defineLru, 'each call compiles anew')
  // Its own requires resolve next to it, to the ordinary shared instances.
  assert.equal(require('../lib/errors.js'), require('node:module').createRequire(require.resolve('../lib/lru.js'))('./errors.js'))
})

test('the twins are built from their own instances and still behave like the native classes', () => {
  const native = require('..')
  const reference = require('../reference/lru.js')
  const a = new native.LruCache({ max: 2 })
  const b = new reference.LruCache({ max: 2 })
  for (const cache of [a, b]) cache.set('x', 1).set('y', 2).set('z', 3)
  assert.deepEqual([...a.keys()], [...b.keys()])
  assert.ok(!(a instanceof reference.LruCache) && !(b instanceof native.LruCache))
})
