'use strict'
// Resizable and growable memory, from another thread too: counters over a growable
// SharedArrayBuffer keep their slots while a worker grows it; an async transform keeps working
// while a worker grows its SharedArrayBuffer; a buffer moved to a worker during an async
// transform is either refused or left untouched (ERR_INVALID_STATE); stream adapters use a
// chunk's length at the write.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const native = require('..')
const twin = require('../reference')

// A worker that runs `body` (a function source) with the message it is sent, and replies.
function helper(body) {
  const worker = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage((${body})(m)))`, { eval: true })
  return {
    // postMessage first, so a refused transfer throws here, synchronously, as it does for a caller.
    ask(message, transfer) {
      worker.postMessage(message, transfer)
      return new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
    },
    close: () => worker.terminate(),
  }
}

for (const [name, impl] of Object.entries({ native, twin })) {
  test(`${name}: counters over a growable SharedArrayBuffer keep counting while a worker grows it`, async () => {
    const sab = new SharedArrayBuffer(256, { maxByteLength: 64 * 1024 })
    // Slot 20 sits in the padding of the striped counter's second stripe, so the two do not mix.
    const atomic = impl.AtomicCounter.from(sab, 20)
    const striped = impl.StripedCounter.from(sab)
    atomic.add(5)
    striped.add(3)
    const grower = helper(`({ sab }) => { sab.grow(32 * 1024); Atomics.add(new BigInt64Array(sab), 20, 10n); return sab.byteLength }`)
    try {
      assert.equal(await grower.ask({ sab }), 32 * 1024)
    } finally {
      await grower.close()
    }
    assert.equal(atomic.add(1), 15, 'the slot is where it was, and saw the worker add')
    assert.equal(atomic.load(), 16)
    striped.add(4)
    assert.equal(striped.sum(), 7, 'a striped counter keeps the stripes it attached to (the length at from())')
    // Attaching again sees the grown memory.
    assert.equal(impl.AtomicCounter.from(sab, 4000).load(), 0)
  })

  test(`${name}: a stream adapter uses a chunk's length at the write, whatever happens to its buffer after`, async () => {
    const rab = new ArrayBuffer(8, { maxByteLength: 64 })
    const chunk = new Uint8Array(rab).fill(97)
    const out = []
    const upper = impl.createTransform('upper').on('data', (data) => out.push(Buffer.from(data)))
    upper.write(chunk)
    rab.resize(0)
    upper.end()
    await new Promise((resolve) => upper.on('end', resolve))
    assert.deepEqual(Buffer.concat(out), Buffer.from('AAAAAAAA'))
  })
}

test('an async transform keeps working in place while a worker grows its SharedArrayBuffer', async () => {
  const sab = new SharedArrayBuffer(4 << 20, { maxByteLength: 16 << 20 })
  const view = new Uint8Array(sab, 0, 4 << 20).fill(97)
  const grower = helper(`({ sab }) => { for (let i = 0; i < 8; i++) sab.grow(sab.byteLength + (1 << 20)); new Uint8Array(sab).fill(98, 4 << 20); return sab.byteLength }`)
  try {
    const pending = native.toUpperAsciiAsync(view)
    assert.equal(await grower.ask({ sab }), 12 << 20)
    await pending
  } finally {
    await grower.close()
  }
  assert.ok(view.every((b) => b === 65), 'the whole view was transformed')
  assert.ok(new Uint8Array(sab, 4 << 20).every((b) => b === 98), 'memory grown by the worker is left alone')
})

test('a buffer moved to a worker during an async transform is refused, or left untouched with ERR_INVALID_STATE', async () => {
  const receiver = helper(`({ buffer }) => { const bytes = new Uint8Array(buffer); const untouched = bytes.every((b) => b === 97); bytes.fill(1); return { untouched, length: bytes.length } }`)
  try {
    for (const resizable of [false, true]) {
      const arrayBuffer = resizable ? new ArrayBuffer(4 << 20, { maxByteLength: 8 << 20 }) : new ArrayBuffer(4 << 20)
      const view = new Uint8Array(arrayBuffer).fill(97)
      const pending = native.xorInPlaceAsync(view, 'key')
      let reply = null
      try {
        reply = receiver.ask({ buffer: arrayBuffer }, [arrayBuffer])
      } catch (error) {
        assert.equal(error.name, 'DataCloneError', `refused: ${error.message}`)
      }
      if (view.byteLength === 0) {
        // The memory now belongs to the worker: the task must not have written it, nor report success.
        await assert.rejects(pending, { code: 'ERR_INVALID_STATE' })
        assert.equal((await reply).untouched, true, `resizable=${resizable}: the worker got the bytes as they were`)
      } else {
        // Refused, or sent as a copy (an untransferable buffer on Node 20): the task finishes in place.
        await pending
        assert.ok(view.every((b, i) => b === (97 ^ 'key'.charCodeAt(i % 3))), `resizable=${resizable}: transformed in place`)
        await reply
      }
    }
  } finally {
    await receiver.close()
  }
})
