'use strict'
// The capstone service: gRPC on the main thread, the request path in a worker pool, one near
// cache (L1) in front of sharded Redis, counters shared by every thread, a span per RPC.
const path = require('node:path')
const crypto = require('node:crypto')
const grpc = require('@grpc/grpc-js')
const { SpanKind, SpanStatusCode } = require('@opentelemetry/api')
const { loadBackend } = require('./backend')
const { WorkerPool } = require('./worker-pool')
const { GrpcError } = require('./grpc-error')
const { createTokens } = require('./tokens')
const { eventLog } = require('./event-log')
const { createTelemetry, observeCounters } = require('./telemetry')
const { Profiles } = require('./proto')

const COUNTERS = {
  requests: 'RPCs received',
  errors: 'RPCs that ended with a status other than OK',
  l1Hits: 'profiles served from the in-process near cache',
  redisHits: 'profiles served from a Redis shard',
  originLoads: 'profiles loaded from the origin and written through',
  deadlineExceeded: 'RPCs that ran out of deadline',
  logins: 'successful logins',
  loginFailures: 'failed logins',
  streamBytes: 'event bytes streamed',
  backpressureWaits: 'times a stream waited for its client to drain',
}

const SCRYPT = { keylen: 32, options: { N: 16384, r: 8, p: 1 } }
const MAX_EVENTS = 1_000_000
const DEMO_ACCOUNTS = [
  { user: 'alice', password: 'correct horse battery staple', userId: 1 },
  { user: 'bob', password: 'hunter2-but-longer', userId: 2 },
]

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  workers: 2,
  users: 10_000,
  nearCacheMax: undefined, // defaults to `users`
  nearCacheTtlMs: 30_000,
  tokenTtlMs: 15 * 60_000,
  originLatencyMs: 3,
  accounts: DEMO_ACCOUNTS,
  prewarm: false,
  shutdownGraceMs: 10_000,
  telemetry: {},
}

let instances = 0

async function hashAccounts(backend, accounts) {
  const entries = await Promise.all(
    accounts.map(async ({ user, password, userId }) => {
      const salt = crypto.randomBytes(16)
      const hash = await backend.scrypt(password, salt, SCRYPT.keylen, SCRYPT.options)
      return [user, { userId, salt: salt.toString('hex'), hash: hash.toString('hex') }]
    }),
  )
  return Object.fromEntries(entries)
}

function deadlineOf(call) {
  const deadline = call.getDeadline()
  if (deadline instanceof Date) return deadline.getTime()
  return typeof deadline === 'number' ? deadline : Infinity
}

// The worker gets the deadline too and gives up on the origin; this guard also covers time
// spent queued behind other calls.
function withDeadline(promise, deadlineAt) {
  if (!Number.isFinite(deadlineAt)) return promise
  let timer
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new GrpcError('DEADLINE_EXCEEDED', 'deadline exceeded')), Math.max(0, deadlineAt - Date.now()))
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}

function statusOf(err) {
  const code = err instanceof GrpcError ? grpc.status[err.status] : undefined
  return code === undefined ? grpc.status.INTERNAL : code
}

