// Unary calls: what GetProfile returns, where it came from, that it is signed, and bad requests.
import { createRequire } from 'node:module'
import crypto from 'node:crypto'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, statusOf, backendName, status } = require('./stack.js')
const { verifyProfile } = require('../src/client.js')
const { profileJson } = require('../src/origin.js')

describe(`GetProfile [${backendName}]`, () => {
  let stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack?.close())

  it('returns the profile, loaded from the origin once and from the near cache after', async () => {
    const first = await stack.client.getProfile({ token: stack.token, user_id: 4242 })
    expect(JSON.parse(first.payload.toString())).toEqual(JSON.parse(profileJson(4242)))
    expect(first.cache).toBe('origin')
    expect(stack.redis.shards).toContain(first.shard)
    expect(stack.service.threadIds).toContain(first.worker)
    const again = await stack.client.getProfile({ token: stack.token, user_id: 4242 })
    expect(again.payload.equals(first.payload)).toBe(true)
    expect(['l1', 'redis']).toContain(again.cache)
    expect(again.shard).toBe(first.shard)
  })

  it('signs every response so node:crypto verifies it with the published key', async () => {
    const { spki_der: spkiDer } = await stack.client.getPublicKey({})
    expect(spkiDer.equals(stack.service.publicKeyDer)).toBe(true)
    for (const userId of [0, 1, 777, 9999]) {
      const reply = await stack.client.getProfile({ token: stack.token, user_id: userId })
      expect(verifyProfile(spkiDer, reply)).toBe(true)
      const key = crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' })
      const altered = Buffer.from(reply.payload)
      altered[altered.length - 2] ^= 1
      expect(crypto.verify(null, altered, key, reply.signature)).toBe(false)
    }
  })

  it('answers bad requests with INVALID_ARGUMENT and counts them as errors', async () => {
    const before = stack.service.counters()
    expect(await statusOf(stack.client.getProfile({ token: stack.token, user_id: 10_000 }))).toBe(status.INVALID_ARGUMENT)
    expect(await statusOf(stack.client.login({ user: '', password: 'x' }))).toBe(status.INVALID_ARGUMENT)
    expect(await statusOf(stack.client.getProfile({ user_id: 1 }))).toBe(status.UNAUTHENTICATED)
    const after = stack.service.counters()
    expect(after.errors - before.errors).toBe(3)
    expect(after.requests - before.requests).toBe(3)
  })

  it('hits the cache after a miss across two different workers', async () => {
    const userId = 3137
    const miss = await stack.client.getProfile({ token: stack.token, user_id: userId })
    expect(miss.cache).toBe('origin')
    // Concurrent calls spread over the pool; every one of them must be served by a cache.
    const replies = await Promise.all(Array.from({ length: 16 }, () => stack.client.getProfile({ token: stack.token, user_id: userId })))
    const otherWorker = replies.filter((reply) => reply.worker !== miss.worker)
    expect(otherWorker.length).toBeGreaterThan(0)
    for (const reply of replies) expect(reply.cache).not.toBe('origin')
    // The shared near cache serves the other worker from L1; per-worker caches need Redis once.
    if (backendName === 'native') for (const reply of otherWorker) expect(reply.cache).toBe('l1')
    expect(stack.service.counters().originLoads).toBeGreaterThan(0)
  })

  it('serves a profile changed in Redis once the near cache TTL has passed', async () => {
    const ttlStack = await startStack({ nearCacheTtlMs: 300, shardCount: 1 })
    try {
      const userId = 5
      const first = await ttlStack.client.getProfile({ token: ttlStack.token, user_id: userId })
      await ttlStack.service.redisSet(userId, profileJson(userId, 2))
      const stale = await ttlStack.client.getProfile({ token: ttlStack.token, user_id: userId })
      expect(stale.payload.equals(first.payload) || JSON.parse(stale.payload.toString()).version === 2).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 400))
      const replies = await Promise.all(Array.from({ length: 4 }, () => ttlStack.client.getProfile({ token: ttlStack.token, user_id: userId })))
      for (const reply of replies) expect(JSON.parse(reply.payload.toString()).version).toBe(2)
    } finally {
      await ttlStack.close()
    }
  })
})
