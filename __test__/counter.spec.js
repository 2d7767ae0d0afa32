'use strict'
// AtomicCounter and StripedCounter: one conformance suite over the native counters and their
// pure-JS twin, JS Atomics on the same memory, and worker_threads sharing a counter.
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker, threadId } = require('node:worker_threads')
const native = require('..')
const reference = require('../reference/counter.js')
const { assertThrowsCode, thrown } = require('./helpers.js')

const IMPLS = { native, reference }
const WORKER = path.join(__dirname, 'fixtures', 'counter-worker.js')
const MAX = Number.MAX_SAFE_INTEGER

function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData })
    w.on('message', (m) => m.done && resolve())
    w.once('error', reject)
    w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
  })
}

for (const [name, { AtomicCounter, StripedCounter }] of Object.entries(IMPLS)) {
  describe(`${name}: AtomicCounter`, () => {
    test('returns what Atomics returns for each operation', () => {
      const c = new AtomicCounter(5)
      assert.equal(c.add(3), 5)
      assert.equal(c.sub(2), 8)
      assert.equal(c.increment(), 6)
      assert.equal(c.decrement(), 7)
      assert.equal(c.load(), 6)
      assert.equal(c.store(-40), -40, 'store returns the stored value')
      assert.equal(c.exchange(9), -40)
      assert.equal(c.compareExchange(1, 100), 9, 'no swap: returns the current value')
      assert.equal(c.load(), 9)
      assert.equal(c.compareExchange(9, 100), 9)
      assert.equal(c.load(), 100)
      assert.equal(new AtomicCounter().load(), 0)
      assert.equal(new AtomicCounter(7n).loadBig(), 7n)
    })

    test('BigInt variants cover the whole i64 and wrap like BigInt64Array', () => {
      const c = new AtomicCounter(0)
      assert.equal(c.storeBig(2n ** 63n - 1n), 2n ** 63n - 1n)
      assert.equal(c.addBig(1n), 2n ** 63n - 1n)
      assert.equal(c.loadBig(), -(2n ** 63n), 'wraps as Atomics.add on a BigInt64Array does')
      assert.equal(c.subBig(1n), -(2n ** 63n))
      assert.equal(c.exchangeBig(5n), 2n ** 63n - 1n)
      assert.equal(c.compareExchangeBig(5n, 6n), 5n)
      assert.equal(c.loadBig(), 6n)
      assertThrowsCode(() => c.addBig(1), TypeError, 'ERR_INVALID_ARG_TYPE', /"n" argument must be of type bigint/)
      assertThrowsCode(() => c.addBig(2n ** 63n), RangeError, 'ERR_OUT_OF_RANGE')
    })

    test('numbers stay exact: leaving the safe range is a RangeError and loses nothing', () => {
      const c = new AtomicCounter(MAX - 1)
      assert.equal(c.add(1), MAX - 1)
      assertThrowsCode(() => c.add(1), RangeError, 'ERR_OUT_OF_RANGE', /outside the safe integer range/)
      assert.equal(c.load(), MAX, 'the failed add was undone')
      c.storeBig(2n ** 60n)
      assertThrowsCode(() => c.load(), RangeError, 'ERR_OUT_OF_RANGE', /use the BigInt methods/)
      assertThrowsCode(() => c.exchange(1), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => c.add(-1), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => c.compareExchange(0, 1), RangeError, 'ERR_OUT_OF_RANGE')
      assert.equal(c.loadBig(), 2n ** 60n, 'no failed number operation wrote anything')
      assertThrowsCode(() => c.add(1.5), RangeError, 'ERR_OUT_OF_RANGE', /It must be an integer/)
      assertThrowsCode(() => c.add(MAX + 2), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => c.add('1'), TypeError, 'ERR_INVALID_ARG_TYPE', /"n" argument must be of type number/)
      assertThrowsCode(() => c.store(NaN), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => new AtomicCounter(0.5), RangeError, 'ERR_OUT_OF_RANGE')
    })

    test('addMany and incrementMany cross once and are all or nothing', () => {
      const c = new AtomicCounter(0)
      assert.equal(c.addMany([1, 2, 3, -1]), 5)
      assert.equal(c.addMany(new Float64Array([10, 20])), 35)
      assert.equal(c.addMany([]), 35)
      assert.equal(c.incrementMany(1000), 1035)
      assert.equal(c.incrementMany(3, -5), 1020)
      assertThrowsCode(() => c.addMany([1, MAX, 1]), RangeError, 'ERR_OUT_OF_RANGE')
      assert.equal(c.load(), 1020, 'the applied part was taken back')
      assertThrowsCode(() => c.addMany([1, 0.5]), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => c.addMany([1, '2']), TypeError, 'ERR_INVALID_ARG_TYPE', /"values\[1\]" argument/)
      assertThrowsCode(() => c.addMany('12'), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => c.incrementMany(-1), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => c.incrementMany(2, MAX), RangeError, 'ERR_OUT_OF_RANGE')
      assert.equal(c.load(), 1020)
    })

    test('shares memory with JS Atomics: the slot is BigInt64Array(c.buffer)[c.index]', () => {
      const c = new AtomicCounter(0)
      const view = new BigInt64Array(c.buffer)
      Atomics.add(view, c.index, 5n)
      assert.equal(c.add(1), 5)
      assert.equal(Atomics.load(view, c.index), 6n)
    })

    test('from() attaches to memory made elsewhere, at a slot', () => {
      const sab = new SharedArrayBuffer(64)
      const view = new BigInt64Array(sab)
      const c = AtomicCounter.from(sab, 3)
      c.add(7)
      assert.equal(view[3], 7n)
      assert.equal(c.index, 3)
      assert.equal(c.buffer, sab)
      const sub = new BigInt64Array(sab, 16, 4) // slots 2..5
      const d = AtomicCounter.from(sub, 1)
      assert.equal(d.index, 3, 'an index into a view maps to the buffer slot')
      assert.equal(d.load(), 7)
      const e = AtomicCounter.from(new BigUint64Array(sab), 3)
      assert.equal(e.add(1), 7)
      assert.equal(AtomicCounter.from(c.buffer, c.index).load(), 8, 'buffer + index is the sharing story')
    })

    test('from() refuses memory it cannot use, with codes', () => {
      assertThrowsCode(() => AtomicCounter.from(new ArrayBuffer(8)), TypeError, 'ERR_INVALID_ARG_VALUE', /plain ArrayBuffer cannot be shared/)
      assertThrowsCode(() => AtomicCounter.from(new BigInt64Array(2)), TypeError, 'ERR_INVALID_ARG_VALUE', /backed by a SharedArrayBuffer/)
      assertThrowsCode(() => AtomicCounter.from(new Int32Array(new SharedArrayBuffer(8))), TypeError, 'ERR_INVALID_ARG_TYPE', /Received an instance of Int32Array/)
      assertThrowsCode(() => AtomicCounter.from('sab'), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => AtomicCounter.from(new SharedArrayBuffer(7)), RangeError, 'ERR_OUT_OF_RANGE', /needs an 8-byte slot/)
      assertThrowsCode(() => AtomicCounter.from(new SharedArrayBuffer(16), 2), RangeError, 'ERR_OUT_OF_RANGE', /It must be >= 0 && < 2\. Received 2/)
      assertThrowsCode(() => AtomicCounter.from(new SharedArrayBuffer(16), -1), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => AtomicCounter.from(new SharedArrayBuffer(16), 0.5), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => AtomicCounter.from(new SharedArrayBuffer(16), '1'), TypeError, 'ERR_INVALID_ARG_TYPE')
    })
  })

  describe(`${name}: StripedCounter`, () => {
    test('adds to its own cell, folds the sum, resets', () => {
      const s = new StripedCounter({ cells: 4, cell: 2 })
      s.add(5)
      s.increment()
      s.decrement()
      s.sub(1)
      s.addBig(10n)
      s.addMany([1, 2, 3])
      s.incrementMany(100)
      assert.equal(s.sum(), 120)
      assert.equal(s.sumBig(), 120n)
      assert.equal(s.cells, 4)
      assert.equal(s.cell, 2)
      const view = new BigInt64Array(s.buffer)
      const stride = s.buffer.byteLength / 4 / 8
      assert.equal(view[2 * stride], 120n, 'cell 2 is the first slot of stripe 2')
      assert.equal(view.reduce((a, b) => a + b, 0n), 120n, 'nothing written outside the cell')
      s.reset()
      assert.equal(s.sum(), 0)
    })

    test('each instance defaults to the cell of its thread', () => {
      const s = new StripedCounter({ cells: 8 })
      assert.equal(s.cell, threadId % 8)
      assert.equal(StripedCounter.from(s.buffer, { cell: 5 }).cell, 5)
    })

    test('cells are 128 bytes apart (crossbeam CachePadded) in both implementations', () => {
      assert.equal(new StripedCounter({ cells: 3 }).buffer.byteLength, 3 * 128)
    })

    test('the sum is exact beyond what one cell holds; sum() refuses what a number cannot hold', () => {
      const s = new StripedCounter({ cells: 2, cell: 0 })
      s.addBig(2n ** 62n)
      StripedCounter.from(s.buffer, { cell: 1 }).addBig(2n ** 62n)
      assert.equal(s.sumBig(), -(2n ** 63n), 'sumBig wraps to i64 like BigInt64 arithmetic')
      assertThrowsCode(() => s.sum(), RangeError, 'ERR_OUT_OF_RANGE', /use sumBig/)
    })

    test('bad options and memory give codes', () => {
      assertThrowsCode(() => new StripedCounter({ cells: 0 }), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => new StripedCounter({ cells: 1.5 }), RangeError, 'ERR_OUT_OF_RANGE')
      assertThrowsCode(() => new StripedCounter({ cells: '4' }), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => new StripedCounter({ cells: 4, cell: 4 }), RangeError, 'ERR_OUT_OF_RANGE', /It must be >= 0 && < 4/)
      assertThrowsCode(() => new StripedCounter(5), TypeError, 'ERR_INVALID_ARG_TYPE')
      assertThrowsCode(() => StripedCounter.from(new SharedArrayBuffer(100)), RangeError, 'ERR_OUT_OF_RANGE', /stripe boundary/)
      assertThrowsCode(() => StripedCounter.from(new BigInt64Array(new SharedArrayBuffer(512), 8, 16)), RangeError, 'ERR_OUT_OF_RANGE', /stripe boundary/)
      assertThrowsCode(() => StripedCounter.from(new ArrayBuffer(128)), TypeError, 'ERR_INVALID_ARG_VALUE')
      assertThrowsCode(() => new StripedCounter({ cells: 2 }).add(0.5), RangeError, 'ERR_OUT_OF_RANGE')
    })
  })

  describe(`${name}: across worker_threads`, () => {
    test("the lab's case: 4 workers x 1000 increments = 4000, exactly", async () => {
      const atomic = new AtomicCounter(0)
      const striped = new StripedCounter({ cells: 4 })
      await Promise.all(
        Array.from({ length: 4 }, () => [
          runWorker({ impl: name, kind: 'atomic', buffer: atomic.buffer, index: atomic.index, ops: 1000, mode: 'increment' }),
          runWorker({ impl: name, kind: 'striped', buffer: striped.buffer, ops: 1000, mode: 'increment' }),
        ]).flat(),
      )
      assert.equal(atomic.load(), 4000)
      assert.equal(striped.sum(), 4000)
    })

    test('stress: 4 workers x 1,000,000 mixed add/sub plus a JS Atomics writer end exact', { timeout: 120_000 }, async () => {
      const ops = 1_000_000
      const atomic = new AtomicCounter(0)
      const striped = new StripedCounter({ cells: 4 })
      let perWorker = 0
      for (let i = 0; i < ops; i++) perWorker += i % 3 === 0 ? -1 : 2
      const jsWrites = 200_000
      await Promise.all([
        ...Array.from({ length: 4 }, () => runWorker({ impl: name, kind: 'atomic', buffer: atomic.buffer, index: atomic.index, ops, mode: 'mixed' })),
        runWorker({ impl: name, kind: 'atomics', buffer: atomic.buffer, index: atomic.index, ops: jsWrites }),
      ])
      assert.equal(atomic.load(), 4 * perWorker + jsWrites)
      await Promise.all(Array.from({ length: 4 }, () => runWorker({ impl: name, kind: 'striped', buffer: striped.buffer, ops, mode: 'mixed' })))
      assert.equal(striped.sum(), 4 * perWorker)
    })

    test('workers terminated mid-loop leave the process alive and the counter readable', async () => {
      const atomic = new AtomicCounter(0)
      const striped = new StripedCounter({ cells: 4 })
      const workers = [
        new Worker(WORKER, { workerData: { impl: name, kind: 'atomic', buffer: atomic.buffer, index: atomic.index, mode: 'forever' } }),
        new Worker(WORKER, { workerData: { impl: name, kind: 'striped', buffer: striped.buffer, mode: 'forever' } }),
      ]
      await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))))
      while (atomic.load() < 1000 || striped.sum() < 1000) await new Promise((resolve) => setTimeout(resolve, 5))
      await Promise.all(workers.map((w) => w.terminate()))
      const settled = atomic.load()
      assert.ok(settled >= 1000)
      assert.equal(atomic.add(1), settled, 'the counter still works after its writers died')
      assert.ok(striped.sum() >= 1000)
    })
  })
}

