'use strict'
// The pure-JS twin of HashRing, BoundedLoadRing and jumpHash (same classes: lib/hash_ring.js).
// Every mode gives the native ring's exact key -> server map: `hash: 'ketama'` is npm hashring's
// md5 ring (on node:crypto), the default `xxh3` the native xxh3 ring (reference/xxh3.js: xxh3-128
// of "<server>-<i>" for a vnode's points, xxh3-64 of a key for its position). jumpHash is exact
// too (FNV-1a 64 for strings, like the native one).

// The twin's own instance of the shared class code (lib/own_instance.js says why).
const { ownInstanceOf } = require('../lib/own_instance.js')
const crypto = require('node:crypto')
const { xxh3_64, xxh3_128 } = require('./xxh3.js')
const { defineHashing } = ownInstanceOf('hash_ring', 'reference')
const { invalidArgValue, outOfRange, rangeError } = require('../lib/errors.js')

const NONE = 0xffffffff

function fnv1a64(text) {
  let h = 0xcbf29ce484222325n
  for (const b of Buffer.from(text, 'utf8')) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n)
  return h
}

/** xxh3-128 as its 16 little-endian bytes, the layout the native ring reads points from. */
function xxh3Digest(text) {
  const [lo, hi] = xxh3_128(Buffer.from(text, 'utf8'))
  const out = Buffer.allocUnsafe(16)
  out.writeBigUInt64LE(lo, 0)
  out.writeBigUInt64LE(hi, 8)
  return out
}

function md5(text) {
  return crypto.createHash('md5').update(text).digest()
}

/** hashring's `find`, quirks included. */
function hashringFind(values, position) {
  const size = values.length
  let low = 0
  let high = size
  for (;;) {
    const mid = (low + high) >> 1
    if (mid === size) return 0
    const middle = values[mid]
    const previous = mid === 0 ? 0 : values[mid - 1]
    if (position <= middle && position > previous) return mid
    if (middle < position) low = mid + 1
    else high = mid - 1
    if (low > high) return 0
  }
}

function lowerBound(values, position) {
  let low = 0
  let high = values.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (values[mid] < position) low = mid + 1
    else high = mid
  }
  return low === values.length ? 0 : low
}

class Ring {
  constructor(mode, replicas, vnodes) {
    Object.assign(this, { mode, replicas, vnodes, values: new Uint32Array(0), owners: new Uint32Array(0), count: 0 })
  }

  setServers(names, weights, vnodes) {
    names.forEach((name, i) => {
      if (!(weights[i] > 0 && Number.isFinite(weights[i]))) throw outOfRange(`weight of "${name}"`, 'a finite number > 0', weights[i])
      if (names.indexOf(name) !== i) throw invalidArgValue('servers', `lists the server "${name}" twice`, names)
    })
    const total = weights.reduce((a, b) => a + b, 0)
    const points = []
    names.forEach((name, server) => {
      const v = vnodes[server] || this.vnodes
      const length = v !== this.vnodes ? v : Math.floor((weights[server] / total) * v * names.length)
      for (let i = 0; i < length; i++) {
        const d = this.mode === 1 ? md5(`${name}-${i}`) : xxh3Digest(`${name}-${i}`)
        for (let j = 0; j < this.replicas; j++) points.push([d.readUInt32LE(j * 4), server])
      }
    })
    points.sort((a, b) => a[0] - b[0]) // stable, like hashring's
    this.values = Uint32Array.from(points, (p) => p[0])
    this.owners = Uint32Array.from(points, (p) => p[1])
    this.count = names.length
    return points.length
  }

  position(key) {
    return this.mode === 1 ? md5(key).readUInt32LE(0) : Number(xxh3_64(Buffer.from(key, 'utf8')) & 0xffffffffn)
  }

  find(position) {
    return this.mode === 1 ? hashringFind(this.values, position) : lowerBound(this.values, position)
  }

  get(key) {
    return this.values.length ? this.owners[this.find(this.position(key))] : NONE
  }

  range(key, n, unique) {
    const out = []
    const size = this.values.length
    if (!size) return out
    const start = this.find(this.position(key))
    for (let k = 0; k < size && out.length < n; k++) {
      const server = this.owners[(start + k) % size]
      if (!unique || !out.includes(server)) out.push(server)
    }
    return out
  }

