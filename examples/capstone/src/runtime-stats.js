'use strict'
// What one thread's runtime costs the service: V8 heap, GC pauses (PerformanceObserver 'gc'
// sees only its own thread's collections) and event-loop delay.
const { PerformanceObserver, monitorEventLoopDelay } = require('node:perf_hooks')
const v8 = require('node:v8')

function createRuntimeStats() {
  const gc = { count: 0, totalMs: 0, maxMs: 0 }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++
      gc.totalMs += entry.duration
      if (entry.duration > gc.maxMs) gc.maxMs = entry.duration
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  return {
    reset() {
      gc.count = 0
      gc.totalMs = 0
      gc.maxMs = 0
      loopDelay.reset()
    },
    read() {
      const heap = v8.getHeapStatistics()
      return {
        heapUsedBytes: heap.used_heap_size,
        heapTotalBytes: heap.total_heap_size,
        externalBytes: heap.external_memory,
        gcCount: gc.count,
        gcTotalMs: gc.totalMs,
        gcMaxMs: gc.maxMs,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
      }
    },
    close() {
      observer.disconnect()
      loopDelay.disable()
    },
  }
}

module.exports = { createRuntimeStats }
