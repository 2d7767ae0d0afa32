// Compiled with `tsc --noEmit` by __test__/types.spec.js: every public export used as documented.
import native, {
  LruCache,
  SharedLruCache,
  buildInfo,
  boundaryProbes,
  AtomicCounter,
  StripedCounter,
  xorInPlace,
  mapBytes,
  countLines,
  byteHistogram,
  xorInPlaceAsync,
  createTransform,
  createWebTransform,
  createCounter,
  HashRing,
  BoundedLoadRing,
  jumpHash,
  AesGcm,
  generateKeyPair,
  Ed25519Signer,
  verify,
  exportPrivateKey,
  scrypt,
  scryptSync,
  type BuildInfo,
} from 'architect-native'
import twins, { HashRing as TwinHashRing, AtomicCounter as TwinCounter } from 'architect-native/reference'
import ringTwin from 'architect-native/reference/hash_ring'
import { LruCache as TwinLruCache } from 'architect-native/reference/lru'
import { scryptSync as twinScryptSync } from 'architect-native/reference/crypto.js'

const info: BuildInfo = buildInfo()
const target: string = info.target
const libc: 'glibc' | 'musl' | 'msvc' | 'system' = info.libc
const aes: boolean = info.cpuFeatures.aes
const path: string | null = info.binaryPath

const counter = new boundaryProbes.ProbeCounter(1)
const counted: number = counter.add(2)
const freed: boolean = counter.close()
const filled: Buffer = boundaryProbes.fast.fill(Buffer.alloc(16))
const handle: number = boundaryProbes.fast.newCounter()
boundaryProbes.fast.counterAdd(handle, boundaryProbes.READ.u32)
const sameFunction: typeof buildInfo = native.buildInfo

const atomic = new AtomicCounter(0n)
const old: number = atomic.add(1)
const big: bigint = atomic.addBig(1n)
const shared = AtomicCounter.from(atomic.buffer, atomic.index)
const afterBatch: number = shared.addMany([1, 2, 3])
const striped = StripedCounter.from(new StripedCounter({ cells: 4 }).buffer, { cell: 1 })
striped.incrementMany(10)
const total: number = striped.sum()
// @ts-expect-error: addBig takes a bigint
atomic.addBig(1)
// @ts-expect-error: sum() returns a number, not a bigint
const wrong: bigint = striped.sum()

const sameBuffer: Buffer = xorInPlace(Buffer.from('x'), 'key', 3, { parallel: 'auto' })
const words: Uint16Array = mapBytes(new Uint16Array(4), new Uint8Array(256))
const lines: number = countLines(Buffer.from('a\n'))
const histogram: Float64Array = byteHistogram(new DataView(new ArrayBuffer(4)))
const later: Promise<Buffer> = xorInPlaceAsync(Buffer.from('x'), new Uint8Array([1]))
const counterStream = createCounter()
const bytesSoFar: number = counterStream.totals.bytes
const web: TransformStream<Uint8Array, Uint8Array> = createWebTransform('upper')
createTransform('xor', { key: 'k', highWaterMark: 1 << 16 })
// @ts-expect-error: unknown transform
createTransform('rot13')
// @ts-expect-error: parallel is 'auto' or a boolean
xorInPlace(Buffer.alloc(1), 'k', 0, { parallel: 'yes' })

const ring = new HashRing({ 'a:1': 2, 'b:1': { weight: 1, vnodes: 64 } }, { hash: 'ketama' })
const owner: string = ring.get('user:1')
const replicas: string[] = ring.add('c:1').range('user:1', 2)
const shares: Record<string, number> = ring.distribution()
const bucket: number = jumpHash(10n, 7)
const bounded = new BoundedLoadRing(['a', 'b'], { c: 1.5 })
const where: string = bounded.assign('k')
// @ts-expect-error: unknown hash
new HashRing(['a'], { hash: 'md5' })

const gcm = new AesGcm(Buffer.alloc(32))
const { ciphertext, tag } = gcm.encrypt('hi', Buffer.alloc(12))
const plain: Buffer = gcm.decrypt(ciphertext, Buffer.alloc(12), tag)
const keys = generateKeyPair()
const sig: Buffer = new Ed25519Signer(keys.privateKey).sign('m')
const ok: boolean = verify(keys.publicKey, 'm', sig)
const pem: string = exportPrivateKey(keys.privateKey)
const der: Buffer = exportPrivateKey(keys.privateKey, 'der')
const derived: Buffer = scryptSync('pw', 'salt', 32, { cost: 1024 })
const derivedLater: Promise<Buffer> = scrypt('pw', 'salt', 32, { N: 1024, signal: new AbortController().signal })
// @ts-expect-error: scrypt has no 'rounds' option
scryptSync('pw', 'salt', 32, { rounds: 3 })

const lru = new LruCache<string>({ max: 100, ttl: 1000, dispose: (value, key, reason) => void [value, key, reason] })
const hit: string | undefined = lru.set('k', 'v').get('k', { allowStale: true })
const many: Array<string | undefined> = lru.getMany(['k', 1])
const sharedCache = LruCache.shared<string>('name', { max: 10 })
const sameShared = new SharedLruCache<string>('name')
const lruKeys: LruKeyList = [...sharedCache.keys()]
type LruKeyList = Array<string | number>
const remaining: number = sameShared.getRemainingTTL('k')
// @ts-expect-error: keys are strings or numbers
lru.get({})
// @ts-expect-error: no such option
new LruCache({ max: 1, capacity: 3 })

// The twins have the native API's types: one variable can hold either backend's piece.
const backend = process.env.BACKEND === 'js' ? twins : native
const twinRing: HashRing = new TwinHashRing(['a', 'b'])
const sameRing: typeof HashRing = backend.HashRing
const twinBucket: number = ringTwin.jumpHash('user:1', 8)
const twinCache: LruCache<string> = new TwinLruCache<string>({ max: 10 })
const twinKey: Buffer = twinScryptSync('pw', 'salt', 16)
const twinCount: number = new TwinCounter(0).add(1)
// @ts-expect-error: a twin's methods are typed like the native ones
twinRing.get(42n)

// @ts-expect-error: add() takes a number
counter.add('1')
// @ts-expect-error: buildInfo takes no argument
buildInfo(1)

export { plain, ok, pem, der, derived, derivedLater }
export { hit, many, lruKeys, remaining }
export { owner, replicas, shares, bucket, where }
export { sameBuffer, words, lines, histogram, later, bytesSoFar, web }
export { target, libc, aes, path, counted, total, freed, filled, sameFunction, old, big, afterBatch, wrong }
export { twinRing, sameRing, twinBucket, twinCache, twinKey, twinCount }
