'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { findDrift } = require('../scripts/sync-versions.js')

const ROOT = path.join(__dirname, '..')
const pkg = require('../package.json')

test('every platform package is in step with package.json', () => {
  assert.deepEqual(findDrift(ROOT), [])
})

test('a platform package for every napi target, with os, cpu and libc', () => {
  const expected = {
    'x86_64-unknown-linux-gnu': ['linux-x64-gnu', 'linux', 'x64', 'glibc'],
    'x86_64-unknown-linux-musl': ['linux-x64-musl', 'linux', 'x64', 'musl'],
    'aarch64-unknown-linux-gnu': ['linux-arm64-gnu', 'linux', 'arm64', 'glibc'],
    'aarch64-unknown-linux-musl': ['linux-arm64-musl', 'linux', 'arm64', 'musl'],
    'x86_64-apple-darwin': ['darwin-x64', 'darwin', 'x64', undefined],
    'aarch64-apple-darwin': ['darwin-arm64', 'darwin', 'arm64', undefined],
    'x86_64-pc-windows-msvc': ['win32-x64-msvc', 'win32', 'x64', undefined],
  }
  assert.deepEqual([...pkg.napi.targets].sort(), Object.keys(expected).sort())
  for (const [dir, os_, cpu, libc] of Object.values(expected)) {
    const platform = require(path.join(ROOT, 'npm', dir, 'package.json'))
    assert.equal(platform.name, `architect-native-${dir}`)
    assert.deepEqual(platform.os, [os_])
    assert.deepEqual(platform.cpu, [cpu])
    assert.deepEqual(platform.libc, libc && [libc])
    assert.equal(platform.main, `architect-native.${dir}.node`)
  }
})

test('the drift check fails when a platform package falls behind', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-drift-'))
  try {
    fs.cpSync(path.join(ROOT, 'npm'), path.join(dir, 'npm'), { recursive: true })
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
    const file = path.join(dir, 'npm', 'linux-x64-gnu', 'package.json')
    const stale = JSON.parse(fs.readFileSync(file, 'utf8'))
    stale.version = '0.0.0-stale'
    fs.writeFileSync(file, JSON.stringify(stale))
    const drift = findDrift(dir)
    assert.equal(drift.length, 1)
    assert.match(drift[0], /linux-x64-gnu.*version/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the committed package.json lists no optional platform dependencies (written at publish)', () => {
  assert.equal(pkg.optionalDependencies, undefined)
})
