'use strict'
// HashRing, BoundedLoadRing and jumpHash: the classes, the parsing of server lists in npm
// `hashring`'s formats, and validation, over a set of operations (`ops`): index.js passes the
// native fast path, reference/hash_ring.js a pure-JS ring. Lookups come back as server indices;
// the names stay here, so no string crosses the boundary on the way back.
//
// Deliberate differences from npm `hashring`: an empty server list, a duplicate server and a
// weight that is not a positive number are errors (hashring silently uses weight 1 or builds an
// empty ring); `servers` and `points` are getters (a list of names and a point count); the
// default hash of a new ring is xxh3 (`hash: 'ketama'` gives hashring's exact md5 map);
// `default port` and custom hash functions are not supported.

const { invalidArgType, invalidArgValue, outOfRange, validateUint32 } = require('./errors.js')

const NONE = 0xffffffff

function validName(name, where) {
  if (typeof name !== 'string' || name.length === 0) throw invalidArgType(where, 'a non-empty string', name)
  return name
}

function positiveWeight(weight, name) {
  if (typeof weight !== 'number') throw invalidArgType(`weight of "${name}"`, 'of type number', weight)
  if (!(Number.isFinite(weight) && weight > 0)) throw outOfRange(`weight of "${name}"`, 'a finite number > 0', weight)
  return weight
}

function vnodeCount(vnodes, name) {
  if (vnodes === undefined) return 0
  validateUint32(vnodes, `vnodes of "${name}"`)
  if (vnodes < 1) throw outOfRange(`vnodes of "${name}"`, '>= 1', vnodes)
  return vnodes
}

/** Servers in any of hashring's forms -> [{ name, weight, vnodes }] (vnodes 0 = the ring's default). */
function parseServers(servers, argName = 'servers') {
  let list
  if (typeof servers === 'string') list = [{ name: validName(servers, argName), weight: 1, vnodes: 0 }]
  else if (Array.isArray(servers)) list = servers.map((name, i) => ({ name: validName(name, `${argName}[${i}]`), weight: 1, vnodes: 0 }))
  else if (servers !== null && typeof servers === 'object') {
    list = Object.keys(servers).map((name) => {
      const value = servers[name]
      if (typeof value === 'number') return { name, weight: positiveWeight(value, name), vnodes: 0 }
      if (value !== null && typeof value === 'object') {
        return { name, weight: value.weight === undefined ? 1 : positiveWeight(value.weight, name), vnodes: vnodeCount(value.vnodes, name) }
      }
      throw invalidArgType(`${argName}["${name}"]`, 'a weight (number) or { weight, vnodes }', value)
    })
  } else {
    throw invalidArgType(argName, 'an Array of server names, or an object of { server: weight | { weight, vnodes } }', servers)
  }
  const seen = new Set()
  for (const { name } of list) {
    if (seen.has(name)) throw invalidArgValue(argName, `lists the server "${name}" twice`, servers)
    seen.add(name)
  }
  return list
}

function ringOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  const { hash = 'xxh3', vnodes = 40, compatibility, replicas } = options
  if (hash !== 'xxh3' && hash !== 'ketama') throw invalidArgValue('options.hash', "must be 'xxh3' or 'ketama'", hash)
  validateUint32(vnodes, 'options.vnodes')
  if (vnodes < 1) throw outOfRange('options.vnodes', '>= 1', vnodes)
  if (compatibility !== undefined && compatibility !== 'hash_ring' && compatibility !== 'ketama') {
    throw invalidArgValue('options.compatibility', "must be 'hash_ring' or 'ketama'", compatibility)
  }
  let points = compatibility === 'hash_ring' ? 3 : 4
  if (replicas !== undefined && compatibility === undefined) {
    validateUint32(replicas, 'options.replicas')
    if (replicas < 1 || replicas > 4) throw outOfRange('options.replicas', '>= 1 && <= 4', replicas)
    points = replicas
  }
  return { mode: hash === 'ketama' ? 1 : 0, replicas: points, vnodes }
}

