'use strict'
// `npm run lab:check`: the Native Addons lab's starter crate, checked both ways, in temporary
// copies (lab/starter itself is never changed):
//   1. with lab/solutions/lib.rs in place of src/lib.rs it builds and every spec passes;
//   2. as committed (unsolved) it builds and every exercise fails with its own message, so no
//      spec can pass without its exercise being done.
// `npm run lab:check -- --mine`: builds the learner's lab/starter as it is and reports each
// exercise as done or not, with what is expected; exits non-zero until all four are done.
// The Rust dependencies compile once into .cache/lab/target, shared by every run.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { run } = require('node:test')

const ROOT = path.join(__dirname, '..')
const STARTER = path.join(ROOT, 'lab', 'starter')
const SOLUTION = path.join(ROOT, 'lab', 'solutions', 'lib.rs')
const TARGET_DIR = path.join(ROOT, '.cache', 'lab', 'target')
const EXERCISES = [1, 2, 3, 4]

function sh(cmd, args, cwd, env = {}) {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`)
}

/** A copy of the starter without build output or installed packages. */
function copyStarter(into) {
  fs.cpSync(STARTER, into, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|target)$/.test(src) && !src.endsWith('.node'),
  })
  return into
}

function build(dir) {
  if (!fs.existsSync(path.join(dir, 'node_modules', '.bin', 'napi'))) sh('npm', ['ci', '--no-audit', '--no-fund'], dir)
  sh('npm', ['run', 'build'], dir, { CARGO_TARGET_DIR: TARGET_DIR })
}

/** Runs the starter's specs in `dir`; returns, per exercise, the failures' messages (empty = done). */
async function runSpecs(dir) {
  const files = fs.readdirSync(path.join(dir, '__test__')).filter((f) => f.endsWith('.spec.js')).map((f) => path.join(dir, '__test__', f))
  const failures = new Map(EXERCISES.map((n) => [n, []]))
  const pending = []
  let ran = 0
  for await (const event of run({ files, concurrency: false })) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    const { name, nesting, details } = event.data
    if (nesting > 0) {
      ran++
      if (event.type === 'test:fail') {
        const error = details.error
        pending.push(`${name}: ${String((error && error.cause && error.cause.message) || (error && error.message)).split('\n')[0]}`)
      }
      continue
    }
    const exercise = Number((/^exercise (\d+)/.exec(name) || [])[1])
    if (failures.has(exercise)) failures.get(exercise).push(...pending)
    else if (event.type === 'test:fail') throw new Error(`a spec outside the exercises failed: ${name}: ${pending.join('; ')}`)
    pending.length = 0
  }
  if (ran === 0) throw new Error('no spec ran')
  return { failures, ran }
}

function report(failures) {
  for (const [n, messages] of failures) {
    if (messages.length === 0) console.log(`  exercise ${n}: done`)
    else console.log(`  exercise ${n}: NOT DONE (${messages.length} spec${messages.length > 1 ? 's' : ''} failing)\n    ${messages[0]}`)
  }
}

async function checkMine() {
  console.log(`[lab] building your starter (${path.relative(process.cwd(), STARTER) || '.'}) and running its specs`)
  build(STARTER)
  const { failures } = await runSpecs(STARTER)
  console.log('[lab] your exercises:')
  report(failures)
  const left = [...failures.values()].filter((m) => m.length).length
  console.log(left ? `[lab] ${left} of ${EXERCISES.length} exercises left: see lab/README.md step 7` : '[lab] all four exercises done')
  return left === 0
}

/**
 * The guide's own commands (lab/README.md steps 1-5) and the Verify line each must print. Each
 * command must appear in the guide word for word, so the two cannot drift apart.
 */
const GUIDE_CHECKS = [
  { step: 1, command: `node -e "console.log(require('.').buildInfo())"`, verify: /cCompiler: '[^']+'[\s\S]*binaryPath: '[^']*architect-native\.[a-z0-9-]+\.node'/ },
  { step: 2, command: 'node examples/native-call.js', verify: /^Native call = 42 \(Rust computed 41 \+ 1\)$/m },
  { step: 3, command: `node -e "const n = require('.'); const b = Buffer.from('hello, lab'); n.toUpperAscii(b); console.log(b.toString())"`, verify: /^HELLO, LAB$/m },
  { step: 3, command: 'node examples/stream-pipeline.js', verify: /^Byte count = 8388608$/m },
  { step: 4, command: 'node examples/worker-counter.js', verify: /^Atomic counter = 4000$/m },
  {
    step: 5,
    command: `node -e "try { require('.').xorInPlace('not a buffer', 'k') } catch (e) { console.log(e.name, e.code, '-', e.message) }"`,
    verify: /^TypeError ERR_INVALID_ARG_TYPE - The "buffer" argument must be an instance of Buffer, TypedArray, or DataView\. Received type string \('not a buffer'\)$/m,
  },
  {
    step: 5,
    command: `node -e "const n = require('.'); try { n.boundaryProbes.fast.panic() } catch (e) { console.log(e.code, e.message) }; console.log('still alive:', n.boundaryProbes.fast.u32(1))"`,
    verify: /^ERR_NATIVE_PANIC .*probe panic on purpose\nstill alive: 2$/m,
  },
]

function checkGuide() {
  const guide = fs.readFileSync(path.join(ROOT, 'lab', 'README.md'), 'utf8')
  for (const { step, command, verify } of GUIDE_CHECKS) {
    if (!guide.includes(command)) throw new Error(`lab/README.md step ${step} no longer contains the command ${command}`)
    const result = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RUST_BACKTRACE: '0' } })
    if (result.status !== 0 || !verify.test(result.stdout)) {
      throw new Error(`lab/README.md step ${step}: \`${command}\` did not print its Verify line (exit ${result.status}):\n${result.stdout}${result.stderr}`)
    }
    console.log(`  step ${step}: ${command.length > 60 ? command.slice(0, 57) + '...' : command} -> verified`)
  }
}

