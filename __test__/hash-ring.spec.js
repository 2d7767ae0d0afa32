'use strict'
// Consistent hashing: ketama mode against npm hashring as the oracle, the movement and balance
// properties of both hash modes and both implementations, jump hash, and bounded loads.
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const HashRingOracle = require('hashring')
const native = require('..')
const reference = require('../reference/hash_ring.js')
const { assertThrowsCode, thrown } = require('./helpers.js')

const IMPLS = { native, reference }

let seed = 12345
function random() {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed / 2 ** 32
}
function randomKey() {
  const length = 1 + Math.floor(random() * 24)
  let key = ''
  for (let i = 0; i < length; i++) {
    const r = random()
    key += String.fromCharCode(r < 0.85 ? 33 + Math.floor(random() * 94) : r < 0.95 ? 0xa0 + Math.floor(random() * 0x700) : 0x4e00 + Math.floor(random() * 0x500))
  }
  return key
}
const KEYS = Array.from({ length: 100_000 }, randomKey)
const names = (n, prefix = 'cache') => Array.from({ length: n }, (_, i) => `${prefix}-${i}.internal:11211`)

describe('ketama mode maps every key exactly as npm hashring', () => {
  const serverSets = [
    ['server sets: 3 plain', names(3), {}],
    ['7 plain (hashring floors 1/7*40*7 to 39 vnodes)', names(7), {}],
    ['weights', { 'a:1': 1, 'b:1': 2, 'c:1': 5, 'd:1': 1.5 }, {}],
    ['per-server vnodes and weights', { 'a:1': { weight: 2, vnodes: 100 }, 'b:1': { vnodes: 10 }, 'c:1': { weight: 3 } }, {}],
    ['hash_ring compatibility (3 points per vnode)', names(5), { compatibility: 'hash_ring' }],
    ['20 servers', names(20), {}],
  ]
  for (const [label, servers, extra] of serverSets) {
    test(label, () => {
      const oracle = new HashRingOracle(servers, 'md5', { ...(extra.compatibility ? { compatibility: extra.compatibility } : {}), 'max cache size': 10 })
      for (const [name, impl] of Object.entries(IMPLS)) {
        const ring = new impl.HashRing(servers, { hash: 'ketama', ...extra })
        assert.equal(ring.points, oracle.ring.length, `${name}: same number of points`)
        let mismatches = 0
        for (const key of KEYS) if (ring.get(key) !== oracle.get(key)) mismatches++
        assert.equal(mismatches, 0, `${name}: keys mapped differently from hashring`)
        assert.deepEqual(ring.getMany(KEYS.slice(0, 5000)), KEYS.slice(0, 5000).map((k) => oracle.get(k)), `${name}: getMany`)
        for (const key of KEYS.slice(0, 300)) {
          assert.deepEqual(ring.range(key, 3), oracle.range(key, 3), `${name}: range(${key}, 3)`)
          assert.deepEqual(ring.range(key, 5, false), oracle.range(key, 5, false), `${name}: range(${key}, 5, false)`)
        }
      }
    })
  }

  test('after add and remove too', () => {
    const oracle = new HashRingOracle(names(4), 'md5', { 'max cache size': 10 })
    const ring = new native.HashRing(names(4), { hash: 'ketama' })
    oracle.add(names(6).slice(4))
    ring.add(names(6).slice(4))
    oracle.remove(names(4)[1])
    ring.remove(names(4)[1])
    assert.deepEqual(ring.servers, oracle.servers.map((s) => s.string))
    for (const key of KEYS.slice(0, 20_000)) assert.equal(ring.get(key), oracle.get(key))
  })

  test('numbers are keyed by their string, as hashring does', () => {
    const oracle = new HashRingOracle(names(3), 'md5', { 'max cache size': 10 })
    const ring = new native.HashRing(names(3), { hash: 'ketama' })
    for (const n of [0, 1, 42, -7, 3.5, 1e21]) assert.equal(ring.get(n), oracle.get(n))
  })
})

