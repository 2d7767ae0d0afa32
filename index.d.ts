/// <reference types="node" />
// Public types of architect-native. Hand-written (the generated binding.d.ts describes the raw
// binding); `__test__/types/usage.ts` is compiled with `tsc --noEmit` to keep this file honest.

export interface CpuFeatures {
  aes: boolean
  pclmulqdq: boolean
  avx2: boolean
  sha: boolean
}

export interface BuildInfo {
  /** Crate version; equals the npm package version. */
  version: string
  /** Rust target triple the binary was built for, e.g. `x86_64-unknown-linux-gnu`. */
  target: string
  libc: 'glibc' | 'musl' | 'msvc' | 'system'
  profile: string
  /** Node-API level the binary requires. */
  napiVersion: number
  /** Node-API level the running Node offers. */
  nodeApiVersion: number
  rayonThreads: number
  /** CPU features the hot paths use, as detected at run time. */
  cpuFeatures: CpuFeatures
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

declare const native: {
  buildInfo: typeof buildInfo
  boundaryProbes: typeof boundaryProbes
}
export default native
