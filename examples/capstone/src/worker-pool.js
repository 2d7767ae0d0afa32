'use strict'
// A small pool of worker_threads, written here rather than taken from piscina because the
// service needs two things piscina's task model does not give: many I/O-bound tasks in flight
// in one worker at once (each awaits Redis between its CPU slices), dispatched to the least
// busy thread, and a broadcast that reaches every thread (ring changes, shutdown).
const { Worker } = require('node:worker_threads')
const { GrpcError } = require('./grpc-error')

class WorkerPool {
  constructor(filename, { size, workerData }) {
    this.filename = filename
    this.workerData = workerData
    this.nextId = 1
    this.closing = false
    this.slots = Array.from({ length: size }, () => this.#spawn())
  }

  #spawn() {
    const slot = { worker: new Worker(this.filename, { workerData: this.workerData }), pending: new Map(), threadId: 0 }
    slot.threadId = slot.worker.threadId
    slot.ready = new Promise((resolve, reject) => {
      slot.worker.on('message', (message) => {
        if ('ready' in message) return message.ready ? resolve() : reject(new Error(`worker failed to start: ${message.message}`))
        const task = slot.pending.get(message.id)
        if (!task) return
        slot.pending.delete(message.id)
        if (message.error) task.reject(new GrpcError(message.error.status, message.error.message))
        else task.resolve(message.value)
      })
      slot.worker.on('error', reject)
    })
    slot.worker.on('exit', (code) => this.#onExit(slot, code))
    return slot
  }

  // A worker that dies fails only the calls it held; a fresh one takes its place.
  #onExit(slot, code) {
    for (const task of slot.pending.values()) task.reject(new GrpcError('UNAVAILABLE', `worker ${slot.threadId} exited with code ${code}`))
    slot.pending.clear()
    if (this.closing) return
    const index = this.slots.indexOf(slot)
    if (index !== -1) this.slots[index] = this.#spawn()
  }

  ready() {
    return Promise.all(this.slots.map((slot) => slot.ready))
  }

  get threadIds() {
    return this.slots.map((slot) => slot.threadId)
  }

  #send(slot, op, args) {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      slot.worker.postMessage({ id, op, args })
    })
  }

  run(op, args) {
    if (this.closing) return Promise.reject(new GrpcError('UNAVAILABLE', 'service is shutting down'))
    let least = this.slots[0]
    for (const slot of this.slots) if (slot.pending.size < least.pending.size) least = slot
    return this.#send(least, op, args)
  }

  runOn(index, op, args) {
    return this.#send(this.slots[index], op, args)
  }

  broadcast(op, args) {
    return Promise.all(this.slots.map((slot) => this.#send(slot, op, args)))
  }

  async close() {
    this.closing = true
    const results = await this.broadcast('close', {})
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
    return results
  }
}

module.exports = { WorkerPool }
