'use strict'
// The shared cache tier: one Redis per shard, the shard for a user chosen by a consistent-hash
// ring so adding a shard moves only ~1/N of the keys. A shard that is down fails fast
// (no offline queue) and only for its own keys; the client reconnects on its own.
const Redis = require('ioredis')
const { GrpcError } = require('./grpc-error')

const PROFILE_TTL_SECONDS = 3600

function connect(address) {
  const [host, port] = splitAddress(address)
  const client = new Redis({
    host,
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => 100,
    lazyConnect: true,
  })
  // ioredis reports connection errors as events; the command that needed the shard reports them.
  client.on('error', () => {})
  return client
}

function splitAddress(address) {
  const at = address.lastIndexOf(':')
  return [address.slice(0, at), Number(address.slice(at + 1))]
}

async function waitReady(client) {
  if (client.status === 'ready') return
  if (client.status === 'wait') await client.connect().catch(() => {})
  // A shard that is down at start-up is not fatal: its keys answer UNAVAILABLE until it is back.
}

function createRedisTier(backend, shards) {
  const clients = new Map()
  let ring = backend.createRing(shards)

  async function setShards(nextShards) {
    for (const address of nextShards) if (!clients.has(address)) clients.set(address, connect(address))
    await Promise.all(nextShards.map((address) => waitReady(clients.get(address))))
    ring = backend.createRing(nextShards)
    for (const [address, client] of clients) {
      if (!nextShards.includes(address)) {
        clients.delete(address)
        client.disconnect()
      }
    }
  }

  function shardFor(userId) {
    return ring.get(`user:${userId}`)
  }

  async function command(shard, run) {
    const client = clients.get(shard)
    try {
      return await run(client)
    } catch (err) {
      throw new GrpcError('UNAVAILABLE', `redis shard ${shard} unavailable: ${err.message}`)
    }
  }

  return {
    ready: () => setShards(shards),
    setShards,
    shardFor,
    get: (shard, userId) => command(shard, (client) => client.get(`profile:${userId}`)),
    set: (shard, userId, json) => command(shard, (client) => client.set(`profile:${userId}`, json, 'EX', PROFILE_TTL_SECONDS)),
    close: () => Promise.all([...clients.values()].map((client) => client.quit().catch(() => client.disconnect()))),
  }
}

module.exports = { createRedisTier }
