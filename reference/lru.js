'use strict'
// The pure-JS twin of LruCache (same class: lib/lru.js), built as in the Caching lab: a Map from
// key to node, and a doubly linked list from least to most recently used. Its rules are the
// native core's (src/cache/lru.rs), which are lru-cache's: the same conformance and
// differential specs run over both. Values are stored as copies, like the native cache, so both
// hand out the same things (a new Buffer per `get`, an ArrayBuffer for codec-encoded values).
// "Shared" caches are per thread here: plain JS cannot share objects between workers.

// The twin's own instance of the shared class code (lib/own_instance.js says why).
const { ownInstanceOf } = require('../lib/own_instance.js')
const { defineLru } = ownInstanceOf('lru', 'reference')
const { invalidArgType, outOfRange } = require('../lib/errors.js')

const { FLAG, READ, WRITE, REASONS, CODECS } = require('../lib/lru_options.js')

const REASON = Object.fromEntries(REASONS.map((name, code) => [name, code]))

function checkKey(key) {
  if (typeof key !== 'string' && typeof key !== 'number') throw invalidArgType('key', 'of type string or number', key)
  return key === 0 ? 0 : key // -0 is stored as 0, as a Map lists it
}

/** A JS value as the cache stores it (copies of bytes); undefined stays undefined. */
function storedValue(value, encoded, name = 'value') {
  switch (typeof value) {
    case 'undefined':
    case 'string':
    case 'number':
    case 'boolean':
      return value
    case 'object':
      if (value === null) return null
      if (value instanceof Uint8Array) {
        let copy
        try {
          copy = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        } catch {
          break // detached: refused below, as the native cache refuses it
        }
        return encoded ? new Uint8Array(copy).slice().buffer : Buffer.from(copy)
      }
  }
  throw invalidArgType(name, 'of type string, number, boolean, or null, or an instance of Buffer or Uint8Array (other objects need the `codec` option)', value)
}

/** What `get` hands out: a fresh copy of stored bytes, the value itself otherwise. */
function handedOut(stored) {
  if (Buffer.isBuffer(stored)) return Buffer.from(stored)
  if (stored instanceof ArrayBuffer) return stored.slice(0)
  return stored
}

function sameValue(a, b) {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b)
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) return Buffer.from(a).equals(Buffer.from(b))
  return a === b
}

function defaultSize(value) {
  let bytes
  if (typeof value === 'string') bytes = Buffer.byteLength(value)
  else if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) bytes = value.byteLength
  else if (typeof value === 'number') bytes = 8
  else bytes = 1
  return Math.max(1, bytes)
}

class Node {
  constructor(key, value, size, ttl, start) {
    this.key = key
    this.value = value
    this.size = size
    this.ttl = ttl
    this.start = start
    this.prev = null // towards least recent
    this.next = null // towards most recent
  }
}

class ReferenceCore {
  constructor(settings) {
    this.settings = settings
    this.map = new Map()
    this.oldest = null
    this.newest = null
    this.calculatedSize = 0
    this.ttlTracking = settings.ttl !== 0
    this.manualNow = undefined
    this.hits = 0
    this.misses = 0
    this.evictions = 0
  }

  now() {
    return this.manualNow ?? performance.now()
  }

  isStale(node, now = this.now()) {
    return node.ttl !== 0 && now - node.start > node.ttl
  }

  tracksSizes() {
    return this.settings.maxSize !== 0 || this.settings.maxEntrySize !== 0
  }

  entryLimit() {
    return this.settings.maxEntrySize || this.settings.maxSize
  }

  unlink(node) {
    if (node.prev) node.prev.next = node.next
    else this.oldest = node.next
    if (node.next) node.next.prev = node.prev
    else this.newest = node.prev
    node.prev = node.next = null
  }

  append(node) {
    node.prev = this.newest
    if (this.newest) this.newest.next = node
    else this.oldest = node
    this.newest = node
  }

  promote(node) {
    if (this.newest !== node) {
      this.unlink(node)
      this.append(node)
    }
  }

  remove(node, reason, events) {
    this.unlink(node)
    this.map.delete(node.key)
    this.calculatedSize -= node.size
    if (events) events.push(node.value, node.key, reason)
  }

