'use strict'
// LRU cache: per-op get/set (80/20) and plain gets against npm lru-cache, mnemonist's LRUCache
// and the JS twin; getMany(100); then, each in a fresh process (bench/lru/memory-run.js), a
// 1,000,000-entry cache under a mixed workload (V8 heap, RSS, GC pauses) and four workers on one
// working set (one shared native cache vs four private lru-caches: memory and hit rate).

const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { LRUCache } = require('lru-cache')
const MnemonistLru = require('mnemonist/lru-cache')
const native = require('../..')
const reference = require('../../reference/lru.js')

const ENTRIES = 10_000
/**
 * The key strings a timed loop reuses, made once per loop: every implementation gets its own
 * strings, as it would in a program with one cache. Shared strings carry one implementation's
 * side effects into the next one's timing: mnemonist keeps entries in an object, which
 * internalises every key it is given and leaves the original string an indirection to the
 * internalised copy, and a native get that then read those strings took +10 ns (measured:
 * 91-98 vs 82-88 ns, and 82-87 with strings of its own).
 */
const keyStrings = (count = 1 << 14) => Array.from({ length: count }, (_, i) => `user:${(i * 2654435761) % ENTRIES}:profile`)
const MASK = (1 << 14) - 1
const VALUE = 'v'.repeat(200)
const batchOf = () => keyStrings(100)

/** One cache of each kind, every entry set to `valueOf(i)`. */
function cachesWith(valueOf) {
  const fill = (cache) => {
    for (let i = 0; i < ENTRIES; i++) cache.set(`user:${i}:profile`, valueOf(i))
    return cache
  }
  return {
    native: fill(new native.LruCache({ max: ENTRIES })),
    twin: fill(new reference.LruCache({ max: ENTRIES })),
    lruCache: fill(new LRUCache({ max: ENTRIES })),
    mnemonist: fill(new MnemonistLru(ENTRIES)),
  }
}

const caches = cachesWith((i) => `${VALUE}${i}`)
/** The same with 16-character values: how much of a native get is the copy-out. */
const shortCaches = cachesWith((i) => `v${String(i).padStart(15, '0')}`)

/** 4 gets then 1 set, over keys that all hit (the usual read-mostly cache). */
function mixed(cache) {
  const KEYS = keyStrings()
  let i = 0
  return () => {
    const key = KEYS[i++ & MASK]
    if (i % 5 === 0) {
      cache.set(key, VALUE)
      return 0
    }
    return cache.get(key).length
  }
}

function gets(cache) {
  const KEYS = keyStrings()
  let i = 0
  return () => cache.get(KEYS[i++ & MASK]).length
}

/** Keys as a service makes them, per call from an id: new strings each time, no cached hash. */
const IDS = Array.from({ length: 1 << 14 }, (_, i) => (i * 2654435761) % ENTRIES)

function freshGets(cache) {
  let i = 0
  return () => cache.get(`user:${IDS[i++ & MASK]}:profile`).length
}

const FRESH_BATCH_IDS = IDS.slice(0, 100)

const ROLES = { native: 'native', twin: 'reference', lruCache: 'peer', mnemonist: 'peer' }
const NAMES = { native: 'native LruCache', twin: 'JS twin', lruCache: 'npm lru-cache', mnemonist: 'mnemonist LRUCache' }
const variantsOf = (make, output = () => 0, from = caches) =>
  Object.keys(from).map((id) => ({ name: NAMES[id], role: ROLES[id], fn: make(from[id]), output }))

function runMemory(mode, impl) {
  const script = path.join(__dirname, 'memory-run.js')
  const out = execFileSync(process.execPath, ['--expose-gc', script, mode, impl], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out)
}

async function tables(progress) {
  const big = {}
  for (const impl of ['native', 'lru-cache', 'mnemonist', 'twin']) {
    progress(`lru / 1M entries: ${impl}`)
    big[impl] = runMemory('big', impl)
  }
  const shared = {}
  for (const impl of ['native-shared', 'lru-cache-private', 'no-cache']) {
    progress(`lru / 4 workers: ${impl}`)
    shared[impl] = runMemory('shared', impl)
  }
  const baseline = shared['no-cache'].rssMB
  const mb = (x) => Math.round(x * 10) / 10
  return [
    {
      name: '1,000,000 entries, 200-byte string values, mixed workload',
      description: 'Fill 1M entries, then 8M operations (80% get, 20% set replacing a value) with keys made per op. Heap and RSS: growth over the empty process, after a full GC. GC pauses: perf_hooks `gc` entries during the workload.',
      columns: ['V8 heap MB', 'RSS MB', 'GC pauses', 'p99 pause ms', 'max pause ms', 'GC total ms', 'workload ms'],
      rows: Object.entries(big).map(([impl, r]) => ({
        label: impl,
        values: [mb(r.heapMB), mb(r.rssMB), r.gcCount, r.gcP99ms, r.gcMaxMs, mb(r.gcTotalMs), Math.round(r.workloadMs)],
      })),
    },
    {
      name: '4 workers, one shared working set (100,000 keys, cache-aside)',
      description: 'Each worker: 400,000 lookups (half on a hot tenth of the keys), loading a 200-byte value on a miss. "cache MB" is the process RSS growth minus the same four workers running with no cache (the baseline row).',
      columns: ['process RSS MB', 'cache MB', 'hit rate', 'entries held', 'loads (misses)'],
      rows: Object.entries(shared).map(([impl, r]) => ({
        label: impl,
        values: [mb(r.rssMB), impl === 'no-cache' ? 0 : mb(r.rssMB - baseline), Math.round(r.hitRate * 1000) / 1000, r.entries, r.loads],
      })),
    },
  ]
}

