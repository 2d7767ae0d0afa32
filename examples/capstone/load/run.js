'use strict'
// npm run load: the service on each backend, under the same Zipf load, for a small and a large
// working set; writes RESULTS.md and results-chart.svg next to this folder's package.json.
// Per scenario, each backend runs twice: closed loop (throughput at saturation) and open loop
// at a fixed rate below the slower backend's saturation (latency without queueing collapse).
//   npm run load -- --scenarios small,large --backends native,js --duration 30 --warmup 5 --concurrency 32
// Extra backends (e.g. --backends native,js,js+cache,js+crypto) add a per-piece breakdown.
const { fork, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const Redis = require('ioredis')
const { startRedisShards } = require('../src/redis-servers')
const { drive } = require('./generator')
const { renderChart } = require('./chart')
const { writeReport, median } = require('./report')

const SCENARIOS = {
  small: { users: 10_000, nearCacheMax: 10_000, description: '10,000 users, the near cache holds them all' },
  large: { users: 1_000_000, nearCacheMax: 1_000_000, description: '1,000,000 users, 1M-entry near cache, ~180-byte profiles' },
}

const { values: args } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'small,large' },
    backends: { type: 'string', default: 'native,js' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
    workers: { type: 'string', default: '2' },
    shards: { type: 'string', default: '3' },
    zipf: { type: 'string', default: '0.99' },
    rounds: { type: 'string', default: '3' },
    'open-loop-fraction': { type: 'string', default: '0.6' },
    ttl: { type: 'string', default: '60' },
    out: { type: 'string', default: path.join(__dirname, '..', 'RESULTS.md') },
    // Rewrites RESULTS.md and the chart from a saved results.json without running anything.
    report: { type: 'string' },
  },
})

function ipc(child) {
  let nextId = 1
  const waiting = new Map()
  child.on('message', (message) => {
    waiting.get(message.id)?.(message)
    waiting.delete(message.id)
  })
  return {
    first: new Promise((resolve, reject) => {
      waiting.set(0, resolve)
      child.once('exit', (code) => reject(new Error(`service process exited with ${code}`)))
    }),
    request(type) {
      const id = nextId++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        child.send({ id, type })
      })
    },
  }
}

async function flushShards(shards) {
  await Promise.all(
    shards.map(async (address) => {
      const [host, port] = address.split(':')
      const client = new Redis({ host, port: Number(port) })
      await client.flushall()
      await client.quit()
    }),
  )
}

async function runOnce(scenarioName, backend, redis, rate) {
  const scenario = SCENARIOS[scenarioName]
  await flushShards(redis.shards)
  const options = {
    backend,
    shards: redis.shards,
    users: scenario.users,
    nearCacheMax: scenario.nearCacheMax,
    // Entries expire and are refreshed during the run, as they do in a service that honours a TTL.
    nearCacheTtlMs: Number(args.ttl) * 1000,
    prewarm: true,
    workers: Number(args.workers),
  }
  const child = fork(path.join(__dirname, 'server-process.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const channel = ipc(child)
  const ready = await channel.first
  const mode = rate ? 'open' : 'closed'
  console.log(`  ${scenarioName}/${backend}/${mode}: service up in ${ready.startupMs} ms (prewarmed near cache); load for ${args.warmup}+${args.duration} s`)
  let before
  const load = await drive({
    address: ready.address,
    users: scenario.users,
    concurrency: Number(args.concurrency),
    rate,
    warmupMs: Number(args.warmup) * 1000,
    durationMs: Number(args.duration) * 1000,
    zipfS: Number(args.zipf),
    onMeasureStart: async () => {
      before = (await channel.request('reset')).counters
    },
  })
  const server = await channel.request('stats')
  await channel.request('close')
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()))
  const delta = (name) => server.counters[name] - before[name]
  const served = delta('l1Hits') + delta('redisHits') + delta('originLoads')
  const run = {
    scenario: scenarioName,
    backend,
    mode,
    startupMs: ready.startupMs,
    load,
    server,
    hitRate: { l1: delta('l1Hits') / served, redis: delta('redisHits') / served, origin: delta('originLoads') / served },
  }
  console.log(
    `    ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.latencyMs.p50.toFixed(2)} ms, p99 ${load.latencyMs.p99.toFixed(2)} ms, ` +
      `p99.9 ${load.latencyMs.p999.toFixed(2)} ms, peak RSS ${(server.peakRssBytes / 2 ** 20).toFixed(0)} MiB, L1 hit ${(run.hitRate.l1 * 100).toFixed(1)}%, errors ${load.errors}`,
  )
  return run
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8')
  const native = require('architect-native')
  const info = native.buildInfo()
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim()
  } catch {}
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    addon: `${path.basename(info.binaryPath)} (${info.target}, ${info.profile}, C compiler: ${info.cCompiler})`,
    commit,
    date: new Date().toISOString(),
  }
}

