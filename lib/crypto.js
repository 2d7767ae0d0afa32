'use strict'
// AES-GCM, Ed25519 and scrypt: the public API, its validation (worded as node:crypto words it),
// and Ed25519 key formats (raw, PKCS#8 v1 and SPKI in DER or PEM, KeyObject), over a set of
// operations (`ops`): index.js passes the native ones, reference/crypto.js node:crypto's. Outputs
// are allocated here and filled by the operation (`...Into`), never allocated in Rust.

const { KeyObject, createPrivateKey, createPublicKey } = require('node:crypto')
const { bufferOver, invalidArgType, invalidArgValue, outOfRange, validateUint32, withCode } = require('./errors.js')
const { parallelMode } = require('./parallel_option.js')

const IV_LEN = 12
const TAG_LEN = 16
const ED25519_PKCS8_V1_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
// RFC 8410 OneAsymmetricKey (v2): version 1 and the public key as [1]; ring writes this form.
const ED25519_PKCS8_V2_PREFIX = Buffer.from('3051020101300506032b657004220420', 'hex')
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

function bytes(value, name, { string = true } = {}) {
  if (typeof value === 'string' && string) return Buffer.from(value, 'utf8')
  if (ArrayBuffer.isView(value)) return value
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return new Uint8Array(value)
  throw invalidArgType(name, `${string ? 'of type string or ' : ''}an instance of ArrayBuffer, Buffer, TypedArray, or DataView`, value)
}

function optionalAad(aad) {
  return aad === undefined ? undefined : bytes(aad, 'aad')
}

function aesKey(key) {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') throw invalidArgValue('key', "must be a secret KeyObject for AES-GCM", key.type)
    key = key.export()
  }
  const k = bytes(key, 'key', { string: false })
  if (k.byteLength !== 16 && k.byteLength !== 32) {
    throw withCode(new RangeError(`Invalid key length: AES-GCM takes a 16-byte (AES-128) or 32-byte (AES-256) key, got ${k.byteLength} bytes`), 'ERR_CRYPTO_INVALID_KEYLEN')
  }
  return k
}

function aesIv(iv) {
  const v = bytes(iv, 'iv', { string: false })
  if (v.byteLength !== IV_LEN) {
    throw withCode(new RangeError(`Invalid initialization vector: AES-GCM here takes a 12-byte IV (got ${v.byteLength} bytes); ring supports no other size`), 'ERR_CRYPTO_INVALID_IV')
  }
  return v
}

function aesTag(tag) {
  const t = bytes(tag, 'tag', { string: false })
  if (t.byteLength !== TAG_LEN) {
    throw withCode(
      new RangeError(`Invalid authentication tag length: AES-GCM here takes a 16-byte tag (got ${t.byteLength} bytes); ring supports no other size`),
      'ERR_CRYPTO_INVALID_AUTH_TAG',
    )
  }
  return t
}

function pemBody(text, label) {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text)
  return match && Buffer.from(match[1].replace(/\s+/g, ''), 'base64')
}

