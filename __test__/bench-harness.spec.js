'use strict'
// The benchmark harness: outputs are compared before anything is timed, and RESULTS.md /
// results.json carry the machine line, the ratios and the targets.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const RUN = path.join(__dirname, '..', 'bench', 'run.js')
// BENCH_ALLOW_EMULATION: these specs check the harness's behaviour, so they also run under qemu.
const env = (benchDir, outDir) => ({ ...process.env, BENCH_DIR: benchDir, BENCH_OUT_DIR: outDir, BENCH_TIME_MS: '20', BENCH_WARMUP_MS: '5', BENCH_ROUNDS: '1', BENCH_ALLOW_EMULATION: '1' })

test('a piece whose implementations agree is timed and written to RESULTS.md and results.json', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-bench-'))
  try {
    const result = spawnSync(process.execPath, [RUN, 'agree'], { env: env(path.join(__dirname, 'fixtures', 'bench'), out), encoding: 'utf8' })
    assert.equal(result.status, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /agree \/ sum: checking outputs/)
    const json = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))
    const group = json.agree.groups[0]
    assert.deepEqual(group.variants.map((v) => v.name), ['loop', 'reduce', 'peer'])
    for (const v of group.variants) assert.ok(v.nsPerOp > 0 && Number.isFinite(v.nsPerOp))
    assert.equal(json.agree.machine.node, process.version)
    assert.equal(json.agree.targets[0].met, true)
    const md = fs.readFileSync(path.join(out, 'RESULTS.md'), 'utf8')
    assert.match(md, /## agree: harness fixture/)
    assert.match(md, new RegExp(`Node ${process.version.replace(/\./g, '\\.')}`))
    assert.match(md, /\| implementation \| ops\/s \| time\/op \| speed × JS twin \| speed × best peer \(peer\) \|/)
    assert.match(md, /loop within 1000x of reduce \| [\d.]+ \| <= 1000 \| yes/)
    assert.match(md, /█/)
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})

test('a piece whose implementations disagree fails before timing', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-bench-'))
  try {
    const result = spawnSync(process.execPath, [RUN, 'disagree'], { env: env(path.join(__dirname, 'fixtures', 'bench-disagree'), out), encoding: 'utf8' })
    assert.notEqual(result.status, 0)
    assert.match(result.stderr, /answer: wrong vs right/)
    assert.ok(!fs.existsSync(path.join(out, 'RESULTS.md')), 'nothing was written')
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})

test('an unknown piece name is refused with the list of pieces', () => {
  const result = spawnSync(process.execPath, [RUN, 'no-such-piece'], { env: env(path.join(__dirname, 'fixtures', 'bench'), os.tmpdir()), encoding: 'utf8' })
  assert.equal(result.status, 2)
  assert.match(result.stderr, /available: agree/)
})

test('under emulation the bench refuses to run, saying why', () => {
  const result = spawnSync(process.execPath, [RUN, 'agree'], {
    env: { ...env(path.join(__dirname, 'fixtures', 'bench'), os.tmpdir()), BENCH_ALLOW_EMULATION: '', ARCHITECT_NATIVE_EMULATED: 'qemu-aarch64' },
    encoding: 'utf8',
  })
  assert.equal(result.status, 2)
  assert.match(result.stderr, /refuses to run under emulation \(qemu-aarch64\)/)
})
