'use strict'
// Caching lab, consistent hashing: how keys spread over 5 cache nodes, and which move when a
// sixth joins (only to the newcomer, about 1/6 of them).
//   node examples/consistent-hashing.js
const { HashRing, BoundedLoadRing, jumpHash } = require('..')

const nodes = ['cache-a:11211', 'cache-b:11211', 'cache-c:11211', 'cache-d:11211', 'cache-e:11211']
const keys = Array.from({ length: 100_000 }, (_, i) => `user:${i}`)
const ring = new HashRing(nodes) // xxh3; { hash: 'ketama' } maps exactly like npm hashring

const percent = (x) => `${(x * 100).toFixed(1)}%`
const count = (servers) => servers.reduce((acc, s) => ((acc[s] = (acc[s] || 0) + 1), acc), {})

console.log(`${keys.length} keys over ${nodes.length} nodes (${ring.points} points on the ring):`)
const before = ring.getMany(keys)
const share = ring.distribution()
for (const [node, n] of Object.entries(count(before))) {
  console.log(`  ${node.padEnd(14)} ${String(n).padStart(6)} keys (${percent(n / keys.length)}; owns ${percent(share[node])} of the ring)`)
}

ring.add('cache-f:11211')
const after = ring.getMany(keys)
let moved = 0
let movedElsewhere = 0
for (let i = 0; i < keys.length; i++) {
  if (before[i] !== after[i]) {
    moved++
    if (after[i] !== 'cache-f:11211') movedElsewhere++
  }
}
console.log(`added cache-f: ${moved} keys moved, ${movedElsewhere} of them to an old node`)
console.log(`  replicas for user:42: ${ring.range('user:42', 3).join(', ')}`)

const bounded = new BoundedLoadRing(nodes, { c: 1.25 })
for (const key of keys.slice(0, 10_000)) bounded.assign(key)
const loads = Object.values(bounded.loads())
console.log(`bounded loads (c = 1.25): max ${Math.max(...loads)} keys per node, bound ${bounded.capacity}`)
console.log(`jump hash: user:42 -> bucket ${jumpHash('user:42', 5)} of 5, ${jumpHash('user:42', 6)} of 6`)
console.log(`Moved keys = ${percent(moved / keys.length)} (ideal ${percent(1 / 6)})`)