  distribution() {
    const owned = new Float64Array(this.count)
    const { values, owners } = this
    for (let i = 0; i < values.length; i++) {
      const previous = i === 0 ? values[values.length - 1] - 2 ** 32 : values[i - 1]
      owned[owners[i]] += values[i] - previous
    }
    return owned.map((arc) => arc / 2 ** 32)
  }
}

class Bounded {
  constructor(ring, c) {
    this.ring = ring
    this.c = c
    this.loads = new Float64Array(ring.count)
    this.owner = new Map()
    this.keysOf = Array.from({ length: ring.count }, () => new Set())
  }
  capacityFor(m) {
    return Math.ceil((this.c * m) / this.loads.length)
  }
  firstWithRoom(key, capacity, skip) {
    for (const s of this.ring.range(key, Infinity, true)) if (s !== skip && this.loads[s] < capacity) return s
    throw new Error('unreachable: a server below capacity exists')
  }
  place(key, server) {
    this.loads[server]++
    this.keysOf[server].add(key)
    this.owner.set(key, server)
  }
  assign(key) {
    if (this.owner.has(key)) return this.owner.get(key)
    const server = this.firstWithRoom(key, this.capacityFor(this.owner.size + 1), -1)
    this.place(key, server)
    return server
  }
  release(key) {
    if (!this.owner.has(key)) return false
    const server = this.owner.get(key)
    this.owner.delete(key)
    this.keysOf[server].delete(key)
    this.loads[server]--
    const capacity = this.capacityFor(this.owner.size)
    for (let over = this.loads.findIndex((l) => l > capacity); over !== -1; over = this.loads.findIndex((l) => l > capacity)) {
      const moving = this.keysOf[over].values().next().value
      this.keysOf[over].delete(moving)
      this.loads[over]--
      this.owner.delete(moving)
      this.place(moving, this.firstWithRoom(moving, capacity, over))
    }
    return true
  }
}

function copyInto(out, values) {
  out.set(values.subarray ? values : Float64Array.from(values))
  return out
}

const jsOps = {
  ringNew: (mode, replicas, vnodes) => new Ring(mode, replicas, vnodes),
  ringSetServers: (ring, names, weights, vnodes) => ring.setServers(names, weights, vnodes),
  ringGet: (ring, key) => ring.get(key),
  ringGetManyInto: (ring, keys, out) => {
    for (let i = 0; i < keys.length; i++) out[i] = ring.get(keys[i])
    return out
  },
  ringRangeInto: (ring, key, n, unique, out) => {
    const servers = ring.range(key, n, unique)
    const written = Math.min(servers.length, out.length)
    for (let i = 0; i < written; i++) out[i] = servers[i]
    return written
  },
  ringDistributionInto: (ring, out) => copyInto(out, ring.distribution()),
  ringPoints: (ring) => ring.values.length,
  jumpHash(key, buckets) {
    let k
    if (typeof key === 'string') k = fnv1a64(key)
    else if (typeof key === 'bigint') {
      if (key < -(2n ** 63n) || key >= 2n ** 64n) throw outOfRange('key', '>= -(2n ** 63n) and < 2n ** 64n', 'a BigInt outside that range')
      k = BigInt.asUintN(64, key)
    } else {
      if (!Number.isSafeInteger(key)) throw outOfRange('key', Number.isInteger(key) ? '>= -9007199254740991 && <= 9007199254740991' : 'an integer', key)
      k = BigInt.asUintN(64, BigInt(key))
    }
    let b = -1
    let j = 0
    while (j < buckets) {
      b = j
      k = BigInt.asUintN(64, k * 2862933555777941757n + 1n)
      j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)))
    }
    return b
  },
  boundedNew(mode, replicas, vnodes, c, names, weights, vnodeCounts) {
    if (!(c >= 1)) throw rangeError('ERR_OUT_OF_RANGE', 'c must be >= 1')
    const ring = new Ring(mode, replicas, vnodes)
    ring.setServers(names, weights, vnodeCounts)
    return new Bounded(ring, c)
  },
  boundedAssign: (b, key) => b.assign(key),
  boundedRelease: (b, key) => b.release(key),
  boundedLoadsInto: (b, out) => copyInto(out, b.loads),
  boundedCapacity: (b) => b.capacityFor(b.owner.size),
  boundedAssigned: (b) => b.owner.size,
}

module.exports = defineHashing(jsOps)
