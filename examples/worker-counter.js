'use strict'
// Worker Threads lab: 4 workers x 1000 increments of one shared counter must give exactly 4000.
//   node examples/worker-counter.js
// The counter lives in a SharedArrayBuffer; each worker attaches to it with AtomicCounter.from().
// A StripedCounter does the same without the workers fighting over one cache line.
const { Worker, isMainThread, workerData } = require('node:worker_threads')
const { AtomicCounter, StripedCounter } = require('..')

const WORKERS = 4
const INCREMENTS = 1000

if (isMainThread) {
  const atomic = new AtomicCounter(0)
  const striped = new StripedCounter({ cells: WORKERS })
  const workers = Array.from(
    { length: WORKERS },
    () => new Worker(__filename, { workerData: { atomic: { buffer: atomic.buffer, index: atomic.index }, striped: striped.buffer } }),
  )
  Promise.all(workers.map((w) => new Promise((resolve, reject) => w.once('exit', resolve).once('error', reject)))).then(() => {
    // JS Atomics sees the same memory the native counter updates.
    const viaAtomics = Atomics.load(new BigInt64Array(atomic.buffer), atomic.index)
    console.log(`${WORKERS} workers x ${INCREMENTS} increments, native AtomicCounter over a SharedArrayBuffer`)
    console.log(`  Atomics.load on the same slot: ${viaAtomics}n`)
    console.log(`  StripedCounter (one cache-line-padded cell per thread): ${striped.sum()}`)
    console.log(`Atomic counter = ${atomic.load()}`)
  })
} else {
  const counter = AtomicCounter.from(workerData.atomic.buffer, workerData.atomic.index)
  const striped = StripedCounter.from(workerData.striped)
  for (let i = 0; i < INCREMENTS; i++) {
    counter.increment()
    striped.increment()
  }
}
