'use strict'
// XXH3 (64- and 128-bit, seed 0, the default secret) in plain JS, so the JS twin's default
// `xxh3` HashRing is the same ring as the native one (src/cache/hash_ring.rs uses the
// xxhash-rust crate). Ported from the reference algorithm (xxhash 0.8, the form xxhash-rust's
// `const_xxh3` writes out); 64-bit arithmetic in BigInt, which is slower than the native hash but
// exact, and this file is the twin, not the fast path. Every length class (0-16, 17-128,
// 129-240, longer) is checked against the native ring in __test__/hash-ring.spec.js.

const M64 = (1n << 64n) - 1n
const P32_1 = 0x9e3779b1n
const P32_2 = 0x85ebca77n
const P32_3 = 0xc2b2ae3dn
const P64_1 = 0x9e3779b185ebca87n
const P64_2 = 0xc2b2ae3d27d4eb4fn
const P64_3 = 0x165667b19e3779f9n
const P64_4 = 0x85ebca77c2b2ae63n
const P64_5 = 0x27d4eb2f165667c5n
const MIX = 0x165667919e3779f9n
const MIX_STRONG = 0x9fb21c651e98df25n

const SECRET = Buffer.from(
  'b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221' +
    'b8084674f743248ee03590e6813a264c3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8' +
    'a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364eac5ac8334d3ebc3c581a0fffa1363eb' +
    '170ddd51b7f0da49d3165526 29d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e'.replace(/ /g, ''),
  'hex',
)
const STRIPE = 64
const ACC_START = [P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1]

const u64 = (buf, at) => buf.readBigUInt64LE(at)
const u32 = (buf, at) => BigInt(buf.readUInt32LE(at))
const mul = (a, b) => (a * b) & M64
const add = (a, b) => (a + b) & M64
const rotl = (v, n) => ((v << BigInt(n)) | (v >> BigInt(64 - n))) & M64

function swap64(v) {
  let out = 0n
  for (let i = 0; i < 8; i++) out = (out << 8n) | ((v >> BigInt(8 * i)) & 0xffn)
  return out
}

function swap32(v) {
  return ((v & 0xffn) << 24n) | ((v & 0xff00n) << 8n) | ((v >> 8n) & 0xff00n) | ((v >> 24n) & 0xffn)
}

/** The 128-bit product of two 64-bit values: [low, high]. */
function mul128(a, b) {
  const p = a * b
  return [p & M64, p >> 64n]
}

function fold64(a, b) {
  const [lo, hi] = mul128(a, b)
  return lo ^ hi
}

function avalanche(h) {
  h ^= h >> 37n
  h = mul(h, MIX)
  return h ^ (h >> 32n)
}

function xxh64Avalanche(h) {
  h ^= h >> 33n
  h = mul(h, P64_2)
  h ^= h >> 29n
  h = mul(h, P64_3)
  return h ^ (h >> 32n)
}

function rrmxmx(h, len) {
  h ^= rotl(h, 49) ^ rotl(h, 24)
  h = mul(h, MIX_STRONG)
  h ^= add(h >> 35n, BigInt(len))
  h = mul(h, MIX_STRONG)
  return h ^ (h >> 28n)
}

function mix16(input, at, secretAt) {
  return fold64(u64(input, at) ^ u64(SECRET, secretAt), u64(input, at + 8) ^ u64(SECRET, secretAt + 8))
}

function mix32(acc, input, at1, at2, secretAt) {
  let [lo, hi] = acc
  lo = add(lo, mix16(input, at1, secretAt))
  lo ^= add(u64(input, at2), u64(input, at2 + 8))
  hi = add(hi, mix16(input, at2, secretAt + 16))
  hi ^= add(u64(input, at1), u64(input, at1 + 8))
  return [lo, hi]
}

