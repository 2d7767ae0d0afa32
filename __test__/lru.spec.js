'use strict'
// LruCache: one conformance suite over the native cache and the pure-JS twin, then a
// differential replay of random 100,000-operation traces against npm lru-cache (the oracle).
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const { LRUCache } = require('lru-cache')
const native = require('..')
const reference = require('../reference/lru.js')
const { assertThrowsCode, thrown } = require('./helpers.js')

const IMPLS = { native, reference }

function fakeClock(start = 1000) {
  return { time: start, now() { return this.time } }
}

for (const [implName, { LruCache }] of Object.entries(IMPLS)) {
  describe(`LruCache (${implName})`, () => {
    test('evicts the least recently used; get promotes, peek and has do not', () => {
      const cache = new LruCache({ max: 3 })
      cache.set('a', 1).set('b', 2).set('c', 3)
      assert.equal(cache.get('a'), 1)
      assert.equal(cache.peek('b'), 2)
      assert.equal(cache.has('b'), true)
      cache.set('d', 4)
      assert.deepEqual([...cache.keys()], ['d', 'a', 'c'])
      assert.deepEqual([...cache.rkeys()], ['c', 'a', 'd'])
      assert.deepEqual([...cache.entries()], [['d', 4], ['a', 1], ['c', 3]])
      assert.deepEqual([...cache], [['d', 4], ['a', 1], ['c', 3]])
      assert.equal(cache.size, 3)
      assert.equal(cache.get('b'), undefined)
      assert.deepEqual({ hits: cache.hits, misses: cache.misses, evictions: cache.evictions }, { hits: 1, misses: 1, evictions: 1 })
    })

    test('keys are strings or numbers; 1 and "1" differ; -0 is 0 and NaN is one key', () => {
      const cache = new LruCache({ max: 10 })
      cache.set(1, 'number').set('1', 'string').set(-0, 'zero').set(NaN, 'nan')
      assert.equal(cache.get(1), 'number')
      assert.equal(cache.get('1'), 'string')
      assert.equal(cache.get(0), 'zero')
      assert.equal(cache.get(NaN), 'nan')
      cache.set('中文😀', 'wide').set('\ud800', 'lone high').set('\udc00', 'lone low')
      assert.equal(cache.get('中文😀'), 'wide')
      assert.equal(cache.get('\ud800'), 'lone high')
      assert.equal(cache.get('\udc00'), 'lone low')
      assert.deepEqual(new Set(cache.keys()), new Set([1, '1', 0, NaN, '中文😀', '\ud800', '\udc00']))
      for (const bad of [{}, null, undefined, true, 1n, Symbol('k')]) {
        assertThrowsCode(() => cache.set(bad, 1), TypeError, 'ERR_INVALID_ARG_TYPE', /"key" argument must be of type string or number/)
        assertThrowsCode(() => cache.get(bad), TypeError, 'ERR_INVALID_ARG_TYPE')
      }
    })

    test('values: strings, numbers, booleans, null, and bytes as copies returned as Buffers', () => {
      const cache = new LruCache({ max: 10 })
      const bytes = new Uint8Array([1, 2, 3])
      cache.set('s', 'café 中').set('n', -1.5).set('t', true).set('f', false).set('z', null).set('b', bytes)
      assert.equal(cache.get('s'), 'café 中')
      assert.equal(cache.get('n'), -1.5)
      assert.equal(cache.get('t'), true)
      assert.equal(cache.get('f'), false)
      assert.equal(cache.get('z'), null)
      const got = cache.get('b')
      assert.ok(Buffer.isBuffer(got))
      assert.deepEqual([...got], [1, 2, 3])
      bytes[0] = 99
      got[1] = 99
      assert.deepEqual([...cache.get('b')], [1, 2, 3], 'the cache holds its own copy')
      cache.set('b', undefined)
      assert.equal(cache.has('b'), false, 'set(k, undefined) deletes, as in lru-cache')
      for (const bad of [{}, [1], new Float64Array(1), 1n, () => 1, Symbol('v')]) {
        assertThrowsCode(() => cache.set('x', bad), TypeError, 'ERR_INVALID_ARG_TYPE', /codec/)
      }
      assert.equal(cache.size, 5, 'a refused value stores nothing')
    })

    test('long keys and values, two-byte text and lone surrogates come back exactly', () => {
      const cache = new LruCache({ max: 10 })
      const longKey = 'k'.repeat(5000)
      const wideKey = '键'.repeat(300) // past the stack buffers, two-byte
      const bigValue = 'v'.repeat(1 << 20)
      cache.set(longKey, bigValue).set(wideKey, 'x\ud800y').set('s', '\udc00')
      assert.equal(cache.get(longKey), bigValue)
      assert.equal(cache.get(wideKey), 'x\ud800y')
      assert.equal(cache.get('s'), '\udc00')
      assert.deepEqual(cache.getMany([longKey, 'nope', wideKey, 's']), [bigValue, undefined, 'x\ud800y', '\udc00'])
      assert.ok(cache.has(longKey) && !cache.has(longKey.slice(1)))
      const view = Buffer.from('..payload..').subarray(2, 9)
      cache.set('view', view)
      assert.equal(cache.get('view').toString(), 'payload', 'only the bytes of the view are stored')
    })

    test('objects through the json and v8 codecs', () => {
      const json = new LruCache({ max: 10, codec: 'json' })
      json.set('o', { a: [1, 'two', null] }).set('buf', Buffer.from('raw')).set('s', 'plain')
      assert.deepEqual(json.get('o'), { a: [1, 'two', null] })
      assert.deepEqual(json.get('buf'), Buffer.from('raw'), 'Buffers stay bytes, not JSON')
      assert.equal(json.get('s'), 'plain')
      assert.equal(json.codec, 'json')
      const v8 = new LruCache({ max: 10, codec: 'v8' })
      const map = new Map([[1, new Date(0)]])
      v8.set('m', map)
      assert.deepEqual(v8.get('m'), map)
      assert.deepEqual(v8.getMany(['m', 'x']), [map, undefined])
      assert.deepEqual([...v8.values()], [map])
      assertThrowsCode(() => new LruCache({ max: 1, codec: 'yaml' }), TypeError, 'ERR_INVALID_ARG_VALUE')
    })

    test("option checks use lru-cache's messages", () => {
      const cases = [
        [{ max: -1 }, /max option must be a nonnegative integer/],
        [{ max: 1.5 }, /max option must be a nonnegative integer/],
        [{ max: '10' }, /max option must be a nonnegative integer/],
        [{}, /At least one of max, maxSize, or ttl is required/],
        [{ max: 0 }, /At least one of max, maxSize, or ttl is required/],
        [{ maxSize: -5 }, /maxSize must be a positive integer/],
        [{ max: 1, ttl: 0.5 }, /ttl must be a positive integer/],
        [{ max: 1, sizeCalculation: () => 1 }, /cannot set sizeCalculation without setting maxSize/],
        [{ maxSize: 10, sizeCalculation: 5 }, /sizeCalculation set to non-function/],
        [{ max: 1, perf: {} }, /perf option must have a now\(\) method/],
        [{ max: 1, fetchMethod: async () => 1 }, /fetchMethod option of lru-cache is not supported/],
      ]
      for (const [options, message] of cases) {
        assertThrowsCode(() => new LruCache(options), TypeError, 'ERR_INVALID_ARG_VALUE', message)
        if (!message.source.includes('not supported')) assert.throws(() => new LRUCache(options), message, `lru-cache agrees on ${JSON.stringify(options)}`)
      }
      assertThrowsCode(() => new LruCache(), TypeError, 'ERR_INVALID_ARG_TYPE')
      const ttlOnly = new LruCache({ ttl: 1000 })
      assert.equal(ttlOnly.max, 0, 'max 0 is allowed with a ttl, as in lru-cache')
    })

    test('maxSize counts byte lengths; a too-big value is refused and removes the old entry', () => {
      const events = []
      const cache = new LruCache({ maxSize: 10, dispose: (v, k, r) => events.push([k, r]) })
      cache.set('a', 'aaaa').set('b', 'éé') // 4 + 4 bytes (UTF-8)
      assert.equal(cache.calculatedSize, 8)
      cache.set('c', 'ccc')
      assert.deepEqual([...cache.keys()], ['c', 'b'])
      assert.deepEqual(events, [['a', 'evict']])
      cache.set('b', 'x'.repeat(11))
      assert.deepEqual([...cache.keys()], ['c'], 'nothing else evicted for it')
      assert.deepEqual(events.at(-1), ['b', 'set'])
      assert.equal(cache.calculatedSize, 3)
      assert.equal(cache.info('c').size, 3)
      cache.set('n', 5, { size: 7 })
      assert.equal(cache.calculatedSize, 10)
      assertThrowsCode(() => cache.set('x', 'y', { size: -1 }), TypeError, 'ERR_INVALID_ARG_VALUE', /invalid size value/)
      const plain = new LruCache({ max: 3 })
      assertThrowsCode(() => plain.set('x', 'y', { size: 2 }), TypeError, 'ERR_INVALID_ARG_VALUE', /cannot set size without setting maxSize/)
      const calculated = new LruCache({ maxSize: 100, sizeCalculation: (v, k) => k.length })
      calculated.set('four', 'x'.repeat(50))
      assert.equal(calculated.calculatedSize, 4)
      const coded = new LruCache({ maxSize: 100, codec: 'json', sizeCalculation: (v) => v.weight })
      coded.set('one', { weight: 7 }).setMany([['two', { weight: 5 }]])
      assert.equal(coded.calculatedSize, 12, 'sizeCalculation sees the object, not its encoding')
      const broken = new LruCache({ maxSize: 100, sizeCalculation: () => 0 })
      assertThrowsCode(() => broken.set('k', 'v'), TypeError, 'ERR_INVALID_ARG_VALUE', /sizeCalculation return invalid/)
      assert.equal(broken.size, 0)
    })

    test('ttl, stale reads, updateAgeOnGet, getRemainingTTL and purgeStale on a fake clock', () => {
      const perf = fakeClock()
      const events = []
      const cache = new LruCache({ max: 10, ttl: 100, perf, dispose: (v, k, r) => events.push([k, r]) })
      cache.set('a', 1).set('b', 2, { ttl: 500 }).set('c', 3, { ttl: 0 })
      perf.time += 50
      assert.equal(cache.getRemainingTTL('a'), 50)
      assert.equal(cache.getRemainingTTL('c'), Infinity)
      assert.equal(cache.getRemainingTTL('zz'), 0)
      perf.time += 51
      assert.equal(cache.has('a'), false)
      assert.equal(cache.peek('a'), undefined)
      assert.equal(cache.peek('a', { allowStale: true }), 1)
      assert.deepEqual([...cache.keys()], ['c', 'b'], 'stale entries are not listed')
      assert.equal(cache.get('a', { allowStale: true }), 1)
      assert.deepEqual(events, [['a', 'expire']])
      assert.equal(cache.size, 2)
      perf.time += 1000
      assert.equal(cache.purgeStale(), true)
      assert.deepEqual(events.at(-1), ['b', 'expire'])
      assert.deepEqual([...cache.keys()], ['c'])
      const aging = new LruCache({ max: 10, ttl: 100, perf, updateAgeOnGet: true })
      aging.set('k', 'v')
      perf.time += 90
      assert.equal(aging.get('k'), 'v')
      perf.time += 90
      assert.equal(aging.get('k'), 'v', 'the get at 90 restarted the TTL')
      assert.equal(aging.info('k').ttl, 100)
    })

    test('dispose reasons, and a throwing dispose leaves a consistent cache', () => {
      const events = []
      const cache = new LruCache({ max: 2, dispose: (v, k, r) => events.push([v, k, r]) })
      cache.set('a', 1).set('b', 2).set('c', 3)
      cache.set('b', 20)
      cache.set('b', 20)
      cache.delete('c')
      cache.set('d', 4)
      cache.pop()
      cache.clear()
      assert.deepEqual(events, [
        [1, 'a', 'evict'],
        [2, 'b', 'set'],
        [3, 'c', 'delete'],
        [20, 'b', 'evict'],
        [4, 'd', 'delete'],
      ])
      let calls = 0
      const sizes = []
      const fragile = new LruCache({
        max: 2,
        dispose(value, key) {
          calls++
          sizes.push(fragile.size)
          throw new Error(`dispose of ${key} failed`)
        },
      })
      fragile.set('a', 1).set('b', 2)
      assert.throws(() => fragile.set('c', 3), /dispose of a failed/)
      assert.equal(calls, 1)
      assert.deepEqual([...fragile.entries()], [['c', 3], ['b', 2]])
      assert.equal(fragile.get('c'), 3)
      assert.throws(() => fragile.clear(), /dispose of (b|c) failed/)
      assert.equal(calls, 3, 'every event is delivered even after one throws')
      assert.deepEqual(sizes, [2, 0, 0], 'dispose runs once the operation is complete')
      assert.equal(fragile.size, 0)
    })

    test('disposeAfter and noDisposeOnSet', () => {
      const after = []
      const cache = new LruCache({ max: 1, disposeAfter: (v, k, r) => after.push([k, r]) })
      cache.set('a', 1).set('b', 2)
      cache.set('b', 3, { noDisposeOnSet: true })
      assert.deepEqual(after, [['a', 'evict']])
    })

    test('dump and load round-trip values, sizes and remaining TTLs (least recent first)', () => {
      const perf = fakeClock()
      const source = new LruCache({ max: 10, maxSize: 1000, perf })
      source.set('old', 'x', { ttl: 1000 }).set('new', Buffer.from('yz')).set(7, 7)
      perf.time += 400
      // Bounds from the wall clock around the call, not a tolerance: under qemu on a busy
      // machine a few milliseconds pass between any two lines.
      const beforeDump = Date.now()
      const dumped = source.dump()
      const afterDump = Date.now()
      assert.deepEqual(dumped.map(([key]) => key), ['old', 'new', 7])
      assert.equal(dumped[0][1].ttl, 1000)
      const start = dumped[0][1].start
      assert.ok(start >= beforeDump - 400 - 1 && start <= afterDump - 400 + 1, `start ${start} in [${beforeDump - 400}, ${afterDump - 400}]`)
      assert.equal(dumped[1][1].size, 2)
      const target = new LruCache({ max: 10, maxSize: 1000, perf })
      target.set('gone', 1)
      target.load(dumped)
      assert.deepEqual([...target.keys()], [7, 'new', 'old'])
      assert.deepEqual(target.get('new'), Buffer.from('yz'))
      const remaining = target.getRemainingTTL('old')
      const elapsed = Date.now() - beforeDump
      assert.ok(remaining >= 600 - elapsed - 1 && remaining <= 600, `remaining ${remaining} after ${elapsed} ms`)
      const oracle = new LRUCache({ max: 10, maxSize: 1000, sizeCalculation: () => 1 })
      oracle.load(dumped)
      assert.deepEqual([...oracle.keys()], [7, 'new', 'old'], 'lru-cache reads our dump')
    })

    test('getMany and setMany cross once; a bad pair leaves the cache as it was', () => {
      const cache = new LruCache({ max: 100 })
      cache.setMany([['a', 1], ['b', 'two'], [3, Buffer.from('three')]])
      assert.deepEqual(cache.getMany(['a', 'b', 3, 'missing']), [1, 'two', Buffer.from('three'), undefined])
      assert.deepEqual([...cache.keys()], [3, 'b', 'a'], 'getMany promotes in order')
      cache.setMany(new Map([['a', undefined]]))
      assert.equal(cache.has('a'), false)
      const before = cache.dump()
      assertThrowsCode(() => cache.setMany([['x', 1], ['y', {}]]), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => cache.setMany([['x', 1], [{}, 1]]), TypeError, 'ERR_INVALID_ARG_TYPE')
      assert.deepEqual(cache.dump(), before)
      assertThrowsCode(() => cache.getMany('a'), TypeError, 'ERR_INVALID_ARG_TYPE')
    })

    test('info, forEach and the read-only option getters', () => {
      const cache = new LruCache({ max: 5, ttl: 60_000, allowStale: true, updateAgeOnHas: true })
      cache.set('k', 'v')
      const info = cache.info('k')
      assert.equal(info.value, 'v')
      assert.ok(info.ttl > 59_000 && info.ttl <= 60_000)
      assert.equal(cache.info('nope'), undefined)
      const seen = []
      cache.forEach((value, key, self) => seen.push([key, value, self === cache]))
      assert.deepEqual(seen, [['k', 'v', true]])
      assert.deepEqual(
        [cache.max, cache.maxSize, cache.ttl, cache.allowStale, cache.updateAgeOnHas, cache.updateAgeOnGet, cache.shared],
        [5, 0, 60_000, true, true, false, false],
      )
      assert.equal(Object.prototype.toString.call(cache), '[object LruCache]')
    })

    test('close() frees a native cache; later calls fail cleanly', () => {
      const cache = new LruCache({ max: 5 })
      cache.set('a', 1)
      cache.close()
      if (implName === 'native') assert.throws(() => cache.get('a'), (e) => e.code === 'ERR_INVALID_ARG_VALUE' || e.code === 'ERR_INVALID_HANDLE')
    })

    test('shared caches by name: same entries, conflicting options refused', () => {
      const name = `conformance-${implName}-${process.pid}`
      assertThrowsCode(() => LruCache.shared(`${name}-none`), Error, 'ERR_LRU_SHARED_NOT_FOUND')
      const first = LruCache.shared(name, { max: 100, ttl: 60_000 })
      const second = LruCache.shared(name)
      const third = new native.SharedLruCache(`${name}-class`, { max: 5 })
      assert.ok(third instanceof native.SharedLruCache)
      assert.ok(!(new LruCache({ max: 1 }) instanceof native.SharedLruCache))
      first.set('k', 'from first')
      assert.equal(second.get('k'), 'from first')
      assert.equal(second.max, 100)
      assert.equal(second.shared, true)
      assert.equal(second.name, name)
      assertThrowsCode(() => LruCache.shared(name, { max: 50, ttl: 60_000 }), Error, 'ERR_LRU_SHARED_OPTIONS_CONFLICT', /max: 100 \(asked 50\)/)
      assertThrowsCode(() => LruCache.shared(name, { max: 100, ttl: 60_000, codec: 'json' }), Error, 'ERR_LRU_SHARED_OPTIONS_CONFLICT', /codec: none \(asked json\)/)
      assert.equal(LruCache.shared(name, { max: 100, ttl: 60_000 }).get('k'), 'from first')
      assertThrowsCode(() => LruCache.shared(name, { max: 100, ttl: 60_000, perf: fakeClock() }), TypeError, 'ERR_INVALID_ARG_VALUE')
    })
  })
}

