'use strict'
// A pool thread: runs the request path that costs CPU (token check, signing, scrypt) and the
// cache-aside lookup around it. Each thread has its own Redis connections and ring; the near
// cache is one for all threads on the native backend, one per thread on the JS backend.
const { parentPort, workerData, threadId } = require('node:worker_threads')
const crypto = require('node:crypto')
const { loadBackend } = require('./backend')
const { createOrigin, profileJson } = require('./origin')
const { createRedisTier } = require('./redis-tier')
const { createTokens } = require('./tokens')
const { GrpcError } = require('./grpc-error')
const { createRuntimeStats } = require('./runtime-stats')

const config = workerData
const backend = loadBackend(config.backend)
const counters = backend.attachCounters(config.counterMemory)
// The L1's TTL bounds how long a profile changed in Redis can still be served from here.
const nearCache = backend.openNearCache(config.nearCache)
const redis = createRedisTier(backend, config.shards)
const origin = createOrigin({ latencyMs: config.originLatencyMs })
const tokens = createTokens(backend.createSealer(Buffer.from(config.tokenKey)), config.tokenTtlMs)
const signer = backend.createSigner(config.privateKeyPem)
const credentials = new Map(Object.entries(config.credentials))
const runtimeStats = createRuntimeStats()
const SCRYPT = config.scrypt
// Unknown users still pay for one scrypt, so a login's timing does not say whether the user exists.
const DECOY = { salt: Buffer.alloc(16), hash: Buffer.alloc(SCRYPT.keylen) }

function untilDeadline(deadlineAt) {
  const controller = new AbortController()
  const ms = deadlineAt - Date.now()
  const timer = Number.isFinite(ms) ? setTimeout(() => controller.abort(), Math.max(0, ms)) : undefined
  return { signal: controller.signal, done: () => clearTimeout(timer) }
}

async function loadProfile(userId, deadlineAt) {
  const cached = nearCache.get(userId)
  if (cached !== undefined) {
    counters.l1Hits.increment()
    return { json: cached, cache: 'l1', shard: redis.shardFor(userId) }
  }
  const shard = redis.shardFor(userId)
  const stored = await redis.get(shard, userId)
  if (stored !== null) {
    counters.redisHits.increment()
    nearCache.set(userId, stored)
    return { json: stored, cache: 'redis', shard }
  }
  const deadline = untilDeadline(deadlineAt)
  let json
  try {
    json = await origin.load(userId, deadline.signal)
  } catch (err) {
    if (deadline.signal.aborted) throw new GrpcError('DEADLINE_EXCEEDED', `origin lookup for user ${userId} passed the deadline`)
    throw err
  } finally {
    deadline.done()
  }
  counters.originLoads.increment()
  await redis.set(shard, userId, json)
  nearCache.set(userId, json)
  return { json, cache: 'origin', shard }
}

const operations = {
  async getProfile({ token, userId, deadlineAt }) {
    tokens.verify(token)
    const { json, cache, shard } = await loadProfile(userId, deadlineAt)
    const payload = Buffer.from(json)
    return { payload, signature: signer.sign(payload), cache, shard, worker: threadId }
  },

  async login({ user, password }) {
    const account = credentials.get(user)
    const salt = account ? Buffer.from(account.salt, 'hex') : DECOY.salt
    const expected = account ? Buffer.from(account.hash, 'hex') : DECOY.hash
    const actual = await backend.scrypt(password, salt, SCRYPT.keylen, SCRYPT.options)
    if (!account || !crypto.timingSafeEqual(actual, expected)) {
      counters.loginFailures.increment()
      throw new GrpcError('UNAUTHENTICATED', 'unknown user or wrong password')
    }
    counters.logins.increment()
    return { ...tokens.mint(account.userId), userId: account.userId, worker: threadId }
  },

  // Fills the near cache as a long-running service would have it: [from, to) from the origin's
  // data, each entry with a random part of its TTL left (entries of every age, expiring evenly
  // rather than all at once).
  prewarm({ from, to }) {
    const ttlMs = config.nearCache.ttlMs
    for (let userId = from; userId < to; userId++) nearCache.set(userId, profileJson(userId), 1 + Math.floor(Math.random() * ttlMs))
    return { worker: threadId, size: nearCache.size() }
  },

  setShards({ shards }) {
    return redis.setShards(shards).then(() => ({ worker: threadId }))
  },

  stats({ reset = false } = {}) {
    const stats = { worker: threadId, ...runtimeStats.read(), nearCacheSize: nearCache.size() }
    if (reset) runtimeStats.reset()
    return stats
  },

  // Test hook: a profile changed in Redis behind the near cache's back.
  redisSet({ userId, json }) {
    return redis.set(redis.shardFor(userId), userId, json).then(() => ({ shard: redis.shardFor(userId) }))
  },

  async close() {
    await redis.close()
    nearCache.close()
    runtimeStats.close()
    return { worker: threadId }
  },
}

parentPort.on('message', async ({ id, op, args }) => {
  try {
    const value = await operations[op](args)
    parentPort.postMessage({ id, value })
  } catch (err) {
    parentPort.postMessage({ id, error: { status: err.status ?? 'INTERNAL', message: err.message } })
  }
})

redis.ready().then(
  () => parentPort.postMessage({ ready: true, worker: threadId }),
  (err) => parentPort.postMessage({ ready: false, message: err.message }),
)