function toPem(der, label) {
  const lines = der.toString('base64').match(/.{1,64}/g)
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

function invalidKey(kind, detail) {
  return withCode(new TypeError(`Invalid Ed25519 ${kind}: ${detail}`), 'ERR_CRYPTO_INVALID_KEYLEN')
}

/** The 32-byte seed from a raw key, PKCS#8 (v1 or v2) DER/PEM, or a private KeyObject. */
function importPrivateKey(input) {
  if (input instanceof KeyObject) {
    if (input.asymmetricKeyType !== 'ed25519' || input.type !== 'private') throw invalidKey('private key', `got a ${input.type} ${input.asymmetricKeyType} KeyObject`)
    return Buffer.from(input.export({ format: 'jwk' }).d, 'base64url')
  }
  if (typeof input === 'string') {
    const der = pemBody(input, 'PRIVATE KEY')
    if (!der) throw invalidKey('private key', 'a string must be a PEM "PRIVATE KEY" (PKCS#8)')
    input = der
  }
  const view = bytes(input, 'privateKey', { string: false })
  const raw = bufferOver(view, 'privateKey')
  if (raw.length === 32) return raw
  if (raw.length === 48 && raw.subarray(0, 16).equals(ED25519_PKCS8_V1_PREFIX)) return raw.subarray(16)
  if (raw.length === 83 && raw.subarray(0, 16).equals(ED25519_PKCS8_V2_PREFIX)) return raw.subarray(16, 48)
  throw invalidKey('private key', `expected 32 raw bytes or a PKCS#8 DER/PEM Ed25519 key, got ${raw.length} bytes`)
}

/** The 32-byte public key from raw bytes, SPKI DER/PEM, or a KeyObject (public or private). */
function importPublicKey(input) {
  if (input instanceof KeyObject) {
    if (input.asymmetricKeyType !== 'ed25519') throw invalidKey('public key', `got a ${input.asymmetricKeyType} KeyObject`)
    return Buffer.from(input.export({ format: 'jwk' }).x, 'base64url')
  }
  if (typeof input === 'string') {
    const der = pemBody(input, 'PUBLIC KEY')
    if (der) input = der
    else if (pemBody(input, 'PRIVATE KEY')) return publicKeyOf(importPrivateKey(input))
    else throw invalidKey('public key', 'a string must be a PEM "PUBLIC KEY" (SPKI) or "PRIVATE KEY" (PKCS#8)')
  }
  const view = bytes(input, 'publicKey', { string: false })
  const raw = bufferOver(view, 'publicKey')
  if (raw.length === 32) return raw
  if (raw.length === 44 && raw.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) return raw.subarray(12)
  // A PKCS#8 private key, as node:crypto's verify accepts one (32 raw bytes are a public key).
  if ((raw.length === 48 && raw.subarray(0, 16).equals(ED25519_PKCS8_V1_PREFIX)) || (raw.length === 83 && raw.subarray(0, 16).equals(ED25519_PKCS8_V2_PREFIX))) {
    return publicKeyOf(importPrivateKey(raw))
  }
  throw invalidKey('public key', `expected 32 raw bytes, an SPKI DER/PEM Ed25519 key or a PKCS#8 private key, got ${raw.length} bytes`)
}

/** The public key of a 32-byte seed (node:crypto derives it; a rare path: verify given a private key). */
function publicKeyOf(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_V1_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  return Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x, 'base64url')
}

function exportFormat(format) {
  if (format !== 'pem' && format !== 'der' && format !== 'raw') throw invalidArgValue('format', "must be 'pem', 'der' or 'raw'", format)
  return format
}

/** PKCS#8 v1 (the form node:crypto's createPrivateKey accepts) as PEM (default) or DER. */
function exportPrivateKey(privateKey, format = 'pem') {
  const seed = importPrivateKey(privateKey)
  if (exportFormat(format) === 'raw') return Buffer.from(seed)
  const der = Buffer.concat([ED25519_PKCS8_V1_PREFIX, seed])
  return format === 'der' ? der : toPem(der, 'PRIVATE KEY')
}

function exportPublicKey(publicKey, format = 'pem') {
  const pk = importPublicKey(publicKey)
  if (exportFormat(format) === 'raw') return Buffer.from(pk)
  const der = Buffer.concat([ED25519_SPKI_PREFIX, pk])
  return format === 'der' ? der : toPem(der, 'PUBLIC KEY')
}

/**
 * Two aliases of one scrypt option given together. Node 23 (nodejs/node#53305) changed the error
 * from `ERR_CRYPTO_SCRYPT_INVALID_PARAMETER` to `ERR_INCOMPATIBLE_OPTION_PAIR`; the addon throws
 * what the Node it runs on throws, so code that checks `err.code` works the same with either.
 */
const SCRYPT_PAIR_IS_INCOMPATIBLE_OPTION = Number(process.versions.node.split('.')[0]) >= 23

