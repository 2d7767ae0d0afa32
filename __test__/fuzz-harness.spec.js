'use strict'
// npm run fuzz must notice each kind of failure it promises to: process death, a hang, an
// uncoded error, a throw that is not an Error, a native/twin difference; and pass clean code.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')
const fixture = path.join(__dirname, 'fixtures', 'fuzz-misbehaving.js')

function fuzz(misbehave, { twin = false } = {}) {
  const run = spawnSync(process.execPath, [path.join(root, 'fuzz', 'run.js'), '--seed', '7', '--calls', '3000', '--workers', '1', '--time', '20'], {
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      ...process.env,
      FUZZ_API: fixture,
      FUZZ_TWIN: twin ? path.join(__dirname, 'fixtures', 'fuzz-misbehaving-twin.js') : '',
      FUZZ_MISBEHAVE: misbehave,
      // Short only where a hang is expected: under qemu, Node alone takes seconds to start.
      FUZZ_HANG_MS: misbehave === 'hang' ? '3000' : '120000',
    },
  })
  return { status: run.status, output: run.stdout + run.stderr }
}

test('passes code that only throws coded errors', () => {
  const { status, output } = fuzz('coded')
  assert.equal(status, 0, output)
  assert.match(output, /1\/1 seed\(s\) clean/)
})

for (const [misbehave, kind] of [
  ['crash', 'process-death'],
  ['hang', 'hang'],
  ['uncoded', 'uncoded'],
  ['not-an-error', 'not-an-Error'],
]) {
  test(`reports ${kind}, with the seed that replays it`, () => {
    const { status, output } = fuzz(misbehave)
    assert.equal(status, 1, output)
    assert.match(output, new RegExp(`${kind} in`))
    assert.match(output, /replay: npm run fuzz -- --seed 7/)
  })
}

test('reports a native/twin difference for an accepted input', () => {
  const { status, output } = fuzz('coded-but-differs', { twin: true })
  assert.equal(status, 1, output)
  assert.match(output, /twin-differs in answer/)
})