function asBuffer(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

async function startService(options = {}) {
  const config = { ...DEFAULTS, ...options }
  if (!config.shards || config.shards.length === 0) throw new TypeError('startService needs at least one Redis shard address in options.shards')
  const backend = typeof config.backend === 'object' ? config.backend : loadBackend(config.backend)
  const { memory: counterMemory, counters } = backend.createCounters(Object.keys(COUNTERS))
  const tokenKey = crypto.randomBytes(32)
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
  const publicKeyDer = publicKey.export({ type: 'spki', format: 'der' })
  const nearCache = { cacheName: `capstone-l1-${process.pid}-${++instances}`, max: config.nearCacheMax ?? config.users, ttlMs: config.nearCacheTtlMs }
  // The main thread holds the shared cache for the service's lifetime, so a worker that is
  // replaced finds it where it was.
  const mainNearCache = backend.sharedNearCache ? backend.openNearCache(nearCache) : null
  let shards = [...config.shards]

  const pool = new WorkerPool(path.join(__dirname, 'worker.js'), {
    size: config.workers,
    workerData: {
      backend: backend.name,
      counterMemory,
      nearCache,
      shards,
      originLatencyMs: config.originLatencyMs,
      tokenKey,
      tokenTtlMs: config.tokenTtlMs,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      credentials: await hashAccounts(backend, config.accounts),
      scrypt: SCRYPT,
    },
  })
  await pool.ready()
  if (config.prewarm) await prewarm()

  const telemetry = createTelemetry(config.telemetry, backend.name)
  observeCounters(telemetry.meter, counters, COUNTERS)
  const tokens = createTokens(backend.createSealer(tokenKey), config.tokenTtlMs)

  async function prewarm() {
    const upTo = Math.min(config.users, nearCache.max)
    if (!backend.sharedNearCache) return pool.broadcast('prewarm', { from: 0, to: upTo })
    const share = Math.ceil(upTo / config.workers)
    return Promise.all(
      pool.threadIds.map((_, i) => pool.runOn(i, 'prewarm', { from: i * share, to: Math.min(upTo, (i + 1) * share) })),
    )
  }

  function startSpan(method, userId) {
    counters.requests.increment()
    const span = telemetry.tracer.startSpan(`architect.capstone.Profiles/${method}`, {
      kind: SpanKind.SERVER,
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'architect.capstone.Profiles', 'rpc.method': method },
    })
    if (userId !== undefined) span.setAttribute('app.user_id', userId)
    return span
  }

  function endSpan(span, err) {
    if (err) {
      const code = statusOf(err)
      counters.errors.increment()
      if (code === grpc.status.DEADLINE_EXCEEDED) counters.deadlineExceeded.increment()
      span.setAttribute('rpc.grpc.status_code', code)
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message })
      span.end()
      return { code, details: err.message }
    }
    span.setAttribute('rpc.grpc.status_code', grpc.status.OK)
    span.end()
  }

  function unary(method, handle) {
    return (call, callback) => {
      const span = startSpan(method, call.request.user_id)
      handle(call.request, span, deadlineOf(call)).then(
        (reply) => callback(endSpan(span), reply),
        (err) => callback(endSpan(span, err)),
      )
    }
  }

  function checkUserId(userId) {
    if (!Number.isInteger(userId) || userId < 0 || userId >= config.users) {
      throw new GrpcError('INVALID_ARGUMENT', `user_id must be an integer in [0, ${config.users}); got ${userId}`)
    }
  }

  const handlers = {
    GetProfile: unary('GetProfile', async ({ token, user_id: userId }, span, deadlineAt) => {
      checkUserId(userId)
      const reply = await withDeadline(pool.run('getProfile', { token, userId, deadlineAt }), deadlineAt)
      span.setAttributes({ 'app.cache': reply.cache, 'app.cache.hit': reply.cache !== 'origin', 'app.shard': reply.shard, 'app.worker': reply.worker })
      return { ...reply, payload: asBuffer(reply.payload), signature: asBuffer(reply.signature) }
    }),

    Login: unary('Login', async ({ user, password }, span, deadlineAt) => {
      if (!user || !password) throw new GrpcError('INVALID_ARGUMENT', 'user and password are required')
      const reply = await withDeadline(pool.run('login', { user, password }), deadlineAt)
      span.setAttribute('app.worker', reply.worker)
      return { token: reply.token, expires_at_ms: reply.expiresAtMs, user_id: reply.userId }
    }),

    GetPublicKey: unary('GetPublicKey', async () => ({ spki_der: publicKeyDer })),

    RecentEvents: (call) => {
      const { token, user_id: userId, limit } = call.request
      const span = startSpan('RecentEvents', userId)
      streamEvents(call, token, userId, limit, span).then(
        () => {
          endSpan(span)
          call.end()
        },
        (err) => call.emit('error', endSpan(span, err)),
      )
    },
  }

  async function streamEvents(call, token, userId, limit, span) {
    tokens.verify(token)
    checkUserId(userId)
    if (!(limit >= 1 && limit <= MAX_EVENTS)) throw new GrpcError('INVALID_ARGUMENT', `limit must be in [1, ${MAX_EVENTS}]; got ${limit}`)
    const byteCounter = backend.createByteCounter()
    const log = eventLog(userId, limit).pipe(byteCounter)
    let linesSent = 0
    try {
      for await (const chunk of log) {
        if (call.cancelled) throw new GrpcError('CANCELLED', 'client cancelled the stream')
        const count = byteCounter.totals.lines - linesSent
        linesSent += count
        counters.streamBytes.add(chunk.length)
        // write() returning false is the client (through HTTP/2 flow control) asking us to wait.
        if (!call.write({ ndjson: chunk, count })) {
          counters.backpressureWaits.increment()
          await drainOrCancel(call)
        }
      }
    } finally {
      log.destroy()
    }
    span.setAttributes({ 'app.events': linesSent, 'app.bytes': byteCounter.totals.bytes })
  }

  const server = new grpc.Server()
  server.addService(Profiles.service, handlers)
  const port = await new Promise((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, grpc.ServerCredentials.createInsecure(), (err, boundPort) => (err ? reject(err) : resolve(boundPort))),
  )

  let closed
  return {
    backend: backend.name,
    port,
    address: `${config.host}:${port}`,
    publicKeyDer,
    get threadIds() {
      return pool.threadIds
    },
    get shards() {
      return [...shards]
    },
    counters: () => Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.sum()])),
    async addShard(address) {
      shards = [...shards, address]
      await pool.broadcast('setShards', { shards })
    },
    async removeShard(address) {
      shards = shards.filter((shard) => shard !== address)
      await pool.broadcast('setShards', { shards })
    },
    // Heap, GC and event-loop figures of every worker thread (the main thread reads its own).
    workerStats: ({ reset = false } = {}) => pool.broadcast('stats', { reset }),
    // Test hook: writes a profile into its Redis shard behind the near cache's back.
    redisSet: (userId, json) => pool.run('redisSet', { userId, json }),
    // In-flight calls finish (up to shutdownGraceMs); then the workers close their Redis
    // connections and caches, and the telemetry flushes.
    close() {
      closed ??= (async () => {
        await new Promise((resolve) => {
          const force = setTimeout(() => server.forceShutdown(), config.shutdownGraceMs)
          server.tryShutdown(() => {
            clearTimeout(force)
            resolve()
          })
        })
        await pool.close()
        mainNearCache?.close()
        await telemetry.shutdown()
      })()
      return closed
    },
  }
}

function drainOrCancel(call) {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done)
      call.off('cancelled', done)
      resolve()
    }
    call.on('drain', done)
    call.on('cancelled', done)
  })
}

module.exports = { startService, COUNTERS, DEMO_ACCOUNTS, MAX_EVENTS }
