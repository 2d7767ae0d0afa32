'use strict'
// LruCache's options: lru-cache's names and checks (with its exact messages), the codecs for
// object values, and the flag layouts shared with the native surface (src/cache/lru_exports.rs)
// and the JS twin.

const v8 = require('node:v8')
const { invalidArgType, invalidArgValue } = require('./errors.js')

const CONFIG_LEN = 9
const FLAG = { updateAgeOnGet: 1, updateAgeOnHas: 2, allowStale: 4, noDeleteOnStaleGet: 8, noUpdateTTL: 16, noDisposeOnSet: 32 }
const READ = { allowStale: 1, updateAge: 2, noDeleteOnStale: 4 }
const WRITE = { encoded: 1, noDisposeSet: 2, noDispose: 4, noUpdateTtlSet: 8, noUpdateTtl: 16 }
const REASONS = ['evict', 'set', 'delete', 'expire']
const CODECS = ['none', 'json', 'v8']
const UNSUPPORTED = ['fetchMethod', 'memoMethod', 'ttlAutopurge', 'onInsert']

const textDecoder = new TextDecoder()

// The serializers' own refusals (a BigInt or a cycle for JSON, a function or Symbol for v8)
// become ERR_INVALID_ARG_VALUE; an error thrown by the value's own code (a toJSON, a getter)
// passes through unchanged.
const SERIALIZER_REFUSALS = /serialize a BigInt|circular structure|could not be cloned/i

function encodeWith(serialize, codec, value) {
  try {
    return serialize(value)
  } catch (error) {
    if (error instanceof Error && error.code === undefined && SERIALIZER_REFUSALS.test(error.message)) {
      throw invalidArgValue('value', `cannot be encoded with codec '${codec}' (${error.message})`, value)
    }
    throw error
  }
}

const codecs = {
  json: {
    encode: (value) => {
      const text = encodeWith(JSON.stringify, 'json', value)
      if (text === undefined) throw invalidArgValue('value', 'cannot be encoded as JSON', value)
      return Buffer.from(text)
    },
    decode: (bytes) => JSON.parse(textDecoder.decode(bytes)),
  },
  v8: { encode: (value) => encodeWith(v8.serialize, 'v8', value), decode: (bytes) => v8.deserialize(new Uint8Array(bytes)) },
}

/** lru-cache throws plain TypeErrors; these carry its exact message plus a Node-style code. */
function optionError(message) {
  const error = new TypeError(message)
  error.code = 'ERR_INVALID_ARG_VALUE'
  return error
}

let warnedUnbounded = false
/** lru-cache's warning, once per process, for a cache that only a TTL bounds. */
function warnUnbounded() {
  if (warnedUnbounded) return
  warnedUnbounded = true
  process.emitWarning('TTL caching without ttlAutopurge, max, or maxSize can result in unbounded memory consumption.', 'UnboundedCacheWarning', 'LRU_CACHE_UNBOUNDED')
}

const isPosInt = (n) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0

function needsCodec(value) {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array)
}

/**
 * Which of the options a shared cache compares were passed (src/cache/shared_lru.rs, `GIVEN_*`):
 * attaching to an open cache checks those and inherits the rest.
 */
const COMPARED = ['max', 'maxSize', 'maxEntrySize', 'ttl', ...Object.keys(FLAG), 'shards', 'codec']
function givenMask(options) {
  let mask = 0
  COMPARED.forEach((name, bit) => {
    if (options[name] !== undefined) mask |= 1 << bit
  })
  return mask
}

/** Options -> the native config array and the JS-only parts, with lru-cache's checks. */
function parseOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  for (const name of UNSUPPORTED) {
    if (options[name] !== undefined) throw optionError(`the ${name} option of lru-cache is not supported by LruCache`)
  }
  const { max = 0, maxSize = 0, maxEntrySize = 0, sizeCalculation, dispose, disposeAfter, codec, perf, shards = 0 } = options
  const ttl = options.ttl || 0
  if (max !== 0 && !isPosInt(max)) throw optionError('max option must be a nonnegative integer')
  if (maxSize !== 0 && !isPosInt(maxSize)) throw optionError('maxSize must be a positive integer if specified')
  if (maxEntrySize !== 0 && !isPosInt(maxEntrySize)) throw optionError('maxEntrySize must be a positive integer if specified')
  if (ttl !== 0 && !isPosInt(ttl)) throw optionError('ttl must be a positive integer if specified')
  if (max === 0 && ttl === 0 && maxSize === 0) throw optionError('At least one of max, maxSize, or ttl is required')
  if (options.ttlResolution !== undefined && options.ttlResolution !== 0) {
    throw optionError('LruCache reads the clock on every call (lru-cache\'s ttlResolution: 0); other ttlResolution values are not supported')
  }
  if (max === 0 && maxSize === 0) warnUnbounded()
  if (sizeCalculation !== undefined) {
    if (!maxSize && !maxEntrySize) throw optionError('cannot set sizeCalculation without setting maxSize or maxEntrySize')
    if (typeof sizeCalculation !== 'function') throw optionError('sizeCalculation set to non-function')
  }
  if (dispose !== undefined && typeof dispose !== 'function') throw invalidArgType('options.dispose', 'of type function', dispose)
  if (disposeAfter !== undefined && typeof disposeAfter !== 'function') throw invalidArgType('options.disposeAfter', 'of type function', disposeAfter)
  if (perf !== undefined && typeof perf?.now !== 'function') throw optionError('perf option must have a now() method if specified')
  if (codec !== undefined && codec !== 'json' && codec !== 'v8') throw invalidArgValue('options.codec', "must be 'json' or 'v8'", codec)
  if (!Number.isSafeInteger(shards) || shards < 0 || shards > 64 || (shards & (shards - 1)) !== 0) {
    throw invalidArgValue('options.shards', 'must be a power of two from 1 to 64', shards)
  }
  let flags = 0
  for (const name of Object.keys(FLAG)) if (options[name]) flags |= FLAG[name]
  const config = new Float64Array(CONFIG_LEN)
  config.set([max, maxSize, maxEntrySize, ttl, flags, shards, CODECS.indexOf(codec ?? 'none'), dispose || disposeAfter ? 1 : 0, givenMask(options)])
  return { config, sizeCalculation, dispose, disposeAfter, codec, perf }
}

module.exports = { CONFIG_LEN, FLAG, READ, WRITE, REASONS, CODECS, codecs, optionError, isPosInt, needsCodec, parseOptions }
