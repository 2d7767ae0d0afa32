'use strict'
// The values the fuzzer passes: friendly ones that let constructors succeed and calls reach the
// native code with plausible input, and hostile ones a careless or malicious caller could pass.
// Throwing getters, traps and callbacks throw CallerError, so the fuzzer can tell the caller's
// own errors (which must pass through unchanged) from the addon's.
const crypto = require('node:crypto')

class CallerError extends Error {
  constructor(where) {
    super(`thrown by the caller's own ${where}`)
    this.name = 'CallerError'
  }
}

const ED25519 = crypto.generateKeyPairSync('ed25519')
const PRIVATE_PEM = ED25519.privateKey.export({ type: 'pkcs8', format: 'pem' })
const PUBLIC_DER = ED25519.publicKey.export({ type: 'spki', format: 'der' })
const SIGNATURE = crypto.sign(null, Buffer.from('message'), ED25519.privateKey)

// The caller's own callback: whatever it throws (String() of a detached view throws) is the
// caller's, and must reach the caller unchanged.
function callerCode(fn) {
  return (...args) => {
    try {
      return fn(...args)
    } catch {
      throw new CallerError('callback')
    }
  }
}

function detachedView() {
  const arrayBuffer = new ArrayBuffer(64)
  const view = new Uint8Array(arrayBuffer)
  structuredClone(arrayBuffer, { transfer: [arrayBuffer] })
  return view
}

function resizableView(random) {
  const arrayBuffer = new ArrayBuffer(64 + random.int(4096), { maxByteLength: 1 << 16 })
  return random.bool() ? new Uint8Array(arrayBuffer) : new Uint8Array(arrayBuffer, 0, Math.min(32, arrayBuffer.byteLength))
}

function growableSharedView(random) {
  const shared = new SharedArrayBuffer(64, { maxByteLength: 1 << 16 })
  return random.bool() ? shared : new BigInt64Array(shared)
}

function throwingProxy() {
  return new Proxy(
    {},
    {
      get(_, key) {
        if (key === Symbol.toPrimitive || key === 'then') return undefined
        throw new CallerError('Proxy get trap')
      },
      has() {
        throw new CallerError('Proxy has trap')
      },
      ownKeys() {
        throw new CallerError('Proxy ownKeys trap')
      },
    },
  )
}

function throwingGetters() {
  const object = {}
  for (const key of ['max', 'ttl', 'maxSize', 'N', 'cost', 'parallel', 'hash', 'vnodes', 'cells', 'cell', 'codec', 'key', 'table', 'allowStale', 'weight']) {
    Object.defineProperty(object, key, {
      enumerable: true,
      get() {
        throw new CallerError(`getter ${key}`)
      },
    })
  }
  return object
}

function randomBytes(random, max = 2048) {
  const length = random.int(max)
  // Not allocUnsafe: its pool would put other calls' bytes under a view of `.buffer`.
  const bytes = Buffer.alloc(length)
  for (let i = 0; i < length; i++) bytes[i] = random.int(256)
  return bytes
}

// Each entry makes a fresh value, so a call that mutates or detaches its argument harms no other.
const FRIENDLY = [
  () => 0,
  () => 1,
  (r) => r.int(100),
  (r) => r.int(1 << 20),
  () => 16,
  () => 32,
  () => 'a',
  () => 'key',
  (r) => `k${r.int(50)}`,
  () => 'utf8 ☃ text',
  (r) => randomBytes(r),
  () => Buffer.alloc(32, 7),
  () => Buffer.alloc(16, 3),
  () => Buffer.alloc(12, 1),
  () => Buffer.alloc(256).map((_, i) => 255 - i),
  (r) => new Uint8Array(randomBytes(r, 300)),
  () => new SharedArrayBuffer(64),
  () => new BigInt64Array(new SharedArrayBuffer(64)),
  () => ['a', 'b', 'c'],
  () => ({ 'a:1': 1, 'b:2': 2 }),
  (r) => [`s${r.int(1e6)}`, `s${r.int(1e6)}`],
  () => ({ max: 8 }),
  () => ({ max: 4, ttl: 50 }),
  () => ({ maxSize: 4096, sizeCalculation: callerCode((v) => String(v).length + 1) }),
  () => ({ max: 16, codec: 'json' }),
  () => ({ max: 4, dispose() {} }),
  () => ({ cells: 4 }),
  () => ({ N: 16, r: 1, p: 1 }),
  () => ({ parallel: true }),
  () => ({ hash: 'ketama' }),
  () => ({ key: 'k' }),
  () => 'xor',
  () => 'upper',
  () => 'map',
  () => 'fuzz-shared-a',
  () => 'fuzz-shared-b',
  () => PRIVATE_PEM,
  () => PUBLIC_DER,
  () => ED25519.privateKey,
  () => ED25519.publicKey,
  () => SIGNATURE,
  () => [{ publicKey: PUBLIC_DER, message: 'message', signature: SIGNATURE }],
  () => [['k', { value: 1 }]],
  () => 'der',
  () => 'raw',
  () => 3n,
  () => () => {},
]

const HOSTILE = [
  () => undefined,
  () => null,
  () => NaN,
  () => -0,
  () => -1,
  () => 2 ** 53,
  () => -(2 ** 63),
  () => 1e308,
  () => Infinity,
  () => 0.5,
  () => 0n,
  () => -1n,
  () => 2n ** 64n,
  () => '',
  () => '\uD800',
  () => 'x'.repeat(65536),
  () => Symbol('fuzz'),
  () => ({}),
  () => [],
  () => [1, , 3],
  () => [undefined],
  () => Object.freeze({ max: 1 }),
  () => throwingProxy(),
  () => throwingGetters(),
  () => ({ valueOf: () => { throw new CallerError('valueOf') }, toString: () => { throw new CallerError('toString') } }),
  () => () => { throw new CallerError('callback') },
  () => detachedView(),
  (r) => resizableView(r),
  (r) => growableSharedView(r),
  (r) => new DataView(randomBytes(r, 64).buffer),
  () => new BigInt64Array(4),
  () => new Float64Array([NaN, -0]),
  () => new ArrayBuffer(0),
  () => AbortSignal.abort(),
  () => new AbortController().signal,
  () => new Date(NaN),
  () => /regex/,
  () => new Map([[1, 2]]),
  () => Promise.resolve(1),
  () => ({ then: () => { throw new CallerError('then') } }),
  () => ({ max: -1 }),
  () => ({ max: 2 ** 32 }),
  () => ({ N: 2 ** 40 }),
  () => ({ cells: 1e9 }),
  () => ({ vnodes: 1e9 }),
  () => ({ hash: 'md4' }),
  () => [{ publicKey: null }],
  () => [[]],
]

function randomValue(random) {
  const pool = random.bool(0.55) ? FRIENDLY : HOSTILE
  return pool[random.int(pool.length)](random)
}

module.exports = { CallerError, randomValue, FRIENDLY, HOSTILE }
