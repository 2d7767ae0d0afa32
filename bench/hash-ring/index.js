'use strict'
// Consistent hashing: one lookup (unique keys, so npm hashring's 5000-entry cache misses, and a
// repeated key, where it hits), batches, jump hash, and building rings of 100 and 1000 servers.

const HashRingOracle = require('hashring')
const native = require('../..')
const reference = require('../../reference/hash_ring.js')
const { FnvRing } = require('./fnv_ring.js')

const SERVERS = Array.from({ length: 10 }, (_, i) => `cache-${i}.internal:11211`)
const KEYS = Array.from({ length: 1 << 16 }, (_, i) => `session:${(i * 2654435761) >>> 0}:user`)
const MASK = KEYS.length - 1
const BATCH = KEYS.slice(0, 1000)

const nativeXxh3 = new native.HashRing(SERVERS)
const nativeKetama = new native.HashRing(SERVERS, { hash: 'ketama' })
const twinXxh3 = new reference.HashRing(SERVERS) // the native default ring's exact map, in BigInt JS
const fnvRing = new FnvRing(SERVERS)
const twinKetama = new reference.HashRing(SERVERS, { hash: 'ketama' })
const oracle = new HashRingOracle(SERVERS)

/** A lookup over unique keys: every call a new key (the key list is 16x hashring's cache). */
function cycling(lookup) {
  let i = 0
  return () => lookup(KEYS[i++ & MASK])
}

const isServer = (actual, expected, where) => {
  if (!SERVERS.includes(actual) || !SERVERS.includes(expected)) throw new Error(`${where}: not a server`)
}

function build(count) {
  const servers = Array.from({ length: count }, (_, i) => `node-${i}:6379`)
  return {
    name: `build a ring of ${count} servers`,
    description: `${count * 160} points (ketama: md5 of every vnode).`,
    equal: (actual, expected, where) => {
      if (actual !== expected) throw new Error(`${where}: ${actual} points vs ${expected}`)
    },
    variants: [
      { name: 'native xxh3', fn: () => new native.HashRing(servers).points },
      { name: 'native ketama', fn: () => new native.HashRing(servers, { hash: 'ketama' }).points },
      { name: 'JS twin ketama', role: 'reference', fn: () => new reference.HashRing(servers, { hash: 'ketama' }).points },
      { name: 'npm hashring', role: 'peer', fn: () => new HashRingOracle(servers).ring.length },
    ],
  }
}

module.exports = {
  title: 'Consistent hashing',
  notes: [
    'Ketama rows give exactly npm hashring\'s map (checked before timing). In the fast-hash rows the',
    'native xxh3 ring and its JS twin (XXH3 in BigInt, reference/xxh3.js) give the same map; the FNV-1a',
    'peer is the ring plain JS writes with a cheap hash (bench/hash-ring/fnv_ring.js), a different map,',
    'so those rows check only that every answer is a server. 10 servers, 160 points each.',
  ].join('\n'),
  groups: [
    {
      name: 'get, unique keys, ketama (npm hashring\'s exact map)',
      baseline: 'npm hashring',
      variants: [
        { name: 'native ketama', fn: cycling((k) => nativeKetama.get(k)) },
        { name: 'JS twin ketama', role: 'reference', fn: cycling((k) => twinKetama.get(k)) },
        { name: 'npm hashring', role: 'peer', note: 'cache misses', fn: cycling((k) => oracle.get(k)) },
      ],
    },
    {
      name: 'get, unique keys, fast hash',
      baseline: 'npm hashring',
      equal: isServer,
      variants: [
        { name: 'native xxh3', fn: cycling((k) => nativeXxh3.get(k)) },
        { name: 'JS twin xxh3', role: 'reference', note: 'same map, BigInt', fn: cycling((k) => twinXxh3.get(k)) },
        { name: 'JS FNV-1a ring', role: 'peer', note: 'another map', fn: cycling((k) => fnvRing.get(k)) },
        { name: 'npm hashring', role: 'peer', note: 'md5, cache misses', fn: cycling((k) => oracle.get(k)) },
      ],
    },
    {
      name: 'get, one repeated key',
      equal: isServer,
      variants: [
        { name: 'native xxh3', fn: () => nativeXxh3.get(KEYS[7]) },
        { name: 'JS twin xxh3', role: 'reference', fn: () => twinXxh3.get(KEYS[7]) },
        { name: 'JS FNV-1a ring', role: 'peer', fn: () => fnvRing.get(KEYS[7]) },
        { name: 'npm hashring', role: 'peer', note: 'its cache hits', fn: () => oracle.get(KEYS[7]) },
      ],
    },
    {
      name: 'getMany(1000), per key',
      opsPerCall: 1000,
      equal: (actual, expected, where) => {
        if (actual.length !== expected.length || !actual.every((s) => SERVERS.includes(s))) throw new Error(`${where}: bad batch`)
      },
      variants: [
        { name: 'native xxh3 getMany', opsPerCall: 1000, fn: () => nativeXxh3.getMany(BATCH) },
        { name: 'native ketama getMany', opsPerCall: 1000, fn: () => nativeKetama.getMany(BATCH) },
        { name: 'JS twin xxh3 getMany', role: 'reference', opsPerCall: 1000, fn: () => twinXxh3.getMany(BATCH) },
        { name: 'JS FNV-1a ring get x1000', role: 'peer', opsPerCall: 1000, fn: () => BATCH.map((k) => fnvRing.get(k)) },
        { name: 'npm hashring get x1000', role: 'peer', opsPerCall: 1000, note: 'md5, its cache warm', fn: () => BATCH.map((k) => oracle.get(k)) },
      ],
    },
    {
      name: 'jumpHash(key, 1000)',
      variants: [
        { name: 'native, string key', fn: () => native.jumpHash('session:12345:user', 1000) },
        { name: 'JS twin, string key', role: 'reference', fn: () => reference.jumpHash('session:12345:user', 1000) },
      ],
    },
    {
      name: 'jumpHash(integer key, 1000)',
      variants: [
        { name: 'native, number key', fn: () => native.jumpHash(123456789, 1000) },
        { name: 'JS twin, number key', role: 'reference', note: 'BigInt arithmetic', fn: () => reference.jumpHash(123456789, 1000) },
      ],
    },
    build(100),
    build(1000),
  ],
  targets: [
    {
      label: 'get on unique keys: native xxh3 speed × npm hashring',
      min: 10,
      measure: (ns) => ns('get, unique keys, fast hash', 'npm hashring') / ns('get, unique keys, fast hash', 'native xxh3'),
    },
    {
      label: 'get on unique keys: native xxh3 speed × a JS ring with a non-crypto hash',
      min: 1,
      measure: (ns) => ns('get, unique keys, fast hash', 'JS FNV-1a ring') / ns('get, unique keys, fast hash', 'native xxh3'),
    },
    {
      label: 'getMany per key: native xxh3 speed × a JS ring with a non-crypto hash, per key',
      min: 2,
      measure: (ns) => ns('getMany(1000), per key', 'JS FNV-1a ring get x1000') / ns('getMany(1000), per key', 'native xxh3 getMany'),
    },
  ],
}
