// The pure-JS twin's types are the native package's: the same classes and functions.
export {
  AesGcm,
  aesGcmEncrypt,
  aesGcmDecrypt,
  aesGcmSeal,
  aesGcmOpen,
  Ed25519Signer,
  generateKeyPair,
  sign,
  verify,
  verifyBatch,
  exportPrivateKey,
  exportPublicKey,
  importPrivateKey,
  importPublicKey,
  scryptSync,
  scrypt,
} from '../index.js'
