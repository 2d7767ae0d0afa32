// RecentEvents: a slow reader holds the producer back (backpressure), every event arrives in
// order, and a cancelled stream stops the producer.
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, statusOf, backendName, status } = require('./stack.js')
const { eventLine } = require('../src/event-log.js')

function totalBytes(userId, limit) {
  let bytes = 0
  for (let seq = 0; seq < limit; seq++) bytes += Buffer.byteLength(eventLine(userId, seq))
  return bytes
}

describe(`RecentEvents [${backendName}]`, () => {
  let stack
  beforeAll(async () => {
    stack = await startStack({ shardCount: 1 })
  })
  afterAll(() => stack?.close())

  it('waits for a paused reader and then delivers every event in order', async () => {
    const userId = 9
    const limit = 200_000
    const expectedBytes = totalBytes(userId, limit)
    const before = stack.service.counters()
    const stream = stack.client.recentEvents({ token: stack.token, user_id: userId, limit })
    const batches = []
    stream.on('data', (batch) => {
      batches.push(batch)
      if (batches.length === 1) stream.pause()
    })
    const ended = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject))
    await sleep(600)
    const paused = stack.service.counters()
    expect(paused.backpressureWaits - before.backpressureWaits).toBeGreaterThan(0)
    const producedWhilePaused = paused.streamBytes - before.streamBytes
    expect(producedWhilePaused).toBeLessThan(expectedBytes / 2)
    await sleep(300)
    expect(stack.service.counters().streamBytes).toBe(paused.streamBytes)
    stream.resume()
    await ended

    let seq = 0
    let bytes = 0
    for (const batch of batches) {
      const lines = batch.ndjson.toString().split('\n').filter(Boolean)
      expect(lines.length).toBe(batch.count)
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ user: userId, seq: seq++ })
      bytes += batch.ndjson.length
    }
    expect(seq).toBe(limit)
    expect(bytes).toBe(expectedBytes)
    expect(stack.service.counters().streamBytes - before.streamBytes).toBe(expectedBytes)
  })

  it('stops producing when the client cancels', async () => {
    const stream = stack.client.recentEvents({ token: stack.token, user_id: 10, limit: 500_000 })
    stream.on('error', () => {})
    await new Promise((resolve) => stream.once('data', resolve))
    stream.cancel()
    await sleep(300)
    const settled = stack.service.counters().streamBytes
    await sleep(300)
    expect(stack.service.counters().streamBytes).toBe(settled)
    expect(settled).toBeLessThan(totalBytes(10, 500_000))
    const reply = await stack.client.getProfile({ token: stack.token, user_id: 10 })
    expect(JSON.parse(reply.payload.toString()).id).toBe(10)
  })

  it('refuses a limit out of range', async () => {
    const drain = async (stream) => {
      for await (const _ of stream);
    }
    expect(await statusOf(drain(stack.client.recentEvents({ token: stack.token, user_id: 1, limit: 0 })))).toBe(status.INVALID_ARGUMENT)
  })
})
