'use strict'
// The system of record behind the caches: a slow lookup (a database or another service) that
// the capstone simulates with deterministic ~200-byte profiles and a fixed latency.
const { setTimeout: sleep } = require('node:timers/promises')

const CITIES = ['Lisbon', 'Osaka', 'Nairobi', 'Lima', 'Tallinn', 'Austin', 'Hanoi', 'Perth']
const PLANS = ['free', 'pro', 'team']

// `version` lets a test change a profile at the origin or in Redis and see who serves what.
function profileJson(userId, version = 1) {
  const city = CITIES[userId % CITIES.length]
  const plan = PLANS[userId % PLANS.length]
  return JSON.stringify({
    id: userId,
    name: `User ${userId}`,
    email: `user${userId}@example.test`,
    city,
    plan,
    bio: `Architect of things in ${city}; ${plan} plan since ${2015 + (userId % 10)}.`.padEnd(72, '.'),
    version,
  })
}

function createOrigin({ latencyMs = 3 } = {}) {
  return {
    async load(userId, signal) {
      if (latencyMs > 0) await sleep(latencyMs, undefined, { signal })
      return profileJson(userId)
    },
  }
}

module.exports = { createOrigin, profileJson }
