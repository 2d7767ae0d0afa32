'use strict'
// A bounded gRPC load generator over a few HTTP/2 connections, asking for Zipf-distributed
// profiles for a fixed time, in one of two modes:
// - closed loop (`concurrency` callers, each sends when its last call returned): finds the
//   throughput at saturation, where latency is mostly queueing;
// - open loop (`rate` calls per second on a fixed schedule, however slow the answers): latency is
//   measured from when a call was due, not when it was sent, so a pause in the service shows in
//   full instead of slowing the callers down (no coordinated omission).
// Latencies of the measured phase are kept whole (no histogram buckets) and sorted at the end.
const { createClient } = require('../src/client')
const { DEMO_ACCOUNTS } = require('../src/service')
const { createZipf } = require('./zipf')

const CONNECTIONS = 4

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const MAX_OUTSTANDING = 10_000

async function drive({ address, users, concurrency, rate, warmupMs, durationMs, zipfS, onMeasureStart }) {
  const clients = Array.from({ length: CONNECTIONS }, () => createClient(address, { 'grpc.use_local_subchannel_pool': 1 }))
  const account = DEMO_ACCOUNTS[0]
  const nextUser = createZipf(users, zipfS)
  let latencies = new Float64Array(1 << 20)
  let recorded = 0
  let errors = 0
  const errorCodes = {}
  let measuring = false
  let stopping = false

  const tokens = await Promise.all(clients.map((client) => client.login({ user: account.user, password: account.password }).then((reply) => reply.token)))

  // A call counts if it was due inside the measured window, wherever it ends.
  async function call(i, dueAt) {
    const counted = measuring
    try {
      await clients[i % CONNECTIONS].getProfile({ token: tokens[i % CONNECTIONS], user_id: nextUser() })
    } catch (err) {
      if (counted) {
        errors++
        errorCodes[err.code] = (errorCodes[err.code] ?? 0) + 1
      }
      return
    }
    if (!counted) return
    if (recorded === latencies.length) {
      const grown = new Float64Array(latencies.length * 2)
      grown.set(latencies)
      latencies = grown
    }
    latencies[recorded++] = performance.now() - dueAt
  }

  let callers
  if (rate) {
    callers = [openLoop()]
  } else {
    callers = Array.from({ length: concurrency }, async (_, i) => {
      while (!stopping) await call(i, performance.now())
    })
  }

  async function openLoop() {
    const interval = 1000 / rate
    const inFlight = new Set()
    let due = performance.now()
    let sent = 0
    while (!stopping) {
      for (const now = performance.now(); due <= now; due += interval) {
        if (inFlight.size >= MAX_OUTSTANDING) {
          if (measuring) errorCodes.overload = (errorCodes.overload ?? 0) + 1
          if (measuring) errors++
          continue
        }
        const pending = call(sent++, due).finally(() => inFlight.delete(pending))
        inFlight.add(pending)
      }
      await sleep(1)
    }
    await Promise.all(inFlight)
  }

  await sleep(warmupMs)
  await onMeasureStart?.()
  measuring = true
  const measureStarted = process.hrtime.bigint()
  await sleep(durationMs)
  measuring = false
  const measuredMs = Number(process.hrtime.bigint() - measureStarted) / 1e6
  stopping = true
  await Promise.all(callers)
  for (const client of clients) client.close()

  const sorted = latencies.subarray(0, recorded).sort()
  return {
    mode: rate ? `open loop, ${rate} calls/s` : `closed loop, ${concurrency} callers`,
    requests: recorded,
    errors,
    errorCodes,
    seconds: measuredMs / 1000,
    requestsPerSecond: recorded / (measuredMs / 1000),
    latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), max: sorted[recorded - 1] },
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

module.exports = { drive }
