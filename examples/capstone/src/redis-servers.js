'use strict'
// Real redis-server processes on loopback ports, data in a temp folder: the sharded cache tier
// for the demo, the tests and the load runs. Each can be stopped and restarted on its port.
const { spawn, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

function checkRedisInstalled() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
  } catch {
    throw new Error('redis-server is not installed: run `bash scripts/ensure-redis.sh` (npm test and npm run load do it for you)')
  }
}

function launch(port, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server on port ${port} did not start: ${output}`))
    }, 10_000)
    const probe = () => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.end('PING\r\n')
        clearTimeout(timer)
        resolve(child)
      })
      socket.once('error', () => setTimeout(probe, 20))
    }
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server on port ${port} exited with ${code}: ${output}`))
    })
    probe()
  })
}

async function startRedisShards(count) {
  checkRedisInstalled()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capstone-redis-'))
  const instances = []

  async function add() {
    const port = await freePort()
    const shardDir = path.join(dir, String(port))
    fs.mkdirSync(shardDir)
    const instance = { port, dir: shardDir, address: `127.0.0.1:${port}`, child: await launch(port, shardDir) }
    instances.push(instance)
    return instance.address
  }

  function find(address) {
    const instance = instances.find((candidate) => candidate.address === address)
    if (!instance) throw new Error(`no redis shard at ${address}`)
    return instance
  }

  async function stop(address) {
    const instance = find(address)
    if (!instance.child) return
    instance.child.removeAllListeners('exit')
    const exited = new Promise((resolve) => instance.child.once('exit', resolve))
    instance.child.kill('SIGKILL')
    await exited
    instance.child = null
  }

  async function restart(address) {
    const instance = find(address)
    if (!instance.child) instance.child = await launch(instance.port, instance.dir)
  }

  for (let i = 0; i < count; i++) await add()

  return {
    get shards() {
      return instances.map((instance) => instance.address)
    },
    add,
    stop,
    restart,
    async close() {
      await Promise.all(instances.map((instance) => stop(instance.address)))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

module.exports = { startRedisShards }