  evictOldest(events) {
    if (this.oldest) {
      this.evictions++
      this.remove(this.oldest, REASON.evict, events)
    }
  }

  get(key, read, events) {
    const node = this.map.get(key)
    if (node === undefined) {
      this.misses++
      return undefined
    }
    if (this.ttlTracking) {
      const now = this.now()
      if (this.isStale(node, now)) {
        this.misses++
        if (!read.noDeleteOnStale) this.remove(node, REASON.expire, events)
        return read.allowStale ? node.value : undefined
      }
      if (read.updateAge && node.ttl !== 0) node.start = now
    }
    this.hits++
    this.promote(node)
    return node.value
  }

  peek(key, allowStale) {
    const node = this.map.get(key)
    if (node === undefined || (!allowStale && this.isStale(node))) return undefined
    return node.value
  }

  has(key, updateAge) {
    const node = this.map.get(key)
    if (node === undefined) return false
    if (node.ttl === 0) return true
    const now = this.now()
    if (this.isStale(node, now)) return false
    if (updateAge) node.start = now
    return true
  }

  set(key, value, write, events) {
    const s = this.settings
    const size = this.tracksSizes() ? write.size || defaultSize(value) : 0
    const limit = this.entryLimit()
    if (limit !== 0 && size > limit) {
      this.delete(key, REASON.set, events)
      return
    }
    const ttl = write.ttl ?? s.ttl
    if (ttl !== 0) this.ttlTracking = true
    const start = ttl !== 0 ? this.now() - (write.age ?? 0) : 0
    const node = this.map.get(key)
    if (node !== undefined) {
      this.promote(node)
      if (!(write.noUpdateTtl ?? s.noUpdateTTL)) {
        node.ttl = ttl
        node.start = start
      }
      if (sameValue(node.value, value)) return
      const old = node.value
      node.value = value
      if (!(write.noDisposeOnSet ?? s.noDisposeOnSet) && events) events.push(old, key, REASON.set)
      this.calculatedSize -= node.size
      node.size = size
      this.makeRoom(size, events)
      this.calculatedSize += size
      return
    }
    if (s.max !== 0 && this.map.size >= s.max) this.evictOldest(events)
    const added = new Node(key, value, size, ttl, start)
    this.map.set(key, added)
    this.append(added)
    this.makeRoom(size, events)
    this.calculatedSize += size
  }

  makeRoom(size, events) {
    if (this.settings.maxSize === 0) return
    // The entry being set is the newest, so this stops before evicting it.
    while (this.calculatedSize + size > this.settings.maxSize && this.oldest !== this.newest) this.evictOldest(events)
  }

  delete(key, reason, events) {
    const node = this.map.get(key)
    if (node === undefined) return false
    this.remove(node, reason, events)
    return true
  }

  clear(events) {
    if (events) for (let node = this.oldest; node; node = node.next) events.push(node.value, node.key, REASON.delete)
    this.map.clear()
    this.oldest = this.newest = null
    this.calculatedSize = 0
  }

  pop(events) {
    const node = this.oldest
    if (!node) return undefined
    this.remove(node, REASON.evict, events)
    return node.value
  }

  purgeStale(events) {
    if (!this.ttlTracking) return false
    const now = this.now()
    const stale = []
    for (let node = this.oldest; node; node = node.next) if (this.isStale(node, now)) stale.push(node)
    for (const node of stale) this.remove(node, REASON.expire, events)
    return stale.length > 0
  }

  remainingTtl(key) {
    const node = this.map.get(key)
    if (node === undefined) return 0
    if (node.ttl === 0) return Infinity
    return node.ttl - (this.now() - node.start)
  }

  /** Fresh (or all) nodes, most recent first. */
  *recentFirst(allowStale) {
    const now = this.ttlTracking && !allowStale ? this.now() : undefined
    for (let node = this.newest; node; node = node.prev) {
      if (now === undefined || !this.isStale(node, now)) yield node
    }
  }
}

