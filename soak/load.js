'use strict'
// One round of the soak's mixed load over every piece; run again and again by soak/run.js (and,
// in a smaller form, by each short-lived worker). Everything it makes it also drops, so memory
// and handles must come back to where they were.
const crypto = require('node:crypto')
const { pipeline } = require('node:stream/promises')
const { Readable, Writable } = require('node:stream')
const native = require('..')

const SEED = crypto.randomBytes(32)
const AES_KEY = crypto.randomBytes(32)

async function lruRound(state) {
  // A private cache with TTL and dispose, filled past its limit so it evicts, now and then replaced.
  if (!state.cache || state.round % 50 === 0) {
    state.cache?.close()
    state.cache = new native.LruCache({ max: 2000, ttl: 200, dispose: () => state.disposed++ })
  }
  const cache = state.cache
  for (let i = 0; i < 500; i++) {
    const key = `k${(state.round * 500 + i) % 5000}`
    if (cache.get(key) === undefined) cache.set(key, `value-${key}-${'x'.repeat(i % 64)}`)
  }
  cache.purgeStale()
}

function ringRound(state) {
  const servers = Array.from({ length: 10 }, (_, i) => `10.0.0.${(state.round + i) % 50}:6379`)
  const ring = new native.HashRing(servers)
  ring.add(`10.0.1.${state.round % 50}:6379`)
  ring.remove(servers[0])
  ring.getMany(Array.from({ length: 200 }, (_, i) => `user:${i}`))
  const bounded = new native.BoundedLoadRing(servers)
  for (let i = 0; i < 50; i++) bounded.assign(`job:${i}`)
}

function cryptoRound() {
  const gcm = new native.AesGcm(AES_KEY)
  const sealed = gcm.seal(crypto.randomBytes(256))
  gcm.open(sealed)
  const signer = new native.Ed25519Signer(SEED)
  const message = crypto.randomBytes(100)
  native.verify(signer.publicKey, message, signer.sign(message))
}

function counterRound(state) {
  const atomic = native.AtomicCounter.from(new SharedArrayBuffer(64), state.round % 8)
  atomic.add(3)
  const striped = new native.StripedCounter({ cells: 4 })
  striped.incrementMany(100)
  state.counted += striped.sum() + atomic.load()
}

async function transformRound(state) {
  const buffer = crypto.randomBytes(256 * 1024)
  await native.xorInPlaceAsync(buffer, 'soak')
  await native.countLinesAsync(buffer)
  const chunks = Array.from({ length: 8 }, () => Buffer.alloc(16 * 1024, 97))
  let bytes = 0
  await pipeline(
    Readable.from(chunks),
    native.createTransform('upper'),
    native.createCounter(),
    new Writable({
      write(chunk, _encoding, callback) {
        bytes += chunk.length
        callback()
      },
    }),
  )
  state.streamed += bytes
}

async function round(state) {
  state.round++
  await lruRound(state)
  ringRound(state)
  cryptoRound()
  counterRound(state)
  await transformRound(state)
  if (state.round % 20 === 0) await native.scrypt('soak', 'salt', 32, { N: 1024 })
}

function createState() {
  return { round: 0, disposed: 0, counted: 0, streamed: 0, cache: null }
}

module.exports = { round, createState }
