'use strict'
// The fuzz loop one thread runs: finds the exports and class members itself, calls them with
// seeded random arguments, and judges each outcome. Failures are data (returned), not throws,
// so the supervisor can print them with the seed that replays them.
const fs = require('node:fs')
const { isDeepStrictEqual } = require('node:util')

// FUZZ_TRACE=1 writes every call to stderr before it runs, so a hang or a crash names its call.
const TRACE = process.env.FUZZ_TRACE === '1'
const { CallerError, randomValue } = require('./values')

function createRandom(seed) {
  let state = seed >>> 0 || 1
  const next = () => {
    // mulberry32: small, fast and good enough to spread calls; reproducible from the seed.
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n) => Math.floor(next() * n), bool: (p = 0.5) => next() < p }
}

const SKIP = new Set(['boundaryProbes'])
// Members whose result reads the clock: native and twin run a moment apart.
const TIME_DEPENDENT = new Set(['getRemainingTTL', 'info', 'dump', 'perf'])

function isClass(value) {
  if (typeof value !== 'function' || !value.prototype) return false
  const members = Object.getOwnPropertyNames(value.prototype).filter((name) => name !== 'constructor')
  return members.length > 0 || /^[A-Z]/.test(value.name)
}

// Every export that is a function, every class's constructor, static and prototype members.
function enumerateTargets(api) {
  const functions = []
  const classes = []
  for (const [name, value] of Object.entries(api)) {
    if (SKIP.has(name) || typeof value !== 'function') continue
    if (isClass(value)) {
      const members = Object.getOwnPropertyNames(value.prototype)
        .filter((member) => member !== 'constructor')
        .map((member) => ({ member, descriptor: Object.getOwnPropertyDescriptor(value.prototype, member) }))
      const statics = Object.getOwnPropertyNames(value).filter((member) => typeof value[member] === 'function')
      classes.push({ name, members, statics })
    } else {
      functions.push(name)
    }
  }
  return { functions, classes }
}

// The same argument list twice, so native and twin each get their own buffers to change.
function makeArgs(random) {
  const count = random.int(5)
  const seed = Math.floor(random.next() * 2 ** 32)
  const build = () => {
    const local = createRandom(seed)
    return Array.from({ length: count }, () => randomValue(local))
  }
  return { build, count }
}

function describeValue(value) {
  if (value === undefined) return 'undefined'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'symbol') return 'Symbol()'
  if (typeof value === 'function') return 'function'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...(${value.length})` : value)
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.buffer.detached ? 'detached' : value.byteLength}${value.buffer.resizable || value.buffer.growable ? ', resizable' : ''})`
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return `${value.constructor.name}(${value.byteLength})`
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value)
  } catch {
    try {
      return Object.prototype.toString.call(value)
    } catch {
      return '[hostile object]'
    }
  }
}

// What a call did: a value, a coded error, or something the fuzzer must report.
function judgeError(error) {
  if (error instanceof CallerError) return { ok: true, kind: 'caller' }
  if (!(error instanceof Error)) return { ok: false, kind: 'not-an-Error', detail: describeValue(error) }
  if (typeof error.code === 'string' && error.code.length > 0) return { ok: true, kind: 'coded', code: error.code }
  return { ok: false, kind: 'uncoded', detail: `${error.name}: ${error.message}` }
}

function comparable(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer.detached ? [] : value).toString('hex') }
  if (Array.isArray(value)) return value.map(comparable)
  if (value instanceof Float64Array) return Array.from(value)
  return value
}

