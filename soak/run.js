'use strict'
// npm run soak: a mixed load over every piece for a bounded time (default 10 minutes), with 200
// short-lived workers opening and closing shared caches along the way. Samples RSS, V8 heap,
// external memory and live handles every second into a CSV and an SVG plot, and fails on any
// error or if RSS or handles grow more than 5% after the first minute.
//   npm run soak                        10 minutes -> soak/results.csv, soak/results.svg
//   npm run soak -- --minutes 2 --out /tmp/soak
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { Worker } = require('node:worker_threads')
const native = require('..')
const { round, createState } = require('./load')
const { renderSoakChart } = require('./chart')

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    workers: { type: 'string', default: '200' },
    out: { type: 'string', default: __dirname },
  },
})

const MiB = 2 ** 20
const durationMs = Number(args.minutes) * 60_000
const warmupMs = Math.min(60_000, durationMs / 3)
const workerTotal = Number(args.workers)

function liveHandles() {
  return process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout').length
}

async function main() {
  const started = Date.now()
  const samples = []
  const errors = []
  const state = createState()
  const counter = new native.StripedCounter()
  let workersDone = 0
  let workersStarted = 0
  let running = 0

  const sample = () => {
    const memory = process.memoryUsage()
    samples.push({
      seconds: (Date.now() - started) / 1000,
      rssMiB: memory.rss / MiB,
      heapUsedMiB: memory.heapUsed / MiB,
      externalMiB: memory.external / MiB,
      handles: liveHandles(),
      rounds: state.round,
      workers: workersDone,
    })
  }
  const sampler = setInterval(sample, 1000)

  // Workers start evenly over the run (one at a time at most two alive), so the last ones run
  // in the measured part too.
  const spawnEvery = (durationMs - 5000) / workerTotal
  const spawner = setInterval(() => {
    if (workersStarted >= workerTotal || running >= 2) return
    const index = workersStarted++
    running++
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { index, counter: counter.buffer } })
    worker.on('message', (message) => message.error && errors.push(`worker ${index}: ${message.error}`))
    worker.on('error', (error) => errors.push(`worker ${index}: ${error.message}`))
    worker.on('exit', (code) => {
      running--
      workersDone++
      if (code !== 0) errors.push(`worker ${index} exited with ${code}`)
    })
  }, spawnEvery)

  while (Date.now() - started < durationMs) {
    try {
      await round(state)
    } catch (error) {
      errors.push(`round ${state.round}: ${error.name} ${error.code ?? ''}: ${error.message}`)
      if (errors.length > 20) break
    }
  }
  clearInterval(spawner)
  while (running > 0) await new Promise((resolve) => setTimeout(resolve, 100))
  state.cache?.close()
  sample()
  clearInterval(sampler)

  const measured = samples.filter((s) => s.seconds * 1000 >= warmupMs)
  const window = Math.max(1, Math.floor(measured.length / 10))
  const mean = (list, key) => list.reduce((sum, s) => sum + s[key], 0) / list.length
  const growth = (key) => {
    const first = mean(measured.slice(0, window), key)
    const last = mean(measured.slice(-window), key)
    return { first, last, growth: (last - first) / first }
  }
  const rss = growth('rssMiB')
  const handles = growth('handles')
  const heap = growth('heapUsedMiB')
  const external = growth('externalMiB')

  fs.mkdirSync(args.out, { recursive: true })
  const header = 'seconds,rss_mib,heap_used_mib,external_mib,live_handles,rounds,workers_done'
  fs.writeFileSync(
    path.join(args.out, 'results.csv'),
    [header, ...samples.map((s) => [s.seconds.toFixed(1), s.rssMiB.toFixed(1), s.heapUsedMiB.toFixed(1), s.externalMiB.toFixed(1), s.handles, s.rounds, s.workers].join(','))].join('\n') + '\n',
  )
  const info = native.buildInfo()
  const title = `soak: ${args.minutes} min, ${state.round} rounds, ${workersDone} workers (${os.cpus()[0]?.model}, Node ${process.version}, ${path.basename(info.binaryPath)})`
  fs.writeFileSync(path.join(args.out, 'results.svg'), renderSoakChart(samples, { title, warmupSeconds: warmupMs / 1000 }))

  const pct = (g) => `${g.first > 0 ? `${(g.growth * 100).toFixed(1)}%` : 'flat at zero'} (${g.first.toFixed(1)} -> ${g.last.toFixed(1)})`
  console.log(title)
  console.log(`after the first ${warmupMs / 1000} s, first vs last ${window} s of samples:`)
  console.log(`  RSS MiB ${pct(rss)}; live handles ${pct(handles)}; V8 heap used MiB ${pct(heap)}; external MiB ${pct(external)}`)
  console.log(`  LRU disposals ${state.disposed}, bytes streamed ${state.streamed}, counter increments from workers ${counter.sum()}`)
  console.log(`wrote ${path.join(args.out, 'results.csv')} and results.svg`)
  const failures = [...errors]
  if (rss.growth > 0.05) failures.push(`RSS grew ${(rss.growth * 100).toFixed(1)}% after the first minute (limit 5%)`)
  if (handles.last - handles.first > Math.max(1, handles.first * 0.05)) failures.push(`live handles grew from ${handles.first.toFixed(1)} to ${handles.last.toFixed(1)}`)
  if (workersDone !== workerTotal) failures.push(`${workersDone} of ${workerTotal} workers ran`)
  for (const failure of failures) console.log(`FAIL ${failure}`)
  process.exit(failures.length ? 1 : 0)
}

main()
