'use strict'
// A short-lived worker of the soak: opens the shared caches, works on them and on a few rounds
// of the mixed load, closes what it opened and exits.
const { parentPort, workerData } = require('node:worker_threads')
const native = require('..')
const { round, createState } = require('./load')

async function main() {
  const shared = native.LruCache.shared('soak-shared', { max: 10_000 })
  const ownName = `soak-worker-${workerData.index % 4}`
  const own = native.LruCache.shared(ownName, { max: 1000, ttl: 500 })
  const counter = native.StripedCounter.from(workerData.counter)
  for (let i = 0; i < 2000; i++) {
    const key = `w${(workerData.index * 997 + i) % 20_000}`
    if (shared.get(key) === undefined) shared.set(key, `from worker ${workerData.index}`)
    own.set(key, i)
    counter.increment()
  }
  const state = createState()
  for (let i = 0; i < 3; i++) await round(state)
  state.cache?.close()
  own.close()
  shared.close()
  parentPort.postMessage({ done: true })
}

main().catch((error) => parentPort.postMessage({ error: `${error.name} ${error.code ?? ''}: ${error.message}` }))
