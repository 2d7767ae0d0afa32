'use strict'
// LruCache: npm lru-cache's options and methods over a set of operations (`ops`). index.js
// passes the native fast path (entries live in Rust, off the V8 heap); reference/lru.js passes a
// Map + linked list. Everything users see (option checks with lru-cache's messages, the codec,
// dispose callbacks, iterators, dump/load) is here, once, for both.
//
// Differences from lru-cache, on purpose (README, "LRU cache"):
// - keys are strings or numbers; values are strings, numbers, booleans, null and bytes (stored as
//   copies, returned as new Buffers), and objects through `codec: 'json' | 'v8'`;
// - `maxSize` without `sizeCalculation` counts each value's byte length (at least 1);
// - `dispose`/`disposeAfter` run when the operation has finished (the cache is consistent and
//   usable from inside them); if one throws, the others still run and the first error is
//   rethrown;
// - options are read-only getters; fetchMethod, memoMethod, ttlAutopurge, onInsert and status
//   tracking are not offered;
// - iterators walk a snapshot taken when they start.

const { invalidArgType } = require('./errors.js')
const { CONFIG_LEN, FLAG, READ, WRITE, REASONS, CODECS, codecs, optionError, isPosInt, needsCodec, parseOptions } = require('./lru_options.js')

/** What `LruCache.shared` hands its constructor (a user cannot make one). */
class SharedOpening {
  constructor(name, parsed) {
    this.name = name
    this.parsed = parsed
  }
}

