/// <reference types="node" />
import type { Transform, TransformOptions as StreamTransformOptions } from 'node:stream'
import type { KeyObject } from 'node:crypto'
// Public types of architect-native. Hand-written (the generated binding.d.ts describes the raw
// binding); `__test__/types/usage.ts` is compiled with `tsc --noEmit` to keep this file honest.

/** Detected at run time; a feature of another architecture is false (x86_64: aes, pclmulqdq, avx2, sha; arm64: aes, pmull, sha, neon). */
export interface CpuFeatures {
  aes: boolean
  pclmulqdq: boolean
  /** AVX and MOVBE (with AES-NI, PCLMULQDQ): AES-GCM's one-pass AES-NI/AVX kernels. */
  avx: boolean
  movbe: boolean
  avx2: boolean
  /** VAES and VPCLMULQDQ: AES-GCM's fastest one-pass kernels need both (with AVX2). */
  vaes: boolean
  vpclmulqdq: boolean
  sha: boolean
  neon: boolean
  pmull: boolean
}

export interface BuildInfo {
  /** Crate version; equals the npm package version. */
  version: string
  /** Rust target triple the binary was built for, e.g. `x86_64-unknown-linux-gnu`. */
  target: string
  libc: 'glibc' | 'musl' | 'msvc' | 'system'
  profile: string
  /**
   * First line of `--version` of the C compiler that built ring's C code (Ed25519's field
   * arithmetic), e.g. `clang version 22.1.8` for the released Linux binaries (zig's clang).
   */
  cCompiler: string
  /** Node-API level the binary requires. */
  napiVersion: number
  /** Node-API level the running Node offers. */
  nodeApiVersion: number
  rayonThreads: number
  /** CPU features the hot paths use, as detected at run time. */
  cpuFeatures: CpuFeatures
  /**
   * Which AES-GCM code runs on this CPU: ring's VAES/AVX2 kernels or, without VAES, its
   * AES-NI/AVX kernels (`aesni_gcm`), called directly (one pass out of place, split over threads
   * from 256 KiB); or ring's API in place where the CPU has neither (arm64, x86_64 without AVX).
   */
  aesGcm: string
  /** Absolute path of the `.node` file that loaded (a local build or the platform package). */
  binaryPath: string | null
}

/** What this binary is and what the machine under it offers. */
export declare function buildInfo(): BuildInfo

/** A Rust object behind a fast-path handle; the pattern the hot pieces use. */
declare class ProbeCounter {
  constructor(initial?: number)
  /** Adds `value` (u32) and returns the new count. */
  add(value: number): number
  /** Frees the native object now; `false` if it was already freed. */
  close(): boolean
}

/** napi-rs's generated class, for cost comparison. */
declare class ProbeObject {
  constructor(initial?: number | null)
  noop(): void
  plusOne(value: number): number
  add(value: number): number
}

/** The call-cost probes that `bench/boundary` times (see README, "The call boundary"). */
export declare const boundaryProbes: {
  napi: {
    noop(): void
    u32(value: number): number
    str(key: string): number
    bytes(bytes: Uint8Array): number
    newBuffer(): Buffer
    fill(out: Buffer): void
    checkedU32(value: unknown): number
    checkedStr(key: unknown): number
    ProbeObject: typeof ProbeObject
  }
  fast: {
    noop(): void
    u32(value: number): number
    str(key: string): number
    strUtf16(key: string): number
    bytes(bytes: ArrayBufferView): number
    fill<T extends ArrayBufferView>(out: T): T
    newCounter(initial?: number): number
    counterAdd(handle: number, value: number): number
    free(handle: number): boolean
    liveHandles(): number
    read(kind: number, value: unknown): unknown
    argInfo(...args: unknown[]): number
    panic(): never
  }
  floor: {
    noop(): void
    u32(value: number): number
    str(key: string): number
    strUtf16(key: string): number
    bytes(bytes: Uint8Array): number
    fill(out: Uint8Array): Uint8Array
    newBuffer(): Buffer
  }
  READ: Readonly<Record<'u32' | 'i32' | 'f64' | 'safeInteger' | 'bigint64' | 'biguint64' | 'bool' | 'byteLength' | 'atomicCells', number>>
  ProbeCounter: typeof ProbeCounter
  fillPattern<T extends Uint8Array>(out: T): T
}

/** Memory an AtomicCounter/StripedCounter can attach to: shared, so other threads see it. */
export type SharedCounterMemory = SharedArrayBuffer | BigInt64Array | BigUint64Array