function keyString(key) {
  if (typeof key === 'string') return key
  if (typeof key === 'number') return String(key)
  throw invalidArgType('key', 'of type string or number', key)
}

// A ring's points live in memory and are sorted on every change: a caller's vnodes or weights
// must not ask for billions of them (hashring would spin until it ran out of memory).
const MAX_RING_POINTS = 1 << 24

function checkRingSize(specs, vnodes, replicas) {
  let virtualNodes = 0
  for (const spec of specs) virtualNodes += spec.vnodes || vnodes
  const points = virtualNodes * replicas
  if (points > MAX_RING_POINTS) {
    throw outOfRange('the ring size (servers x vnodes x points per vnode)', `<= ${MAX_RING_POINTS}`, points)
  }
}

function columns(specs) {
  return [specs.map((s) => s.name), Float64Array.from(specs, (s) => s.weight), Float64Array.from(specs, (s) => s.vnodes)]
}

function defineHashing(ops) {
  const registry = ops.release ? new FinalizationRegistry(ops.release) : null

  class HashRing {
    #t
    #size
    #specs
    #names

    /**
     * @param servers an Array of names, or `{ name: weight }` / `{ name: { weight, vnodes } }`
     * @param options `{ hash: 'xxh3' | 'ketama', vnodes = 40, compatibility: 'hash_ring', replicas }`
     */
    constructor(servers, options = {}) {
      const specs = parseServers(servers)
      if (specs.length === 0) throw invalidArgValue('servers', 'must name at least one server', servers)
      const { mode, replicas, vnodes } = ringOptions(options)
      checkRingSize(specs, vnodes, replicas)
      this.#size = { vnodes, replicas }
      this.#t = ops.ringNew(mode, replicas, vnodes)
      if (registry) registry.register(this, this.#t)
      this.#setServers(specs)
    }

    #setServers(specs) {
      checkRingSize(specs, this.#size.vnodes, this.#size.replicas)
      ops.ringSetServers(this.#t, ...columns(specs))
      this.#specs = specs
      this.#names = specs.map((s) => s.name)
    }

    /** The server that owns `key` (a string, or a number taken as its string). */
    get(key) {
      const index = ops.ringGet(this.#t, keyString(key))
      return index === NONE ? undefined : this.#names[index]
    }

    /** Servers for many keys, crossing into native code once. */
    getMany(keys) {
      if (!Array.isArray(keys)) throw invalidArgType('keys', 'an instance of Array', keys)
      const count = keys.length
      const out = new Uint32Array(count)
      if (ops.ringGetJoinedInto) {
        // One string for the whole batch (a single boundary read instead of one per key), built
        // by concatenation: a rope the native read flattens once, cheaper than join('').
        const lengths = new Uint32Array(count)
        let joined = ''
        for (let i = 0; i < count; i++) {
          const key = keys[i]
          const s = typeof key === 'string' ? key : keyString(key)
          lengths[i] = s.length
          joined += s
        }
        ops.ringGetJoinedInto(this.#t, joined, lengths, out)
      } else {
        const strings = new Array(count)
        for (let i = 0; i < count; i++) strings[i] = keyString(keys[i])
        ops.ringGetManyInto(this.#t, strings, out)
      }
      const names = this.#names
      const result = new Array(count)
      for (let i = 0; i < count; i++) result[i] = out[i] === NONE ? undefined : names[out[i]]
      return result
    }

    /** Up to `n` servers clockwise from `key` (distinct ones unless `unique` is false), for replication. */
    range(key, n = this.#names.length, unique = true) {
      validateUint32(n, 'n')
      if (n < 1) throw outOfRange('n', '>= 1', n)
      if (typeof unique !== 'boolean') throw invalidArgType('unique', 'of type boolean', unique)
      const out = new Uint32Array(unique ? Math.min(n, this.#names.length) : n)
      const written = ops.ringRangeInto(this.#t, keyString(key), n, unique, out)
      return Array.from(out.subarray(0, written), (i) => this.#names[i])
    }

    /** Adds servers (same forms as the constructor); the ring is rebuilt. */
    add(servers) {
      const added = parseServers(servers)
      for (const spec of added) {
        if (this.#names.includes(spec.name)) throw invalidArgValue('servers', `includes "${spec.name}", which is already in the ring`, servers)
      }
      this.#setServers([...this.#specs, ...added])
      return this
    }

    /** Removes a server; the ring is rebuilt. Removing the last one is refused (a ring needs one). */
    remove(server) {
      validName(server, 'server')
      if (!this.#names.includes(server)) throw invalidArgValue('server', 'is not in the ring', server)
      if (this.#names.length === 1) throw invalidArgValue('server', 'is the last server; a ring needs at least one', server)
      this.#setServers(this.#specs.filter((s) => s.name !== server))
      return this
    }

    has(server) {
      return this.#names.includes(server)
    }

    /** The server names, in the order they were added. */
    get servers() {
      return [...this.#names]
    }

    /** How many points the ring has. */
    get points() {
      return ops.ringPoints(this.#t)
    }

    /** Each server's exact share of the hash space: `{ name: fraction }`, summing to 1. */
    distribution() {
      const shares = ops.ringDistributionInto(this.#t, new Float64Array(this.#names.length))
      return Object.fromEntries(this.#names.map((name, i) => [name, shares[i]]))
    }
  }

  class BoundedLoadRing {
    #t
    #names

    /**
     * Consistent hashing with bounded loads: no server holds more than `ceil(c * average)` keys.
     * @param options `{ c = 1.25, hash, vnodes, compatibility, replicas }` as for HashRing
     */
    constructor(servers, options = {}) {
      const specs = parseServers(servers)
      if (specs.length === 0) throw invalidArgValue('servers', 'must name at least one server', servers)
      const { c = 1.25 } = options ?? {}
      if (typeof c !== 'number') throw invalidArgType('options.c', 'of type number', c)
      if (!(Number.isFinite(c) && c >= 1)) throw outOfRange('options.c', '>= 1', c)
      const { mode, replicas, vnodes } = ringOptions(options)
      checkRingSize(specs, vnodes, replicas)
      this.#t = ops.boundedNew(mode, replicas, vnodes, c, ...columns(specs))
      if (registry) registry.register(this, this.#t)
      this.#names = specs.map((s) => s.name)
    }

    /** The server holding `key`, assigning it now if it is new. */
    assign(key) {
      return this.#names[ops.boundedAssign(this.#t, keyString(key))]
    }

    /** Forgets `key`; false if it was not assigned. Servers left above the bound hand keys on. */
    release(key) {
      return ops.boundedRelease(this.#t, keyString(key))
    }

    /** Keys per server: `{ name: count }`. */
    loads() {
      const loads = ops.boundedLoadsInto(this.#t, new Float64Array(this.#names.length))
      return Object.fromEntries(this.#names.map((name, i) => [name, loads[i]]))
    }

    /** The most keys any server may hold now: ceil(c * assigned / servers). */
    get capacity() {
      return ops.boundedCapacity(this.#t)
    }

    /** How many keys are assigned. */
    get size() {
      return ops.boundedAssigned(this.#t)
    }

    get servers() {
      return [...this.#names]
    }
  }

  /**
   * Jump consistent hash (Lamping & Veach): the bucket in [0, buckets) for `key` (a string,
   * hashed with FNV-1a 64 of its UTF-8 bytes; an integer number; or a BigInt).
   */
  function jumpHash(key, buckets) {
    validateUint32(buckets, 'buckets')
    if (buckets < 1) throw outOfRange('buckets', '>= 1 && <= 4294967295', buckets)
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'bigint') {
      throw invalidArgType('key', 'of type string, number, or bigint', key)
    }
    return ops.jumpHash(key, buckets)
  }

  return { HashRing, BoundedLoadRing, jumpHash }
}

module.exports = { defineHashing, parseServers }
