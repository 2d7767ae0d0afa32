'use strict'
// `npm test`: every __test__/**/*.spec.{js,mjs} under `node --test`. Node 20 does not expand
// globs itself, and a shell glob breaks when a pattern matches nothing, so the list is built here.
// NODE_BINARY runs the suite under another Node (the musl one, see scripts/test-musl.sh).

const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const TEST_DIR = path.join(__dirname, '..', '__test__')

function specs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : specs(full)
    return /\.spec\.m?js$/.test(entry.name) ? [full] : []
  })
}

const files = specs(TEST_DIR).sort()
const filter = process.argv.slice(2)
const selected = filter.length ? files.filter((f) => filter.some((name) => f.includes(name))) : files
if (!selected.length) {
  console.error(`no spec matches ${filter.join(', ')}`)
  process.exit(1)
}
const node = process.env.NODE_BINARY || process.execPath
const nodeArgs = process.env.NODE_BINARY_ARGS ? JSON.parse(process.env.NODE_BINARY_ARGS) : []
const result = spawnSync(node, [...nodeArgs, '--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' })
process.exit(result.status === null ? 1 : result.status)
