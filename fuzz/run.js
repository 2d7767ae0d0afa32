'use strict'
// npm run fuzz: the supervisor. Runs seeds one after another, each in its own process
// (fuzz/session.js), and fails on process death, a hang (no progress for 30 s), a throw that is
// not an Error, an uncoded error that is not the caller's own, or a native/twin disagreement.
//   npm run fuzz                                  one random seed, 100,000 calls (main + 2 workers)
//   npm run fuzz -- --seed 1234                   replays seed 1234
//   npm run fuzz -- --seeds 20 --calls 100000     the long pass
//   npm run fuzz -- --ci                          the short, seed-varying pass CI runs (4 x 50,000 calls, < 60 s)
const { spawn } = require('node:child_process')
const path = require('node:path')
const { parseArgs } = require('node:util')

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    seeds: { type: 'string', default: '1' },
    calls: { type: 'string', default: '100000' },
    time: { type: 'string', default: '600' },
    workers: { type: 'string', default: '2' },
    ci: { type: 'boolean', default: false },
  },
})

if (args.ci) {
  args.seeds = '4'
  args.calls = '50000'
  args.time = '12'
}

const HANG_MS = Number(process.env.FUZZ_HANG_MS) || 30_000
const nodeBinary = process.env.NODE_BINARY || process.execPath

function runSeed(seed) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(nodeBinary, [path.join(__dirname, 'session.js'), String(seed), args.calls, String(Number(args.time) * 1000), args.workers], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let stderr = ''
    let summary = null
    let lastSeen = Date.now()
    let hung = false
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)))
    child.on('message', (message) => {
      lastSeen = Date.now()
      if (message.summary) summary = message.summary
    })
    const watchdog = setInterval(() => {
      if (Date.now() - lastSeen > HANG_MS) {
        hung = true
        child.kill('SIGKILL')
      }
    }, 1000)
    child.on('exit', (code, signal) => {
      clearInterval(watchdog)
      const failures = summary ? [...summary.failures] : []
      if (hung) failures.push({ kind: "hang", where: "process", detail: `no progress for ${HANG_MS / 1000} s\n${stderr.split("\n").slice(-4).join("\n")}` })
      else if (code !== 0 || signal) failures.push({ kind: 'process-death', where: 'process', detail: `exit code ${code}, signal ${signal}\n${stderr}` })
      else if (!summary) failures.push({ kind: 'no-summary', where: 'process', detail: stderr })
      resolve({ seed, summary, failures, seconds: (Date.now() - started) / 1000 })
    })
  })
}

async function main() {
  const seeds = Number(args.seeds)
  const first = args.seed !== undefined ? Number(args.seed) : (Date.now() ^ (process.pid << 8)) >>> 0
  let failed = 0
  let totalCalls = 0
  console.log(`fuzz: ${seeds} seed(s) from ${first}, ${args.calls} calls each over the main thread and ${args.workers} workers, at most ${args.time} s each (node ${nodeBinary})`)
  for (let i = 0; i < seeds; i++) {
    const seed = (first + i) >>> 0
    const { summary, failures, seconds } = await runSeed(seed)
    totalCalls += summary?.calls ?? 0
    const codes = summary ? Object.entries(summary.codes).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([code, n]) => `${code} ${n}`).join(', ') : ''
    console.log(
      `seed ${seed}: ${summary?.calls ?? '?'} calls in ${seconds.toFixed(1)} s; accepted ${summary?.accepted ?? '?'}, coded errors ${summary?.coded ?? '?'} (${codes}), ` +
        `caller's own ${summary?.caller ?? '?'}, workers terminated mid-run ${summary?.terminated ?? '?'}; ${failures.length ? `${failures.length} FAILURE(S)` : 'ok'}`,
    )
    for (const failure of failures) {
      console.log(`  ${failure.kind} in ${failure.where}(${failure.args ?? ''}) at call ${failure.call ?? '?'}: ${failure.detail}`)
    }
    if (failures.length) {
      failed++
      console.log(`  replay: npm run fuzz -- --seed ${seed} --calls ${args.calls} --workers 0   (the main thread's calls are deterministic)`)
    }
  }
  console.log(`fuzz: ${seeds - failed}/${seeds} seed(s) clean, ${totalCalls} calls`)
  process.exit(failed ? 1 : 0)
}

main()
