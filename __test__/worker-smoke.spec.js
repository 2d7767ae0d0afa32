'use strict'
// The addon loaded in the main thread and four workers at once; two workers are terminated
// while they are calling into it. The process must survive and the others finish correctly.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const native = require('..')

const WORKER = path.join(__dirname, 'fixtures', 'busy-worker.js')

function waitFor(worker, predicate) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (predicate(m)) {
        worker.off('message', onMessage)
        resolve(m)
      }
    }
    worker.on('message', onMessage)
    worker.once('error', reject)
  })
}

test('main thread + 4 workers call in at once; 2 are terminated mid-call; the rest finish', async () => {
  const mainCounter = new native.boundaryProbes.ProbeCounter(0)
  const foreignHandle = native.boundaryProbes.fast.newCounter(5)
  const workers = Array.from({ length: 4 }, () => new Worker(WORKER, { workerData: { foreignHandle } }))
  try {
    await Promise.all(workers.map((w) => waitFor(w, (m) => m.type === 'progress' && m.calls > 0)))
    // The main thread keeps calling while workers die around it.
    for (let i = 0; i < 10000; i++) mainCounter.add(1)

    const exitCodes = await Promise.all(workers.slice(0, 2).map((w) => w.terminate()))
    assert.deepEqual(exitCodes, [1, 1], 'terminate() reports the forced exit')

    for (let i = 0; i < 10000; i++) mainCounter.add(1)
    const done = workers.slice(2).map((w) => waitFor(w, (m) => m.type === 'done'))
    for (const w of workers.slice(2)) w.postMessage('stop')
    for (const result of await Promise.all(done)) {
      assert.ok(result.calls > 0)
      assert.equal(result.total, result.calls / 5, 'each worker has its own counter and lost no add')
      assert.equal(result.foreignHandle, 'ERR_INVALID_HANDLE', "a main-thread handle does not resolve in a worker's table")
      assert.equal(result.liveHandles, 0, 'closed handles are freed')
    }
    assert.equal(mainCounter.add(0), 20000)
    assert.equal(native.boundaryProbes.fast.counterAdd(foreignHandle, 1), 6, 'the main thread still resolves its own handle')
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
    native.boundaryProbes.fast.free(foreignHandle)
    mainCounter.close()
  }
})

test('a worker that only loads the addon and exits cleans up its env', async () => {
  for (let round = 0; round < 3; round++) {
    const w = new Worker(`require(${JSON.stringify(path.join(__dirname, '..'))}).boundaryProbes.fast.newCounter(1)`, { eval: true })
    const code = await new Promise((resolve) => w.once('exit', resolve))
    assert.equal(code, 0)
  }
})

test('workers terminated while async native tasks run (transforms, scrypt) leave the process alive', async () => {
  const source = `
    const { parentPort } = require('node:worker_threads')
    const native = require(${JSON.stringify(path.join(__dirname, '..'))})
    const big = Buffer.alloc(64 << 20, 1)
    const ignore = () => {}
    native.xorInPlaceAsync(big, 'key').catch(ignore)
    native.byteHistogramAsync(big).catch(ignore)
    native.scrypt('pw', 'salt', 32, { N: 1 << 14, p: 2, maxmem: 64 << 20 }).catch(ignore)
    parentPort.postMessage('started')
    setInterval(() => native.countLines(Buffer.from('a\\nb')), 1)`
  for (let round = 0; round < 3; round++) {
    const w = new Worker(source, { eval: true })
    await new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))
    assert.equal(await w.terminate(), 1)
  }
  assert.equal(native.countLines(Buffer.from('still\nalive\n')), 2)
})
