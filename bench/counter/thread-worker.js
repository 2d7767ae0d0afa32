'use strict'
// One benchmark thread: attaches to the shared counter memory, waits at the start line, counts.
const { parentPort, threadId } = require('node:worker_threads')
const native = require('../..')
const reference = require('../../reference/counter.js')

parentPort.on('message', ({ kind, buffer, index, count, gate, slot }) => {
  const gateView = new Int32Array(gate)
  let run
  switch (kind) {
    case 'native atomic': {
      const c = native.AtomicCounter.from(buffer, index)
      run = () => {
        for (let i = 0; i < count; i++) c.increment()
      }
      break
    }
    case 'native striped': {
      const c = native.StripedCounter.from(buffer, { cell: slot })
      run = () => {
        for (let i = 0; i < count; i++) c.increment()
      }
      break
    }
    case 'native atomic, counted in Rust': {
      const c = native.AtomicCounter.from(buffer, index)
      run = () => c.incrementMany(count)
      break
    }
    case 'native striped, counted in Rust': {
      const c = native.StripedCounter.from(buffer, { cell: slot })
      run = () => c.incrementMany(count)
      break
    }
    case 'reference atomic': {
      const c = reference.AtomicCounter.from(buffer, index)
      run = () => {
        for (let i = 0; i < count; i++) c.increment()
      }
      break
    }
    case 'js Atomics, one slot': {
      const cells = new BigInt64Array(buffer)
      run = () => {
        for (let i = 0; i < count; i++) Atomics.add(cells, index, 1n)
      }
      break
    }
    case 'js Atomics, padded slots': {
      const cells = new BigInt64Array(buffer)
      const mine = slot * 16
      run = () => {
        for (let i = 0; i < count; i++) Atomics.add(cells, mine, 1n)
      }
      break
    }
    default:
      throw new Error(`unknown kind ${kind}`)
  }
  Atomics.add(gateView, 1, 1)
  Atomics.notify(gateView, 1)
  Atomics.wait(gateView, 0, 0) // the start line: every thread leaves together
  run()
  parentPort.postMessage({ threadId })
})
