'use strict'
// index.d.ts is hand-written; compiling a usage file against it (resolved through the package's
// own `exports` map, as a user's project would) keeps it complete and correct.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')

test('tsc --noEmit accepts a usage file written against index.d.ts', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  // A scratch project whose node_modules links back to this package and its @types/node.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-types-'))
  try {
    fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true })
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'architect-native'), 'dir')
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir')
    for (const file of ['usage.ts', 'tsconfig.json']) fs.copyFileSync(path.join(__dirname, 'types', file), path.join(dir, file))
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
    const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
