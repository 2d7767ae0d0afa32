'use strict'
// The twin of the native crypto on node:crypto: the same API and validation (lib/crypto.js),
// with AES-GCM on createCipheriv/createDecipheriv, Ed25519 on crypto.sign/verify, and scrypt on
// crypto.scrypt/scryptSync. It is both the pure-JS benchmark baseline and a conformance oracle.

// The twin's own instance of the shared class code (lib/own_instance.js says why).
const { ownInstanceOf } = require('../lib/own_instance.js')
const crypto = require('node:crypto')
const { promisify } = require('node:util')
const { bufferOver } = require('../lib/errors.js')
const { defineCrypto, ED25519_PKCS8_V1_PREFIX, ED25519_SPKI_PREFIX } = ownInstanceOf('crypto', 'reference')

const scryptAsync = promisify(crypto.scrypt)

function authFailed() {
  const error = new Error('Unsupported state or unable to authenticate data')
  error.code = 'ERR_CRYPTO_AUTH_FAILED'
  return error
}

const algorithm = (key) => (key.byteLength === 16 ? 'aes-128-gcm' : 'aes-256-gcm')
const asBuffer = (v) => (v === undefined ? undefined : bufferOver(v))

function seal(key, iv, aad, plaintext, out) {
  const cipher = crypto.createCipheriv(algorithm(key), key, iv)
  if (aad) cipher.setAAD(aad)
  const a = cipher.update(asBuffer(plaintext))
  const b = cipher.final()
  a.copy(out, 0)
  b.copy(out, a.length)
  return cipher.getAuthTag()
}

function open(key, iv, aad, tag, ciphertext, out) {
  const decipher = crypto.createDecipheriv(algorithm(key), key, iv)
  if (aad) decipher.setAAD(aad)
  decipher.setAuthTag(asBuffer(tag))
  try {
    const a = decipher.update(asBuffer(ciphertext))
    const b = decipher.final()
    a.copy(out, 0)
    b.copy(out, a.length)
  } catch {
    out.fill(0)
    throw authFailed()
  }
}

const privateKeyObject = (seed) => crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_V1_PREFIX, seed]), format: 'der', type: 'pkcs8' })
const publicKeyObject = (pk) => crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pk]), format: 'der', type: 'spki' })

const nodeOps = {
  aesNew: (key) => Buffer.from(asBuffer(key)),
  aesSealInPlace(key, buf, iv, aad, tagOut) {
    const view = asBuffer(buf)
    seal(key, iv, aad, view, view).copy(tagOut)
  },
  aesOpenInPlace(key, buf, iv, tag, aad) {
    const view = asBuffer(buf)
    open(key, iv, aad, tag, Buffer.from(view), view)
  },
  aesEncryptInto(key, plaintext, iv, aad, ciphertextOut, tagOut) {
    seal(key, iv, aad, plaintext, ciphertextOut).copy(tagOut)
  },
  aesDecryptInto(key, ciphertext, iv, tag, aad, out) {
    open(key, iv, aad, tag, ciphertext, out)
  },
  aesSealInto(key, plaintext, aad, out) {
    const iv = crypto.randomBytes(12)
    iv.copy(out, 0)
    const body = out.subarray(12, out.length - 16)
    seal(key, iv, aad, plaintext, body).copy(out, out.length - 16)
  },
  aesOpenInto(key, sealed, aad, out) {
    const s = asBuffer(sealed)
    open(key, s.subarray(0, 12), aad, s.subarray(s.length - 16), s.subarray(12, s.length - 16), out)
  },
  signerNew: (seed) => privateKeyObject(Buffer.from(seed)),
  signerPublicKeyInto: (key, out) => {
    crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).copy(out, 0, 12)
    return out
  },
  signInto: (key, message, out) => {
    crypto.sign(null, message, key).copy(out)
    return out
  },
  signSeedInto: (seed, message, out) => {
    crypto.sign(null, message, privateKeyObject(Buffer.from(seed))).copy(out)
    return out
  },
  verify: (pk, message, signature) => crypto.verify(null, message, publicKeyObject(Buffer.from(pk)), signature),
  verifyBatchInto(pks, messages, signatures, out) {
    for (let i = 0; i < pks.length; i++) out[i] = nodeOps.verify(pks[i], messages[i], signatures[i]) ? 1 : 0
    return out
  },
  generateSeedInto: (out) => crypto.randomFillSync(out),
  scryptSyncInto(password, salt, N, r, p, maxmem, out) {
    crypto.scryptSync(password, salt, out.length, { N, r, p, maxmem }).copy(out)
    return out
  },
  scryptAsync: (password, salt, keylen, N, r, p, maxmem) => scryptAsync(password, salt, keylen, { N, r, p, maxmem }),
}

module.exports = defineCrypto(nodeOps)
