'use strict'
// The service under load, in its own process so its RSS is its own. The driver (load/run.js)
// talks to it over IPC: ready, reset (end of warm-up), stats, close.
const { startService } = require('../src/service')
const { createRuntimeStats } = require('../src/runtime-stats')

const options = JSON.parse(process.argv[2])
const mainThread = createRuntimeStats()
let peakRssBytes = 0
const sampleRss = () => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss()))
setInterval(sampleRss, 100).unref()

async function main() {
  const started = Date.now()
  const service = await startService(options)
  const startupMs = Date.now() - started
  const handlers = {
    async reset() {
      mainThread.reset()
      await service.workerStats({ reset: true })
      peakRssBytes = process.memoryUsage.rss()
      return { counters: service.counters() }
    },
    async stats() {
      sampleRss()
      return {
        rssBytes: process.memoryUsage.rss(),
        peakRssBytes,
        main: mainThread.read(),
        workers: await service.workerStats(),
        counters: service.counters(),
      }
    },
    async close() {
      await service.close()
      return {}
    },
  }
  process.on('message', async ({ id, type }) => {
    const reply = await handlers[type]()
    process.send({ id, ...reply })
    if (type === 'close') process.disconnect()
  })
  process.send({ id: 0, address: service.address, startupMs, backend: service.backend })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