describe('native and reference agree', () => {
  test('the same errors for the same bad calls', () => {
    const calls = [
      (L) => new L({ max: -1 }),
      (L) => new L({ max: 2 }).set([], 1),
      (L) => new L({ max: 2 }).set('k', { plain: 'object' }),
      (L) => new L({ max: 2 }).get(undefined),
      (L) => L.shared('agree-missing'),
    ]
    for (const call of calls) assert.deepEqual(thrown(() => call(native.LruCache)), thrown(() => call(reference.LruCache)))
  })
})

describe('getMany batches (native joined path)', () => {
  test('batches larger than the reused exchange array, every value kind, in order', () => {
    const cache = new native.LruCache({ max: 20_000, codec: 'json' })
    const kinds = (i) => [`s${i}`, i + 0.5, i % 2 === 0, null, Buffer.from([i & 255, 1]), { i }, '\u{1F600}'.repeat(i % 3)][i % 7]
    for (let i = 0; i < 10_000; i++) cache.set(`k${i}`, kinds(i))
    for (const count of [2, 255, 257, 5000, 10_001]) {
      const keys = Array.from({ length: count }, (_, i) => (i === count - 1 ? 'missing' : `k${(i * 7919) % 10_000}`))
      const expected = keys.map((k) => (k === 'missing' ? undefined : kinds(Number(k.slice(1)))))
      assert.deepEqual(cache.getMany(keys), expected, `${count} keys`)
    }
    const lastBatch = Array.from({ length: 10_000 }, (_, i) => `k${(i * 7919) % 10_000}`)
    assert.deepEqual([...cache.keys()].slice(0, 3), lastBatch.slice(-3).reverse(), 'promoted in batch order')
  })

  test('a getMany called from inside another (a Proxy over the keys) does not disturb it', () => {
    const cache = new native.LruCache({ max: 100 })
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, `v${i}`)
    const inner = []
    const keys = new Proxy(Array.from({ length: 20 }, (_, i) => `k${i}`), {
      get(target, property, receiver) {
        if (property === '10') inner.push(cache.getMany(['k40', 'k41', 'k42', 'nope']))
        return Reflect.get(target, property, receiver)
      },
    })
    assert.deepEqual(cache.getMany(keys), Array.from({ length: 20 }, (_, i) => `v${i}`))
    assert.deepEqual(inner, [['v40', 'v41', 'v42', undefined]])
  })

  test('the raw call rejects lengths that overrun the keys and a short exchange array', () => {
    const { binding } = require('../lib/native.js')
    const cache = new native.LruCache({ max: 10 })
    cache.set('ab', 'x')
    const h = binding.lruNew(new Float64Array([10, 0, 0, 0, 0, 0, 0, 0, 0]))
    binding.lruSet(h, 'ab', 'x')
    assert.equal(binding.lruGetManyJoined(h, 'abab', 2, new Float64Array([2, 2, 0, 0])), 'xx')
    assertThrowsCode(() => binding.lruGetManyJoined(h, 'abab', 2, new Float64Array([2, 3, 0, 0])), RangeError, 'ERR_OUT_OF_RANGE')
    assertThrowsCode(() => binding.lruGetManyJoined(h, 'abab', 2, new Float64Array([1.5, 2.5, 0, 0])), RangeError, 'ERR_OUT_OF_RANGE')
    assertThrowsCode(() => binding.lruGetManyJoined(h, 'abab', 2, new Float64Array([2, 2, 0])), RangeError, 'ERR_OUT_OF_RANGE')
    assertThrowsCode(() => binding.lruGetManyJoined(h, 'abab', 2, new Uint32Array(4)), TypeError, 'ERR_INVALID_ARG_TYPE')
    assertThrowsCode(() => binding.lruGetManyJoined(h, 7, 2, new Float64Array(4)), TypeError, 'ERR_INVALID_ARG_TYPE')
    binding.handleRelease(h)
  })
})