function settingsFrom(config) {
  const flags = config[4]
  const settings = {
    max: config[0],
    maxSize: config[1],
    maxEntrySize: config[2],
    ttl: config[3],
    updateAgeOnGet: Boolean(flags & FLAG.updateAgeOnGet),
    updateAgeOnHas: Boolean(flags & FLAG.updateAgeOnHas),
    allowStale: Boolean(flags & FLAG.allowStale),
    noDeleteOnStaleGet: Boolean(flags & FLAG.noDeleteOnStaleGet),
    noUpdateTTL: Boolean(flags & FLAG.noUpdateTTL),
    noDisposeOnSet: Boolean(flags & FLAG.noDisposeOnSet),
  }
  if (settings.max === 0 && settings.maxSize === 0 && settings.ttl === 0) {
    const error = new TypeError('At least one of max, maxSize, or ttl is required')
    error.code = 'ERR_INVALID_ARG_VALUE'
    throw error
  }
  return settings
}

/** A handle: the core (per thread, possibly shared by name) and this opener's dispose events. */
function handleOf(core, config, record) {
  return { core, config, events: record ? [] : null }
}

const sharedCaches = new Map() // name -> WeakRef of { core, config }

function openShared(name, config, record) {
  const live = sharedCaches.get(name)?.deref()
  if (live) {
    if (config !== undefined) {
      // Only the options the opener gave (config[8], lib/lru_options.js givenMask) are compared.
      const given = (bit) => (config[8] & (1 << bit)) !== 0
      const names = ['max', 'maxSize', 'maxEntrySize', 'ttl']
      const conflicts = []
      for (let i = 0; i < 4; i++) if (given(i) && live.config[i] !== config[i]) conflicts.push(`${names[i]}: ${live.config[i]} (asked ${config[i]})`)
      Object.entries(FLAG).forEach(([flag, bit], i) => {
        const had = Boolean(live.config[4] & bit)
        if (given(4 + i) && had !== Boolean(config[4] & bit)) conflicts.push(`${flag}: ${had} (asked ${!had})`)
      })
      if (given(10) && config[5] !== 0 && config[5] !== live.config[5]) conflicts.push(`shards: ${live.config[5]} (asked ${config[5]})`)
      if (given(11) && config[6] !== live.config[6]) conflicts.push(`codec: ${CODECS[live.config[6]]} (asked ${CODECS[config[6]]})`)
      if (conflicts.length) {
        const error = new Error(`The shared cache "${name}" is already open with other options: ${conflicts.join(', ')}`)
        error.code = 'ERR_LRU_SHARED_OPTIONS_CONFLICT'
        throw error
      }
    }
    const handle = handleOf(live.core, live.config, record)
    handle.keepAlive = live
    return handle
  }
  if (config === undefined) {
    const error = new Error(`No shared cache named "${name}" is open in this process; create it with options first (LruCache.shared(name, { max, ... }))`)
    error.code = 'ERR_LRU_SHARED_NOT_FOUND'
    throw error
  }
  const stored = Float64Array.from(config)
  stored[5] = stored[5] || 1
  const entry = { core: new ReferenceCore(settingsFrom(stored)), config: stored }
  sharedCaches.set(name, new WeakRef(entry))
  const handle = handleOf(entry.core, stored, record)
  handle.keepAlive = entry
  return handle
}

function readOptions(core, flags) {
  if (flags === undefined) {
    const s = core.settings
    return { allowStale: s.allowStale, updateAge: s.updateAgeOnGet, noDeleteOnStale: s.noDeleteOnStaleGet }
  }
  return { allowStale: Boolean(flags & READ.allowStale), updateAge: Boolean(flags & READ.updateAge), noDeleteOnStale: Boolean(flags & READ.noDeleteOnStale) }
}

function setOne(h, key, value, write, encoded) {
  const stored = storedValue(value, encoded)
  key = checkKey(key)
  if (stored === undefined) h.core.delete(key, REASON.delete, h.events)
  else h.core.set(key, stored, write, h.events)
}