/**
 * A 64-bit counter in one 8-byte slot of a SharedArrayBuffer, updated with SeqCst atomics like
 * `Atomics` (JS `Atomics` on `new BigInt64Array(c.buffer)[c.index]` races with it safely).
 * Number methods take and return safe integers (RangeError `ERR_OUT_OF_RANGE` outside them, with
 * nothing changed); the `...Big` methods cover the whole i64 and wrap like BigInt64Array.
 */
export declare class AtomicCounter {
  constructor(initial?: number | bigint)
  /** Attaches to memory made elsewhere; `index` counts 8-byte slots of `source`. */
  static from(source: SharedCounterMemory, index?: number): AtomicCounter
  /** The SharedArrayBuffer holding the counter. */
  readonly buffer: SharedArrayBuffer
  /** The counter's slot in `buffer`, in 8-byte elements. */
  readonly index: number
  /** Returns the previous value. */
  add(n: number): number
  sub(n: number): number
  increment(): number
  decrement(): number
  load(): number
  /** Returns the stored value. */
  store(value: number): number
  exchange(value: number): number
  compareExchange(expected: number, replacement: number): number
  /** Each value as its own atomic add, one boundary crossing; all or nothing. Returns the value after the last. */
  addMany(values: ArrayLike<number>): number
  /** `times` separate atomic adds of `n` (default 1). Returns the value after the last. */
  incrementMany(times: number, n?: number): number
  addBig(n: bigint): bigint
  subBig(n: bigint): bigint
  loadBig(): bigint
  storeBig(value: bigint): bigint
  exchangeBig(value: bigint): bigint
  compareExchangeBig(expected: bigint, replacement: bigint): bigint
}

export interface StripedCounterOptions {
  /** Number of cache-line-padded cells (default: max(8, available parallelism)). */
  cells?: number
  /** The cell this instance adds to (default: worker_threads.threadId % cells). */
  cell?: number
}

/** A contention-free counter (LongAdder): each thread adds to its own padded cell; `sum()` folds them. */
export declare class StripedCounter {
  constructor(options?: StripedCounterOptions)
  static from(source: SharedCounterMemory, options?: Pick<StripedCounterOptions, 'cell'>): StripedCounter
  readonly buffer: SharedArrayBuffer
  readonly cells: number
  readonly cell: number
  add(n: number): void
  sub(n: number): void
  increment(): void
  decrement(): void
  addBig(n: bigint): void
  addMany(values: ArrayLike<number>): void
  incrementMany(times: number, n?: number): void
  /** Not a snapshot while other threads add (like LongAdder.sum()). */
  sum(): number
  sumBig(): bigint
  reset(): void
}

/** Any view of bytes: Buffer, Uint8Array and the other TypedArrays, or a DataView. */
export type Bytes = ArrayBufferView

export interface ParallelOptions {
  /** 'auto' (default): split over threads from `parallelThreshold` bytes up; true/false force it. */
  parallel?: 'auto' | boolean
}

/** Buffers from this many bytes up are split over threads when `parallel` is 'auto'. */
export declare const parallelThreshold: number

/** XORs `buf` in place with `key` repeated, starting at key byte `keyOffset` (for resuming a stream); returns `buf`. */
export declare function xorInPlace<T extends Bytes>(buf: T, key: string | Bytes, keyOffset?: number, options?: ParallelOptions): T
/** `buf[i] = table[buf[i]]` in place; `table` is exactly 256 bytes. Returns `buf`. */
export declare function mapBytes<T extends Bytes>(buf: T, table: Bytes, options?: ParallelOptions): T
export declare function toUpperAscii<T extends Bytes>(buf: T, options?: ParallelOptions): T
export declare function toLowerAscii<T extends Bytes>(buf: T, options?: ParallelOptions): T
/** How many bytes equal `byte` (0-255, or a one-character string). */
export declare function countBytes(buf: Bytes, byte: number | string, options?: ParallelOptions): number
/** Newline (0x0A) bytes, as `wc -l` counts lines. */
export declare function countLines(buf: Bytes, options?: ParallelOptions): number
/** Counts of each byte value 0-255. */
export declare function byteHistogram(buf: Bytes, options?: ParallelOptions): Float64Array

