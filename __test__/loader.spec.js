'use strict'
// The loader error is how users meet a missing binary: it must say what was looked for and how
// to fix it. A copy of the package without any binary stands in for a broken install.
const { test } = require('node:test')
const skipUnlessLinux = process.platform !== 'linux'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { platformTriple, detectLibc } = require('../lib/platform.js')

const ROOT = path.join(__dirname, '..')

function packageWithoutBinary() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-nobinary-'))
  const target = path.join(dir, 'node_modules', 'architect-native')
  fs.mkdirSync(target, { recursive: true })
  for (const entry of ['package.json', 'index.js', 'index.mjs', 'lib']) {
    fs.cpSync(path.join(ROOT, entry), path.join(target, entry), { recursive: true })
  }
  return { dir, target }
}

test('with the binary removed, the error names the platform, every path tried and the fix', () => {
  const { dir, target } = packageWithoutBinary()
  try {
    const script = `try { require('architect-native'); console.log('loaded?!') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, tried: e.tried, platform: e.platform })) }`
    const env = { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: '', ARCHITECT_NATIVE_BINARY: '' }
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, env }).toString())
    const triple = platformTriple()
    assert.equal(out.code, 'ERR_ARCHITECT_NATIVE_NOT_FOUND')
    assert.equal(out.platform, triple)
    assert.match(out.message, new RegExp(`for ${triple} \\(platform ${process.platform}, arch ${process.arch}`))
    if (process.platform === 'linux') assert.match(out.message, new RegExp(`libc ${detectLibc()}`))
    assert.ok(out.message.includes(path.join(target, `architect-native.${triple}.node`)), 'names the local file it tried')
    assert.ok(out.message.includes(`architect-native-${triple}`), 'names the platform package it tried')
    const { version } = require('../package.json')
    assert.ok(out.message.includes(`npm install architect-native-${triple}@${version}`), 'an installed copy is told the exact package and version')
    assert.doesNotMatch(out.message, /npm rebuild|npm run build/, 'never a command that cannot work in an installed copy')
    assert.match(out.message, /Cannot find module/, 'keeps the underlying load errors')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('in a source checkout without a binary, the advice is to build it', () => {
  const { dir, target } = packageWithoutBinary()
  try {
    fs.copyFileSync(path.join(ROOT, 'Cargo.toml'), path.join(target, 'Cargo.toml'))
    fs.mkdirSync(path.join(target, 'src'))
    const script = `try { require('architect-native'); console.log('loaded?!') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`
    const env = { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: '', ARCHITECT_NATIVE_BINARY: '' }
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, env }).toString())
    assert.equal(out.code, 'ERR_ARCHITECT_NATIVE_NOT_FOUND')
    assert.ok(out.message.includes(`cd ${target} && npm run build`), out.message)
    assert.doesNotMatch(out.message, /npm install|npm rebuild/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('an explicit binary override is the only candidate, and its failure is reported as such', () => {
  const script = `try { require(${JSON.stringify(ROOT)}); console.log('loaded?!') } catch (e) { console.log(JSON.stringify({ code: e.code, tried: e.tried })) }`
  const env = { ...process.env, ARCHITECT_NATIVE_BINARY: '/nonexistent/architect-native.node' }
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { env }).toString())
  assert.equal(out.code, 'ERR_ARCHITECT_NATIVE_NOT_FOUND')
  assert.equal(out.tried.length, 1)
  assert.match(out.tried[0], /nonexistent.*ARCHITECT_NATIVE_BINARY/)
})

test('libc comes from the running process, not from /usr/bin/ldd', { skip: skipUnlessLinux }, () => {
  const maps = fs.readFileSync('/proc/self/maps', 'utf8')
  const expected = /musl/.test(maps) ? 'musl' : 'glibc'
  assert.equal(detectLibc(), expected)
  assert.equal(platformTriple(), `linux-${process.arch}-${expected === 'musl' ? 'musl' : 'gnu'}`)
})
