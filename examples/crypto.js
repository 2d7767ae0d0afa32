'use strict'
// Security Hardening lab, "encrypt/sign with real hex": AES-256-GCM, Ed25519 and scrypt from Rust,
// each checked against node:crypto so the hex printed is the hex Node would print.
//   node examples/crypto.js
const nodeCrypto = require('node:crypto')
const { AesGcm, generateKeyPair, Ed25519Signer, verify, exportPublicKey, scryptSync } = require('..')

// Derive a key from a password (scrypt, Node's default cost), then encrypt with it.
const salt = Buffer.from('lab-salt-0001')
const key = scryptSync('correct horse battery staple', salt, 32)
console.log(`scrypt key       ${key.toString('hex')}`)
console.log(`  = node:crypto  ${nodeCrypto.scryptSync('correct horse battery staple', salt, 32).equals(key)}`)

const gcm = new AesGcm(key)
const iv = Buffer.from('000102030405060708090a0b', 'hex')
const { ciphertext, tag } = gcm.encrypt('attack at dawn', iv, 'header')
console.log(`AES-256-GCM      ciphertext ${ciphertext.toString('hex')}  tag ${tag.toString('hex')}`)
const decipher = nodeCrypto.createDecipheriv('aes-256-gcm', key, iv)
decipher.setAAD(Buffer.from('header'))
decipher.setAuthTag(tag)
console.log(`  node:crypto decrypts: "${Buffer.concat([decipher.update(ciphertext), decipher.final()])}"`)
try {
  gcm.decrypt(ciphertext, iv, tag, 'tampered header')
} catch (error) {
  console.log(`  tampered AAD -> ${error.code}: ${error.message}`)
}
const sealed = gcm.seal('one buffer: iv || ciphertext || tag')
console.log(`  sealed ${sealed.length} bytes, opens to "${gcm.open(sealed)}"`)

const { publicKey, privateKey } = generateKeyPair()
// Ed25519Signer parses the key once: repeated signing belongs here (the free sign(privateKey, m)
// re-derives the key pair on every call and takes about twice as long).
const signer = new Ed25519Signer(privateKey)
const signature = signer.sign('release v1.2.3')
console.log(`Ed25519          public key ${publicKey.toString('hex')}`)
console.log(`  signature      ${signature.toString('hex')}`)
const nodeKey = nodeCrypto.createPublicKey(exportPublicKey(publicKey))
const nodeSays = nodeCrypto.verify(null, Buffer.from('release v1.2.3'), nodeKey, signature)
console.log(`  verified here: ${verify(publicKey, 'release v1.2.3', signature)}, by node:crypto: ${nodeSays}, forged: ${verify(publicKey, 'release v6.6.6', signature)}`)
console.log(`Crypto verified = ${nodeSays && gcm.open(sealed).length > 0}`)