function defineLru(ops) {
  const registry = ops.release ? new FinalizationRegistry(ops.release) : null
  const scratch = new Float64Array(CONFIG_LEN)
  let joinedIo = new Float64Array(256)
  const JOINED_IO_KEEP = 4096
  let joinedIoBusy = false

  class LruCache {
    #h
    #config
    #shared
    #name
    #dispose
    #disposeAfter
    #sizeCalculation
    #codec
    #perf
    /** True when some option needs JS work around a call (clock, codec, dispose, sizes). */
    #slow

    /**
     * @param options lru-cache's: `max`, `maxSize`, `maxEntrySize`, `sizeCalculation`, `ttl`,
     *   `allowStale`, `updateAgeOnGet`, `updateAgeOnHas`, `noDeleteOnStaleGet`, `noUpdateTTL`,
     *   `noDisposeOnSet`, `dispose`, `disposeAfter`, `perf`; plus `codec: 'json' | 'v8'` for
     *   object values.
     */
    constructor(options) {
      if (options instanceof SharedOpening) {
        const { name, parsed } = options
        const record = Boolean(parsed?.dispose || parsed?.disposeAfter)
        this.#adopt(ops.openShared(name, parsed?.config, record), parsed ?? {}, name)
        return
      }
      const parsed = parseOptions(options)
      this.#adopt(ops.create(parsed.config), parsed, undefined)
    }

    /**
     * The process-wide cache `name`, shared by every worker_thread that opens it. With options,
     * creates it (or checks that the open one has the same); without, opens the existing one.
     */
    static shared(name, options) {
      if (typeof name !== 'string' || name.length === 0) throw invalidArgType('name', 'a non-empty string', name)
      if (!ops.openShared) {
        const error = new Error('Shared caches need the native addon (the reference twin has none)')
        error.code = 'ERR_METHOD_NOT_IMPLEMENTED'
        throw error
      }
      const parsed = options === undefined ? undefined : parseOptions(options)
      if (parsed?.perf) throw optionError('A shared cache keeps the process clock; the perf option is for private caches')
      return new LruCache(new SharedOpening(name, parsed))
    }

    #adopt(handle, parsed, name) {
      this.#h = handle
      if (registry) registry.register(this, handle, this)
      this.#shared = ops.settingsInto(handle, scratch)
      this.#config = Float64Array.from(scratch)
      this.#name = name
      this.#dispose = parsed.dispose
      this.#disposeAfter = parsed.disposeAfter
      this.#sizeCalculation = parsed.sizeCalculation
      const codec = CODECS[this.#config[6]]
      this.#codec = codec === 'none' ? undefined : codecs[codec]
      this.#perf = parsed.perf
      this.#slow = Boolean(this.#perf || this.#codec || this.#dispose || this.#disposeAfter || this.#sizeCalculation)
    }

    #tick() {
      if (this.#perf !== undefined) ops.setNow(this.#h, this.#perf.now())
    }

    #decode(value) {
      return this.#codec !== undefined && value instanceof ArrayBuffer ? this.#codec.decode(value) : value
    }

    /** Runs dispose/disposeAfter for what the last operation removed; rethrows the first error. */
    #flush() {
      if (this.#dispose === undefined && this.#disposeAfter === undefined) return
      const events = ops.takeDisposals(this.#h)
      if (events === undefined) return
      const removed = []
      for (let i = 0; i < events.length; i += 3) removed.push([this.#decode(events[i]), events[i + 1], REASONS[events[i + 2]]])
      // As lru-cache: every dispose of the operation first, then every disposeAfter.
      let failure
      for (const callback of [this.#dispose, this.#disposeAfter]) {
        if (callback === undefined) continue
        for (const [value, key, reason] of removed) {
          try {
            callback(value, key, reason)
          } catch (error) {
            failure ??= { error }
          }
        }
      }
      if (failure) throw failure.error
    }

    /** The value under `key` (a string or number), or undefined; makes it the most recent. */
    get(key, options) {
      if (!this.#slow && options === undefined) return ops.get(this.#h, key)
      this.#tick()
      let value
      if (options === undefined) value = ops.get(this.#h, key)
      else {
        if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
        const c = this.#config[4]
        const allowStale = options.allowStale ?? Boolean(c & FLAG.allowStale)
        const updateAge = options.updateAgeOnGet ?? Boolean(c & FLAG.updateAgeOnGet)
        const noDelete = options.noDeleteOnStaleGet ?? Boolean(c & FLAG.noDeleteOnStaleGet)
        value = ops.getWith(this.#h, key, (allowStale ? READ.allowStale : 0) | (updateAge ? READ.updateAge : 0) | (noDelete ? READ.noDeleteOnStale : 0))
      }
      value = this.#decode(value)
      this.#flush()
      return value
    }

    /** Stores `value` under `key` as the most recent entry; `undefined` deletes. Returns the cache. */
    set(key, value, options) {
      if (!this.#slow && options === undefined) {
        ops.set(this.#h, key, value)
        return this
      }
      this.#tick()
      let flags = 0
      let size = 0
      let ttl = NaN
      let age = NaN
      if (options !== undefined && options !== null) {
        if (options.ttl !== undefined) {
          if (options.ttl !== 0 && !isPosInt(options.ttl)) throw optionError('ttl must be a positive integer if specified')
          ttl = options.ttl
        }
        if (options.start !== undefined) age = (this.#perf ?? performance).now() - options.start
        if (options.size !== undefined) size = this.#checkSize(options.size, 'invalid size value (must be positive integer)')
        if (options.noDisposeOnSet !== undefined) flags |= WRITE.noDisposeSet | (options.noDisposeOnSet ? WRITE.noDispose : 0)
        if (options.noUpdateTTL !== undefined) flags |= WRITE.noUpdateTtlSet | (options.noUpdateTTL ? WRITE.noUpdateTtl : 0)
      }
      const sizeCalculation = options?.sizeCalculation ?? this.#sizeCalculation
      if (size === 0 && sizeCalculation !== undefined && value !== undefined) {
        if (typeof sizeCalculation !== 'function') throw optionError('sizeCalculation must be a function')
        size = this.#checkSize(sizeCalculation(value, key), 'sizeCalculation return invalid (expect positive integer)')
      }
      // Encoded after sizeCalculation, which (as in lru-cache) sees the value as given.
      this.#store(key, value, ttl, age, size, flags)
      this.#flush()
      return this
    }

    /** One write of a value as the native side keeps it: objects through the codec, flagged. */
    #store(key, value, ttl, age, size, flags) {
      if (this.#codec !== undefined && needsCodec(value)) {
        value = this.#codec.encode(value)
        flags |= WRITE.encoded
      }
      ops.setWith(this.#h, key, value, ttl, age, size, flags)
    }

    #checkSize(size, message) {
      if (!this.#config[1] && !this.#config[2]) throw optionError('cannot set size without setting maxSize or maxEntrySize on cache')
      if (!isPosInt(size)) throw optionError(message)
      return size
    }

    /** Whether a fresh entry is under `key`; does not change recency. */
    has(key, options) {
      this.#tick()
      const updateAge = options?.updateAgeOnHas
      return ops.has(this.#h, key, updateAge === undefined ? undefined : Boolean(updateAge))
    }

    /** The value without making it the most recent (stale ones only with `allowStale`). */
    peek(key, options) {
      this.#tick()
      const allowStale = options?.allowStale
      return this.#decode(ops.peek(this.#h, key, allowStale === undefined ? undefined : Boolean(allowStale)))
    }

    /** Removes `key`; true if it was there. */
    delete(key) {
      const deleted = ops.delete(this.#h, key)
      this.#flush()
      return deleted
    }

    clear() {
      ops.clear(this.#h)
      this.#flush()
    }

    /** Removes and returns the least recently used value. */
    pop() {
      const value = this.#decode(ops.pop(this.#h))
      this.#flush()
      return value
    }

    /** Values for many keys (undefined for misses), in one call into native code. */
    getMany(keys) {
      if (!Array.isArray(keys)) throw invalidArgType('keys', 'an instance of Array', keys)
      this.#tick()
      const values = ops.getManyJoined !== undefined && keys.length > 1 ? this.#getManyJoined(keys) : ops.getMany(this.#h, keys)
      if (this.#codec !== undefined) for (let i = 0; i < values.length; i++) values[i] = this.#decode(values[i])
      this.#flush()
      return values
    }

    /** getMany for string keys with one string each way (see lruGetManyJoined in Rust). */
    #getManyJoined(keys) {
      const count = keys.length
      // One Float64Array for the whole exchange, reused: key lengths go in, kinds and numbers
      // come out. A fresh typed array per call cost more than the lookups (its backing store is
      // malloc'd here and freed by a GC thread, and the two contend for the allocator's lock).
      // Not the shared array while another getMany is between filling and reading it (a Proxy
      // or index getter in `keys` can call getMany from inside this loop).
      let io = joinedIo
      if (joinedIoBusy || io.length < 2 * count) {
        io = new Float64Array(2 * count)
        if (!joinedIoBusy && count <= JOINED_IO_KEEP) joinedIo = io
      }
      const reusing = io === joinedIo
      if (reusing) joinedIoBusy = true
      try {
        return this.#getManyWith(keys, count, io)
      } finally {
        if (reusing) joinedIoBusy = false
      }
    }

    #getManyWith(keys, count, io) {
      // Concatenated here rather than with keys.join(''): a chain of concatenations is a rope
      // that the native read flattens once (3 ns per key against join's 13, measured).
      let joined = ''
      for (let i = 0; i < count; i++) {
        const key = keys[i]
        if (typeof key !== 'string') return ops.getMany(this.#h, keys)
        io[i] = key.length
        joined += key
      }
      const text = ops.getManyJoined(this.#h, joined, count, io)
      const values = new Array(count)
      let at = 0
      for (let i = 0; i < count; i++) {
        // The kinds are lruGetManyJoined's (src/cache/lru_batch.rs, `joined_kind`).
        switch (io[i]) {
          case 0:
            values[i] = undefined
            break
          case 1:
            values[i] = text.slice(at, (at += io[count + i]))
            break
          case 2:
            values[i] = io[count + i]
            break
          case 3:
            values[i] = true
            break
          case 4:
            values[i] = false
            break
          case 5:
            values[i] = null
            break
          case 6:
            values[i] = Buffer.from(text.slice(at, (at += io[count + i])), 'latin1')
            break
          default: {
            const bytes = Buffer.from(text.slice(at, (at += io[count + i])), 'latin1')
            values[i] = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)
          }
        }
      }
      return values
    }

    /** Stores many `[key, value]` pairs in one call; checks them all before storing any. */
    setMany(entries) {
      // A TypedArray iterates numbers, never pairs (and throws uncoded once detached).
      if (entries === null || typeof entries !== 'object' || typeof entries[Symbol.iterator] !== 'function' || ArrayBuffer.isView(entries)) {
        throw invalidArgType('entries', 'an iterable of [key, value] pairs', entries)
      }
      this.#tick()
      const keys = []
      const values = []
      for (const pair of entries) {
        if (!Array.isArray(pair)) throw invalidArgType('entries[i]', 'a [key, value] pair', pair)
        keys.push(pair[0])
        values.push(pair[1])
      }
      let sizes
      if (this.#sizeCalculation !== undefined) {
        sizes = new Float64Array(values.length)
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== undefined) sizes[i] = this.#checkSize(this.#sizeCalculation(values[i], keys[i]), 'sizeCalculation return invalid (expect positive integer)')
        }
      }
      let encoded
      if (this.#codec !== undefined) {
        encoded = new Uint8Array(values.length)
        for (let i = 0; i < values.length; i++) {
          if (needsCodec(values[i])) {
            values[i] = this.#codec.encode(values[i])
            encoded[i] = 1
          }
        }
      }
      ops.setMany(this.#h, keys, values, sizes, encoded)
      this.#flush()
      return this
    }

    /** Milliseconds left in the entry's TTL: 0 if absent, Infinity without a TTL, negative if stale. */
    getRemainingTTL(key) {
      this.#tick()
      return ops.remainingTtl(this.#h, key)
    }

    /** Deletes every stale entry; true if any was deleted. */
    purgeStale() {
      this.#tick()
      const deleted = ops.purgeStale(this.#h)
      this.#flush()
      return deleted
    }

    /** `{ value, ttl?, start?, size? }` for `key` (stale or not), as lru-cache's `info`. */
    info(key) {
      this.#tick()
      const facts = new Float64Array(2)
      const value = ops.infoInto(this.#h, key, facts)
      if (value === undefined) return undefined
      const entry = { value: this.#decode(value) }
      if (!Number.isNaN(facts[0])) {
        entry.ttl = facts[0]
        entry.start = Date.now()
      }
      if (!Number.isNaN(facts[1])) entry.size = facts[1]
      return entry
    }

    /** `[key, { value, ttl?, start?, size? }]` pairs, least recent first, for `load`. */
    dump() {
      this.#tick()
      const flat = ops.dump(this.#h)
      const [ttlTracking, sizeTracking, now] = flat
      const wallNow = Date.now()
      const out = []
      for (let i = 3; i < flat.length; i += 5) {
        const entry = { value: this.#decode(flat[i + 1]) }
        if (ttlTracking) {
          entry.ttl = flat[i + 2]
          entry.start = Math.floor(wallNow - (now - flat[i + 3]))
        }
        if (sizeTracking) entry.size = flat[i + 4]
        out.push([flat[i], entry])
      }
      return out
    }

    /** Replaces the contents with a `dump()` (TTLs continue from their `Date.now()` starts). */
    load(entries) {
      if (!Array.isArray(entries)) throw invalidArgType('entries', 'an instance of Array', entries)
      // Checked before the cache is cleared, so a malformed dump changes nothing.
      entries.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length < 2) throw invalidArgType(`entries[${i}]`, 'a [key, entry] pair as dump() gives', pair)
        if (pair[1] === null || typeof pair[1] !== 'object') throw invalidArgType(`entries[${i}][1]`, 'of type object ({ value, ttl, start, size })', pair[1])
      })
      this.clear()
      const wallNow = Date.now()
      const tracksSizes = this.#config[1] || this.#config[2]
      for (const [key, entry] of entries) {
        this.#tick()
        const age = entry.start ? wallNow - entry.start : NaN
        this.#store(key, entry.value, entry.ttl ?? NaN, age, tracksSizes ? (entry.size ?? 0) : 0, 0)
      }
      this.#flush()
    }

    #list(what, allowStale) {
      this.#tick()
      return ops.list(this.#h, what, allowStale ?? Boolean(this.#config[4] & FLAG.allowStale))
    }

    /** Keys, most recently used first (a snapshot). */
    *keys() {
      yield* this.#list(0)
    }

    *values() {
      for (const value of this.#list(1)) yield this.#decode(value)
    }

    /** `[key, value]` pairs, most recently used first. */
    *entries() {
      const flat = this.#list(2)
      for (let i = 0; i < flat.length; i += 2) yield [flat[i], this.#decode(flat[i + 1])]
    }

    /** Least recently used first. */
    *rkeys() {
      yield* this.#list(0).reverse()
    }

    *rvalues() {
      yield* [...this.values()].reverse()
    }

    *rentries() {
      yield* [...this.entries()].reverse()
    }

    [Symbol.iterator]() {
      return this.entries()
    }

    /** Calls `fn(value, key, cache)` for each fresh entry, most recent first. */
    forEach(fn, thisArg = this) {
      if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn)
      for (const [key, value] of this.entries()) fn.call(thisArg, value, key, this)
    }

    rforEach(fn, thisArg = this) {
      if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn)
      for (const [key, value] of this.rentries()) fn.call(thisArg, value, key, this)
    }

    /**
     * The value of the first fresh entry (most recent first) for which `fn(value, key, cache)` is
     * truthy, read with `get(key, getOptions)` (so it becomes the most recent), as lru-cache's.
     */
    find(fn, getOptions) {
      if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn)
      for (const [key, value] of this.entries()) if (fn(value, key, this)) return this.get(key, getOptions)
      return undefined
    }

    /** Frees the native memory now (a private cache), or lets go of a shared one. */
    close() {
      if (registry) registry.unregister(this)
      ops.release?.(this.#h)
    }

    get size() {
      return ops.size(this.#h)
    }

    get calculatedSize() {
      return ops.calculatedSize(this.#h)
    }

    #stat(index) {
      const out = new Float64Array(3)
      ops.statsInto(this.#h, out)
      return out[index]
    }

    /** `get`s that found a fresh value. */
    get hits() {
      return this.#stat(0)
    }

    /** `get`s that found nothing (or only a stale value). */
    get misses() {
      return this.#stat(1)
    }

    /** Entries evicted to stay within `max`/`maxSize`. */
    get evictions() {
      return this.#stat(2)
    }

    get max() {
      return this.#config[0]
    }

    get maxSize() {
      return this.#config[1]
    }

    /** The largest entry that can be stored (for a shared cache: one shard's `maxSize`). */
    get maxEntrySize() {
      return this.#config[7]
    }

    get ttl() {
      return this.#config[3]
    }

    get allowStale() {
      return Boolean(this.#config[4] & FLAG.allowStale)
    }

    get updateAgeOnGet() {
      return Boolean(this.#config[4] & FLAG.updateAgeOnGet)
    }

    get updateAgeOnHas() {
      return Boolean(this.#config[4] & FLAG.updateAgeOnHas)
    }

    get noDeleteOnStaleGet() {
      return Boolean(this.#config[4] & FLAG.noDeleteOnStaleGet)
    }

    get noUpdateTTL() {
      return Boolean(this.#config[4] & FLAG.noUpdateTTL)
    }

    get noDisposeOnSet() {
      return Boolean(this.#config[4] & FLAG.noDisposeOnSet)
    }

    get sizeCalculation() {
      return this.#sizeCalculation
    }

    /** The clock TTLs are read from (`performance` unless the `perf` option gave another). */
    get perf() {
      return this.#perf ?? performance
    }

    /** 0: the clock is read on every call (lru-cache's default of 1 ms caches it; not supported). */
    get ttlResolution() {
      return 0
    }

    get dispose() {
      return this.#dispose
    }

    get disposeAfter() {
      return this.#disposeAfter
    }

    get codec() {
      return this.#codec === undefined ? undefined : CODECS[this.#config[6]]
    }

    /** The shared cache's name (undefined for a private cache). */
    get name() {
      return this.#name
    }

    get shared() {
      return this.#shared
    }

    /** How many lock shards the entries are spread over (1 = exact LRU order). */
    get shards() {
      return this.#config[5]
    }

    get [Symbol.toStringTag]() {
      return 'LruCache'
    }
  }

  /** `new SharedLruCache(name, options)` is `LruCache.shared(name, options)`. */
  class SharedLruCache {
    constructor(name, options) {
      return LruCache.shared(name, options)
    }

    static [Symbol.hasInstance](value) {
      return value instanceof LruCache && value.shared
    }
  }

  return { LruCache, SharedLruCache }
}

module.exports = { defineLru }
