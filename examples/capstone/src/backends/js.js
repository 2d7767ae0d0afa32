'use strict'
// What a service author writes without the addon: npm lru-cache in each worker, Atomics counters
// over one SharedArrayBuffer, npm hashring (ketama), node:crypto, and a counting Transform.
const crypto = require('node:crypto')
const { Transform } = require('node:stream')
const { LRUCache } = require('lru-cache')
const HashRing = require('hashring')

const name = 'js'

// lru-cache lives on one thread's heap: each worker has its own copy.
const sharedNearCache = false

function createCounters(names) {
  const memory = { buffer: new SharedArrayBuffer(8 * names.length), names }
  return { memory, counters: attachCounters(memory) }
}

function attachCounters({ buffer, names }) {
  const slots = new BigInt64Array(buffer)
  const counters = {}
  names.forEach((counterName, i) => {
    counters[counterName] = {
      increment: () => void Atomics.add(slots, i, 1n),
      add: (n) => void Atomics.add(slots, i, BigInt(n)),
      sum: () => Number(Atomics.load(slots, i)),
    }
  })
  return counters
}

function openNearCache({ max, ttlMs: ttl }) {
  const cache = new LRUCache({ max, ttl })
  return {
    get: (userId) => cache.get(userId),
    // `ttl` overrides the cache's own for this entry (the prewarm spreads expiries with it).
    set: (userId, json, ttl) => void cache.set(userId, json, ttl === undefined ? undefined : { ttl }),
    size: () => cache.size,
    close: () => cache.clear(),
  }
}

function createRing(shards) {
  const ring = new HashRing(shards)
  return { get: (key) => ring.get(key) }
}

const IV_BYTES = 12
const TAG_BYTES = 16

// The same iv || ciphertext || tag layout as the addon's AesGcm.seal.
function createSealer(key) {
  return {
    seal(plaintext) {
      const iv = crypto.randomBytes(IV_BYTES)
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
      return Buffer.concat([iv, ciphertext, cipher.getAuthTag()])
    },
    open(sealed) {
      if (sealed.length < IV_BYTES + TAG_BYTES) throw Object.assign(new Error('sealed message too short'), { code: 'ERR_CRYPTO_AUTH_FAILED' })
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES))
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
    },
  }
}

function createSigner(privateKeyPem) {
  const key = crypto.createPrivateKey(privateKeyPem)
  return { sign: (message) => crypto.sign(null, message, key) }
}

const scrypt = (password, salt, keylen, options) =>
  new Promise((resolve, reject) => crypto.scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))))

function createByteCounter() {
  const totals = { bytes: 0, lines: 0 }
  const counter = new Transform({
    transform(chunk, _encoding, callback) {
      totals.bytes += chunk.length
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) totals.lines++
      callback(null, chunk)
    },
  })
  counter.totals = totals
  return counter
}

module.exports = { name, sharedNearCache, createCounters, attachCounters, openNearCache, createRing, createSealer, createSigner, scrypt, createByteCounter }
