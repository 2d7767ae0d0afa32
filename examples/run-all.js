'use strict'
// `npm run demo`: the lab tour. Runs every example in order and checks that each printed its
// lab's verify line, so a broken piece shows up here and not in front of a learner.
const path = require('node:path')
const { spawnSync } = require('node:child_process')

// Each example and the line its lab asks the learner to see.
const TOUR = [
  { file: 'native-call.js', lab: 'Native Addons', verify: /^Native call = 42\b/m },
  { file: 'worker-counter.js', lab: 'Worker Threads', verify: /^Atomic counter = 4000$/m },
  { file: 'stream-pipeline.js', lab: 'Streams', verify: /^Byte count = 8388608$/m },
  { file: 'crypto.js', lab: 'Security Hardening', verify: /^Crypto verified = true$/m },
  { file: 'lru-eviction.js', lab: 'Caching (LRU)', verify: /^LRU evicted = b$/m },
  { file: 'consistent-hashing.js', lab: 'Caching (consistent hashing)', verify: /^Moved keys = \d+\.\d% \(ideal 16\.7%\)$/m },
]

let failed = 0
for (const { file, lab, verify } of TOUR) {
  console.log(`\n=== ${lab}: node examples/${file} ===`)
  const result = spawnSync(process.execPath, [path.join(__dirname, file)], { encoding: 'utf8' })
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  const ok = result.status === 0 && verify.test(result.stdout)
  if (!ok) failed++
  console.log(ok ? `--- ${lab}: verified` : `--- ${lab}: FAILED (exit ${result.status}, expected ${verify})`)
}
console.log(`\nlab tour: ${TOUR.length - failed} of ${TOUR.length} examples verified`)
process.exit(failed ? 1 : 0)
