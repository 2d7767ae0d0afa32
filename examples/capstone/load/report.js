'use strict'
// RESULTS.md from the runs of one `npm run load`: every figure and ratio from the same run.
const MiB = 2 ** 20

const TARGETS = {
  large: [
    { metric: 'p99.9 latency', ratio: (n, j) => n.load.latencyMs.p999 / j.load.latencyMs.p999, ok: (r) => r <= 0.5, goal: '<= 0.5x' },
    { metric: 'throughput', ratio: (n, j) => n.load.requestsPerSecond / j.load.requestsPerSecond, ok: (r) => r >= 1.0, goal: '>= 1.0x', saturatedOnly: true },
    { metric: 'peak RSS', ratio: (n, j) => n.server.peakRssBytes / j.server.peakRssBytes, ok: (r) => r <= 0.7, goal: '<= 0.7x' },
  ],
  small: [
    { metric: 'throughput', ratio: (n, j) => n.load.requestsPerSecond / j.load.requestsPerSecond, ok: (r) => r >= 0.95, goal: '>= 0.95x', saturatedOnly: true },
    { metric: 'p99 latency', ratio: (n, j) => n.load.latencyMs.p99 / j.load.latencyMs.p99, ok: (r) => r <= 1.1, goal: '<= 1.1x' },
  ],
}

function threads(run) {
  return [run.server.main, ...run.server.workers]
}

function figures(run) {
  const all = threads(run)
  return {
    'requests/s': run.load.requestsPerSecond.toFixed(0),
    'p50 latency, ms': run.load.latencyMs.p50.toFixed(2),
    'p99 latency, ms': run.load.latencyMs.p99.toFixed(2),
    'p99.9 latency, ms': run.load.latencyMs.p999.toFixed(2),
    'max latency, ms': run.load.latencyMs.max.toFixed(1),
    errors: String(run.load.errors),
    'peak RSS, MiB': (run.server.peakRssBytes / MiB).toFixed(0),
    'V8 heap used, all threads, MiB': (all.reduce((sum, t) => sum + t.heapUsedBytes, 0) / MiB).toFixed(0),
    'GC pauses, all threads: count': String(all.reduce((sum, t) => sum + t.gcCount, 0)),
    'GC pause total, ms': all.reduce((sum, t) => sum + t.gcTotalMs, 0).toFixed(0),
    'GC pause longest, ms': Math.max(...all.map((t) => t.gcMaxMs)).toFixed(1),
    'event-loop delay p99 / max, main thread, ms': `${run.server.main.loopDelayP99Ms.toFixed(1)} / ${run.server.main.loopDelayMaxMs.toFixed(1)}`,
    'event-loop delay max, workers, ms': Math.max(...run.server.workers.map((t) => t.loopDelayMaxMs)).toFixed(1),
    'near cache hit rate': `${(run.hitRate.l1 * 100).toFixed(1)}%`,
    'near cache entries (per cache)': run.server.workers.map((t) => t.nearCacheSize).join(' / '),
    'start-up incl. prewarm, ms': String(run.startupMs),
  }
}

function ratioRow(native, js) {
  return {
    'requests/s': native.load.requestsPerSecond / js.load.requestsPerSecond,
    'p50 latency, ms': native.load.latencyMs.p50 / js.load.latencyMs.p50,
    'p99 latency, ms': native.load.latencyMs.p99 / js.load.latencyMs.p99,
    'p99.9 latency, ms': native.load.latencyMs.p999 / js.load.latencyMs.p999,
    'peak RSS, MiB': native.server.peakRssBytes / js.server.peakRssBytes,
  }
}

function table(lines, native, js) {
  const nativeFigures = figures(native)
  const jsFigures = figures(js)
  const ratios = ratioRow(native, js)
  lines.push('| | native | js | native / js |')
  lines.push('|---|---:|---:|---:|')
  for (const name of Object.keys(nativeFigures)) {
    lines.push(`| ${name} | ${nativeFigures[name]} | ${jsFigures[name]} | ${ratios[name] === undefined ? '' : ratios[name].toFixed(2) + 'x'} |`)
  }
  lines.push('')
}