function scryptOptionPair(name, alias) {
  if (SCRYPT_PAIR_IS_INCOMPATIBLE_OPTION) {
    return withCode(new TypeError(`Option "${name}" cannot be used in combination with option "${alias}"`), 'ERR_INCOMPATIBLE_OPTION_PAIR')
  }
  return withCode(new Error('Invalid scrypt parameter'), 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER')
}

/** Node's scrypt option handling (lib/internal/crypto/scrypt.js): names, aliases, 0 = default. */
function scryptArgs(password, salt, keylen, options) {
  password = bytes(password, 'password')
  salt = bytes(salt, 'salt')
  if (typeof keylen !== 'number') throw invalidArgType('keylen', 'of type number', keylen)
  if (!Number.isInteger(keylen)) throw outOfRange('keylen', 'an integer', keylen)
  if (keylen < 0 || keylen > 2147483647) throw outOfRange('keylen', '>= 0 && <= 2147483647', keylen)
  let N = 16384
  let r = 8
  let p = 1
  let maxmem = 32 << 20
  if (options) {
    if (options.N !== undefined) N = validateUint32(options.N, 'N')
    if (options.cost !== undefined) {
      if (options.N !== undefined) throw scryptOptionPair('N', 'cost')
      N = validateUint32(options.cost, 'cost')
    }
    if (options.r !== undefined) r = validateUint32(options.r, 'r')
    if (options.blockSize !== undefined) {
      if (options.r !== undefined) throw scryptOptionPair('r', 'blockSize')
      r = validateUint32(options.blockSize, 'blockSize')
    }
    if (options.p !== undefined) p = validateUint32(options.p, 'p')
    if (options.parallelization !== undefined) {
      if (options.p !== undefined) throw scryptOptionPair('p', 'parallelization')
      p = validateUint32(options.parallelization, 'parallelization')
    }
    if (options.maxmem !== undefined) {
      maxmem = options.maxmem
      if (typeof maxmem !== 'number') throw invalidArgType('maxmem', 'of type number', maxmem)
      if (!Number.isInteger(maxmem)) throw outOfRange('maxmem', 'an integer', maxmem)
      if (maxmem < 0 || maxmem > Number.MAX_SAFE_INTEGER) throw outOfRange('maxmem', '>= 0 && <= 9007199254740991', maxmem)
    }
    if (N === 0) N = 16384
    if (r === 0) r = 8
    if (p === 0) p = 1
    if (maxmem === 0) maxmem = 32 << 20
  }
  return { password, salt, keylen, N, r, p, maxmem }
}

/**
 * OpenSSL 3's scrypt parameter checks (what Node 20 applies), in its order, with Node's error: the
 * first check fails bare, the rest with OpenSSL's "memory limit exceeded". Checked here, before
 * any implementation runs, so a refused set never reaches OpenSSL (whose error queue, on some Node
 * 20 builds, then leaks into the next crypto call) or Rust. src/crypto/scrypt.rs repeats them.
 */
function checkScryptParams({ N, r, p, maxmem }) {
  const fail = (memory) =>
    withCode(new RangeError(memory ? 'Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded' : 'Invalid scrypt params'), 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS')
  const [n, rr, pp] = [BigInt(N), BigInt(r), BigInt(p)]
  if (rr === 0n || pp === 0n || n < 2n || (n & (n - 1n)) !== 0n) throw fail(false)
  const U64 = 2n ** 64n - 1n
  if (pp > ((1n << 30n) - 1n) / rr) throw fail(true)
  if (16n * rr <= 63n && n >= 1n << (16n * rr)) throw fail(true)
  const bLen = pp * 128n * rr
  if (bLen > 2147483647n) throw fail(true)
  if (n + 2n > U64 / 128n / rr) throw fail(true)
  const vLen = 128n * rr * (n + 2n)
  if (bLen > U64 - vLen) throw fail(true)
  if (bLen + vLen > BigInt(maxmem === 0 ? 32 << 20 : maxmem)) throw fail(true)
}

function defineCrypto(ops) {
  const registry = ops.release ? new FinalizationRegistry(ops.release) : null

  class AesGcm {
    #t

    /**
     * A 16-byte (AES-128) or 32-byte (AES-256) key; the key schedule is built once, here.
     * `parallel`: 'auto' (default) splits messages from 256 KiB up over threads; true/false force it.
     */
    constructor(key, options) {
      this.#t = ops.aesNew(aesKey(key), parallelMode(options))
      if (registry) registry.register(this, this.#t)
    }

    /** -> { ciphertext, tag }, as createCipheriv('aes-*-gcm', key, iv) + getAuthTag() give. */
    encrypt(plaintext, iv, aad) {
      const pt = bytes(plaintext, 'plaintext')
      const ciphertext = Buffer.allocUnsafe(pt.byteLength)
      const tag = Buffer.allocUnsafe(TAG_LEN)
      ops.aesEncryptInto(this.#t, pt, aesIv(iv), optionalAad(aad), ciphertext, tag)
      return { ciphertext, tag }
    }

    /** The plaintext, or an Error ERR_CRYPTO_AUTH_FAILED if the tag does not authenticate. */
    decrypt(ciphertext, iv, tag, aad) {
      const ct = bytes(ciphertext, 'ciphertext', { string: false })
      // A detached view reads as empty: name it before the other arguments, as before.
      if (ct.byteLength === 0) bufferOver(ct, 'ciphertext')
      const out = Buffer.allocUnsafe(ct.byteLength)
      ops.aesDecryptInto(this.#t, ct, aesIv(iv), aesTag(tag), optionalAad(aad), out)
      return out
    }

    /** One Buffer `iv || ciphertext || tag` with a fresh random 96-bit IV. */
    seal(plaintext, aad) {
      const pt = bytes(plaintext, 'plaintext')
      const out = Buffer.allocUnsafe(IV_LEN + pt.byteLength + TAG_LEN)
      ops.aesSealInto(this.#t, pt, optionalAad(aad), out)
      return out
    }

    open(sealed, aad) {
      const s = bytes(sealed, 'sealed', { string: false })
      if (s.byteLength < IV_LEN + TAG_LEN) throw outOfRange('sealed.byteLength', `>= ${IV_LEN + TAG_LEN}`, s.byteLength)
      const out = Buffer.allocUnsafe(s.byteLength - IV_LEN - TAG_LEN)
      ops.aesOpenInto(this.#t, s, optionalAad(aad), out)
      return out
    }

    /** Encrypts `buf` in place; returns the 16-byte tag. */
    encryptInPlace(buf, iv, aad) {
      const tag = Buffer.allocUnsafe(TAG_LEN)
      ops.aesSealInPlace(this.#t, bytes(buf, 'buffer', { string: false }), aesIv(iv), optionalAad(aad), tag)
      return tag
    }

    /** Decrypts `buf` in place (zeroing it if authentication fails); returns `buf`. */
    decryptInPlace(buf, iv, tag, aad) {
      ops.aesOpenInPlace(this.#t, bytes(buf, 'buffer', { string: false }), aesIv(iv), aesTag(tag), optionalAad(aad))
      return buf
    }
  }

  const withKey = (key, fn) => fn(new AesGcm(key))

  class Ed25519Signer {
    #t
    #publicKey

    /** A private key (raw seed, PKCS#8 DER/PEM, or KeyObject), parsed once for fast signing. */
    constructor(privateKey) {
      this.#t = ops.signerNew(importPrivateKey(privateKey))
      if (registry) registry.register(this, this.#t)
    }

    get publicKey() {
      if (!this.#publicKey) this.#publicKey = ops.signerPublicKeyInto(this.#t, Buffer.allocUnsafe(32))
      return Buffer.from(this.#publicKey)
    }

    sign(message) {
      return ops.signInto(this.#t, bytes(message, 'message'), Buffer.allocUnsafe(64))
    }
  }

  function signature(value) {
    return bytes(value, 'signature', { string: false })
  }

  return {
    AesGcm,
    aesGcmEncrypt: (key, plaintext, iv, aad) => withKey(key, (k) => k.encrypt(plaintext, iv, aad)),
    aesGcmDecrypt: (key, ciphertext, iv, tag, aad) => withKey(key, (k) => k.decrypt(ciphertext, iv, tag, aad)),
    aesGcmSeal: (key, plaintext, aad) => withKey(key, (k) => k.seal(plaintext, aad)),
    aesGcmOpen: (key, sealed, aad) => withKey(key, (k) => k.open(sealed, aad)),

    Ed25519Signer,
    /** -> { publicKey, privateKey }: raw 32-byte Buffers (the private key is the seed). */
    generateKeyPair() {
      const privateKey = ops.generateSeedInto(Buffer.allocUnsafe(32))
      return { publicKey: new Ed25519Signer(privateKey).publicKey, privateKey }
    },
    sign: (privateKey, message) => ops.signSeedInto(importPrivateKey(privateKey), bytes(message, 'message'), Buffer.allocUnsafe(64)),
    /** false for a malformed or wrong signature; a TypeError for a key of the wrong type or length. */
    verify: (publicKey, message, sig) => ops.verify(importPublicKey(publicKey), bytes(message, 'message'), signature(sig)),
    /** Many signatures at once, over all cores: one boolean per `{ publicKey, message, signature }`. */
    verifyBatch(items) {
      if (!Array.isArray(items)) throw invalidArgType('items', 'an instance of Array', items)
      const keys = items.map((it, i) => importPublicKey(it && it.publicKey !== undefined ? it.publicKey : invalidItem(i)))
      const messages = items.map((it) => bytes(it.message, 'message'))
      const sigs = items.map((it) => signature(it.signature))
      const out = ops.verifyBatchInto(keys, messages, sigs, new Uint8Array(items.length))
      return Array.from(out, (v) => v === 1)
    },
    exportPrivateKey,
    exportPublicKey,
    importPrivateKey: (input) => Buffer.from(importPrivateKey(input)),
    importPublicKey: (input) => Buffer.from(importPublicKey(input)),

    /** node:crypto's scryptSync: the same options (N/cost, r/blockSize, p/parallelization, maxmem) and errors. */
    scryptSync(password, salt, keylen, options) {
      const a = scryptArgs(password, salt, keylen, options)
      checkScryptParams(a)
      return ops.scryptSyncInto(a.password, a.salt, a.N, a.r, a.p, a.maxmem, Buffer.alloc(a.keylen))
    },
    /**
     * Async scrypt on the libuv pool -> Promise<Buffer>. `options.signal` (AbortSignal) cancels a
     * derivation that has not started. A callback as the last argument is also called, Node-style.
     */
    scrypt(password, salt, keylen, options, callback) {
      if (typeof options === 'function') [options, callback] = [undefined, options]
      // No callback: a Promise (this API's addition). A callback that is not a function is
      // refused as node:crypto refuses it, before any work starts.
      if (callback !== undefined && typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback)
      let promise
      try {
        const a = scryptArgs(password, salt, keylen, options)
        checkScryptParams(a)
        const signal = options && options.signal
        if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalidArgType('options.signal', 'an instance of AbortSignal', signal)
        // A signal that has already fired never reaches the task's abort listener: settle now.
        if (signal && signal.aborted) throw abortError(signal.reason)
        promise = a.keylen === 0 ? Promise.resolve(Buffer.alloc(0)) : ops.scryptAsync(a.password, a.salt, a.keylen, a.N, a.r, a.p, a.maxmem, signal)
      } catch (error) {
        if (typeof callback === 'function' && error.name !== 'AbortError') throw error
        if (typeof callback === 'function') {
          process.nextTick(callback, error)
          return Promise.resolve()
        }
        return Promise.reject(error)
      }
      if (typeof callback === 'function') promise.then((key) => callback(null, key), (error) => callback(error))
      return promise
    },
  }
}

function abortError(reason) {
  const error = new Error('The operation was aborted', { cause: reason })
  error.name = 'AbortError'
  error.code = 'ABORT_ERR'
  return error
}

function invalidItem(i) {
  throw invalidArgType(`items[${i}].publicKey`, 'a key', undefined)
}

module.exports = { defineCrypto, importPrivateKey, importPublicKey, scryptArgs, ED25519_PKCS8_V1_PREFIX, ED25519_SPKI_PREFIX }
