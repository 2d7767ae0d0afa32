'use strict'
// `npm run bench [-- piece ...]`: runs each piece's benchmark (bench/<piece>/index.js), merges the
// figures into bench/results.json and rewrites bench/RESULTS.md from it, so running one piece
// keeps the others' last results.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execSync } = require('node:child_process')
const { runPiece } = require('./lib/harness.js')
const { renderAll } = require('./lib/report.js')

const BENCH_DIR = process.env.BENCH_DIR || __dirname
const OUT_DIR = process.env.BENCH_OUT_DIR || __dirname

function discover() {
  return fs
    .readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(BENCH_DIR, d.name, 'index.js')))
    .map((d) => d.name)
    .sort()
}

function machine() {
  let commit = 'unknown'
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  } catch {}
  let binaryProfile = 'unknown'
  let packageVersion = 'unknown'
  try {
    const info = require('..').buildInfo()
    binaryProfile = `${info.profile}, ${info.target}`
    packageVersion = info.version
  } catch {}
  return {
    cpu: os.cpus()[0].model.trim(),
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    packageVersion,
    binaryProfile,
  }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  const available = discover()
  const unknown = args.filter((a) => !available.includes(a))
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`)
    process.exit(2)
  }
  const selected = args.length ? args : available
  const resultsFile = path.join(OUT_DIR, 'results.json')
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {}
  const info = machine()
  console.log(`bench on ${info.cpu} (${info.cores} cores), Node ${info.node}: ${selected.join(', ')}`)
  let missed = 0
  for (const name of selected) {
    const piece = require(path.join(BENCH_DIR, name, 'index.js'))
    const record = await runPiece({ name, ...piece }, {}, (line) => console.log(line))
    record.machine = info
    results[name] = record
    for (const t of record.targets) {
      console.log(`  target ${t.met ? 'met   ' : 'MISSED'} ${t.label}: ${t.value.toFixed(2)}`)
      if (!t.met) missed++
    }
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n')
    fs.writeFileSync(path.join(OUT_DIR, 'RESULTS.md'), renderAll(results) + '\n')
  }
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'RESULTS.md'))}${missed ? ` (${missed} target(s) missed)` : ''}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
