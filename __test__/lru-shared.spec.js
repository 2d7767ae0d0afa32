'use strict'
// SharedLruCache across worker_threads: four workers on one process-wide cache, with disjoint
// keys (no write is lost), overlapping keys under a small max (size never above max, values
// intact), and workers terminated in the middle of their calls (the process and cache survive).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { LruCache } = require('..')

const WORKER = path.join(__dirname, 'fixtures', 'lru-worker.js')

function run(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData })
    let done
    worker.on('message', (message) => message.type === 'done' && (done = message))
    worker.once('error', reject)
    // Resolve on exit, once the worker's env (and its handle on the cache) is gone.
    worker.once('exit', () => (done ? resolve(done) : reject(new Error('worker exited without a result'))))
  })
}

test('4 workers writing disjoint keys: no write is lost', async () => {
  const name = `disjoint-${process.pid}`
  const options = { max: 100_000 }
  const cache = LruCache.shared(name, options)
  const results = await Promise.all([0, 1, 2, 3].map((id) => run({ name, options, id, mode: 'disjointWrites', ops: 20_000 })))
  for (const { id, missing } of results) assert.equal(missing, 0, `worker ${id} lost writes`)
  assert.equal(cache.size, 80_000)
  for (const id of [0, 1, 2, 3]) assert.equal(cache.get(`w${id}:19999`), `value ${id}/19999`, 'the main thread sees the workers\' writes')
  assert.ok(cache.shards > 1, 'a cache this big is sharded')
})

test('4 workers on overlapping keys with a small max: size <= max at every observation', async () => {
  const name = `overlap-${process.pid}`
  const options = { max: 300, shards: 4 }
  const cache = LruCache.shared(name, options)
  let mainMax = 0
  const watcher = setInterval(() => (mainMax = Math.max(mainMax, cache.size)), 1)
  const results = await Promise.all([0, 1, 2, 3].map((id) => run({ name, options, id, mode: 'overlapping', ops: 60_000 })))
  clearInterval(watcher)
  for (const { id, maxSeen, badValues } of results) {
    assert.ok(maxSeen <= 300, `worker ${id} saw size ${maxSeen}`)
    assert.equal(badValues, 0)
  }
  assert.ok(mainMax <= 300)
  assert.equal(cache.size, 300)
  assert.ok(cache.evictions > 0)
  assert.equal(cache.hits + cache.misses, 4 * 40_000, 'every get of every worker was counted once')
})

test('workers terminated mid-operation: no crash, the cache stays usable', async () => {
  const name = `terminate-${process.pid}`
  const options = { max: 2000, maxSize: 50_000 }
  const cache = LruCache.shared(name, options)
  for (let round = 0; round < 3; round++) {
    const workers = [0, 1, 2, 3].map((id) => new Worker(WORKER, { workerData: { name, options, id, mode: 'forever' } }))
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))))
    await new Promise((resolve) => setTimeout(resolve, 30))
    await Promise.all(workers.map((w) => w.terminate()))
  }
  assert.ok(cache.size > 0 && cache.size <= 2000)
  assert.ok(cache.calculatedSize <= 50_000)
  cache.set('after', 'still works')
  assert.equal(cache.get('after'), 'still works')
  const keys = [...cache.keys()]
  assert.equal(keys.length, cache.size)
})

test('values written by one worker are read by another thread: objects (v8 codec), bytes', async () => {
  const name = `objects-${process.pid}`
  const options = { max: 100, codec: 'v8' }
  const cache = LruCache.shared(name, options)
  await Promise.all([0, 1].map((id) => run({ name, options, id, mode: 'objects' })))
  for (const id of [0, 1]) {
    assert.deepEqual(cache.get(`obj:${id}`), { id, when: new Date(Date.UTC(2026, 10, id + 1)), tags: new Set(['a', String(id)]) })
    assert.deepEqual(cache.get(`buf:${id}`), Buffer.from([id, id + 1, id + 2]))
  }
})

test('the cache lives while any holder has it open', async () => {
  const name = `lifetime-${process.pid}`
  const options = { max: 10 }
  await run({ name, options, id: 0, mode: 'disjointWrites', ops: 5 })
  // The worker was the only holder; once its env is gone, the name opens a new, empty cache.
  const reopened = LruCache.shared(name, options)
  assert.equal(reopened.size, 0)
})
