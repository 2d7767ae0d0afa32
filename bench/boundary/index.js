'use strict'
// What one call from JS into Rust costs, per call shape, written four ways: napi-rs `#[napi]`
// functions, napi-rs class methods, the project's fast path, and bare hand-written Node-API (the
// floor every ratio is taken against), with plain JS beside them.

const { boundaryProbes } = require('../..')
const { napi, fast, floor, ProbeCounter, fillPattern } = boundaryProbes

const KEY16 = 'user:0123456789a' // 16 ASCII bytes, a typical cache key
const BYTES16 = Buffer.from('0123456789abcdef')
// Allocated in one slab and reused, so no run pays for GC of a fresh Buffer per call.
const OUT16 = Buffer.alloc(16)
const probeObject = new napi.ProbeObject(0)
const counter = new ProbeCounter(0)
const counterHandle = fast.newCounter(0)

const js = {
  noop() {},
  u32(x) {
    return (x + 1) >>> 0
  },
  str(key) {
    return Buffer.byteLength(key, 'utf8')
  },
  bytes(b) {
    let sum = 0
    for (let i = 0; i < b.length; i++) sum += b[i]
    return sum
  },
}

const expectedSum = js.bytes(BYTES16)
const expectedFill = fillPattern(Buffer.alloc(16))

module.exports = {
  title: 'The call boundary: what one JS -> Rust call costs',
  notes: [
    '`floor` is bare hand-written Node-API (no checks, no panic guard); `fast` is the project\'s fast',
    'path (src/fast_path), which the LRU, ring and counter hot calls use; `napi` is a napi-rs `#[napi]`',
    'function and `napi class` a napi-rs class method, as napi-rs generates them by default.',
    'Strings are read as UTF-16 on the fast path (`fast utf16`; lossless, and cheaper in V8 than UTF-8);',
    '`fast utf8` adds the transcoding that md5-compatible hashing needs.',
    'The string-read target (<= 2.5x the no-op) is below what Node-API allows here: the bare',
    'Node-API UTF-16 read (`floor utf16`) alone costs about 3x the floor no-op, so the second string',
    'target holds the fast path to the floor\'s own string read instead.',
  ].join('\n'),
  groups: [
    {
      name: 'no-op',
      baseline: 'floor',
      variants: [
        { name: 'floor', fn: () => floor.noop() },
        { name: 'fast', fn: () => fast.noop() },
        { name: 'napi', fn: () => napi.noop() },
        { name: 'napi class', fn: () => probeObject.noop() },
        { name: 'js', role: 'js', fn: () => js.noop() },
      ],
    },
    {
      name: 'one u32 in, u32 out',
      baseline: 'floor',
      expect: 8,
      variants: [
        { name: 'floor', fn: () => floor.u32(7) },
        { name: 'fast', fn: () => fast.u32(7) },
        { name: 'napi', fn: () => napi.u32(7) },
        { name: 'napi checked', note: 'Unknown + project readers', fn: () => napi.checkedU32(7) },
        { name: 'napi class', fn: () => probeObject.plusOne(7) },
        { name: 'js', role: 'js', fn: () => js.u32(7) },
      ],
    },
    {
      name: '16-byte string argument',
      baseline: 'floor',
      expect: 16,
      variants: [
        { name: 'floor', note: 'napi utf8 into a stack buffer', fn: () => floor.str(KEY16) },
        { name: 'floor utf16', fn: () => floor.strUtf16(KEY16) },
        { name: 'fast utf16', fn: () => fast.strUtf16(KEY16) },
        { name: 'fast utf8', fn: () => fast.str(KEY16) },
        { name: 'napi', note: 'String argument', fn: () => napi.str(KEY16) },
        { name: 'js', role: 'js', note: 'Buffer.byteLength', fn: () => js.str(KEY16) },
      ],
    },
    {
      name: '16-byte Uint8Array argument (sum the bytes)',
      baseline: 'floor',
      expect: expectedSum,
      variants: [
        { name: 'floor', fn: () => floor.bytes(BYTES16) },
        { name: 'fast', fn: () => fast.bytes(BYTES16) },
        { name: 'napi', note: '&[u8]', fn: () => napi.bytes(BYTES16) },
        { name: 'js', role: 'js', fn: () => js.bytes(BYTES16) },
      ],
    },
    {
      name: 'handle-resolving call with one u32',
      description: 'A method on a Rust object: the fast path resolves a numeric handle; napi-rs unwraps `this`.',
      baseline: 'floor u32',
      variants: [
        { name: 'floor u32', note: 'no object at all', fn: () => floor.u32(7), output: () => 0 },
        { name: 'fast handle', fn: () => fast.counterAdd(counterHandle, 0), output: () => 0 },
        { name: 'fast via JS class', fn: () => counter.add(0), output: () => 0 },
        { name: 'napi class', fn: () => probeObject.add(0), output: () => 0 },
      ],
    },
    {
      name: 'a fresh 16-byte Buffer result',
      description: 'napi-rs returning a new Buffer, against allocating in JS and filling natively (`...Into`).',
      baseline: 'floor new',
      equal: (actual, expected, label) => {
        if (!Buffer.from(actual).equals(expected)) throw new Error(`${label}: bytes differ`)
      },
      expect: expectedFill,
      variants: [
        { name: 'floor new', note: 'napi_create_buffer in Rust', fn: () => floor.newBuffer() },
        { name: 'fast fill', note: 'Buffer.allocUnsafe + fill in Rust', fn: () => fast.fill(Buffer.allocUnsafe(16)) },
        { name: 'fast fill reused', note: 'caller-owned Buffer', fn: () => fast.fill(OUT16) },
        { name: 'napi new', note: 'Buffer from Vec<u8>', fn: () => napi.newBuffer() },
        { name: 'js', role: 'js', note: 'Buffer.allocUnsafe + fill in JS', fn: () => fillPattern(Buffer.allocUnsafe(16)) },
      ],
    },
  ],
  targets: [
    { label: 'fast-path no-op ÷ floor no-op', max: 1.3, measure: (ns) => ns('no-op', 'fast') / ns('no-op', 'floor') },
    { label: 'fast-path u32 ÷ floor u32', max: 1.5, measure: (ns) => ns('one u32 in, u32 out', 'fast') / ns('one u32 in, u32 out', 'floor') },
    { label: 'fast-path 16-byte string key read ÷ fast-path no-op', max: 2.5, measure: (ns) => ns('16-byte string argument', 'fast utf16') / ns('no-op', 'fast') },
    { label: 'fast-path 16-byte string key read ÷ floor string read (utf16)', max: 1.3, measure: (ns) => ns('16-byte string argument', 'fast utf16') / ns('16-byte string argument', 'floor utf16') },
    { label: 'fast-path handle call with one u32 ÷ floor u32', max: 2, measure: (ns) => ns('handle-resolving call with one u32', 'fast handle') / ns('handle-resolving call with one u32', 'floor u32') },
  ],
}
