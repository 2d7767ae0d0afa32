'use strict'
// npm test: the whole Vitest suite once per backend, after making sure redis-server is there.
const { execFileSync, spawnSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')
execFileSync('bash', [path.join(__dirname, 'ensure-redis.sh')], { stdio: 'inherit' })
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')
const backends = process.argv.length > 2 ? process.argv.slice(2) : ['native', 'js']
for (const backend of backends) {
  console.log(`\n== capstone suite, ARCHITECT_BACKEND=${backend}`)
  const run = spawnSync(process.execPath, [vitest, 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, ARCHITECT_BACKEND: backend } })
  if (run.status !== 0) {
    console.error(`capstone suite failed on the ${backend} backend`)
    process.exit(run.status ?? 1)
  }
}
