'use strict'
// The benchmark harness: checks that every implementation of a group gives the same output, then
// times them and returns ns/op per variant. A piece's benchmark file only declares groups.
//
// Timing: a short operation (tens of ns) cannot be timed one call at a time (the timer costs more
// than the call), so each variant runs in its own generated loop of `inner` calls per sample; the
// loop is compiled per variant so V8 sees one monomorphic call site each. Variants are measured
// round-robin for several rounds and the fastest round's median is kept: on a shared, noisy
// machine the minimum is the most repeatable estimate, and ratios are taken within one run.

const assert = require('node:assert')
const v8 = require('node:v8')
const vm = require('node:vm')
const { Bench } = require('tinybench')

/**
 * A full collection before each variant is timed, so no variant's time includes collecting the
 * previous variant's garbage (or V8's concurrent threads doing so on the second core): measured
 * on AES-GCM 1 MiB, a round after @noble/ciphers' garbage timed the native rows up to 2x slower.
 * A variant's own garbage is still collected inside its own time.
 */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc')
})()

const DEFAULTS = {
  rounds: Number(process.env.BENCH_ROUNDS || 3),
  timeMs: Number(process.env.BENCH_TIME_MS || 300),
  warmupMs: Number(process.env.BENCH_WARMUP_MS || 100),
}

let loopSerial = 0

function makeLoop(op, isAsync) {
  // One function literal per variant: V8 keeps call-site feedback per literal, so a shared loop
  // would turn polymorphic across variants and time the dispatch instead of the call. The serial
  // comment matters: V8 caches `new Function` by source text, and identical sources would share
  // one literal again (measured: the first variant of every group looked 30% faster).
  const source = `// loop ${++loopSerial}\n` + (isAsync
    ? 'return async function loop(n) { let r; for (let i = 0; i < n; i++) r = await op(); return r }'
    : 'return function loop(n) { let r; for (let i = 0; i < n; i++) r = op(); return r }')
  return new Function('op', source)(op)
}

/** Calls needed for one sample to take about `targetMs`. */
async function calibrate(loop, isAsync, targetMs) {
  let inner = 1
  for (;;) {
    const start = process.hrtime.bigint()
    if (isAsync) await loop(inner)
    else loop(inner)
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= targetMs || inner >= 1 << 24) return Math.max(1, Math.round(inner * (targetMs / Math.max(ms, 1e-6))))
    inner *= ms < targetMs / 100 ? 10 : 2
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function defaultEqual(actual, expected, label) {
  if (ArrayBuffer.isView(actual) && ArrayBuffer.isView(expected)) {
    assert.ok(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), `${label}: bytes differ`)
  } else {
    assert.deepStrictEqual(actual, expected, `${label}: outputs differ`)
  }
}

/** Runs every variant once and requires the same output from all (or `group.expect`). */
async function checkGroup(group) {
  const equal = group.equal || defaultEqual
  let reference
  let referenceName
  for (const variant of group.variants) {
    if (variant.check === false) continue // a physical-limit reference, e.g. Buffer.copy
    const out = await variant.fn()
    const produced = variant.output ? variant.output(out) : out
    if (group.expect !== undefined) {
      equal(produced, group.expect, `${group.name} / ${variant.name}`)
    } else if (referenceName === undefined) {
      reference = produced
      referenceName = variant.name
    } else {
      equal(produced, reference, `${group.name}: ${variant.name} vs ${referenceName}`)
    }
  }
}

