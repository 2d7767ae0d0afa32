'use strict'
// Renders bench/RESULTS.md from bench/results.json: one section per piece with its machine line,
// its targets, and a table plus a bar chart per group.

const { formatNs } = require('./harness.js')

const BAR_WIDTH = 40

function ratio(x) {
  if (!Number.isFinite(x)) return '—'
  return x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`
}

function formatOps(ops) {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M`
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k`
  return ops.toFixed(1)
}

function formatBytesPerSec(bps) {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(2)} GB/s`
  return `${(bps / 1e6).toFixed(1)} MB/s`
}

function machineLine(m) {
  return `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB; Node ${m.node} (V8 ${m.v8}) on ${m.platform}; ` + `${m.date}; commit ${m.commit}; architect-native ${m.packageVersion} (${m.binaryProfile}${m.binaryPath ? `, ${m.binaryPath}` : ''}; C compiler: ${m.cCompiler || 'not recorded'}${m.aesGcm ? `; AES-GCM: ${m.aesGcm}` : ''})`
}

function renderGroup(group) {
  const out = []
  const variants = group.variants
  const baseline = group.baseline && variants.find((v) => v.name === group.baseline)
  const twin = variants.find((v) => v.role === 'reference')
  const peers = variants.filter((v) => v.role === 'peer')
  const bestPeer = peers.length ? peers.reduce((a, b) => (a.nsPerOp <= b.nsPerOp ? a : b)) : null
  out.push(`### ${group.name}`, '')
  if (group.description) out.push(group.description, '')
  // Byte groups (unit 'byte': one op = one byte) read better as throughput.
  const bytes = group.unit === 'byte'
  const head = ['implementation', bytes ? 'throughput' : 'ops/s', bytes ? 'time/byte' : 'time/op']
  if (baseline) head.push(`time ÷ ${baseline.name}`)
  if (twin) head.push(`speed × JS twin`)
  if (bestPeer) head.push(`speed × best peer (${bestPeer.name})`)
  out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`)
  for (const v of variants) {
    const row = [v.note ? `${v.name} (${v.note})` : v.name, bytes ? formatBytesPerSec(v.opsPerSec) : formatOps(v.opsPerSec), bytes ? `${v.nsPerOp.toPrecision(3)} ns` : formatNs(v.nsPerOp)]
    if (baseline) row.push(ratio(v.nsPerOp / baseline.nsPerOp))
    if (twin) row.push(ratio(twin.nsPerOp / v.nsPerOp))
    if (bestPeer) row.push(ratio(bestPeer.nsPerOp / v.nsPerOp))
    out.push(`| ${row.join(' | ')} |`)
  }
  const longest = Math.max(...variants.map((v) => v.nsPerOp))
  const nameWidth = Math.max(...variants.map((v) => v.name.length))
  out.push('', '```text', bytes ? 'throughput (longer is faster)' : 'time per op (shorter is faster)')
  const fastest = Math.max(...variants.map((v) => v.opsPerSec))
  for (const v of variants) {
    const share = bytes ? v.opsPerSec / fastest : v.nsPerOp / longest
    const cells = Math.max(1, Math.round(share * BAR_WIDTH))
    out.push(`${v.name.padEnd(nameWidth)} ${'█'.repeat(cells)} ${bytes ? formatBytesPerSec(v.opsPerSec) : formatNs(v.nsPerOp)}`)
  }
  out.push('```', '')
  return out
}

/** A table a piece measured itself: `{ name, description, columns, rows: [{ label, values }] }`. */
function renderTable(table) {
  const out = [`### ${table.name}`, '']
  if (table.description) out.push(table.description, '')
  const head = ['', ...table.columns]
  out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`)
  const show = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(3)) : String(v))
  for (const row of table.rows) out.push(`| ${[row.label, ...row.values.map(show)].join(' | ')} |`)
  out.push('')
  return out
}

function renderPiece(piece) {
  const out = [`## ${piece.name}: ${piece.title}`, '', `Measured on: ${machineLine(piece.machine)}`, '']
  if (piece.notes) out.push(piece.notes, '')
  if (piece.targets.length) {
    out.push('| target | measured | limit | met |', '|---|---|---|---|')
    for (const t of piece.targets) {
      const limit = [t.min !== undefined ? `>= ${t.min}` : null, t.max !== undefined ? `<= ${t.max}` : null].filter(Boolean).join(', ')
      out.push(`| ${t.label} | ${t.value.toFixed(2)} | ${limit} | ${t.met ? 'yes' : '**no**'} |`)
    }
    out.push('')
  }
  for (const group of piece.groups) out.push(...renderGroup(group))
  for (const table of piece.tables || []) out.push(...renderTable(table))
  return out
}

function renderAll(results) {
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (one piece: `npm run bench -- <piece>`). Each group first checks that',
    'all implementations give the same output, then times them. Every ratio compares figures from the',
    'same run on the same machine; absolute numbers move with machine load, ratios much less.',
    '"time ÷ X" is cost relative to X (lower is better); "speed × X" is how many times faster than X.',
    '',
  ]
  for (const name of Object.keys(results).sort()) out.push(...renderPiece(results[name]))
  return out.join('\n')
}

module.exports = { renderAll }
