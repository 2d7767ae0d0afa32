'use strict'
// Counters: one call's cost against the Node-API floor and JS Atomics, and increments/s with
// 1, 2 and 4 threads hammering one counter (the contention StripedCounter exists to remove).

const path = require('node:path')
const { Worker } = require('node:worker_threads')
const native = require('../..')
const reference = require('../../reference/counter.js')
const { boundaryProbes } = native

const STRIPE_SLOTS = 16 // 128-byte stripes, in BigInt64 slots
const PER_THREAD = Number(process.env.BENCH_COUNTER_OPS || 2_000_000)
const THREAD_COUNTS = [1, 2, 4]

let pool = []

async function ensurePool(size) {
  while (pool.length < size) {
    const w = new Worker(path.join(__dirname, 'thread-worker.js'))
    w.unref()
    pool.push(w)
  }
}

/** Runs `threads` workers doing `count` increments each; returns the wall time (ns) and the final total. */
async function runThreads(kind, threads, count) {
  await ensurePool(threads)
  const striped = kind.includes('striped') || kind.includes('padded')
  const buffer = new SharedArrayBuffer(striped ? threads * STRIPE_SLOTS * 8 : 8)
  const gate = new SharedArrayBuffer(8)
  const gateView = new Int32Array(gate)
  const done = pool.slice(0, threads).map(
    (w, slot) =>
      new Promise((resolve, reject) => {
        const fail = (error) => reject(error)
        w.once('error', fail)
        w.once('message', (m) => {
          w.off('error', fail)
          resolve(m)
        })
        w.postMessage({ kind, buffer, index: 0, count, gate, slot })
      }),
  )
  while (Atomics.load(gateView, 1) < threads) Atomics.wait(gateView, 1, Atomics.load(gateView, 1), 50)
  const start = process.hrtime.bigint()
  Atomics.store(gateView, 0, 1)
  Atomics.notify(gateView, 0)
  await Promise.all(done)
  const elapsed = Number(process.hrtime.bigint() - start)
  const cells = new BigInt64Array(buffer)
  let total = 0n
  for (const v of cells) total += v
  return { elapsed, total: Number(total) }
}

const THREAD_KINDS = [
  'native atomic',
  'native striped',
  'native atomic, counted in Rust',
  'native striped, counted in Rust',
  'reference atomic',
  'js Atomics, one slot',
  'js Atomics, padded slots',
]

function threadGroup(threads) {
  return {
    name: `${threads} thread${threads > 1 ? 's' : ''} incrementing one counter`,
    description: `${threads} worker(s) x ${PER_THREAD.toLocaleString('en')} increments; time/op is wall time ÷ all increments (aggregate throughput).`,
    baseline: 'native atomic',
    expect: threads * 1000,
    variants: THREAD_KINDS.map((kind) => ({
      name: kind,
      role: kind.startsWith('reference') ? 'reference' : kind.startsWith('js') ? 'peer' : 'native',
      fn: async () => (await runThreads(kind, threads, 1000)).total,
      measure: async () => {
        const { elapsed, total } = await runThreads(kind, threads, PER_THREAD)
        if (total !== threads * PER_THREAD) throw new Error(`${kind}: counted ${total}, expected ${threads * PER_THREAD}`)
        return elapsed / total
      },
    })),
  }
}

const atomic = new native.AtomicCounter(0)
const twin = new reference.AtomicCounter(0)
const striped = new native.StripedCounter({ cells: 8 })
const view = new BigInt64Array(new SharedArrayBuffer(8))
const { floor } = boundaryProbes

module.exports = {
  title: 'Counters over SharedArrayBuffer',
  notes: [
    'Single-thread rows: one call per increment from a JS loop. JS `Atomics.add` is inlined by V8, so',
    'it wins per call; native wins where the counting happens inside Rust (`incrementMany`). Thread',
    'rows: the machine has 2 cores, so 4 threads time-share them; one slot makes every increment',
    'move a cache line between cores, striped cells do not.',
  ].join('\n'),
  teardown: async () => {
    await Promise.all(pool.map((w) => w.terminate()))
    pool = []
  },
  groups: [
    {
      name: 'one add call, single thread',
      baseline: 'floor u32',
      variants: [
        { name: 'floor u32', note: 'bare Node-API, one u32 in and out', fn: () => floor.u32(1), output: () => 0 },
        { name: 'native AtomicCounter.add', fn: () => atomic.add(1), output: () => 0 },
        { name: 'native AtomicCounter.increment', fn: () => atomic.increment(), output: () => 0 },
        { name: 'native StripedCounter.add', fn: () => striped.add(1), output: () => 0 },
        { name: 'native StripedCounter.increment', fn: () => striped.increment(), output: () => 0 },
        { name: 'reference AtomicCounter.add', role: 'reference', fn: () => twin.add(1), output: () => 0 },
        { name: 'js Atomics.add', role: 'peer', fn: () => Atomics.add(view, 0, 1n), output: () => 0 },
      ],
    },
    {
      name: '1000 increments in one call, single thread',
      baseline: 'native incrementMany',
      opsPerCall: 1000,
      variants: [
        { name: 'native incrementMany', fn: () => atomic.incrementMany(1000), output: () => 0, opsPerCall: 1000 },
        { name: 'native addMany', note: '1000 values', fn: () => atomic.addMany(ONES), output: () => 0, opsPerCall: 1000 },
        { name: 'reference incrementMany', role: 'reference', fn: () => twin.incrementMany(1000), output: () => 0, opsPerCall: 1000 },
        {
          name: 'js Atomics.add loop',
          role: 'peer',
          fn: () => {
            for (let i = 0; i < 1000; i++) Atomics.add(view, 0, 1n)
            return 0
          },
          opsPerCall: 1000,
        },
      ],
    },
    ...THREAD_COUNTS.map(threadGroup),
  ],
  targets: [
    {
      label: 'one native add ÷ the Node-API floor (u32 in/out)',
      max: 3,
      measure: (ns) => ns('one add call, single thread', 'native AtomicCounter.add') / ns('one add call, single thread', 'floor u32'),
    },
    {
      label: 'StripedCounter ÷ AtomicCounter increments/s, 4 workers, counted in Rust',
      min: 2,
      measure: (ns) => ns('4 threads incrementing one counter', 'native atomic, counted in Rust') / ns('4 threads incrementing one counter', 'native striped, counted in Rust'),
    },
    {
      label: 'StripedCounter ÷ AtomicCounter increments/s, 4 workers, one call per increment',
      min: 2,
      measure: (ns) => ns('4 threads incrementing one counter', 'native atomic') / ns('4 threads incrementing one counter', 'native striped'),
    },
  ],
}

const ONES = new Float64Array(1000).fill(1)