// One run per scenario, mode and backend whose charted figures are the medians over the rounds.
function medianRuns(runs) {
  const groups = new Map()
  for (const run of runs) {
    const key = `${run.scenario}/${run.mode}/${run.backend}`
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  return [...groups.values()].map((group) => ({
    ...group[0],
    load: { latencyMs: Object.fromEntries(['p50', 'p99', 'p999'].map((p) => [p, median(group.map((run) => run.load.latencyMs[p]))])) },
    server: { peakRssBytes: median(group.map((run) => run.server.peakRssBytes)) },
  }))
}

function write(runs, settings, env) {
  fs.mkdirSync(path.dirname(args.out), { recursive: true })
  const chartFile = path.join(path.dirname(args.out), 'results-chart.svg')
  const previous = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : ''
  const rounds = new Set(runs.map((run) => run.round)).size
  fs.writeFileSync(chartFile, renderChart(medianRuns(runs), { title: `Capstone under load, median of ${rounds} round(s): native vs JS (${env.cpu}, Node ${env.node})` }))
  fs.writeFileSync(args.out, writeReport(runs, { settings, machine: env, chartFile: path.basename(chartFile), previous }))
  fs.writeFileSync(path.join(path.dirname(args.out), 'results.json'), JSON.stringify({ machine: env, settings, runs }, null, 2) + '\n')
  console.log(`wrote ${path.relative(process.cwd(), args.out)} and ${path.relative(process.cwd(), chartFile)}`)
}

async function main() {
  if (args.report) {
    const saved = JSON.parse(fs.readFileSync(args.report, 'utf8'))
    return write(saved.runs, saved.settings, saved.machine)
  }
  execFileSync('bash', [path.join(__dirname, '..', 'scripts', 'ensure-redis.sh')], { stdio: 'inherit' })
  const scenarios = args.scenarios.split(',')
  const backends = args.backends.split(',')
  for (const name of scenarios) if (!SCENARIOS[name]) throw new RangeError(`unknown scenario ${name}; have ${Object.keys(SCENARIOS).join(', ')}`)
  const redis = await startRedisShards(Number(args.shards))
  const runs = []
  try {
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const scenario of scenarios) {
        // Alternate which backend goes first, so drift on a shared machine does not favour one.
        const order = round % 2 === 0 ? backends : [...backends].reverse()
        const closed = []
        for (const backend of order) closed.push({ round, ...(await runOnce(scenario, backend, redis)) })
        const slowest = Math.min(...closed.map((run) => run.load.requestsPerSecond))
        const rate = Math.round((slowest * Number(args['open-loop-fraction'])) / 50) * 50
        runs.push(...closed)
        for (const backend of order) runs.push({ round, ...(await runOnce(scenario, backend, redis, rate)) })
      }
    }
  } finally {
    await redis.close()
  }
  const settings = { ...args, scenarios: Object.fromEntries(scenarios.map((name) => [name, SCENARIOS[name]])) }
  write(runs, settings, machine())
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