/** Async twins run on the libuv pool, in place: do not touch `buf` until they settle. */
export declare function xorInPlaceAsync<T extends Bytes>(buf: T, key: string | Bytes, keyOffset?: number): Promise<T>
export declare function mapBytesAsync<T extends Bytes>(buf: T, table: Bytes): Promise<T>
export declare function toUpperAsciiAsync<T extends Bytes>(buf: T): Promise<T>
export declare function toLowerAsciiAsync<T extends Bytes>(buf: T): Promise<T>
export declare function countBytesAsync(buf: Bytes, byte: number | string): Promise<number>
export declare function countLinesAsync(buf: Bytes): Promise<number>
export declare function byteHistogramAsync(buf: Bytes): Promise<Float64Array>

export type TransformOp = 'xor' | 'map' | 'upper' | 'lower'

export interface TransformOptions extends StreamTransformOptions {
  /** Required for 'xor'. */
  key?: string | Bytes
  /** Where in the key the first byte starts (default 0). */
  keyOffset?: number
  /** Required for 'map': 256 bytes. */
  table?: Bytes
}

export interface ByteTotals {
  bytes: number
  /** Newline bytes. */
  lines: number
}

/** A node:stream Transform changing each chunk in place and passing the same Buffer on. */
export declare function createTransform(op: TransformOp, options?: TransformOptions): Transform
/** The same as a Web TransformStream of Uint8Array chunks. */
export declare function createWebTransform(op: TransformOp, options?: Pick<TransformOptions, 'key' | 'keyOffset' | 'table'>): TransformStream<Uint8Array, Uint8Array>
/** A pass-through counting bytes and lines; `totals` is live and final on 'end' (also emitted as 'totals'). */
export declare function createCounter(options?: StreamTransformOptions): Transform & { readonly totals: ByteTotals }
export declare function createWebCounter(): TransformStream<Uint8Array, Uint8Array> & { readonly totals: ByteTotals; readonly done: Promise<ByteTotals> }

/** Servers as npm `hashring` takes them: names, or `{ name: weight }`, or `{ name: { weight, vnodes } }`. */
export type Servers = string | string[] | Record<string, number | { weight?: number; vnodes?: number }>

export interface HashRingOptions {
  /** 'xxh3' (default): fast; 'ketama': md5, exactly npm hashring's key -> server map. */
  hash?: 'xxh3' | 'ketama'
  /** Virtual nodes per server (default 40), scaled by weight; 4 points each. */
  vnodes?: number
  /** 'hash_ring': 3 points per vnode, like Python's hash_ring (and hashring's option). */
  compatibility?: 'hash_ring' | 'ketama'
  /** Points per vnode, 1-4 (default 4). */
  replicas?: number
}

export declare class HashRing {
  constructor(servers: Servers, options?: HashRingOptions)
  /** The server owning `key` (numbers are keyed by their string). */
  get(key: string | number): string
  getMany(keys: Array<string | number>): string[]
  /** Up to `n` servers clockwise from `key`, distinct unless `unique` is false. */
  range(key: string | number, n?: number, unique?: boolean): string[]
  add(servers: Servers): this
  remove(server: string): this
  has(server: string): boolean
  readonly servers: string[]
  /** Number of points on the ring. */
  readonly points: number
  /** Each server's exact share of the hash space (sums to 1). */
  distribution(): Record<string, number>
}

export interface BoundedLoadRingOptions extends HashRingOptions {
  /** Load bound factor: no server holds more than ceil(c * average) keys (default 1.25, >= 1). */
  c?: number
}

export declare class BoundedLoadRing {
  constructor(servers: Servers, options?: BoundedLoadRingOptions)
  assign(key: string | number): string
  release(key: string | number): boolean
  loads(): Record<string, number>
  readonly capacity: number
  readonly size: number
  readonly servers: string[]
}

/** Jump consistent hash: the bucket in [0, buckets) for `key`. */
export declare function jumpHash(key: string | number | bigint, buckets: number): number

/** Bytes for crypto inputs: strings are UTF-8. */
export type BinaryLike = string | ArrayBufferView | ArrayBuffer

