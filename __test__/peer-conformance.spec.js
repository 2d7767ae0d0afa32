'use strict'
// Where a first real user found the addon behaving unlike the peer it stands in for (npm
// lru-cache, node:crypto), each case checked against the installed peer itself, and the
// shared-cache attach rule (options left out are inherited).
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { execFileSync } = require('node:child_process')
const { LRUCache } = require('lru-cache')
const native = require('..')
const reference = require('../reference/index.js')
const { assertThrowsCode, thrown } = require('./helpers.js')

const IMPLS = { native, reference }

for (const [name, impl] of Object.entries(IMPLS)) {
  describe(`${name}: LruCache as lru-cache does it`, () => {
    test('one operation that removes several entries runs every dispose, then every disposeAfter', () => {
      const run = (Cache) => {
        const events = []
        const cache = new Cache({ max: 5, dispose: (v, k) => events.push(`dispose(${k})`), disposeAfter: (v, k) => events.push(`after(${k})`) })
        cache.set('a', 1)
        cache.set('b', 2)
        cache.clear()
        const small = new Cache({ max: 1, dispose: (v, k, r) => events.push(`dispose(${k},${r})`), disposeAfter: (v, k, r) => events.push(`after(${k},${r})`) })
        small.set('x', 1)
        small.set('y', 2)
        return events
      }
      assert.deepEqual(run(impl.LruCache), run(LRUCache))
      assert.deepEqual(run(impl.LruCache).slice(0, 4), ['dispose(a)', 'dispose(b)', 'after(a)', 'after(b)'])
    })

    test('perf is the clock in use, as lru-cache reports it', () => {
      assert.equal(new impl.LruCache({ max: 1 }).perf, new LRUCache({ max: 1 }).perf)
      assert.equal(new impl.LruCache({ max: 1 }).perf, performance)
      const clock = { now: () => 5 }
      assert.equal(new impl.LruCache({ max: 1, perf: clock }).perf, clock)
    })

    test('find returns what lru-cache finds and makes it the most recent', () => {
      const fill = (cache) => {
        for (const [k, v] of [['a', 1], ['b', 20], ['c', 3], ['d', 40]]) cache.set(k, v)
        return cache
      }
      const ours = fill(new impl.LruCache({ max: 10 }))
      const theirs = fill(new LRUCache({ max: 10 }))
      const big = (v) => v > 10
      assert.equal(ours.find(big), theirs.find(big))
      assert.deepEqual([...ours.keys()], [...theirs.keys()])
      assert.equal(ours.find(() => false), theirs.find(() => false))
      const seen = []
      ours.find((value, key, cache) => void seen.push([value, key, cache === ours]))
      assert.deepEqual(seen, [[40, 'd', true], [3, 'c', true], [20, 'b', true], [1, 'a', true]])
      assertThrowsCode(() => ours.find('v > 10'), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => ours.forEach(null), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => ours.rforEach(42), TypeError, 'ERR_INVALID_ARG_TYPE')
    })

    test('ttlResolution: 0 is what this cache does; other values are refused, not ignored', () => {
      assert.equal(new impl.LruCache({ max: 1, ttlResolution: 0 }).ttlResolution, 0)
      assertThrowsCode(() => new impl.LruCache({ max: 1, ttlResolution: 10 }), TypeError, 'ERR_INVALID_ARG_VALUE', /ttlResolution/)
    })

    test('a per-call sizeCalculation that is not a function gets lru-cache\'s message', () => {
      const ours = new impl.LruCache({ maxSize: 100 })
      const theirs = new LRUCache({ maxSize: 100 })
      const message = thrown(() => theirs.set('k', 'v', { sizeCalculation: 'asdf' })).message
      assertThrowsCode(() => ours.set('k', 'v', { sizeCalculation: 'asdf' }), TypeError, 'ERR_INVALID_ARG_VALUE', new RegExp(`^${message}$`))
      assert.equal(ours.size, 0, 'nothing stored')
    })
  })
}