for (const [name, impl] of Object.entries(IMPLS)) {
  for (const hash of ['xxh3', 'ketama']) {
    describe(`${name} (${hash}): properties`, () => {
      test('adding a server moves keys only to it, about 1/(n+1) of them', () => {
        for (const n of [3, 8]) {
          const ring = new impl.HashRing(names(n), { hash })
          const before = ring.getMany(KEYS)
          ring.add('newcomer:11211')
          const after = ring.getMany(KEYS)
          let moved = 0
          for (let i = 0; i < KEYS.length; i++) {
            if (before[i] !== after[i]) {
              assert.equal(after[i], 'newcomer:11211', 'a moved key moves to the new server')
              moved++
            }
          }
          const ideal = KEYS.length / (n + 1)
          assert.ok(Math.abs(moved - ideal) <= 0.25 * ideal, `n=${n}: moved ${moved}, ideal ${ideal.toFixed(0)}`)
        }
      })

      test("removing a server moves only that server's keys", () => {
        const ring = new impl.HashRing(names(6), { hash })
        const before = ring.getMany(KEYS)
        const gone = names(6)[2]
        ring.remove(gone)
        const after = ring.getMany(KEYS)
        for (let i = 0; i < KEYS.length; i++) {
          if (before[i] !== gone) assert.equal(after[i], before[i])
          else assert.notEqual(after[i], gone)
        }
        assert.equal(ring.has(gone), false)
      })

      test('160 points per server balance 10 servers; distribution() is the exact share', (t) => {
        const ring = new impl.HashRing(names(10), { hash })
        assert.equal(ring.points, 10 * 160)
        const shares = Object.values(ring.distribution())
        assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9)
        const mean = 1 / 10
        const rsd = Math.sqrt(shares.reduce((a, s) => a + (s - mean) ** 2, 0) / shares.length) / mean
        t.diagnostic(`relative standard deviation of shares: ${(rsd * 100).toFixed(1)}%`)
        assert.ok(rsd < 0.2, `share RSD ${rsd}`)
        const counts = {}
        for (const server of ring.getMany(KEYS)) counts[server] = (counts[server] || 0) + 1
        for (const [server, share] of Object.entries(ring.distribution())) {
          assert.ok(Math.abs(counts[server] / KEYS.length - share) < 0.01, `${server}: keys follow the share`)
        }
      })

      test('range gives distinct servers in ring order, at most all of them', () => {
        const ring = new impl.HashRing(names(5), { hash })
        for (const key of KEYS.slice(0, 200)) {
          const r = ring.range(key, 3)
          assert.equal(r.length, 3)
          assert.equal(new Set(r).size, 3)
          assert.equal(r[0], ring.get(key))
          assert.equal(ring.range(key, 50).length, 5)
          assert.equal(ring.range(key, 7, false).length, 7)
        }
      })
    })
  }

  describe(`${name}: jumpHash and BoundedLoadRing`, () => {
    test('jump hash: published vectors, and growing by one moves 1/(n+1) of keys, all to the new bucket', () => {
      assert.equal(impl.jumpHash(256, 1024), 520)
      assert.equal(impl.jumpHash(42, 57), 43)
      assert.equal(impl.jumpHash(0xdead10cc, 666), 361)
      assert.equal(impl.jumpHash(1n, 60), 55)
      for (const n of [1, 5, 10, 99]) {
        let moved = 0
        for (const key of KEYS.slice(0, 50_000)) {
          const a = impl.jumpHash(key, n)
          const b = impl.jumpHash(key, n + 1)
          assert.ok(a < n && b < n + 1)
          if (a !== b) {
            assert.equal(b, n)
            moved++
          }
        }
        const ideal = 50_000 / (n + 1)
        assert.ok(Math.abs(moved - ideal) < 0.05 * ideal, `n=${n}: moved ${moved}, ideal ${ideal}`)
      }
    })

    test('bounded loads: no server ever holds more than ceil(c * average), through arrivals and departures', () => {
      for (const c of [1, 1.25, 2]) {
        const ring = new impl.BoundedLoadRing(names(7), { c, hash: 'ketama' })
        const check = () => {
          const loads = Object.values(ring.loads())
          assert.equal(loads.reduce((a, b) => a + b, 0), ring.size)
          assert.ok(Math.max(...loads) <= Math.ceil((c * ring.size) / 7), `c=${c}: max ${Math.max(...loads)}`)
        }
        const keys = [...new Set(KEYS)].slice(0, 2000)
        for (const key of keys) {
          const server = ring.assign(key)
          assert.equal(ring.assign(key), server, 'sticky')
          check()
        }
        for (const key of keys.filter((_, i) => i % 3 === 0)) {
          assert.equal(ring.release(key), true)
          check()
        }
        assert.equal(ring.release('never assigned'), false)
        assert.equal(ring.capacity, Math.ceil((c * ring.size) / 7))
      }
    })

    test('bad input gives clear errors with codes', () => {
      assertThrowsCode(() => new impl.HashRing([]), TypeError, 'ERR_INVALID_ARG_VALUE', /at least one server/)
      assertThrowsCode(() => new impl.HashRing(['a', 'a']), TypeError, 'ERR_INVALID_ARG_VALUE', /"a" twice/)
      assertThrowsCode(() => new impl.HashRing({ a: 0 }), RangeError, 'ERR_OUT_OF_RANGE', /weight of "a"/)
      assertThrowsCode(() => new impl.HashRing({ a: -2 }), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => new impl.HashRing({ a: { weight: 1, vnodes: 0 } }), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => new impl.HashRing(5), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => new impl.HashRing(['a'], { hash: 'sha1' }), TypeError, 'ERR_INVALID_ARG_VALUE')
      const ring = new impl.HashRing(['a', 'b'])
      assertThrowsCode(() => ring.range('k', 0), RangeError, 'ERR_OUT_OF_RANGE', /"n"/)
      assertThrowsCode(() => ring.get({}), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => ring.add('a'), TypeError, 'ERR_INVALID_ARG_VALUE', /already in the ring/)
      assertThrowsCode(() => ring.remove('zzz'), TypeError, 'ERR_INVALID_ARG_VALUE')
      ring.remove('a')
      assertThrowsCode(() => ring.remove('b'), TypeError, 'ERR_INVALID_ARG_VALUE', /last server/)
      assert.deepEqual(ring.servers, ['b'], 'refused changes leave the ring as it was')
      assertThrowsCode(() => impl.jumpHash('k', 0), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => impl.jumpHash({}, 3), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => new impl.BoundedLoadRing(['a'], { c: 0.5 }), RangeError, 'ERR_OUT_OF_RANGE')
    })
  })
}

