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
  let cCompiler = 'unknown'
  let binaryPath = 'unknown'
  let aesGcm = 'unknown'
  try {
    const info = require('..').buildInfo()
    binaryProfile = `${info.profile}, ${info.target}`
    packageVersion = info.version
    cCompiler = info.cCompiler
    binaryPath = path.basename(info.binaryPath || 'unknown')
    aesGcm = info.aesGcm
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
    cCompiler,
    binaryPath,
    aesGcm,
  }
}

/**
 * Why this process runs under an emulator, or null. Timings under qemu-user measure the emulator,
 * not the code: the arm64 wrappers (scripts/arm64/runtime.sh) say so in the environment, and
 * qemu-user passes the host's /proc/cpuinfo through, so an arm64 process reading x86 fields (or
 * the reverse) is emulated too.
 */
function emulation() {
  if (process.env.ARCHITECT_NATIVE_EMULATED) return process.env.ARCHITECT_NATIVE_EMULATED
  try {
    const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8')
    if (process.arch === 'arm64' && /^vendor_id\s*:/m.test(cpuinfo)) return 'an arm64 process on an x86_64 CPU'
    if (process.arch === 'x64' && /^CPU implementer\s*:/m.test(cpuinfo)) return 'an x86_64 process on an arm64 CPU'
  } catch {}
  return null
}

async function main() {
  const emulated = emulation()
  // BENCH_ALLOW_EMULATION=1 is for the harness's own specs, which check behaviour, not figures.
  if (emulated && process.env.BENCH_ALLOW_EMULATION !== '1') {
    console.error(`npm run bench refuses to run under emulation (${emulated}): the figures would time the emulator, not this code. Run it on a machine of this architecture.`)
    process.exit(2)
  }
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
  console.log(`bench on ${info.cpu} (${info.cores} cores), Node ${info.node}, ${info.binaryPath} (C compiler: ${info.cCompiler}): ${selected.join(', ')}`)
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
