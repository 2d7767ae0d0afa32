'use strict'
// Starts what a test needs: Redis shards, the service on the backend under test, a client
// logged in as alice. `close()` takes it all down again.
const grpc = require('@grpc/grpc-js')
const { InMemorySpanExporter } = require('@opentelemetry/sdk-trace-base')
const { MetricReader } = require('@opentelemetry/sdk-metrics')
const { startRedisShards } = require('../src/redis-servers')
const { startService, DEMO_ACCOUNTS } = require('../src/service')
const { createClient } = require('../src/client')

const backendName = process.env.ARCHITECT_BACKEND || 'native'
const alice = DEMO_ACCOUNTS[0]

// A reader the test pulls from; the SDK's periodic readers push on a timer instead.
class PullMetricReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

async function startStack({ shardCount = 3, ...serviceOptions } = {}) {
  const redis = await startRedisShards(shardCount)
  const spans = new InMemorySpanExporter()
  const metrics = new PullMetricReader()
  const service = await startService({
    backend: backendName,
    shards: redis.shards,
    telemetry: { spanExporter: spans, metricReaders: [metrics] },
    ...serviceOptions,
  })
  const client = createClient(service.address)
  const { token } = await client.login({ user: alice.user, password: alice.password })
  return {
    redis,
    service,
    client,
    token,
    spans,
    metrics,
    async close() {
      client.close()
      await service.close()
      await redis.close()
    },
  }
}

// Resolves to the gRPC status of a call that must fail.
async function statusOf(promise) {
  try {
    await promise
  } catch (err) {
    return err.code
  }
  throw new Error('the call succeeded; a failure was expected')
}

module.exports = { startStack, statusOf, backendName, alice, status: grpc.status }