test('native and twin agree on jumpHash for every key type, and throw alike', () => {
  const servers = { 'x:1': 1, 'y:1': 3, 'z:1': { weight: 2, vnodes: 64 } }
  const a = new native.HashRing(servers, { hash: 'ketama' })
  const b = new reference.HashRing(servers, { hash: 'ketama' })
  assert.deepEqual(a.getMany(KEYS), b.getMany(KEYS))
  assert.deepEqual(a.distribution(), b.distribution())
  for (const key of [...KEYS.slice(0, 2000), 0, 1, 2 ** 53 - 1, -5, 123n, 2n ** 64n - 1n, -(2n ** 63n)]) {
    for (const buckets of [1, 2, 17, 1000]) assert.equal(native.jumpHash(key, buckets), reference.jumpHash(key, buckets), `${String(key)} / ${buckets}`)
  }
  for (const misuse of [(m) => new m.HashRing([]), (m) => new m.HashRing({ a: 0 }), (m) => m.jumpHash('k', 0), (m) => new m.HashRing(['a']).range('k', 0)]) {
    assert.deepEqual(thrown(() => misuse(native)), thrown(() => misuse(reference)))
  }
})

test('native and twin give the same ring in every hash mode, defaults included, on 100,000 keys', () => {
  // Keys and server names cover every xxh3 length class (0-16, 17-128, 129-240 and longer bytes,
  // non-ASCII included), so the twin's xxh3 (reference/xxh3.js) is checked on each code path.
  const keys = Array.from({ length: 100_000 }, (_, i) => {
    const length = i % 10 === 0 ? Math.floor(random() * 400) : 1 + Math.floor(random() * 40)
    let key = i % 7 === 0 ? 'ü€' : ''
    while (key.length < length) key += String.fromCharCode(33 + Math.floor(random() * 90))
    return key
  })
  const serverSets = [
    ['cache-a:6379', 'cache-b:6379', 'cache-c:6379'],
    { 'x:1': 1, 'y:1': 3, ['long-'.repeat(30) + 'z:1']: { weight: 2, vnodes: 64 }, ['l'.repeat(300)]: 1 },
  ]
  for (const servers of serverSets) {
    for (const options of [undefined, { hash: 'xxh3' }, { hash: 'ketama' }, { compatibility: 'hash_ring' }, { hash: 'xxh3', vnodes: 7 }]) {
      const label = `${JSON.stringify(options)} over ${Object.keys(Array.isArray(servers) ? Object.fromEntries(servers.map((n) => [n, 1])) : servers).length} servers`
      const a = new native.HashRing(servers, options)
      const b = new reference.HashRing(servers, options)
      assert.equal(a.points, b.points, label)
      const [fromNative, fromTwin] = [a.getMany(keys), b.getMany(keys)]
      const differing = fromNative.filter((server, i) => server !== fromTwin[i]).length
      assert.equal(differing, 0, `${label}: ${differing} of ${keys.length} keys map to another server`)
      assert.deepEqual(a.distribution(), b.distribution(), label)
      for (const key of keys.slice(0, 500)) assert.deepEqual(a.range(key, 3), b.range(key, 3), label)
    }
  }
  const boundedNative = new native.BoundedLoadRing(['a', 'b', 'c', 'd'], { c: 1.25 })
  const boundedTwin = new reference.BoundedLoadRing(['a', 'b', 'c', 'd'], { c: 1.25 })
  for (const key of keys.slice(0, 5000)) assert.equal(boundedNative.assign(key), boundedTwin.assign(key), key)
})