module.exports = {
  title: 'LRU cache',
  notes: [
    `Timed rows: a ${ENTRIES.toLocaleString('en')}-entry cache of 200-character strings, string keys, every get a hit.`,
    'The native cache keeps values out of the V8 heap, so a get makes a new JS string (lru-cache returns',
    'the one it holds). The 16-character row shows that copy is a small part of a native get: most of it',
    'is the call (handle, key read, lookup and promotion). The memory tables show what it buys.',
    'The targets use one array of key strings, reused: JS Maps have hashed those strings already, their',
    'best case. The "key built per call" rows make each key as a service does (from an id, per request);',
    'there a JS Map must hash a new string every time, and the native cache is the faster one.',
  ].join('\n'),
  tables,
  groups: [
    {
      name: 'get, one call per key',
      baseline: 'npm lru-cache',
      variants: variantsOf(gets, (length) => length),
    },
    {
      name: 'get, one call per key, 16-character values',
      description: 'The same as above with short values: the difference is what copying a value out of Rust costs.',
      baseline: 'npm lru-cache',
      variants: variantsOf(gets, (length) => length, shortCaches),
    },
    {
      name: 'get, one call per key, key built per call',
      description: 'Each get builds its key (`user:${id}:profile`), as a service does from a request: a fresh string whose hash no one has computed yet. The rows above reuse one array of key strings, which JS Maps have already hashed (their best case).',
      baseline: 'npm lru-cache',
      variants: variantsOf(freshGets, (length) => length),
    },
    {
      name: 'mixed 80% get / 20% set, one call per op',
      baseline: 'npm lru-cache',
      variants: variantsOf(mixed),
    },
    {
      name: 'getMany(100): time per key',
      baseline: 'npm lru-cache get ×100',
      opsPerCall: 100,
      // The peers' loops are written out one by one on purpose: one shared helper would be one
      // `cache.get` call site for both classes (polymorphic), slower than either peer alone.
      variants: [
        { name: 'native getMany', fn: ((batch) => () => caches.native.getMany(batch).length)(batchOf()), opsPerCall: 100 },
        { name: 'JS twin getMany', role: 'reference', fn: ((batch) => () => caches.twin.getMany(batch).length)(batchOf()), opsPerCall: 100 },
        {
          name: 'npm lru-cache get ×100',
          role: 'peer',
          fn: ((batch) => () => {
            const out = new Array(batch.length)
            for (let i = 0; i < batch.length; i++) out[i] = caches.lruCache.get(batch[i])
            return out.length
          })(batchOf()),
          opsPerCall: 100,
        },
        {
          name: 'native getMany, keys built per call',
          fn: () => caches.native.getMany(FRESH_BATCH_IDS.map((id) => `user:${id}:profile`)).length,
          opsPerCall: 100,
        },
        {
          name: 'npm lru-cache get ×100, keys built per call',
          role: 'peer',
          fn: () => {
            const out = new Array(FRESH_BATCH_IDS.length)
            for (let i = 0; i < FRESH_BATCH_IDS.length; i++) out[i] = caches.lruCache.get(`user:${FRESH_BATCH_IDS[i]}:profile`)
            return out.length
          },
          opsPerCall: 100,
        },
        {
          name: 'mnemonist get ×100',
          role: 'peer',
          fn: ((batch) => () => {
            const out = new Array(batch.length)
            for (let i = 0; i < batch.length; i++) out[i] = caches.mnemonist.get(batch[i])
            return out.length
          })(batchOf()),
          opsPerCall: 100,
        },
      ],
    },
  ],
  targets: [
    {
      label: 'get: native ns/op ÷ lru-cache ns/op (<= 2)',
      max: 2,
      measure: (ns) => ns('get, one call per key', 'native LruCache') / ns('get, one call per key', 'npm lru-cache'),
    },
    {
      label: 'getMany(100) per key ÷ lru-cache get (< 1)',
      max: 1,
      measure: (ns) => ns('getMany(100): time per key', 'native getMany') / ns('get, one call per key', 'npm lru-cache'),
    },
    {
      label: '1M entries: native V8 heap ÷ lru-cache heap (<= 0.10)',
      max: 0.1,
      measure: (ns, cell) => cell('1,000,000 entries, 200-byte string values, mixed workload', 'native', 'V8 heap MB') / cell('1,000,000 entries, 200-byte string values, mixed workload', 'lru-cache', 'V8 heap MB'),
    },
    {
      label: '1M entries: native p99 GC pause ÷ lru-cache p99 (<= 0.25)',
      max: 0.25,
      measure: (ns, cell) => cell('1,000,000 entries, 200-byte string values, mixed workload', 'native', 'p99 pause ms') / cell('1,000,000 entries, 200-byte string values, mixed workload', 'lru-cache', 'p99 pause ms'),
    },
    {
      label: '4 workers: shared native cache MB ÷ 4 private lru-caches MB (<= 0.35)',
      max: 0.35,
      measure: (ns, cell) => cell('4 workers, one shared working set (100,000 keys, cache-aside)', 'native-shared', 'cache MB') / cell('4 workers, one shared working set (100,000 keys, cache-aside)', 'lru-cache-private', 'cache MB'),
    },
    {
      label: '4 workers: shared hit rate − private hit rate (>= 0)',
      min: 0,
      measure: (ns, cell) => cell('4 workers, one shared working set (100,000 keys, cache-aside)', 'native-shared', 'hit rate') - cell('4 workers, one shared working set (100,000 keys, cache-aside)', 'lru-cache-private', 'hit rate'),
    },
  ],
}
