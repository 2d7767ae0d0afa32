'use strict'
// The lab tour (npm run demo) must print every lab's verify line.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

test('npm run demo runs every example and verifies each lab line', () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'examples', 'run-all.js')], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stdout + result.stderr)
  assert.match(result.stdout, /Native call = 42/)
  assert.match(result.stdout, /^Atomic counter = 4000$/m)
  assert.match(result.stdout, /StripedCounter .*: 4000$/m)
  assert.match(result.stdout, /^Byte count = 8388608$/m)
  assert.match(result.stdout, /round trip identical: true/)
  assert.match(result.stdout, /^Crypto verified = true$/m)
  assert.match(result.stdout, /= node:crypto  true/)
  assert.match(result.stdout, /^added cache-f: \d+ keys moved, 0 of them to an old node$/m)
  const moved = Number(/^Moved keys = ([\d.]+)%/m.exec(result.stdout)[1])
  assert.ok(Math.abs(moved - 16.7) < 16.7 * 0.25, `moved ${moved}%`)
  assert.match(result.stdout, /lab tour: (\d+) of \1 examples verified/)
})