// Every backend other than native and js is one piece switched; shown against js and native.
function breakdown(lines, runs, js, native) {
  const mixed = runs.filter((run) => run.backend !== 'native' && run.backend !== 'js')
  if (mixed.length === 0) return
  lines.push(`Pieces switched one at a time (${js.load.mode}):`, '')
  lines.push('| backend | requests/s | vs js | p99, ms | p99.9, ms | vs js | peak RSS, MiB | vs js |')
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const run of [js, ...mixed, native]) {
    lines.push(
      `| ${run.backend} | ${run.load.requestsPerSecond.toFixed(0)} | ${(run.load.requestsPerSecond / js.load.requestsPerSecond).toFixed(2)}x | ` +
        `${run.load.latencyMs.p99.toFixed(2)} | ${run.load.latencyMs.p999.toFixed(2)} | ${(run.load.latencyMs.p999 / js.load.latencyMs.p999).toFixed(2)}x | ` +
        `${(run.server.peakRssBytes / MiB).toFixed(0)} | ${(run.server.peakRssBytes / js.server.peakRssBytes).toFixed(2)}x |`,
    )
  }
  lines.push('')
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const SUMMARY = {
  'requests/s': [(run) => run.load.requestsPerSecond, 0],
  'p50 latency, ms': [(run) => run.load.latencyMs.p50, 2],
  'p99 latency, ms': [(run) => run.load.latencyMs.p99, 2],
  'p99.9 latency, ms': [(run) => run.load.latencyMs.p999, 2],
  'peak RSS, MiB': [(run) => run.server.peakRssBytes / MiB, 0],
  'V8 heap used, all threads, MiB': [(run) => threads(run).reduce((sum, t) => sum + t.heapUsedBytes, 0) / MiB, 0],
  'GC pause total, all threads, ms': [(run) => threads(run).reduce((sum, t) => sum + t.gcTotalMs, 0), 0],
  'GC pause longest, ms': [(run) => Math.max(...threads(run).map((t) => t.gcMaxMs)), 1],
  'near cache hit rate, %': [(run) => run.hitRate.l1 * 100, 1],
}

// Median over the rounds of each mixed backend against js in the same round: what one piece buys.
function pieceSummary(lines, runs, rounds) {
  const mixed = [...new Set(runs.map((run) => run.backend))].filter((backend) => backend !== 'native' && backend !== 'js')
  if (mixed.length === 0) return
  lines.push('One piece at a time (median over the rounds, each against js in the same round; js+crypto = the JS backend with the addon\'s crypto):', '')
  lines.push('| backend | load | requests/s vs js | p99 vs js | p99.9 vs js | peak RSS vs js |')
  lines.push('|---|---|---:|---:|---:|---:|')
  for (const mode of ['closed', 'open']) {
    for (const backend of [...mixed, 'native'].filter((name) => runs.some((run) => run.backend === name))) {
      const ratios = (get) =>
        rounds
          .map((round) => {
            const run = runs.find((r) => r.backend === backend && r.mode === mode && r.round === round)
            const js = runs.find((r) => r.backend === 'js' && r.mode === mode && r.round === round)
            return run && js ? get(run) / get(js) : undefined
          })
          .filter((ratio) => ratio !== undefined)
      const cell = (get) => {
        const values = ratios(get)
        return values.length ? `${median(values).toFixed(2)}x` : ''
      }
      lines.push(
        `| ${backend} | ${mode === 'closed' ? 'saturated' : 'fixed rate'} | ${mode === 'open' ? 'fixed' : cell((r) => r.load.requestsPerSecond)} | ` +
          `${cell((r) => r.load.latencyMs.p99)} | ${cell((r) => r.load.latencyMs.p999)} | ${cell((r) => r.server.peakRssBytes)} |`,
      )
    }
  }
  lines.push('')
}

const ANALYSIS_MARKER = '<!-- Analysis below this line is written by hand and kept when npm run load rewrites the tables above. -->'