test('native and reference throw the same class, code and message for the same misuse', () => {
  const cases = [
    (M) => new M.AtomicCounter(0).add('x'),
    (M) => new M.AtomicCounter(0).add(1.5),
    (M) => new M.AtomicCounter(MAX).add(1),
    (M) => {
      const c = new M.AtomicCounter(0)
      c.storeBig(2n ** 60n)
      return c.load()
    },
    (M) => new M.AtomicCounter(0).addBig(5),
    (M) => new M.AtomicCounter(0).storeBig(2n ** 64n),
    (M) => new M.AtomicCounter(0).compareExchange(1, 'x'),
    (M) => new M.AtomicCounter(0).addMany([1, 2.5]),
    (M) => new M.AtomicCounter(0).incrementMany(2 ** 32),
    (M) => new M.AtomicCounter(0).incrementMany(3, MAX),
    (M) => M.AtomicCounter.from(new SharedArrayBuffer(8), 1),
    (M) => new M.StripedCounter({ cells: 2 }).add(null),
    (M) => {
      const s = new M.StripedCounter({ cells: 2, cell: 0 })
      s.addBig(2n ** 62n)
      M.StripedCounter.from(s.buffer, { cell: 1 }).addBig(2n ** 62n)
      return s.sum()
    },
  ]
  for (const [i, misuse] of cases.entries()) {
    assert.deepEqual(thrown(() => misuse(native)), thrown(() => misuse(reference)), `case ${i}: ${misuse}`)
  }
})

