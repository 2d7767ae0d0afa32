'use strict'
// The public surface: thin JS over the native binding. Each piece adds its exports here.

const { binding, loadedBinaryPath } = require('./lib/native.js')
const boundaryProbes = require('./lib/boundary-probes.js')
const { defineCounters } = require('./lib/counter.js')
const { defineTransforms } = require('./lib/transform.js')
const { defineStreams } = require('./lib/streams.js')
const { defineHashing } = require('./lib/hash_ring.js')
const { defineCrypto } = require('./lib/crypto.js')
const { defineLru } = require('./lib/lru.js')

/** What this binary is and what the machine offers; `binaryPath` says which file loaded. */
function buildInfo() {
  return { ...binding.buildInfo(), binaryPath: loadedBinaryPath() }
}

const { AtomicCounter, StripedCounter } = defineCounters({
  stripeBytes: binding.stripedStripeBytes(),
  open: binding.counterOpen,
  release: binding.handleRelease,
  add: binding.counterAdd,
  increment: binding.counterIncrement,
  decrement: binding.counterDecrement,
  load: binding.counterLoad,
  store: binding.counterStore,
  exchange: binding.counterExchange,
  compareExchange: binding.counterCompareExchange,
  addMany: binding.counterAddMany,
  addRepeatedly: binding.counterAddRepeatedly,
  addBig: binding.counterAddBig,
  loadBig: binding.counterLoadBig,
  storeBig: binding.counterStoreBig,
  exchangeBig: binding.counterExchangeBig,
  compareExchangeBig: binding.counterCompareExchangeBig,
  stripedOpen: binding.stripedOpen,
  stripedAdd: binding.stripedAdd,
  stripedIncrement: binding.stripedIncrement,
  stripedDecrement: binding.stripedDecrement,
  stripedAddBig: binding.stripedAddBig,
  stripedAddMany: binding.stripedAddMany,
  stripedAddRepeatedly: binding.stripedAddRepeatedly,
  stripedSum: binding.stripedSum,
  stripedSumBig: binding.stripedSumBig,
  stripedReset: binding.stripedReset,
})

const transforms = defineTransforms({
  check: binding.transformCheck,
  xor: binding.transformXor,
  map: binding.transformMap,
  upper: binding.transformUpper,
  lower: binding.transformLower,
  count: binding.transformCount,
  histogramInto: binding.transformHistogramInto,
  xorAsync: binding.transformXorAsync,
  mapAsync: binding.transformMapAsync,
  caseAsync: binding.transformCaseAsync,
  countAsync: binding.transformCountAsync,
  histogramAsync: binding.transformHistogramAsync,
})

const hashing = defineHashing({
  ringNew: binding.ringNew,
  ringSetServers: binding.ringSetServers,
  ringGet: binding.ringGet,
  ringGetManyInto: binding.ringGetManyInto,
  ringGetJoinedInto: binding.ringGetJoinedInto,
  ringRangeInto: binding.ringRangeInto,
  ringDistributionInto: binding.ringDistributionInto,
  ringPoints: binding.ringPoints,
  release: binding.handleRelease,
  jumpHash: binding.jumpHash,
  boundedNew: binding.boundedNew,
  boundedAssign: binding.boundedAssign,
  boundedRelease: binding.boundedRelease,
  boundedLoadsInto: binding.boundedLoadsInto,
  boundedCapacity: binding.boundedCapacity,
  boundedAssigned: binding.boundedAssigned,
})

const crypto = defineCrypto({
  release: binding.handleRelease,
  aesNew: binding.aesGcmNew,
  aesSealInPlace: binding.aesGcmSealInPlace,
  aesOpenInPlace: binding.aesGcmOpenInPlace,
  aesEncryptInto: binding.aesGcmEncryptInto,
  aesDecryptInto: binding.aesGcmDecryptInto,
  aesSealInto: binding.aesGcmSealInto,
  aesOpenInto: binding.aesGcmOpenInto,
  signerNew: binding.ed25519SignerNew,
  signerPublicKeyInto: binding.ed25519SignerPublicKeyInto,
  signInto: binding.ed25519SignInto,
  signSeedInto: binding.ed25519SignSeedInto,
  verify: binding.ed25519Verify,
  verifyBatchInto: binding.ed25519VerifyBatchInto,
  generateSeedInto: binding.ed25519GenerateSeedInto,
  scryptSyncInto: binding.scryptSyncInto,
  scryptAsync: binding.scryptAsync,
})

const { LruCache, SharedLruCache } = defineLru({
  release: binding.handleRelease,
  create: binding.lruNew,
  openShared: binding.lruOpenShared,
  settingsInto: binding.lruSettingsInto,
  get: binding.lruGet,
  getWith: binding.lruGetWith,
  peek: binding.lruPeek,
  has: binding.lruHas,
  set: binding.lruSet,
  setWith: binding.lruSetWith,
  delete: binding.lruDelete,
  clear: binding.lruClear,
  pop: binding.lruPop,
  size: binding.lruSize,
  calculatedSize: binding.lruCalculatedSize,
  statsInto: binding.lruStatsInto,
  remainingTtl: binding.lruRemainingTtl,
  purgeStale: binding.lruPurgeStale,
  infoInto: binding.lruInfoInto,
  takeDisposals: binding.lruTakeDisposals,
  list: binding.lruList,
  dump: binding.lruDump,
  getMany: binding.lruGetMany,
  getManyJoined: binding.lruGetManyJoined,
  setMany: binding.lruSetMany,
  setNow: binding.lruSetNow,
})

module.exports = {
  buildInfo,
  ...crypto,
  ...hashing,
  ...transforms,
  ...defineStreams(transforms),
  /** Buffers from this many bytes up are split over threads when `parallel` is 'auto'. */
  parallelThreshold: binding.transformParallelThreshold(),
  boundaryProbes,
  AtomicCounter,
  StripedCounter,
  LruCache,
  SharedLruCache,
}
