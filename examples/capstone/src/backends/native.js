'use strict'
// Every piece from architect-native: one near cache off the V8 heap shared by all threads,
// striped counters, the xxh3 ring, ring's AES-GCM and Ed25519, native scrypt and stream counting.
const native = require('architect-native')

const name = 'native'

// One cache for the whole process: a profile one worker loaded is a hit for every other.
const sharedNearCache = true

function createCounters(names) {
  const memory = {}
  for (const counterName of names) memory[counterName] = new native.StripedCounter().buffer
  return { memory, counters: attachCounters(memory) }
}

function attachCounters(memory) {
  const counters = {}
  for (const [counterName, buffer] of Object.entries(memory)) {
    const striped = native.StripedCounter.from(buffer)
    counters[counterName] = { increment: () => striped.increment(), add: (n) => striped.add(n), sum: () => striped.sum() }
  }
  return counters
}

function openNearCache({ cacheName, max, ttlMs: ttl }) {
  const cache = native.LruCache.shared(cacheName, { max, ttl })
  return {
    get: (userId) => cache.get(userId),
    // `ttl` overrides the cache's own for this entry (the prewarm spreads expiries with it).
    set: (userId, json, ttl) => void cache.set(userId, json, ttl === undefined ? undefined : { ttl }),
    size: () => cache.size,
    close: () => cache.close(),
  }
}

function createRing(shards) {
  const ring = new native.HashRing(shards)
  return { get: (key) => ring.get(key) }
}

function createSealer(key) {
  const gcm = new native.AesGcm(key)
  return { seal: (plaintext) => gcm.seal(plaintext), open: (sealed) => gcm.open(sealed) }
}

function createSigner(privateKeyPem) {
  const signer = new native.Ed25519Signer(privateKeyPem)
  return { sign: (message) => signer.sign(message) }
}

const scrypt = (password, salt, keylen, options) => native.scrypt(password, salt, keylen, options)

const createByteCounter = () => native.createCounter()

module.exports = { name, sharedNearCache, createCounters, attachCounters, openNearCache, createRing, createSealer, createSigner, scrypt, createByteCounter }