async function timeGroup(group, options, progress) {
  const opts = { ...DEFAULTS, ...options }
  const sampleMs = Math.max(0.2, Math.min(5, opts.timeMs / 50))
  // A variant with `measure()` times itself (e.g. a multi-thread run) and returns ns per op.
  const loops = group.variants.map((v) => ({ v, loop: v.measure ? null : makeLoop(v.fn, Boolean(v.async)) }))
  for (const entry of loops) if (entry.loop) entry.inner = group.inner || (await calibrate(entry.loop, Boolean(entry.v.async), sampleMs))
  const best = new Map()
  for (let round = 0; round < opts.rounds; round++) {
    for (const { v, loop, inner } of loops) {
      if (v.measure) {
        const nsPerOp = await v.measure()
        const previous = best.get(v.name)
        if (previous === undefined || nsPerOp < previous.nsPerOp) best.set(v.name, { nsPerOp })
        continue
      }
      collectGarbage()
      const bench = new Bench({ time: opts.timeMs, warmupTime: round === 0 ? opts.warmupMs : 0, iterations: 5 })
      bench.add(v.name, v.async ? async () => loop(inner) : () => loop(inner))
      await bench.warmup()
      await bench.run()
      const task = bench.tasks[0]
      if (task.result.error) throw task.result.error
      const nsPerOp = (median(task.result.samples) * 1e6) / inner / (v.opsPerCall || 1)
      const previous = best.get(v.name)
      if (previous === undefined || nsPerOp < previous.nsPerOp) best.set(v.name, { nsPerOp })
    }
    progress(`  ${group.name}: round ${round + 1}/${opts.rounds}`)
  }
  return group.variants.map((v) => ({
    name: v.name,
    role: v.role || 'native',
    note: v.note,
    nsPerOp: best.get(v.name).nsPerOp,
    opsPerSec: 1e9 / best.get(v.name).nsPerOp,
  }))
}

/** Checks and times one piece; returns the record that RESULTS.md is rendered from. */
async function runPiece(piece, options = {}, progress = console.log) {
  if (piece.setup) await piece.setup()
  const groups = []
  const tables = []
  try {
    for (const group of piece.groups) {
      // Group-level setup/teardown let big inputs (hundreds of MiB) exist one group at a time.
      if (group.setup) await group.setup()
      progress(`${piece.name} / ${group.name}: checking outputs`)
      let variants
      try {
        await checkGroup(group)
        variants = await timeGroup(group, options, progress)
      } finally {
        if (group.teardown) await group.teardown()
      }
      groups.push({ name: group.name, description: group.description, baseline: group.baseline, unit: group.unit, variants })
      const show = (v) => (group.unit === 'byte' ? `${(v.opsPerSec / 1e9).toFixed(2)} GB/s` : formatNs(v.nsPerOp))
      const line = variants.map((v) => `${v.name} ${show(v)}`).join(', ')
      progress(`  ${line}`)
    }
    // Tables of other quantities (memory, GC pauses, hit rates) that a piece measures itself.
    if (piece.tables) for (const table of await piece.tables(progress)) tables.push(table)
  } finally {
    if (piece.teardown) await piece.teardown()
  }
  const cell = (tableName, rowLabel, column) => {
    const t = tables.find((x) => x.name === tableName)
    const col = t && t.columns.indexOf(column)
    const row = t && t.rows.find((r) => r.label === rowLabel)
    if (!row || col < 0) throw new Error(`target refers to unknown ${tableName} / ${rowLabel} / ${column}`)
    return row.values[col]
  }
  const ns = (groupName, variantName) => {
    const g = groups.find((x) => x.name === groupName)
    const v = g && g.variants.find((x) => x.name === variantName)
    if (!v) throw new Error(`target refers to unknown ${groupName} / ${variantName}`)
    return v.nsPerOp
  }
  const targets = (piece.targets || []).map((t) => {
    const value = t.measure(ns, cell)
    const met = (t.max === undefined || value <= t.max) && (t.min === undefined || value >= t.min)
    return { label: t.label, value, max: t.max, min: t.min, met }
  })
  return { name: piece.name, title: piece.title, notes: piece.notes, groups, tables, targets }
}

function formatNs(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`
  return `${ns.toFixed(1)} ns`
}

module.exports = { runPiece, checkGroup, formatNs, median }
