'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const native = require('..')
const pkg = require('../package.json')
const { platformTriple } = require('../lib/platform.js')

test('buildInfo describes the binary that loaded', () => {
  const info = native.buildInfo()
  assert.equal(info.version, pkg.version, 'crate and npm versions agree')
  assert.match(info.target, /^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$/)
  assert.ok(['glibc', 'musl', 'msvc', 'system'].includes(info.libc))
  assert.ok(info.cCompiler.length > 0 && !info.cCompiler.startsWith('unknown'), `C compiler recorded: ${info.cCompiler}`)
  assert.equal(info.napiVersion, 8)
  assert.ok(info.nodeApiVersion >= info.napiVersion, 'this Node offers the Node-API level the binary needs')
  assert.equal(info.nodeApiVersion, Number(process.versions.napi))
  assert.ok(Number.isInteger(info.rayonThreads) && info.rayonThreads >= 1)
  for (const feature of ['aes', 'pclmulqdq', 'avx', 'movbe', 'avx2', 'vaes', 'vpclmulqdq', 'sha', 'neon', 'pmull']) assert.equal(typeof info.cpuFeatures[feature], 'boolean')
  const otherArch = process.arch === 'arm64' ? ['pclmulqdq', 'avx', 'movbe', 'avx2', 'vaes', 'vpclmulqdq'] : ['neon', 'pmull']
  for (const feature of otherArch) assert.equal(info.cpuFeatures[feature], false, `${feature} is not a ${process.arch} feature`)
  if (process.arch === 'arm64') assert.equal(info.cpuFeatures.neon, true, 'every AArch64 CPU has NEON (Advanced SIMD)')
  // The kernels ring itself would pick (src/crypto/gcm_kernels.rs); SSSE3 comes with every AVX CPU.
  const f = info.cpuFeatures
  const base = process.arch === 'x64' && f.aes && f.pclmulqdq && f.avx
  const expected = base && f.avx2 && f.vaes && f.vpclmulqdq ? /^ring's VAES\/AVX2 kernels/ : base && f.movbe ? /^ring's AES-NI\/AVX kernels/ : /^ring's API, in place/
  assert.match(info.aesGcm, expected)
  assert.ok(info.binaryPath && path.basename(info.binaryPath).includes(platformTriple()), `loaded ${info.binaryPath}`)
})

test('the crate version in Cargo.toml matches package.json', () => {
  const cargo = require('node:fs').readFileSync(path.join(__dirname, '..', 'Cargo.toml'), 'utf8')
  assert.match(cargo, new RegExp(`^version = "${pkg.version.replace(/\./g, '\\.')}"$`, 'm'))
})

test('ESM and CommonJS entries expose the same functions', async () => {
  const esm = await import('../index.mjs')
  assert.equal(esm.buildInfo, native.buildInfo)
  assert.equal(esm.default, native)
  for (const name of Object.keys(native)) assert.ok(name in esm, `${name} is exported from index.mjs`)
})
