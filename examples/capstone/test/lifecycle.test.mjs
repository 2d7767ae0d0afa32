// Deadlines, exact counters under concurrency, graceful shutdown with calls in flight.
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it, expect } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, statusOf, backendName, status } = require('./stack.js')
const { createClient } = require('../src/client.js')

describe(`Service lifecycle [${backendName}]`, () => {
  it('honours deadlines: DEADLINE_EXCEEDED, counted, and the origin result is not written', async () => {
    const stack = await startStack({ originLatencyMs: 400, shardCount: 1 })
    try {
      const before = stack.service.counters()
      expect(await statusOf(stack.client.getProfile({ token: stack.token, user_id: 77 }, { deadlineMs: 100 }))).toBe(status.DEADLINE_EXCEEDED)
      await sleep(500)
      const after = stack.service.counters()
      expect(after.deadlineExceeded - before.deadlineExceeded).toBe(1)
      expect(after.originLoads).toBe(before.originLoads)
      // Nothing was cached for that user: the next call with time to spare goes to the origin.
      const reply = await stack.client.getProfile({ token: stack.token, user_id: 77 }, { deadlineMs: 5000 })
      expect(reply.cache).toBe('origin')
    } finally {
      await stack.close()
    }
  })

  it('keeps every counter exact across threads under concurrent calls', async () => {
    const stack = await startStack()
    try {
      const before = stack.service.counters()
      const good = Array.from({ length: 600 }, (_, i) => stack.client.getProfile({ token: stack.token, user_id: i % 150 }))
      const bad = Array.from({ length: 40 }, () => stack.client.getProfile({ token: stack.token, user_id: 99_999 }).catch((err) => err))
      const replies = await Promise.all(good)
      await Promise.all(bad)
      const workers = new Set(replies.map((reply) => reply.worker))
      expect(workers.size).toBe(stack.service.threadIds.length)
      const after = stack.service.counters()
      const delta = (name) => after[name] - before[name]
      expect(delta('requests')).toBe(640)
      expect(delta('errors')).toBe(40)
      expect(delta('l1Hits') + delta('redisHits') + delta('originLoads')).toBe(600)
      expect(delta('l1Hits')).toBe(replies.filter((reply) => reply.cache === 'l1').length)
      expect(delta('originLoads')).toBe(replies.filter((reply) => reply.cache === 'origin').length)
    } finally {
      await stack.close()
    }
  })

  it('shuts down gracefully: calls in flight finish, new calls are refused, workers and caches close', async () => {
    const stack = await startStack({ originLatencyMs: 300, shardCount: 1 })
    try {
      const inFlight = Array.from({ length: 8 }, (_, i) => stack.client.getProfile({ token: stack.token, user_id: 300 + i }))
      await sleep(50)
      const closing = stack.service.close()
      await sleep(20)
      const late = createClient(stack.service.address)
      const lateStatus = await statusOf(late.getProfile({ token: stack.token, user_id: 1 }, { deadlineMs: 2000 }))
      late.close()
      const replies = await Promise.all(inFlight)
      for (const [i, reply] of replies.entries()) expect(JSON.parse(reply.payload.toString()).id).toBe(300 + i)
      await closing
      expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain(lateStatus)
      expect(stack.service.counters().originLoads).toBe(8)
    } finally {
      await stack.close()
    }
  })
})