/** The accumulators of inputs over 240 bytes (the "long" hash). */
function longAccumulators(input) {
  const acc = [...ACC_START]
  const accumulate = (at, secretAt) => {
    for (let i = 0; i < 8; i++) {
      const data = u64(input, at + 8 * i)
      const key = data ^ u64(SECRET, secretAt + 8 * i)
      acc[i ^ 1] = add(acc[i ^ 1], data)
      acc[i] = add(acc[i], (key & 0xffffffffn) * (key >> 32n))
    }
  }
  const stripesPerBlock = (SECRET.length - STRIPE) / 8
  const blockLen = STRIPE * stripesPerBlock
  const blocks = Math.floor((input.length - 1) / blockLen)
  for (let b = 0; b < blocks; b++) {
    for (let s = 0; s < stripesPerBlock; s++) accumulate(b * blockLen + s * STRIPE, s * 8)
    for (let i = 0; i < 8; i++) acc[i] = mul((acc[i] ^ (acc[i] >> 47n)) ^ u64(SECRET, SECRET.length - STRIPE + 8 * i), P32_1)
  }
  const stripes = Math.floor((input.length - 1 - blockLen * blocks) / STRIPE)
  for (let s = 0; s < stripes; s++) accumulate(blocks * blockLen + s * STRIPE, s * 8)
  accumulate(input.length - STRIPE, SECRET.length - STRIPE - 7)
  return acc
}

function mergeAccumulators(acc, secretAt, start) {
  let result = start
  for (let i = 0; i < 4; i++) result = add(result, fold64(acc[2 * i] ^ u64(SECRET, secretAt + 16 * i), acc[2 * i + 1] ^ u64(SECRET, secretAt + 16 * i + 8)))
  return avalanche(result)
}

/** XXH3-64 of `input` (a Buffer), as a BigInt. */
function xxh3_64(input) {
  const len = input.length
  if (len > 240) return mergeAccumulators(longAccumulators(input), 11, mul(BigInt(len), P64_1))
  if (len > 128) {
    let acc = mul(BigInt(len), P64_1)
    const rounds = Math.floor(len / 16)
    for (let i = 0; i < 8; i++) acc = add(acc, mix16(input, 16 * i, 16 * i))
    acc = avalanche(acc)
    for (let i = 8; i < rounds; i++) acc = add(acc, mix16(input, 16 * i, 16 * (i - 8) + 3))
    acc = add(acc, mix16(input, len - 16, 136 - 17))
    return avalanche(acc)
  }
  if (len > 16) {
    let acc = mul(BigInt(len), P64_1)
    if (len > 32) {
      if (len > 64) {
        if (len > 96) acc = add(add(acc, mix16(input, 48, 96)), mix16(input, len - 64, 112))
        acc = add(add(acc, mix16(input, 32, 64)), mix16(input, len - 48, 80))
      }
      acc = add(add(acc, mix16(input, 16, 32)), mix16(input, len - 32, 48))
    }
    acc = add(add(acc, mix16(input, 0, 0)), mix16(input, len - 16, 16))
    return avalanche(acc)
  }
  if (len > 8) {
    const lo = u64(input, 0) ^ (u64(SECRET, 24) ^ u64(SECRET, 32))
    const hi = u64(input, len - 8) ^ (u64(SECRET, 40) ^ u64(SECRET, 48))
    return avalanche(add(add(add(BigInt(len), swap64(lo)), hi), fold64(lo, hi)))
  }
  if (len >= 4) {
    const combined = add(u32(input, len - 4), u32(input, 0) << 32n)
    return rrmxmx(combined ^ (u64(SECRET, 8) ^ u64(SECRET, 16)), len)
  }
  if (len > 0) {
    const combo = (BigInt(input[0]) << 16n) | (BigInt(input[len >> 1]) << 24n) | BigInt(input[len - 1]) | (BigInt(len) << 8n)
    return xxh64Avalanche(combo ^ (u32(SECRET, 0) ^ u32(SECRET, 4)))
  }
  return xxh64Avalanche(u64(SECRET, 56) ^ u64(SECRET, 64))
}

