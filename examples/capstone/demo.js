'use strict'
// npm start: the capstone in one minute. Starts three redis-server shards and the service,
// then walks a client through every RPC and prints the spans the service emitted.
//   ARCHITECT_BACKEND=js npm start   runs the same tour on the pure-JS backend.
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { startRedisShards } = require('./src/redis-servers')
const { startService, DEMO_ACCOUNTS } = require('./src/service')
const { createClient, verifyProfile } = require('./src/client')

async function main() {
  execFileSync('bash', [path.join(__dirname, 'scripts', 'ensure-redis.sh')], { stdio: 'inherit' })
  const redis = await startRedisShards(3)
  const service = await startService({ shards: redis.shards, telemetry: { spanExporter: 'console' } })
  console.log(`service (${service.backend} backend) on ${service.address}, workers ${service.threadIds.join(' and ')}, Redis shards ${redis.shards.join(', ')}\n`)
  const client = createClient(service.address)
  try {
    const { spki_der: spkiDer } = await client.getPublicKey({})
    const [alice] = DEMO_ACCOUNTS
    const login = await client.login({ user: alice.user, password: alice.password })
    console.log(`Login(${alice.user}): token of ${login.token.length} chars (AES-256-GCM sealed), expires ${new Date(login.expires_at_ms).toISOString()}`)

    for (const attempt of ['first', 'second']) {
      const reply = await client.getProfile({ token: login.token, user_id: 42 })
      console.log(
        `GetProfile(42), ${attempt} call: from ${reply.cache} (shard ${reply.shard}, worker ${reply.worker}), ` +
          `signature verifies with node:crypto: ${verifyProfile(spkiDer, reply)}`,
      )
    }
    const profile = await client.getProfile({ token: login.token, user_id: 42 })
    console.log(`  ${profile.payload.toString()}`)

    let events = 0
    let batches = 0
    for await (const batch of client.recentEvents({ token: login.token, user_id: 42, limit: 5000 })) {
      events += batch.count
      batches++
    }
    console.log(`RecentEvents(42, 5000): ${events} events in ${batches} batches`)

    const tampered = Buffer.from(login.token, 'base64url')
    tampered[20] ^= 1
    const refused = await client.getProfile({ token: tampered.toString('base64url'), user_id: 42 }).catch((err) => err)
    console.log(`GetProfile with one bit of the token flipped: ${refused.code === 16 ? 'UNAUTHENTICATED' : refused.code} (${refused.details})`)
    const bad = await client.getProfile({ token: login.token, user_id: 10_000_000 }).catch((err) => err)
    console.log(`GetProfile(10000000): INVALID_ARGUMENT? ${bad.code === 3} (${bad.details})`)
    console.log('\ncounters (StripedCounters shared by every thread):', service.counters())
  } finally {
    client.close()
    console.log('\nspans (ConsoleSpanExporter, flushed at shutdown):')
    await service.close()
    await redis.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
