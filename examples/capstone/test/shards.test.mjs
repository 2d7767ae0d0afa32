// The sharded Redis tier: a shard added while the service runs moves about 1/N of the keys,
// and a shard that stops fails only its own keys until it is back.
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it, expect } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, backendName, status } = require('./stack.js')
const { loadBackend } = require('../src/backend.js')

describe(`Sharded Redis tier [${backendName}]`, () => {
  it('adds a shard while answering: at most 1/N + 5% of keys move, and moved keys come from the origin', async () => {
    const stack = await startStack({ nearCacheTtlMs: 200 })
    try {
      const sample = Array.from({ length: 600 }, (_, i) => 2000 + i)
      const before = new Map()
      for (const userId of sample) before.set(userId, (await stack.client.getProfile({ token: stack.token, user_id: userId })).shard)

      // Callers on other users keep going while the ring changes under them.
      let running = true
      let answered = 0
      const failures = []
      const background = (async () => {
        for (let i = 0; running; i++) {
          await stack.client.getProfile({ token: stack.token, user_id: 5000 + (i % 300) }).then(
            () => answered++,
            (err) => failures.push(err),
          )
        }
      })()
      await sleep(100)
      const added = await stack.redis.add()
      await stack.service.addShard(added)
      await sleep(100)
      running = false
      await background
      expect(failures).toEqual([])
      expect(answered).toBeGreaterThan(10)

      await sleep(250) // past the near cache TTL, so every sample call asks Redis
      let moved = 0
      for (const userId of sample) {
        const reply = await stack.client.getProfile({ token: stack.token, user_id: userId })
        if (reply.shard !== before.get(userId)) {
          moved++
          expect(reply.shard).toBe(added)
          expect(reply.cache).toBe('origin')
        } else {
          expect(reply.cache).toBe('redis')
        }
      }
      const shardCount = stack.service.shards.length
      expect(shardCount).toBe(4)
      expect(moved).toBeGreaterThan(0)
      expect(moved / sample.length).toBeLessThanOrEqual(1 / shardCount + 0.05)
    } finally {
      await stack.close()
    }
  })

  it('answers UNAVAILABLE only for the keys of a stopped shard, and recovers when it returns', async () => {
    const stack = await startStack({ nearCacheTtlMs: 100 })
    try {
      const ring = loadBackend(backendName).createRing(stack.redis.shards)
      const victim = stack.redis.shards[0]
      const users = Array.from({ length: 150 }, (_, i) => 7000 + i)
      const victimUsers = users.filter((userId) => ring.get(`user:${userId}`) === victim)
      expect(victimUsers.length).toBeGreaterThan(0)

      await stack.redis.stop(victim)
      for (const userId of users) {
        const outcome = await stack.client.getProfile({ token: stack.token, user_id: userId }).then(
          (reply) => reply,
          (err) => err,
        )
        if (victimUsers.includes(userId)) {
          expect(outcome.code).toBe(status.UNAVAILABLE)
          expect(outcome.details).toContain(victim)
        } else {
          expect(outcome.code).toBeUndefined()
          expect(outcome.shard).not.toBe(victim)
        }
      }

      await stack.redis.restart(victim)
      const deadline = Date.now() + 10_000
      for (;;) {
        const ok = await stack.client.getProfile({ token: stack.token, user_id: victimUsers[0] }).then(() => true, () => false)
        if (ok) break
        if (Date.now() > deadline) throw new Error(`shard ${victim} did not come back within 10 s`)
        await sleep(100)
      }
      for (const userId of victimUsers) {
        const reply = await stack.client.getProfile({ token: stack.token, user_id: userId })
        expect(reply.shard).toBe(victim)
      }
    } finally {
      await stack.close()
    }
  })
})