/** XXH3-128 of `input` (a Buffer), as [low 64 bits, high 64 bits] BigInts. */
function xxh3_128(input) {
  const len = input.length
  const finish = ([lo, hi]) => {
    const resultHi = add(add(mul(lo, P64_1), mul(hi, P64_4)), mul(BigInt(len), P64_2))
    return [avalanche(add(lo, hi)), (M64 + 1n - avalanche(resultHi)) & M64]
  }
  if (len > 240) {
    const acc = longAccumulators(input)
    return [mergeAccumulators(acc, 11, mul(BigInt(len), P64_1)), mergeAccumulators(acc, SECRET.length - 64 - 11, ~mul(BigInt(len), P64_2) & M64)]
  }
  if (len > 128) {
    let acc = [mul(BigInt(len), P64_1), 0n]
    const rounds = Math.floor(len / 32)
    for (let i = 0; i < 4; i++) acc = mix32(acc, input, 32 * i, 32 * i + 16, 32 * i)
    acc = [avalanche(acc[0]), avalanche(acc[1])]
    for (let i = 4; i < rounds; i++) acc = mix32(acc, input, 32 * i, 32 * i + 16, 3 + 32 * (i - 4))
    acc = mix32(acc, input, len - 16, len - 32, 136 - 17 - 16)
    return finish(acc)
  }
  if (len > 16) {
    let acc = [mul(BigInt(len), P64_1), 0n]
    if (len > 32) {
      if (len > 64) {
        if (len > 96) acc = mix32(acc, input, 48, len - 64, 96)
        acc = mix32(acc, input, 32, len - 48, 64)
      }
      acc = mix32(acc, input, 16, len - 32, 32)
    }
    return finish(mix32(acc, input, 0, len - 16, 0))
  }
  if (len > 8) {
    const flipLo = u64(SECRET, 32) ^ u64(SECRET, 40)
    const flipHi = u64(SECRET, 48) ^ u64(SECRET, 56)
    const inputLo = u64(input, 0)
    let inputHi = u64(input, len - 8)
    let [mLo, mHi] = mul128(inputLo ^ inputHi ^ flipLo, P64_1)
    mLo = add(mLo, BigInt(len - 1) << 54n)
    inputHi ^= flipHi
    mHi = add(mHi, add(inputHi, (inputHi & 0xffffffffn) * (P32_2 - 1n)))
    mLo ^= swap64(mHi)
    const [rLo, rHiPart] = mul128(mLo, P64_2)
    return [avalanche(rLo), avalanche(add(rHiPart, mul(mHi, P64_2)))]
  }
  if (len >= 4) {
    const combined = add(u32(input, 0), u32(input, len - 4) << 32n)
    const keyed = combined ^ (u64(SECRET, 16) ^ u64(SECRET, 24))
    let [lo, hi] = mul128(keyed, add(P64_1, BigInt(len) << 2n))
    hi = add(hi, (lo << 1n) & M64)
    lo ^= hi >> 3n
    lo = mul(lo ^ (lo >> 35n), MIX_STRONG)
    lo ^= lo >> 28n
    return [lo, avalanche(hi)]
  }
  if (len > 0) {
    const lo32 = (BigInt(input[0]) << 16n) | (BigInt(input[len >> 1]) << 24n) | BigInt(input[len - 1]) | (BigInt(len) << 8n)
    const swapped = swap32(lo32)
    const hi32 = ((swapped << 13n) | (swapped >> 19n)) & 0xffffffffn
    return [xxh64Avalanche(lo32 ^ (u32(SECRET, 0) ^ u32(SECRET, 4))), xxh64Avalanche(hi32 ^ (u32(SECRET, 8) ^ u32(SECRET, 12)))]
  }
  return [xxh64Avalanche(u64(SECRET, 64) ^ u64(SECRET, 72)), xxh64Avalanche(u64(SECRET, 80) ^ u64(SECRET, 88))]
}

module.exports = { xxh3_64, xxh3_128 }
