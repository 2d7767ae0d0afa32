'use strict'
// Runs the capstone service until SIGINT/SIGTERM, then shuts down gracefully.
//   ARCHITECT_BACKEND=native node server.js [--port 50051] [--shards 127.0.0.1:6379,...] [--print-spans]
// Without --shards it starts three redis-server shards of its own on free loopback ports.
const { parseArgs } = require('node:util')
const { startRedisShards } = require('./src/redis-servers')
const { startService } = require('./src/service')

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '50051' },
    shards: { type: 'string' },
    users: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '2' },
    'print-spans': { type: 'boolean', default: false },
    'print-metrics-every': { type: 'string' },
  },
})

async function main() {
  const redis = args.shards ? null : await startRedisShards(3)
  const shards = args.shards ? args.shards.split(',') : redis.shards
  const service = await startService({
    port: Number(args.port),
    shards,
    users: Number(args.users),
    workers: Number(args.workers),
    telemetry: {
      spanExporter: args['print-spans'] ? 'console' : undefined,
      printMetricsEveryMs: args['print-metrics-every'] ? Number(args['print-metrics-every']) * 1000 : undefined,
    },
  })
  console.log(`capstone (${service.backend} backend) listening on ${service.address}; Redis shards ${shards.join(', ')}; workers ${service.threadIds.join(', ')}`)
  const stop = async (signal) => {
    console.log(`${signal}: finishing calls in flight, then closing workers, caches and Redis`)
    await service.close()
    await redis?.close()
    console.log('counters at exit:', service.counters())
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