/** AES-128/256-GCM (by key length: 16 or 32 bytes), 12-byte IVs and 16-byte tags, as node:crypto's. */
export interface AesGcmOptions {
  /**
   * 'auto' (default): a message from 256 KiB up is split over rayon's threads (GCM's counter
   * mode and GHASH both split; the bytes are the same). false keeps every call on the calling
   * thread (e.g. a server that already keeps every core busy); true splits any message.
   * Needs x86_64 with AES-NI + AVX + MOVBE (or VAES); elsewhere every call runs on one thread.
   */
  parallel?: 'auto' | boolean
}
export declare class AesGcm {
  constructor(key: ArrayBufferView | ArrayBuffer | KeyObject, options?: AesGcmOptions)
  encrypt(plaintext: BinaryLike, iv: ArrayBufferView, aad?: BinaryLike): { ciphertext: Buffer; tag: Buffer }
  /** Throws an Error with code ERR_CRYPTO_AUTH_FAILED if the tag does not authenticate. */
  decrypt(ciphertext: ArrayBufferView, iv: ArrayBufferView, tag: ArrayBufferView, aad?: BinaryLike): Buffer
  /** `iv || ciphertext || tag` with a fresh random IV. */
  seal(plaintext: BinaryLike, aad?: BinaryLike): Buffer
  open(sealed: ArrayBufferView, aad?: BinaryLike): Buffer
  /** Encrypts in place; returns the tag. */
  encryptInPlace(buf: ArrayBufferView, iv: ArrayBufferView, aad?: BinaryLike): Buffer
  /** Decrypts in place (zeroing the buffer if authentication fails); returns `buf`. */
  decryptInPlace<T extends ArrayBufferView>(buf: T, iv: ArrayBufferView, tag: ArrayBufferView, aad?: BinaryLike): T
}
type AesKey = ArrayBufferView | ArrayBuffer | KeyObject
export declare function aesGcmEncrypt(key: AesKey, plaintext: BinaryLike, iv: ArrayBufferView, aad?: BinaryLike): { ciphertext: Buffer; tag: Buffer }
export declare function aesGcmDecrypt(key: AesKey, ciphertext: ArrayBufferView, iv: ArrayBufferView, tag: ArrayBufferView, aad?: BinaryLike): Buffer
export declare function aesGcmSeal(key: AesKey, plaintext: BinaryLike, aad?: BinaryLike): Buffer
export declare function aesGcmOpen(key: AesKey, sealed: ArrayBufferView, aad?: BinaryLike): Buffer

/** An Ed25519 private key: the raw 32-byte seed, PKCS#8 DER/PEM, or a private KeyObject. */
export type Ed25519PrivateKey = ArrayBufferView | ArrayBuffer | string | KeyObject
/** An Ed25519 public key: 32 raw bytes, SPKI DER/PEM, or a KeyObject. */
export type Ed25519PublicKey = ArrayBufferView | ArrayBuffer | string | KeyObject

/**
 * A private key parsed once: the way to sign repeatedly. Measured (Intel Xeon, Node 20.20.2,
 * bench/RESULTS.md): `Ed25519Signer.sign` 10.6 us per 100-byte message, 2.8x node:crypto's
 * `crypto.sign` with a KeyObject; the free `sign(privateKey, m)` re-derives the key pair from the
 * seed on every call and takes twice as long (20.5 us, 1.4x node:crypto).
 */
export declare class Ed25519Signer {
  constructor(privateKey: Ed25519PrivateKey)
  readonly publicKey: Buffer
  sign(message: BinaryLike): Buffer
}
/** Raw 32-byte keys; the private key is the seed. */
export declare function generateKeyPair(): { publicKey: Buffer; privateKey: Buffer }
/**
 * One signature. Parses the key and derives the key pair on every call (no secret key is cached
 * behind your back), which doubles the cost: to sign more than once with a key, make an
 * `Ed25519Signer` (10.6 vs 20.5 us per signature, see `Ed25519Signer`).
 */
export declare function sign(privateKey: Ed25519PrivateKey, message: BinaryLike): Buffer
export declare function verify(publicKey: Ed25519PublicKey, message: BinaryLike, signature: ArrayBufferView): boolean
export declare function verifyBatch(items: Array<{ publicKey: Ed25519PublicKey; message: BinaryLike; signature: ArrayBufferView }>): boolean[]
/** PKCS#8 v1 (what node:crypto's createPrivateKey accepts) as PEM (default), DER or raw. */
export declare function exportPrivateKey(privateKey: Ed25519PrivateKey, format: 'der' | 'raw'): Buffer
export declare function exportPrivateKey(privateKey: Ed25519PrivateKey, format?: 'pem'): string
export declare function exportPublicKey(publicKey: Ed25519PublicKey, format: 'der' | 'raw'): Buffer
export declare function exportPublicKey(publicKey: Ed25519PublicKey, format?: 'pem'): string
export declare function importPrivateKey(input: Ed25519PrivateKey): Buffer
export declare function importPublicKey(input: Ed25519PublicKey): Buffer

