'use strict'
// The soak's samples as an SVG: memory (RSS, V8 heap, external) and live handles over time,
// with the warm-up minute shaded.
function renderSoakChart(samples, { title, warmupSeconds }) {
  const width = 920
  const left = 60
  const plotWidth = width - left - 40
  const panel = 220
  const end = samples.at(-1)?.seconds || 1
  const x = (seconds) => left + (seconds / end) * plotWidth
  const parts = [`<text x="${width / 2}" y="22" text-anchor="middle" font-size="13" font-weight="bold">${escape(title)}</text>`]

  function drawPanel(top, series, unit) {
    const max = Math.max(1, ...series.flatMap(({ key }) => samples.map((s) => s[key]))) * 1.1
    const y = (value) => top + panel - (value / max) * panel
    parts.push(`<rect x="${left}" y="${top}" width="${x(warmupSeconds) - left}" height="${panel}" fill="#f2f2f2"/>`)
    for (let i = 0; i <= 4; i++) {
      const value = (max * i) / 4
      parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`)
      parts.push(`<text x="${left - 6}" y="${y(value) + 4}" font-size="10" text-anchor="end">${value.toFixed(max < 10 ? 1 : 0)}</text>`)
    }
    parts.push(`<text x="14" y="${top + panel / 2}" font-size="11" transform="rotate(-90 14 ${top + panel / 2})" text-anchor="middle">${unit}</text>`)
    series.forEach(({ key, label, color }, i) => {
      const points = samples.map((s) => `${x(s.seconds).toFixed(1)},${y(s[key]).toFixed(1)}`).join(' ')
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>`)
      parts.push(`<rect x="${left + 10 + i * 150}" y="${top + 6}" width="10" height="10" fill="${color}"/>`)
      parts.push(`<text x="${left + 24 + i * 150}" y="${top + 15}" font-size="11">${label}</text>`)
    })
  }

  drawPanel(40, [
    { key: 'rssMiB', label: 'RSS', color: '#1f77b4' },
    { key: 'heapUsedMiB', label: 'V8 heap used', color: '#2ca02c' },
    { key: 'externalMiB', label: 'external', color: '#ff7f0e' },
  ], 'MiB')
  drawPanel(40 + panel + 40, [{ key: 'handles', label: 'live handles', color: '#9467bd' }], 'handles')
  const axisY = 40 + 2 * panel + 40
  for (let i = 0; i <= 10; i++) {
    const seconds = (end * i) / 10
    parts.push(`<text x="${x(seconds)}" y="${axisY + 16}" font-size="10" text-anchor="middle">${Math.round(seconds)}</text>`)
  }
  parts.push(`<text x="${left + plotWidth / 2}" y="${axisY + 32}" font-size="11" text-anchor="middle">seconds (shaded: warm-up, not judged)</text>`)
  const height = axisY + 42
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`
}

function escape(text) {
  return String(text).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c])
}

module.exports = { renderSoakChart }
