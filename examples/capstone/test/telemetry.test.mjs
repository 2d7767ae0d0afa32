// OpenTelemetry: a span per RPC with cache, shard and worker; the shared counters as metrics.
import { createRequire } from 'node:module'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'

const require = createRequire(import.meta.url)
const { startStack, statusOf, backendName } = require('./stack.js')
const { SpanStatusCode } = require('@opentelemetry/api')

describe(`Telemetry [${backendName}]`, () => {
  let stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack?.close())

  it('emits a span per RPC with cache hit/miss, shard and worker', async () => {
    stack.spans.reset()
    await stack.client.getProfile({ token: stack.token, user_id: 12 })
    await stack.client.getProfile({ token: stack.token, user_id: 12 })
    await statusOf(stack.client.getProfile({ token: 'forged', user_id: 12 }))
    const spans = stack.spans.getFinishedSpans().filter((span) => span.name === 'architect.capstone.Profiles/GetProfile')
    expect(spans).toHaveLength(3)
    const [miss, hit, rejected] = spans
    expect(miss.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.method': 'GetProfile', 'app.user_id': 12, 'app.cache': 'origin', 'app.cache.hit': false, 'rpc.grpc.status_code': 0 })
    expect(stack.redis.shards).toContain(miss.attributes['app.shard'])
    expect(stack.service.threadIds).toContain(miss.attributes['app.worker'])
    expect(hit.attributes['app.cache.hit']).toBe(true)
    expect(rejected.status.code).toBe(SpanStatusCode.ERROR)
    expect(rejected.attributes['rpc.grpc.status_code']).toBe(16)
  })

  it('exports the shared counters as observable metrics with the same values', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => stack.client.getProfile({ token: stack.token, user_id: i })))
    const { resourceMetrics } = await stack.metrics.collect()
    const exported = {}
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) exported[metric.descriptor.name] = metric.dataPoints[0].value
    }
    const counters = stack.service.counters()
    for (const [name, value] of Object.entries(counters)) expect(exported[`capstone.${name}`]).toBe(value)
    expect(exported['capstone.requests']).toBeGreaterThanOrEqual(50)
  })
})