/** node:crypto's scrypt options, with its aliases; 0 or undefined means the default. */
export interface ScryptOptions {
  N?: number
  cost?: number
  r?: number
  blockSize?: number
  p?: number
  parallelization?: number
  maxmem?: number
  /** Cancels a derivation that has not started yet (async only). */
  signal?: AbortSignal
}
export declare function scryptSync(password: BinaryLike, salt: BinaryLike, keylen: number, options?: ScryptOptions): Buffer
export declare function scrypt(password: BinaryLike, salt: BinaryLike, keylen: number, options?: ScryptOptions, callback?: (err: Error | null, key?: Buffer) => void): Promise<Buffer>
export declare function scrypt(password: BinaryLike, salt: BinaryLike, keylen: number, callback: (err: Error | null, key?: Buffer) => void): Promise<Buffer>

// --- LRU cache -----------------------------------------------------------------------------

/** Keys are strings or numbers (1 and '1' differ; -0 is 0 and NaN one key, as in a Map). */
export type LruKey = string | number
/** What a cache stores; objects only through the `codec` option. Bytes come back as a Buffer. */
export type LruValue = string | number | boolean | null | Uint8Array | object
export type DisposeReason = 'evict' | 'set' | 'delete' | 'expire'

export interface LruCacheOptions {
  /** Most entries kept (0 = no count limit; then maxSize or ttl is required). */
  max?: number
  /** Most total size; an entry's size is its value's byte length unless sizeCalculation/size says. */
  maxSize?: number
  maxEntrySize?: number
  sizeCalculation?: (value: any, key: LruKey) => number
  /** Milliseconds an entry stays fresh (0 = forever). */
  ttl?: number
  allowStale?: boolean
  updateAgeOnGet?: boolean
  updateAgeOnHas?: boolean
  noDeleteOnStaleGet?: boolean
  noUpdateTTL?: boolean
  noDisposeOnSet?: boolean
  /** Runs after the operation that removed or replaced the entry has finished. */
  dispose?: (value: any, key: LruKey, reason: DisposeReason) => void
  disposeAfter?: (value: any, key: LruKey, reason: DisposeReason) => void
  /** How object values are stored: JSON text or v8.serialize. */
  codec?: 'json' | 'v8'
  /** A clock (lru-cache's option; tests use a fake one). Private caches only. */
  perf?: { now(): number }
  /** Shared caches: lock shards, a power of two up to 64 (default from the limits; 1 = exact LRU). */
  shards?: number
  /** Only 0 (the clock is read on every call); lru-cache's other values are refused. */
  ttlResolution?: 0
}

export interface LruGetOptions {
  allowStale?: boolean
  updateAgeOnGet?: boolean
  noDeleteOnStaleGet?: boolean
}

export interface LruSetOptions {
  ttl?: number
  /** When the TTL started, in the cache's clock (performance.now() unless `perf` is given). */
  start?: number
  size?: number
  sizeCalculation?: (value: any, key: LruKey) => number
  noDisposeOnSet?: boolean
  noUpdateTTL?: boolean
}

export interface LruEntry<V = any> {
  value: V
  ttl?: number
  start?: number
  size?: number
}

