'use strict'
// One SVG, two panels: latency percentiles (log scale) and peak RSS, per scenario and backend.
const COLORS = { native: '#1f77b4', js: '#ff7f0e' }
const PERCENTILES = [
  ['p50', 'p50'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
]

function escape(text) {
  return String(text).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c])
}

// Latency groups are scenario x load mode; RSS is per scenario (closed loop, the heavier run).
function renderChart(allRuns, { title }) {
  const runs = allRuns.filter((run) => run.backend === 'native' || run.backend === 'js')
  const groupOf = (run) => `${run.scenario}, ${run.mode === 'open' ? 'fixed rate' : 'saturated'}`
  const scenarios = [...new Set(runs.map(groupOf))]
  const rssScenarios = [...new Set(runs.map((run) => run.scenario))]
  const backends = [...new Set(runs.map((run) => run.backend))]
  const find = (group, backend) => runs.find((run) => groupOf(run) === group && run.backend === backend)
  const findRss = (scenario, backend) => runs.find((run) => run.scenario === scenario && run.mode === 'closed' && run.backend === backend)
  const width = 920
  const panelHeight = 260
  const top = 60
  const left = 70
  const plotWidth = width - left - 30
  const parts = []
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`)
  backends.forEach((backend, i) => {
    parts.push(`<rect x="${left + i * 110}" y="34" width="12" height="12" fill="${COLORS[backend] ?? '#888'}"/>`)
    parts.push(`<text x="${left + i * 110 + 18}" y="45" font-size="12">${escape(backend)}</text>`)
  })

  // Latency panel, log10 scale from 0.1 ms up to the next power of ten above the worst value.
  const maxLatency = Math.max(...runs.flatMap((run) => PERCENTILES.map(([key]) => run.load.latencyMs[key])))
  const lo = -1
  const hi = Math.ceil(Math.log10(maxLatency * 1.2))
  const yLatency = (ms) => top + panelHeight - ((Math.log10(Math.max(ms, 0.1)) - lo) / (hi - lo)) * panelHeight
  parts.push(`<text x="14" y="${top + panelHeight / 2}" font-size="12" transform="rotate(-90 14 ${top + panelHeight / 2})" text-anchor="middle">latency, ms (log)</text>`)
  for (let e = lo; e <= hi; e++) {
    const y = yLatency(10 ** e)
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`)
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${10 ** e}</text>`)
  }
  const groupWidth = plotWidth / (scenarios.length * PERCENTILES.length)
  const barWidth = (groupWidth * 0.7) / backends.length
  scenarios.forEach((scenario, s) => {
    PERCENTILES.forEach(([key, label], p) => {
      const x0 = left + (s * PERCENTILES.length + p) * groupWidth + groupWidth * 0.15
      backends.forEach((backend, b) => {
        const run = find(scenario, backend)
        if (!run) return
        const value = run.load.latencyMs[key]
        const y = yLatency(value)
        parts.push(`<rect x="${x0 + b * barWidth}" y="${y}" width="${barWidth - 2}" height="${top + panelHeight - y}" fill="${COLORS[backend] ?? '#888'}"><title>${escape(`${scenario} ${backend} ${label}: ${value.toFixed(2)} ms`)}</title></rect>`)
        parts.push(`<text x="${x0 + b * barWidth + barWidth / 2}" y="${y - 3}" font-size="9" text-anchor="middle">${value < 10 ? value.toFixed(1) : Math.round(value)}</text>`)
      })
      parts.push(`<text x="${x0 + groupWidth * 0.35}" y="${top + panelHeight + 14}" font-size="11" text-anchor="middle">${label}</text>`)
    })
    parts.push(`<text x="${left + (s + 0.5) * PERCENTILES.length * groupWidth}" y="${top + panelHeight + 30}" font-size="12" font-weight="bold" text-anchor="middle">${escape(scenario)}</text>`)
  })

  // Peak RSS panel, linear.
  const rssTop = top + panelHeight + 70
  const maxRss = Math.max(...runs.map((run) => run.server.peakRssBytes)) / 2 ** 20
  const rssScale = Math.ceil(maxRss / 250) * 250
  const yRss = (mb) => rssTop + panelHeight - (mb / rssScale) * panelHeight
  parts.push(`<text x="14" y="${rssTop + panelHeight / 2}" font-size="12" transform="rotate(-90 14 ${rssTop + panelHeight / 2})" text-anchor="middle">peak RSS, MiB</text>`)
  for (let mb = 0; mb <= rssScale; mb += rssScale / 5) {
    const y = yRss(mb)
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`)
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${mb}</text>`)
  }
  const rssGroup = plotWidth / rssScenarios.length
  const rssBar = (rssGroup * 0.5) / backends.length
  rssScenarios.forEach((scenario, s) => {
    const x0 = left + s * rssGroup + rssGroup * 0.25
    backends.forEach((backend, b) => {
      const run = findRss(scenario, backend)
      if (!run) return
      const mb = run.server.peakRssBytes / 2 ** 20
      const y = yRss(mb)
      parts.push(`<rect x="${x0 + b * rssBar}" y="${y}" width="${rssBar - 4}" height="${rssTop + panelHeight - y}" fill="${COLORS[backend] ?? '#888'}"/>`)
      parts.push(`<text x="${x0 + b * rssBar + rssBar / 2}" y="${y - 4}" font-size="11" text-anchor="middle">${Math.round(mb)}</text>`)
    })
    parts.push(`<text x="${x0 + rssBar * backends.length / 2}" y="${rssTop + panelHeight + 16}" font-size="12" font-weight="bold" text-anchor="middle">${escape(scenario)}</text>`)
  })
  const height = rssTop + panelHeight + 30
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`
}

module.exports = { renderChart }
