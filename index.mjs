// ESM entry: the same objects as the CommonJS entry (one addon instance per env either way).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const native = require('./index.js')

export const {
  buildInfo,
  boundaryProbes,
  AtomicCounter,
  StripedCounter,
  xorInPlace,
  mapBytes,
  toUpperAscii,
  toLowerAscii,
  countBytes,
  countLines,
  byteHistogram,
  xorInPlaceAsync,
  mapBytesAsync,
  toUpperAsciiAsync,
  toLowerAsciiAsync,
  countBytesAsync,
  countLinesAsync,
  byteHistogramAsync,
  createTransform,
  createWebTransform,
  createCounter,
  createWebCounter,
  parallelThreshold,
  HashRing,
  BoundedLoadRing,
  jumpHash,
} = native
export default native