/** npm lru-cache's API with the entries kept in Rust, off the V8 heap. */
export declare class LruCache<V = any> {
  constructor(options: LruCacheOptions)
  /**
   * The process-wide cache `name` (every worker_thread that opens it sees the same entries).
   * Without options it attaches to the open cache (`ERR_LRU_SHARED_NOT_FOUND` if none is open, so
   * the creator must open it first). With options it creates the cache, or attaches to the open
   * one if every option given matches it (`ERR_LRU_SHARED_OPTIONS_CONFLICT` names each that does
   * not); options left out are inherited from the open cache, not compared with defaults.
   */
  static shared<V = any>(name: string, options?: LruCacheOptions): LruCache<V>
  get(key: LruKey, options?: LruGetOptions): V | undefined
  set(key: LruKey, value: V | undefined, options?: LruSetOptions): this
  has(key: LruKey, options?: { updateAgeOnHas?: boolean }): boolean
  peek(key: LruKey, options?: { allowStale?: boolean }): V | undefined
  delete(key: LruKey): boolean
  clear(): void
  pop(): V | undefined
  getMany(keys: LruKey[]): Array<V | undefined>
  setMany(entries: Iterable<[LruKey, V | undefined]>): this
  getRemainingTTL(key: LruKey): number
  purgeStale(): boolean
  info(key: LruKey): LruEntry<V> | undefined
  dump(): Array<[LruKey, LruEntry<V>]>
  load(entries: Array<[LruKey, LruEntry<V>]>): void
  keys(): Generator<LruKey>
  values(): Generator<V>
  entries(): Generator<[LruKey, V]>
  rkeys(): Generator<LruKey>
  rvalues(): Generator<V>
  rentries(): Generator<[LruKey, V]>
  [Symbol.iterator](): Generator<[LruKey, V]>
  forEach(fn: (value: V, key: LruKey, cache: this) => void, thisArg?: unknown): void
  rforEach(fn: (value: V, key: LruKey, cache: this) => void, thisArg?: unknown): void
  /** The first fresh entry's value (most recent first) for which `fn` is truthy, read with `get`. */
  find(fn: (value: V, key: LruKey, cache: this) => unknown, getOptions?: LruGetOptions): V | undefined
  /** Frees the native memory now (private cache) or lets go of a shared one. */
  close(): void
  readonly size: number
  readonly calculatedSize: number
  readonly hits: number
  readonly misses: number
  readonly evictions: number
  readonly max: number
  readonly maxSize: number
  readonly maxEntrySize: number
  readonly ttl: number
  readonly allowStale: boolean
  readonly updateAgeOnGet: boolean
  readonly updateAgeOnHas: boolean
  readonly noDeleteOnStaleGet: boolean
  readonly noUpdateTTL: boolean
  readonly noDisposeOnSet: boolean
  readonly sizeCalculation: LruCacheOptions['sizeCalculation']
  /** The clock TTLs are read from: the `perf` option, else `performance`. */
  readonly perf: { now(): number }
  readonly ttlResolution: 0
  readonly dispose: LruCacheOptions['dispose']
  readonly disposeAfter: LruCacheOptions['disposeAfter']
  readonly codec: 'json' | 'v8' | undefined
  readonly name: string | undefined
  readonly shared: boolean
  readonly shards: number
}

/** `new SharedLruCache(name, options)` is `LruCache.shared(name, options)`. */
export declare const SharedLruCache: {
  new <V = any>(name: string, options?: LruCacheOptions): LruCache<V>
}

declare const native: {
  AesGcm: typeof AesGcm
  aesGcmEncrypt: typeof aesGcmEncrypt
  aesGcmDecrypt: typeof aesGcmDecrypt
  aesGcmSeal: typeof aesGcmSeal
  aesGcmOpen: typeof aesGcmOpen
  Ed25519Signer: typeof Ed25519Signer
  generateKeyPair: typeof generateKeyPair
  sign: typeof sign
  verify: typeof verify
  verifyBatch: typeof verifyBatch
  exportPrivateKey: typeof exportPrivateKey
  exportPublicKey: typeof exportPublicKey
  importPrivateKey: typeof importPrivateKey
  importPublicKey: typeof importPublicKey
  scrypt: typeof scrypt
  scryptSync: typeof scryptSync
  LruCache: typeof LruCache
  SharedLruCache: typeof SharedLruCache
  HashRing: typeof HashRing
  BoundedLoadRing: typeof BoundedLoadRing
  jumpHash: typeof jumpHash
  buildInfo: typeof buildInfo
  boundaryProbes: typeof boundaryProbes
  AtomicCounter: typeof AtomicCounter
  StripedCounter: typeof StripedCounter
  parallelThreshold: number
  xorInPlace: typeof xorInPlace
  mapBytes: typeof mapBytes
  toUpperAscii: typeof toUpperAscii
  toLowerAscii: typeof toLowerAscii
  countBytes: typeof countBytes
  countLines: typeof countLines
  byteHistogram: typeof byteHistogram
  xorInPlaceAsync: typeof xorInPlaceAsync
  mapBytesAsync: typeof mapBytesAsync
  toUpperAsciiAsync: typeof toUpperAsciiAsync
  toLowerAsciiAsync: typeof toLowerAsciiAsync
  countBytesAsync: typeof countBytesAsync
  countLinesAsync: typeof countLinesAsync
  byteHistogramAsync: typeof byteHistogramAsync
  createTransform: typeof createTransform
  createWebTransform: typeof createWebTransform
  createCounter: typeof createCounter
  createWebCounter: typeof createWebCounter
}
export default native