function createFuzzer({ native, twin, seed, budgetMs = Infinity, onCall, onFailure }) {
  const random = createRandom(seed)
  const { functions, classes } = enumerateTargets(native)
  const instances = new Map(classes.map(({ name }) => [name, []]))
  const pending = new Set()
  const stats = { calls: 0, accepted: 0, coded: 0, caller: 0, failed: 0, failures: [], codes: {} }
  const slow = new Map()

  function fail(kind, where, args, detail) {
    stats.failed++
    if (stats.failed > 20) return
    const failure = { kind, where, args: args.map(describeValue).join(', '), detail, seed, call: stats.calls }
    // Reported as it happens, so a thread that is terminated later does not take it along.
    if (onFailure) onFailure(failure)
    else stats.failures.push(failure)
  }

  function record(outcome, where, args) {
    if (outcome.ok) {
      if (outcome.kind === 'coded') {
        stats.coded++
        stats.codes[outcome.code] = (stats.codes[outcome.code] ?? 0) + 1
      } else if (outcome.kind === 'caller') stats.caller++
      else stats.accepted++
    } else fail(outcome.kind, where, args, outcome.detail)
  }

  // Results that keep working after the call: promises are awaited, iterators drained a little,
  // streams written to and ended; each must fail only with coded errors.
  function followUp(result, where, args) {
    if (result && typeof result.then === 'function') {
      const settled = Promise.resolve(result).then(
        () => {},
        (error) => record(judgeError(error), `${where} (promise)`, args),
      )
      pending.add(settled)
      settled.finally(() => pending.delete(settled))
      // Async work on memory the caller changes while it runs: shrink, grow, transfer, detach.
      if (random.bool(0.3)) disturb(args)
      return
    }
    if (result && typeof result.write === 'function' && typeof result.end === 'function') {
      result.on?.('error', (error) => record(judgeError(error), `${where} (stream)`, args))
      result.resume?.()
      try {
        for (let i = random.int(3); i >= 0; i--) result.write(randomValue(random))
        result.end()
      } catch (error) {
        record(judgeError(error), `${where} (stream write)`, args)
      }
      return
    }
    if (result && typeof result.writable?.getWriter === 'function') {
      const writer = result.writable.getWriter()
      const reader = result.readable.getReader()
      const drained = (async () => {
        for (;;) if ((await reader.read()).done) break
      })().catch((error) => record(judgeError(error), `${where} (web stream read)`, args))
      const written = writer
        .write(randomValue(random))
        .then(() => writer.close())
        .catch((error) => record(judgeError(error), `${where} (web stream write)`, args))
      const settled = Promise.all([drained, written])
      pending.add(settled)
      settled.finally(() => pending.delete(settled))
      return
    }
    if (result && typeof result[Symbol.iterator] === 'function' && typeof result.next === 'function') {
      try {
        for (let i = 0; i < 5 && !result.next().done; i++);
      } catch (error) {
        record(judgeError(error), `${where} (iterator)`, args)
      }
    }
  }

  function disturb(args) {
    for (const arg of args) {
      const buffer = ArrayBuffer.isView(arg) ? arg.buffer : arg instanceof ArrayBuffer || arg instanceof SharedArrayBuffer ? arg : null
      if (!buffer) continue
      try {
        const choice = random.int(4)
        if (choice === 0 && buffer.resizable) buffer.resize(0)
        else if (choice === 1 && (buffer.resizable || buffer.growable)) buffer.resize?.(Math.min(buffer.maxByteLength, buffer.byteLength * 2)) ?? buffer.grow(Math.min(buffer.maxByteLength, buffer.byteLength * 2))
        else if (choice === 2 && buffer instanceof ArrayBuffer && !buffer.detached) structuredClone(buffer, { transfer: [buffer] })
        else if (choice === 3 && buffer instanceof ArrayBuffer && typeof buffer.transfer === 'function' && !buffer.detached) buffer.transfer()
      } catch {
        // Refused by the runtime (e.g. an untransferable buffer): that is the addon protecting itself.
      }
    }
  }

  function invoke(where, run, args) {
    stats.calls++
    onCall?.(where)
    if (TRACE) fs.writeSync(2, `call ${stats.calls}: ${where}(${args.map(describeValue).join(', ')})\n`)
    const started = performance.now()
    let result
    try {
      result = run()
    } catch (error) {
      record(judgeError(error), where, args)
      return { threw: true, error }
    } finally {
      const ms = performance.now() - started
      if (ms > 20) slow.set(where, (slow.get(where) ?? 0) + 1)
    }
    record({ ok: true, kind: 'accepted' }, where, args)
    followUp(result, where, args)
    return { threw: false, result }
  }

  // Native first; the twin gets the same arguments (its own copies) and must agree when the
  // native call accepted them and the call is deterministic (two native calls agree).
  function differential(where, callNative, callTwin, build) {
    const nativeArgs = build()
    const outcome = invoke(where, () => callNative(nativeArgs), nativeArgs)
    if (outcome.threw && callTwin) {
      // The twin is part of the package too: its refusals must be coded as well.
      try {
        const result = callTwin(build())
        if (result && typeof result.then === 'function') result.then(null, () => {})
      } catch (error) {
        const verdict = judgeError(error)
        if (!verdict.ok) fail(`${verdict.kind} (twin)`, where, nativeArgs, verdict.detail)
      }
      return outcome
    }
    if (outcome.threw || !callTwin || outcome.result?.then || nativeArgs.some((arg) => typeof arg === 'function' || arg instanceof CallerError)) return outcome
    let again
    let twinOutcome
    try {
      again = callNative(build())
    } catch {
      return outcome
    }
    if (!isDeepStrictEqual(comparable(again), comparable(outcome.result))) return outcome
    const twinArgs = build()
    try {
      twinOutcome = { result: callTwin(twinArgs) }
    } catch (error) {
      twinOutcome = { error }
    }
    if (twinOutcome.error) {
      if (!(twinOutcome.error instanceof CallerError)) fail('twin-refused', where, nativeArgs, `native accepted; twin threw ${twinOutcome.error.code ?? ''} ${twinOutcome.error.message}`)
    } else if (isPlainData(outcome.result) && !isDeepStrictEqual(comparable(twinOutcome.result), comparable(outcome.result))) {
      fail('twin-differs', where, nativeArgs, `native ${describeValue(comparable(outcome.result))} vs twin ${describeValue(comparable(twinOutcome.result))}`)
    }
    return outcome
  }

  function isPlainData(value) {
    return value === null || ['number', 'string', 'boolean', 'bigint', 'undefined'].includes(typeof value) || Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof Float64Array || (Array.isArray(value) && value.every(isPlainData))
  }

  function callFunction() {
    const name = functions[random.int(functions.length)]
    const { build } = makeArgs(random)
    differential(name, (args) => native[name](...args), twin?.[name] ? (args) => twin[name](...args) : null, build)
  }

  function construct(entry) {
    const { build } = makeArgs(random)
    const Class = native[entry.name]
    const TwinClass = twin?.[entry.name]
    const args = build()
    const outcome = invoke(`new ${entry.name}`, () => new Class(...args), args)
    if (outcome.threw) return
    let twinInstance = null
    if (TwinClass && !args.some((arg) => typeof arg === 'function')) {
      try {
        twinInstance = new TwinClass(...build())
      } catch {}
    }
    const pool = instances.get(entry.name)
    if (pool.length >= 4) {
      const dropped = pool.splice(random.int(pool.length), 1)[0]
      try {
        dropped.native.close?.()
        dropped.twin?.close?.()
      } catch {}
    }
    pool.push({ native: outcome.result, twin: twinInstance })
  }

  function callStatic(entry) {
    const member = entry.statics[random.int(entry.statics.length)]
    const { build } = makeArgs(random)
    const args = build()
    const outcome = invoke(`${entry.name}.${member}`, () => native[entry.name][member](...args), args)
    if (!outcome.threw && outcome.result && typeof outcome.result === 'object' && instances.get(entry.name).length < 4) instances.get(entry.name).push({ native: outcome.result, twin: null })
  }

  // A member call goes to the native instance and to its twin (built from the same
  // arguments), so their states move together; the first disagreement is reported and the pair
  // split, so one difference is not reported again on every later call.
  function callMember(entry) {
    const pool = instances.get(entry.name)
    if (pool.length === 0 || entry.members.length === 0) return construct(entry)
    const pair = pool[random.int(pool.length)]
    const { member, descriptor } = entry.members[random.int(entry.members.length)]
    const where = `${entry.name}#${member}`
    if (descriptor.get) return invoke(where, () => pair.native[member], [])
    if (typeof descriptor.value !== 'function') return
    const { build } = makeArgs(random)
    const nativeArgs = build()
    const outcome = invoke(where, () => pair.native[member](...nativeArgs), nativeArgs)
    if (!pair.twin || typeof pair.twin[member] !== 'function') return
    let twinOutcome
    try {
      twinOutcome = { result: pair.twin[member](...build()) }
    } catch (error) {
      twinOutcome = { error }
      const verdict = judgeError(error)
      if (!verdict.ok) fail(`${verdict.kind} (twin)`, where, nativeArgs, verdict.detail)
    }
    if (outcome.threw !== Boolean(twinOutcome.error)) {
      if (!outcome.threw && !(twinOutcome.error instanceof CallerError)) fail('twin-refused', where, nativeArgs, `native accepted; twin threw ${twinOutcome.error.code ?? ''} ${twinOutcome.error.message}`)
      pair.twin = null
      return
    }
    if (outcome.threw || TIME_DEPENDENT.has(member) || !isScalarData(outcome.result)) return
    if (!isDeepStrictEqual(outcome.result, twinOutcome.result)) {
      fail('twin-differs', where, nativeArgs, `native ${describeValue(outcome.result)} vs twin ${describeValue(twinOutcome.result)}`)
      pair.twin = null
    }
  }

  function isScalarData(value) {
    return value === null || ['number', 'string', 'boolean', 'bigint', 'undefined'].includes(typeof value) || (Array.isArray(value) && value.every(isScalarData))
  }

  async function run(calls) {
    const deadline = performance.now() + budgetMs
    for (let i = 0; i < calls && performance.now() < deadline; i++) {
      const pick = random.next()
      if (pick < 0.45 || classes.length === 0) callFunction()
      else {
        const entry = classes[random.int(classes.length)]
        if (pick < 0.55) construct(entry)
        else if (pick < 0.6 && entry.statics.length) callStatic(entry)
        else callMember(entry)
      }
      // Let async work, callbacks and finalizers run now and then, and bound what is in flight.
      if (i % 64 === 63 || pending.size > 64) await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 50))])
    }
    const settle = Promise.all(pending)
    const timedOut = await Promise.race([settle.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 30_000).unref())])
    if (timedOut) fail('hang', 'async calls', [], `${pending.size} promises still pending 30 s after the last call`)
    for (const pool of instances.values()) {
      for (const pair of pool) {
        try {
          pair.native.close?.()
          pair.twin?.close?.()
        } catch {}
      }
    }
    stats.slow = Object.fromEntries(slow)
    return stats
  }

  return { run, targets: { functions, classes: classes.map((entry) => entry.name) } }
}

module.exports = { createFuzzer, createRandom, enumerateTargets }
