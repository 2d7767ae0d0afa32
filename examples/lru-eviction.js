'use strict'
// Caching lab, LRU: the eviction demo (a 3-entry cache, who gets evicted and why), then
// cache-aside in front of a slow lookup, printing hits, misses and evictions.
//   node examples/lru-eviction.js
const { LruCache } = require('..')

console.log('1. Eviction: a cache of 3, least recently used goes first')
const evicted = []
const cache = new LruCache({
  max: 3,
  dispose: (value, key, reason) => {
    evicted.push(key)
    console.log(`   evicted ${key} = ${value} (${reason})`)
  },
})
cache.set('a', 'apple').set('b', 'banana').set('c', 'cherry')
console.log(`   cache holds ${[...cache.keys()].join(', ')} (most recent first)`)
cache.get('a') // 'a' is now the most recent, so 'b' is the least recent
console.log("   get('a'), then set('d'):")
cache.set('d', 'date')
console.log(`   cache holds ${[...cache.keys()].join(', ')}`)

console.log('\n2. Cache-aside in front of a slow function (2 ms per lookup)')
const sleep = new Int32Array(new SharedArrayBuffer(4))
function slowUserLookup(id) {
  Atomics.wait(sleep, 0, 0, 2) // stands in for a database round trip
  return JSON.stringify({ id, name: `user ${id}` })
}

const users = new LruCache({ max: 50, ttl: 60_000 })
function getUser(id) {
  const key = `user:${id}`
  let user = users.get(key)
  if (user === undefined) {
    user = slowUserLookup(id)
    users.set(key, user)
  }
  return user
}

// A skewed workload: most requests go to a few popular users, some to a long tail.
let seed = 7
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
const started = process.hrtime.bigint()
for (let i = 0; i < 1000; i++) getUser(random() < 0.8 ? Math.floor(random() * 40) : 40 + Math.floor(random() * 400))
const ms = Number(process.hrtime.bigint() - started) / 1e6
const { hits, misses, evictions } = users
console.log(`   1000 requests in ${ms.toFixed(0)} ms (uncached would take ~2000 ms)`)
console.log(`   hits ${hits}, misses ${misses}, evictions ${evictions}, hit rate ${((hits / (hits + misses)) * 100).toFixed(1)}%`)

console.log(`\nLRU evicted = ${evicted.join(', ')}`)
console.log(`Cache hit rate = ${((hits / (hits + misses)) * 100).toFixed(1)}%`)