test('a dropped ring releases its native memory', async () => {
  const v8 = require('node:v8')
  const vm = require('node:vm')
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc')
  const live = native.boundaryProbes.fast.liveHandles
  const before = live()
  ;(() => {
    for (let i = 0; i < 50; i++) new native.HashRing(names(3)).get('k')
  })()
  assert.ok(live() >= before + 50)
  for (let i = 0; i < 20 && live() > before; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  assert.ok(live() <= before)
})

test('both native batch paths (joined string, array of strings) give what get gives', () => {
  const { binding } = require('../lib/native.js')
  const ring = new native.HashRing(names(9))
  const keys = [...KEYS.slice(0, 3000), '', 'é', '😀'.repeat(300), 'a'.repeat(1000)]
  const expected = keys.map((k) => ring.get(k))
  assert.deepEqual(ring.getMany(keys), expected)
  const handle = binding.ringNew(0, 4, 40)
  binding.ringSetServers(handle, names(9), new Float64Array(9).fill(1), new Float64Array(9))
  const out = binding.ringGetManyInto(handle, keys, new Uint32Array(keys.length))
  assert.deepEqual(Array.from(out, (i) => names(9)[i]), expected)
  assertThrowsCode(() => binding.ringGetJoinedInto(handle, 'abc', new Uint32Array([2, 5]), new Uint32Array(2)), RangeError, 'ERR_OUT_OF_RANGE')
  binding.handleRelease(handle)
})
