'use strict'
// One fuzz seed in one process: the main thread and N worker threads call the addon at once,
// and workers are terminated mid-run and replaced. Reports progress to the supervisor
// (fuzz/run.js) so it can tell a hang from slow work, and a summary at the end.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads')
const path = require('node:path')
const { createFuzzer, createRandom } = require('./fuzzer')
const { CallerError } = require('./values')

// A callback of the caller's that throws later (a scrypt callback, a dispose hook) surfaces as an
// uncaught exception, as it would in the caller's program: the caller's own error, unchanged.
// Anything else uncaught is the addon's fault and ends the thread with a code the parent reports.
process.on('uncaughtException', (error) => {
  if (error instanceof CallerError) return
  console.error('uncaught:', error)
  process.exit(70)
})

const root = path.join(__dirname, '..')

async function fuzzThread({ seed, calls, budgetMs, report, onFailure }) {
  // FUZZ_API / FUZZ_TWIN point the harness at other modules (its own specs use a misbehaving one).
  const native = require(process.env.FUZZ_API || root)
  const twin = process.env.FUZZ_API ? (process.env.FUZZ_TWIN ? require(process.env.FUZZ_TWIN) : null) : require(path.join(root, 'reference'))
  let count = 0
  const fuzzer = createFuzzer({
    native,
    twin,
    seed,
    budgetMs,
    onFailure,
    onCall: (where) => {
      if (++count % 500 === 0) report({ progress: 500, where })
    },
  })
  return fuzzer.run(calls)
}

function merge(total, stats) {
  total.calls += stats.calls
  total.accepted += stats.accepted
  total.coded += stats.coded
  total.caller += stats.caller
  for (const [code, n] of Object.entries(stats.codes)) total.codes[code] = (total.codes[code] ?? 0) + n
  total.failures.push(...stats.failures)
}

async function main() {
  const [seed, calls, budgetMs, workerCount] = process.argv.slice(2).map(Number)
  const random = createRandom(seed ^ 0x5eed)
  const perThread = Math.ceil(calls / (workerCount + 1))
  const total = { calls: 0, accepted: 0, coded: 0, caller: 0, codes: {}, failures: [], terminated: 0 }
  const send = (message) => process.send?.(message)
  const heartbeat = setInterval(() => send({ alive: true }), 500)

  function startWorker(index, generation, remaining) {
    return new Promise((resolve) => {
      const worker = new Worker(__filename, { workerData: { seed: (seed + 7919 * (index + 1) + 104729 * generation) >>> 0, calls: remaining, budgetMs } })
      let done = 0
      let last = 'start'
      // Terminated part-way through, after a seeded share of its calls, while calls (and async
      // work they started) are in flight.
      const terminateAfter = random.bool(0.7) && generation < 3 ? Math.floor(remaining * (0.1 + 0.8 * random.next())) : Infinity
      let terminating = false
      worker.on('message', (message) => {
        if (message.progress) {
          done += message.progress
          last = message.where
          if (done >= terminateAfter && !terminating) {
            terminating = true
            worker.terminate()
          }
        }
        if (message.failure) total.failures.push(message.failure)
        if (message.stats) merge(total, message.stats)
      })
      worker.on('error', (error) => {
        total.failures.push({ kind: 'worker-error', where: last, args: '', detail: `${error.name}: ${error.message}`, seed })
      })
      worker.on('exit', (code) => {
        if (!terminating && code !== 0) total.failures.push({ kind: 'worker-death', where: last, args: '', detail: `exit code ${code}`, seed })
        if (terminating) {
          total.terminated++
          // Its own summary died with it; its calls are known from its progress reports.
          total.calls += done
          resolve(startWorker(index, generation + 1, Math.max(0, remaining - done)))
        } else resolve()
      })
    })
  }

  const workers = Array.from({ length: workerCount }, (_, index) => startWorker(index, 0, perThread))
  const mainStats = await fuzzThread({ seed, calls: perThread, budgetMs, report: () => send({ alive: true }) })
  merge(total, mainStats)
  await Promise.all(workers)
  clearInterval(heartbeat)
  send({ summary: total })
  // Exit without waiting for whatever the fuzzed code left scheduled (timers, stream callbacks).
  setImmediate(() => process.exit(0))
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
} else {
  fuzzThread({
    ...workerData,
    report: (message) => parentPort.postMessage(message),
    onFailure: (failure) => parentPort.postMessage({ failure }),
  }).then((stats) => parentPort.postMessage({ stats }))
}