// --- Differential replay against npm lru-cache ---------------------------------------------

function rng(seed) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
}

const sizeOf = (v) => Math.max(1, typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : typeof v === 'number' ? 8 : 1)

/**
 * Replays `count` random operations on our cache and on lru-cache built from the same options,
 * comparing every result, the size, the dispose events, and regularly the key order.
 */
function replay(LruCache, options, { seed, count = 100_000, keySpace = 120, clock, oversize = 0 }) {
  const random = rng(seed)
  const ours = []
  const theirs = []
  const oracleOptions = { ...options, dispose: (v, k, r) => theirs.push([k, v, r]), ttlResolution: 0 }
  if (options.maxSize) oracleOptions.sizeCalculation = sizeOf
  const oracle = new LRUCache(oracleOptions)
  const cache = new LruCache({ ...options, dispose: (v, k, r) => ours.push([k, v, r]) })
  let unique = 0
  const keyFor = () => {
    const n = Math.floor(random() * keySpace)
    const r = random()
    if (r < 0.45) return `k${n}`
    if (r < 0.9) return n
    if (r < 0.95) return `ключ-${n % 7}`
    return [NaN, -0, '\ud800', ''][n % 4]
  }
  const valueFor = () => {
    const r = random()
    unique++
    if (r < 0.4) return `v${unique}-${'x'.repeat(Math.floor(random() * 40))}`
    if (r < 0.6) return unique
    if (r < 0.7) return Buffer.from(`b${unique}`)
    if (r < 0.75) return r < 0.725
    if (r < 0.78) return null
    if (r < 0.8) return 'é'.repeat(1 + Math.floor(random() * 20))
    if (oversize && r < 0.81) return 'o'.repeat(oversize)
    return `s${unique}`
  }
  for (let i = 0; i < count; i++) {
    const r = random()
    const key = keyFor()
    let a
    let b
    let op
    if (r < 0.35) {
      op = 'get'
      const getOptions = clock && random() < 0.1 ? { allowStale: random() < 0.5, updateAgeOnGet: random() < 0.5 } : undefined
      a = cache.get(key, getOptions)
      b = oracle.get(key, getOptions)
    } else if (r < 0.7) {
      op = 'set'
      const value = valueFor()
      const setOptions = clock && random() < 0.2 ? { ttl: Math.floor(random() * 80) } : undefined
      a = cache.set(key, value, setOptions) === cache
      b = oracle.set(key, value, setOptions) === oracle
    } else if (r < 0.78) {
      op = 'has'
      a = cache.has(key)
      b = oracle.has(key)
    } else if (r < 0.84) {
      op = 'peek'
      a = cache.peek(key)
      b = oracle.peek(key)
    } else if (r < 0.9) {
      op = 'delete'
      a = cache.delete(key)
      b = oracle.delete(key)
    } else if (r < 0.92) {
      op = 'pop'
      a = cache.pop()
      b = oracle.pop()
    } else if (r < 0.94) {
      op = 'getRemainingTTL'
      a = cache.getRemainingTTL(key)
      b = oracle.getRemainingTTL(key)
    } else if (r < 0.9405) {
      op = 'clear'
      cache.clear()
      oracle.clear()
    } else if (r < 0.945) {
      op = 'purgeStale'
      a = cache.purgeStale()
      b = oracle.purgeStale()
    } else if (clock) {
      op = 'tick'
      clock.time += Math.floor(random() * 30)
    } else {
      op = 'set undefined'
      cache.set(key, undefined)
      oracle.set(key, undefined)
    }
    if (!(Object.is(a, b) || (Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b)))) {
      assert.fail(`op ${i} ${op}(${String(key)}): ours ${String(a)}, lru-cache ${String(b)}`)
    }
    if (cache.size !== oracle.size) assert.fail(`op ${i} ${op}(${String(key)}): size ${cache.size} vs ${oracle.size}`)
    if (ours.length !== theirs.length) assert.fail(`op ${i} ${op}(${String(key)}): dispose events ${JSON.stringify(ours.slice(-3))} vs ${JSON.stringify(theirs.slice(-3))}`)
    if (i % 500 === 0) {
      // lru-cache lists a key as first given (-0 stays -0); like a Map, we list it as 0.
      assert.deepEqual([...cache.keys()], [...oracle.keys()].map((k) => (Object.is(k, -0) ? 0 : k)), `keys() order after op ${i}`)
      if (options.maxSize) assert.equal(cache.calculatedSize, oracle.calculatedSize, `calculatedSize after op ${i}`)
    }
  }
  const zero = (entries) => entries.map(([k, ...rest]) => [Object.is(k, -0) ? 0 : k, ...rest])
  assert.deepEqual(ours, zero(theirs), 'every dispose event: key, value and reason, in order')
  assert.deepEqual([...cache.entries()], zero([...oracle.entries()]))
  return { events: ours.length, evictions: ours.filter((e) => e[2] === 'evict').length }
}