function writeReport(runs, { settings, machine, chartFile, previous = '' }) {
  const lines = []
  const rounds = [...new Set(runs.map((run) => run.round))]
  lines.push('# Capstone under load: native vs JS')
  lines.push('')
  lines.push('Written by `npm run load` (load/run.js). Every ratio is native / JS within one round (the two runs next to each other in time); a figure is the median over the rounds, with each round\'s ratio in brackets.')
  lines.push('')
  lines.push(`- Machine: ${machine.cpu}, ${machine.cores} vCPU, ${machine.memoryGiB} GiB, ${machine.os}`)
  lines.push(`- Node ${machine.node}; addon ${machine.addon}; commit ${machine.commit}; ${machine.date}`)
  lines.push(
    `- Load: Zipf s=${settings.zipf} over the users, ${settings.warmup} s warm-up then ${settings.duration} s measured, over 4 gRPC connections, ${rounds.length} round(s) ` +
      `alternating which backend goes first. Each round runs closed loop (${settings.concurrency} callers: throughput at saturation), then open loop at ${settings['open-loop-fraction']} of ` +
      `the slower backend's saturated throughput in that round (latency counted from when each call was due). Service with ${settings.workers} worker threads and ` +
      `${settings.shards} redis-server shards, all on this machine (the load generator shares its cores).`,
  )
  lines.push(
    `- Each service starts with its near cache filled (prewarm), entries of every age under a ${settings.ttl} s TTL, the state a ` +
      'long-running service converges to: the native backend fills its one shared cache, the JS backend the lru-cache of every worker. ' +
      'Entries expire and are refreshed (Redis, else origin) during the run.',
  )
  lines.push('')
  lines.push(`![latency percentiles and peak RSS per backend, medians over the rounds](${chartFile})`)
  lines.push('')
  for (const scenario of Object.keys(settings.scenarios)) {
    lines.push(`## ${scenario}: ${settings.scenarios[scenario].description}`)
    lines.push('')
    const pick = (backend, mode, round) => runs.find((run) => run.scenario === scenario && run.backend === backend && run.mode === mode && run.round === round)
    const pairs = (mode) => rounds.map((round) => [pick('native', mode, round), pick('js', mode, round)]).filter(([n, j]) => n && j)
    const targets = pairs('closed').length || pairs('open').length ? (TARGETS[scenario] ?? []) : []
    if (targets.length) {
      lines.push('| target | goal | saturated (closed loop) | fixed rate (open loop) |')
      lines.push('|---|---|---|---|')
      for (const target of targets) {
        const cells = ['closed', 'open'].map((mode) => {
          // At a fixed rate both backends carry the same throughput by construction.
          if (mode === 'open' && target.saturatedOnly) return 'fixed by the load'
          const ratios = pairs(mode).map(([n, j]) => target.ratio(n, j))
          if (ratios.length === 0) return ''
          const m = median(ratios)
          return `${m.toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')}) ${target.ok(m) ? 'met' : '**missed**'}`
        })
        lines.push(`| ${target.metric} | ${target.goal} | ${cells.join(' | ')} |`)
      }
      lines.push('')
    }
    for (const mode of ['closed', 'open']) {
      const modePairs = pairs(mode)
      if (modePairs.length === 0) continue
      const label = mode === 'closed' ? `Saturated (${modePairs[0][0].load.mode})` : `Fixed rate (open loop at ${modePairs.map(([n]) => n.load.mode.replace(/^open loop, /, '')).join(', ')} in the rounds)`
      lines.push(`${label}:`, '')
      lines.push('| | native | js | native / js |')
      lines.push('|---|---:|---:|---:|')
      for (const [name, [get, digits]] of Object.entries(SUMMARY)) {
        const ratios = modePairs.map(([n, j]) => get(n) / get(j))
        lines.push(
          `| ${name} | ${median(modePairs.map(([n]) => get(n))).toFixed(digits)} | ${median(modePairs.map(([, j]) => get(j))).toFixed(digits)} | ` +
            `${median(ratios).toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')}) |`,
        )
      }
      lines.push('')
    }
    pieceSummary(lines, runs.filter((run) => run.scenario === scenario), rounds)
    lines.push('<details><summary>Every run in full</summary>', '')
    for (const round of rounds) {
      for (const mode of ['closed', 'open']) {
        const native = pick('native', mode, round)
        const js = pick('js', mode, round)
        if (!native || !js) continue
        lines.push(`Round ${round + 1}, ${native.load.mode}:`, '')
        table(lines, native, js)
        breakdown(lines, runs.filter((run) => run.scenario === scenario && run.mode === mode && run.round === round), js, native)
      }
    }
    lines.push('</details>', '')
  }
  lines.push(ANALYSIS_MARKER)
  const at = previous.indexOf(ANALYSIS_MARKER)
  lines.push(at === -1 ? '' : previous.slice(at + ANALYSIS_MARKER.length).replace(/^\n/, ''))
  return lines.join('\n')
}

module.exports = { writeReport, median, TARGETS }