async function checkBothWays() {
  console.log('[lab] 0/2: the guide\'s commands print their Verify lines')
  checkGuide()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-lab-'))
  try {
    const solved = copyStarter(path.join(work, 'solved'))
    fs.copyFileSync(SOLUTION, path.join(solved, 'src', 'lib.rs'))
    console.log('[lab] 1/2: the starter with lab/solutions/lib.rs: build, then every spec must pass')
    build(solved)
    const withSolutions = await runSpecs(solved)
    report(withSolutions.failures)
    const unsolvedLeft = [...withSolutions.failures.values()].filter((m) => m.length).length
    if (unsolvedLeft) throw new Error(`the solutions leave ${unsolvedLeft} exercise(s) failing`)

    const unsolved = copyStarter(path.join(work, 'unsolved'))
    console.log('[lab] 2/2: the starter as committed: build, then every exercise must fail with its own message')
    fs.symlinkSync(path.join(solved, 'node_modules'), path.join(unsolved, 'node_modules'), 'dir')
    build(unsolved)
    const asCommitted = await runSpecs(unsolved)
    report(asCommitted.failures)
    for (const [n, messages] of asCommitted.failures) {
      if (messages.length === 0) throw new Error(`exercise ${n}'s specs pass on the unsolved starter: they cannot fail`)
      if (!messages.some((m) => m.includes(`TODO exercise ${n} `))) throw new Error(`exercise ${n} fails without saying which exercise: ${messages[0]}`)
    }
    console.log(`[lab] ok: solutions pass ${withSolutions.ran} specs; the unsolved starter fails all ${EXERCISES.length} exercises, each with its own message`)
    return true
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

const mine = process.argv.includes('--mine')
;(mine ? checkMine() : checkBothWays()).then(
  (ok) => {
    if (!mine) console.log('1 passed, 0 failed')
    process.exit(ok ? 0 : 1)
  },
  (error) => {
    console.error(`[lab] ${error.message}`)
    if (!mine) console.log('0 passed, 1 failed')
    process.exit(1)
  },
)