test('native and reference share one layout: each reads what the other wrote', () => {
  const c = new native.AtomicCounter(0)
  const r = reference.AtomicCounter.from(c.buffer, c.index)
  c.add(5)
  r.add(6)
  assert.equal(c.load(), 11)
  const s = new native.StripedCounter({ cells: 4, cell: 1 })
  const t = reference.StripedCounter.from(s.buffer, { cell: 3 })
  s.add(2)
  t.add(3)
  assert.equal(s.sum(), 5)
  assert.equal(t.sum(), 5)
  assert.equal(reference.STRIPE_BYTES, new native.StripedCounter({ cells: 1 }).buffer.byteLength, 'the twin uses the stride the native build reports')
})

test('native counter handles: pinned shared memory only, typed handles, freed by GC', async () => {
  const { binding } = require('../lib/native.js')
  const { boundaryProbes } = native
  assertThrowsCode(() => binding.counterOpen(new BigInt64Array(2), 0), TypeError, 'ERR_INVALID_ARG_VALUE', /SharedArrayBuffer/)
  assertThrowsCode(() => binding.counterOpen(new Int32Array(new SharedArrayBuffer(8)), 0), TypeError, 'ERR_INVALID_ARG_TYPE')
  assertThrowsCode(() => binding.counterOpen(new BigInt64Array(new SharedArrayBuffer(8)), 1), RangeError, 'ERR_OUT_OF_RANGE')
  assertThrowsCode(() => binding.stripedOpen(new BigInt64Array(new SharedArrayBuffer(64)), 0), RangeError, 'ERR_OUT_OF_RANGE', /at least 128 bytes/)
  const striped = binding.stripedOpen(new BigInt64Array(new SharedArrayBuffer(256)), 0)
  assertThrowsCode(() => binding.counterAdd(striped, 1), TypeError, 'ERR_INVALID_HANDLE', /AtomicCounter handle/)
  assert.equal(binding.handleRelease(striped), true)
  assertThrowsCode(() => binding.stripedSum(striped), TypeError, 'ERR_INVALID_HANDLE')

  const v8 = require('node:v8')
  const vm = require('node:vm')
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc')
  const before = boundaryProbes.fast.liveHandles()
  ;(() => {
    for (let i = 0; i < 100; i++) {
      new native.AtomicCounter(i).add(1)
      new native.StripedCounter({ cells: 2 }).add(1)
    }
  })()
  const peak = boundaryProbes.fast.liveHandles()
  assert.ok(peak >= before + 200, `200 handles opened (${before} -> ${peak})`)
  for (let i = 0; i < 20 && boundaryProbes.fast.liveHandles() > before; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  assert.ok(boundaryProbes.fast.liveHandles() <= before, 'dropped counters released their pinned memory')
})
