'use strict'
// One memory experiment in a fresh process (so heaps do not mix), printed as JSON on stdout:
//   node --expose-gc bench/lru/memory-run.js big <impl>      1,000,000 entries, 200-byte values
//   node --expose-gc bench/lru/memory-run.js shared <impl>   4 workers on one working set
// impl: native | lru-cache | mnemonist | twin (big); native-shared | lru-cache-private | no-cache
// (shared; no-cache is the same four workers keeping nothing, the baseline to subtract).
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads')
const { PerformanceObserver } = require('node:perf_hooks')
const crypto = require('node:crypto')

const ENTRIES = 1_000_000
// Long enough for dozens of GC pauses, so the p99 is not one lucky or unlucky pause.
const WORKLOAD_OPS = 8_000_000
const VALUE_BYTES = 200

function makeCache(impl, max) {
  switch (impl) {
    case 'native':
      return new (require('../..').LruCache)({ max })
    case 'twin':
      return new (require('../../reference/lru.js').LruCache)({ max })
    case 'lru-cache':
      return new (require('lru-cache').LRUCache)({ max })
    case 'mnemonist': {
      const LRUCache = require('mnemonist/lru-cache')
      return new LRUCache(max)
    }
  }
  throw new Error(`unknown impl ${impl}`)
}

/** A distinct, flat 200-character string (a hex dump of random bytes), as a real value would be. */
const random = crypto.randomBytes(1 << 20)
const value = (i) => random.toString('hex', (i * 97) % (random.length - VALUE_BYTES / 2), ((i * 97) % (random.length - VALUE_BYTES / 2)) + VALUE_BYTES / 2)

function gcWatcher() {
  const pauses = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration)
  })
  observer.observe({ entryTypes: ['gc'] })
  return {
    stop() {
      observer.disconnect()
      pauses.sort((a, b) => a - b)
      const at = (q) => (pauses.length ? pauses[Math.min(pauses.length - 1, Math.floor(q * pauses.length))] : 0)
      return { count: pauses.length, p99: at(0.99), max: at(1), total: pauses.reduce((a, b) => a + b, 0) }
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

async function big(impl) {
  global.gc()
  const before = process.memoryUsage()
  const cache = makeCache(impl, ENTRIES)
  for (let i = 0; i < ENTRIES; i++) cache.set(`key:${i}`, value(i))
  // The mixed workload: 80% gets (all hits), 20% sets replacing a value; keys made per op.
  const watcher = gcWatcher()
  let seed = 42
  const started = process.hrtime.bigint()
  let found = 0
  for (let op = 0; op < WORKLOAD_OPS; op++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    const k = `key:${seed % ENTRIES}`
    if (op % 5 === 4) cache.set(k, value(op))
    else if (cache.get(k) !== undefined) found++
  }
  const workloadMs = Number(process.hrtime.bigint() - started) / 1e6
  await settle() // GC entries are delivered asynchronously
  const gc = watcher.stop()
  global.gc()
  const after = process.memoryUsage()
  if (found !== WORKLOAD_OPS * 0.8) throw new Error(`${impl}: ${found} hits, expected every get to hit`)
  return {
    heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssMB: (after.rss - before.rss) / 2 ** 20,
    gcCount: gc.count,
    gcP99ms: gc.p99,
    gcMaxMs: gc.max,
    gcTotalMs: gc.total,
    workloadMs,
    size: cache.size,
  }
}

// --- 4 workers on one working set ---------------------------------------------------------

const WORKING_SET = 100_000
const OPS_PER_WORKER = 400_000

async function shared(impl) {
  global.gc()
  const before = process.memoryUsage().rss
  const name = `bench-shared-${process.pid}`
  // The native cache is created once (the main thread holds it); each worker opens it by name.
  const holder = impl === 'native-shared' ? require('../..').LruCache.shared(name, { max: WORKING_SET }) : null
  const workers = [0, 1, 2, 3].map((id) => new Worker(__filename, { workerData: { impl, id, name } }))
  const results = await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve)
    w.once('error', reject)
  })))
  // Every worker has finished and collected its garbage; now the whole process is measured.
  global.gc()
  const rssMB = (process.memoryUsage().rss - before) / 2 ** 20
  await Promise.all(workers.map((w) => w.postMessage('exit')))
  const hits = results.reduce((a, r) => a + r.hits, 0)
  const misses = results.reduce((a, r) => a + r.misses, 0)
  const entries = holder ? holder.size : results.reduce((a, r) => a + r.size, 0)
  return { rssMB, hitRate: hits / (hits + misses), entries, loads: misses }
}

function sharedWorker() {
  const { impl, id, name } = workerData
  // 'no-cache' is the baseline: the same workers and loop, every lookup a load, nothing kept.
  const none = { get: () => undefined, set: () => {}, size: 0 }
  const cache =
    impl === 'native-shared' ? require('../..').LruCache.shared(name) : impl === 'no-cache' ? none : new (require('lru-cache').LRUCache)({ max: WORKING_SET })
  // Cache-aside over a working set that all workers share (skewed: a hot tenth gets half).
  let seed = 1000 + id
  let hits = 0
  let misses = 0
  for (let op = 0; op < OPS_PER_WORKER; op++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    const n = seed & 1 ? seed % (WORKING_SET / 10) : (seed >>> 1) % WORKING_SET
    const key = `item:${n}`
    if (cache.get(key) !== undefined) hits++
    else {
      misses++
      cache.set(key, value(n))
    }
  }
  global.gc()
  parentPort.postMessage({ hits, misses, size: cache.size })
  parentPort.once('message', () => process.exit(0))
}

if (!isMainThread) sharedWorker()
else {
  const [mode, impl] = process.argv.slice(2)
  const run = mode === 'big' ? big : shared
  run(impl).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error) => {
      console.error(error)
      process.exit(1)
    },
  )
}