for (const [implName, { LruCache }] of Object.entries(IMPLS)) {
  describe(`differential: 100,000 random operations, ${implName} vs npm lru-cache`, () => {
    test('max only', () => {
      const { evictions } = replay(LruCache, { max: 50 }, { seed: 1 })
      assert.ok(evictions > 1000, `the trace evicts (${evictions})`)
    })
    test('max and maxSize (byte sizes, oversized values)', () => {
      const { evictions } = replay(LruCache, { max: 80, maxSize: 900 }, { seed: 2, oversize: 950 })
      assert.ok(evictions > 1000, `the trace evicts (${evictions})`)
    })
    test('ttl on a fake clock, per-entry ttls, stale reads', () => {
      const clock = fakeClock()
      replay(LruCache, { max: 60, ttl: 40, perf: clock }, { seed: 3, clock })
    })
    test('ttl with allowStale, updateAgeOnGet, updateAgeOnHas, noDeleteOnStaleGet', () => {
      const clock = fakeClock()
      replay(LruCache, { max: 40, ttl: 25, allowStale: true, updateAgeOnGet: true, updateAgeOnHas: true, noDeleteOnStaleGet: true, perf: clock }, { seed: 4, clock })
    })
    test('ttl and maxSize without max, noUpdateTTL', () => {
      const clock = fakeClock()
      replay(LruCache, { maxSize: 600, ttl: 50, noUpdateTTL: true, perf: clock }, { seed: 5, clock, oversize: 700 })
    })
  })
}

describe('differential: a one-shard shared native cache vs npm lru-cache (exact LRU order)', () => {
  let serial = 0
  // A "class" whose instances are fresh shared caches with one shard, so replay() can use it.
  function SharedOneShard(options) {
    return native.LruCache.shared(`differential-${process.pid}-${serial++}`, { ...options, shards: 1 })
  }
  test('max only', () => {
    replay(SharedOneShard, { max: 50 }, { seed: 11 })
  })
  test('max and maxSize (byte sizes, oversized values)', () => {
    replay(SharedOneShard, { max: 80, maxSize: 900 }, { seed: 12, oversize: 950 })
  })
})