const ops = {
  create(config) {
    const stored = Float64Array.from(config)
    stored[5] = 1
    return handleOf(new ReferenceCore(settingsFrom(stored)), stored, config[7] !== 0)
  },
  openShared,
  settingsInto(h, out) {
    out.set(h.config)
    out[7] = h.core.entryLimit()
    out[8] = 0
    return h.keepAlive !== undefined
  },
  get: (h, key) => handedOut(h.core.get(checkKey(key), readOptions(h.core), h.events)),
  getWith: (h, key, flags) => handedOut(h.core.get(checkKey(key), readOptions(h.core, flags), h.events)),
  peek: (h, key, allowStale) => handedOut(h.core.peek(checkKey(key), allowStale ?? h.core.settings.allowStale)),
  has: (h, key, updateAge) => h.core.has(checkKey(key), updateAge ?? h.core.settings.updateAgeOnHas),
  set(h, key, value) {
    setOne(h, key, value, {}, false)
  },
  setWith(h, key, value, ttl, age, size, flags) {
    if (!(Number.isNaN(ttl) || (ttl >= 0 && Number.isFinite(ttl)))) throw outOfRange('ttl', '>= 0', ttl)
    const write = {
      ttl: Number.isNaN(ttl) ? undefined : ttl,
      age: Number.isNaN(age) ? undefined : age,
      size: size || undefined,
      noDisposeOnSet: flags & WRITE.noDisposeSet ? Boolean(flags & WRITE.noDispose) : undefined,
      noUpdateTtl: flags & WRITE.noUpdateTtlSet ? Boolean(flags & WRITE.noUpdateTtl) : undefined,
    }
    setOne(h, key, value, write, Boolean(flags & WRITE.encoded))
  },
  delete: (h, key) => h.core.delete(checkKey(key), REASON.delete, h.events),
  clear: (h) => h.core.clear(h.events),
  pop: (h) => handedOut(h.core.pop(h.events)),
  size: (h) => h.core.map.size,
  calculatedSize: (h) => h.core.calculatedSize,
  statsInto(h, out) {
    out.set([h.core.hits, h.core.misses, h.core.evictions])
  },
  remainingTtl: (h, key) => h.core.remainingTtl(checkKey(key)),
  purgeStale: (h) => h.core.purgeStale(h.events),
  infoInto(h, key, out) {
    const core = h.core
    const node = core.map.get(checkKey(key))
    out.fill(NaN)
    if (node === undefined) return undefined
    if (node.ttl !== 0) out[0] = node.ttl - (core.now() - node.start)
    if (core.tracksSizes()) out[1] = node.size
    return handedOut(node.value)
  },
  takeDisposals(h) {
    if (!h.events || h.events.length === 0) return undefined
    const events = h.events
    h.events = []
    return events.map((item, i) => (i % 3 === 0 ? handedOut(item) : item))
  },
  list(h, what, allowStale) {
    const out = []
    for (const node of h.core.recentFirst(allowStale)) {
      if (what !== 1) out.push(node.key)
      if (what !== 0) out.push(handedOut(node.value))
    }
    return out
  },
  dump(h) {
    const core = h.core
    const out = [core.ttlTracking, core.tracksSizes(), core.now()]
    const nodes = [...core.recentFirst(true)].reverse()
    for (const node of nodes) out.push(node.key, handedOut(node.value), node.ttl, node.start, node.size)
    return out
  },
  getMany(h, keys) {
    const read = readOptions(h.core)
    return keys.map((key) => handedOut(h.core.get(checkKey(key), read, h.events)))
  },
  setMany(h, keys, values, sizes, encoded) {
    if (values.length !== keys.length) throw outOfRange('values.length', 'keys.length', values.length)
    const pairs = keys.map((key, i) => [checkKey(key), storedValue(values[i], encoded?.[i] === 1, 'values[i]'), sizes?.[i] || undefined])
    for (const [key, value, size] of pairs) {
      if (value === undefined) h.core.delete(key, REASON.delete, h.events)
      else h.core.set(key, value, { size }, h.events)
    }
  },
  setNow(h, now) {
    if (h.keepAlive !== undefined) throw new TypeError('A shared cache keeps the process clock; the perf option is for private caches')
    h.core.manualNow = now
  },
}

module.exports = defineLru(ops)