test('a cache bounded only by a TTL warns once per process, as lru-cache does', () => {
  const warnings = (code) =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', `const seen = []; process.on('warning', (w) => seen.push({ name: w.name, code: w.code, message: w.message }));
        ${code}; setImmediate(() => console.log(JSON.stringify(seen)))`], { cwd: __dirname }).toString(),
    )
  const ours = warnings("const { LruCache } = require('..'); new LruCache({ ttl: 100 }); new LruCache({ ttl: 200 }); new LruCache({ ttl: 5, max: 3 })")
  const theirs = warnings("const { LRUCache } = require('lru-cache'); new LRUCache({ ttl: 100 }); new LRUCache({ ttl: 200 }); new LRUCache({ ttl: 5, max: 3 })")
  assert.equal(ours.length, 1)
  assert.deepEqual(ours, theirs)
})

describe('crypto as node:crypto does it', () => {
  for (const [name, impl] of Object.entries(IMPLS)) {
    test(`${name}: scrypt with a callback that is not a function throws what node:crypto throws`, () => {
      for (const callback of [{}, null, 'cb', 42]) {
        assert.deepEqual(thrown(() => impl.scrypt('pw', 'salt', 16, { N: 16 }, callback)), thrown(() => crypto.scrypt('pw', 'salt', 16, { N: 16 }, callback)), String(callback))
      }
    })

    test(`${name}: maxmem out of range reads as node:crypto's message`, () => {
      for (const maxmem of [-1, 2 ** 53, 1.5, '1']) {
        assert.deepEqual(thrown(() => impl.scryptSync('pw', 'salt', 16, { maxmem })), thrown(() => crypto.scryptSync('pw', 'salt', 16, { maxmem })), String(maxmem))
      }
    })

    test(`${name}: verify accepts a private key in PEM and DER, as node:crypto does`, () => {
      const { privateKey } = impl.generateKeyPair()
      const message = Buffer.from('signed by a private key')
      const signature = impl.sign(privateKey, message)
      for (const format of ['pem', 'der']) {
        const key = impl.exportPrivateKey(privateKey, format)
        const nodeKey = format === 'pem' ? key : crypto.createPrivateKey({ key, format: 'der', type: 'pkcs8' })
        assert.equal(impl.verify(key, message, signature), crypto.verify(null, message, nodeKey, signature))
        assert.equal(impl.verify(key, message, signature), true)
        assert.equal(impl.verify(key, Buffer.from('another message'), signature), false)
      }
    })
  }
})

for (const [name, impl] of Object.entries(IMPLS)) {
  describe(`${name}: shared caches, attaching with some options`, () => {
    test('options left out are inherited; the ones given must match', () => {
      const cacheName = `peer-conformance-attach-${name}`
      const creator = impl.LruCache.shared(cacheName, { max: 100, ttl: 1000 })
      creator.set('k', 'v')
      const attached = impl.LruCache.shared(cacheName, { max: 100 })
      assert.equal(attached.get('k'), 'v', 'the same cache')
      assert.equal(attached.ttl, 1000, 'ttl inherited, not compared with its default')
      assert.equal(impl.LruCache.shared(cacheName, { ttl: 1000, max: 100 }).get('k'), 'v')
      assert.throws(() => impl.LruCache.shared(cacheName, { max: 100, ttl: 5 }), (error) => {
        assert.equal(error.code, 'ERR_LRU_SHARED_OPTIONS_CONFLICT')
        assert.match(error.message, /ttl: 1000 \(asked 5\)/)
        assert.doesNotMatch(error.message, /max:/)
        return true
      })
      assert.throws(() => impl.LruCache.shared(cacheName, { max: 100, allowStale: true }), /allowStale: false \(asked true\)/)
      assert.equal(impl.LruCache.shared(cacheName).get('k'), 'v', 'no options: attach as it is')
      for (const cache of [creator, attached]) cache.close()
    })

    test('attaching without options needs the cache open first', () => {
      assertThrowsCode(() => impl.LruCache.shared(`peer-conformance-never-opened-${name}`), Error, 'ERR_LRU_SHARED_NOT_FOUND')
    })
  })
}
