// Login checks a scrypt hash; the AES-256-GCM token round-trips, and tampered or expired tokens
// are UNAUTHENTICATED.
import { createRequire } from 'node:module'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, statusOf, backendName, alice, status } = require('./stack.js')

describe(`Login and session tokens [${backendName}]`, () => {
  let stack
  beforeAll(async () => {
    stack = await startStack({ tokenTtlMs: 1500, shardCount: 1 })
  })
  afterAll(() => stack?.close())

  it('issues a token for the right password that later calls present', async () => {
    const reply = await stack.client.login({ user: alice.user, password: alice.password })
    expect(reply.user_id).toBe(alice.userId)
    expect(reply.expires_at_ms).toBeGreaterThan(Date.now())
    const profile = await stack.client.getProfile({ token: reply.token, user_id: 7 })
    expect(JSON.parse(profile.payload.toString()).id).toBe(7)
    expect(stack.service.counters().logins).toBe(2)
  })

  it('refuses a wrong password and an unknown user alike', async () => {
    expect(await statusOf(stack.client.login({ user: alice.user, password: 'wrong' }))).toBe(status.UNAUTHENTICATED)
    expect(await statusOf(stack.client.login({ user: 'mallory', password: alice.password }))).toBe(status.UNAUTHENTICATED)
    expect(stack.service.counters().loginFailures).toBe(2)
  })

  it('rejects every single-byte tampering of the token', async () => {
    const sealed = Buffer.from(stack.token, 'base64url')
    for (const at of [0, 11, 12, Math.floor(sealed.length / 2), sealed.length - 16, sealed.length - 1]) {
      const tampered = Buffer.from(sealed)
      tampered[at] ^= 0x01
      expect(await statusOf(stack.client.getProfile({ token: tampered.toString('base64url'), user_id: 1 }))).toBe(status.UNAUTHENTICATED)
      expect(await statusOf(collect(stack.client.recentEvents({ token: tampered.toString('base64url'), user_id: 1, limit: 1 })))).toBe(status.UNAUTHENTICATED)
    }
    expect(await statusOf(stack.client.getProfile({ token: 'not-a-token', user_id: 1 }))).toBe(status.UNAUTHENTICATED)
  })

  it('rejects the token once it has expired', async () => {
    const { token, expires_at_ms: expiresAt } = await stack.client.login({ user: alice.user, password: alice.password })
    await stack.client.getProfile({ token, user_id: 3 })
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 50))
    const err = await stack.client.getProfile({ token, user_id: 3 }).catch((e) => e)
    expect(err.code).toBe(status.UNAUTHENTICATED)
    expect(err.details).toMatch(/expired/)
  })
})

async function collect(stream) {
  const batches = []
  for await (const batch of stream) batches.push(batch)
  return batches
}
