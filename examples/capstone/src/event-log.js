'use strict'
// A user's recent events as NDJSON, produced lazily in chunks so a slow reader holds back the
// producer instead of the whole log piling up in memory.
const { Readable } = require('node:stream')

const EVENTS_PER_CHUNK = 256
const KINDS = ['login', 'view', 'update', 'share', 'logout']

function eventLine(userId, seq) {
  return `{"user":${userId},"seq":${seq},"kind":"${KINDS[(userId + seq) % KINDS.length]}","at":${1764547200000 + seq * 1000}}\n`
}

function eventLog(userId, limit) {
  let seq = 0
  return new Readable({
    highWaterMark: 4,
    objectMode: false,
    read() {
      if (seq >= limit) return this.push(null)
      const end = Math.min(limit, seq + EVENTS_PER_CHUNK)
      let text = ''
      for (; seq < end; seq++) text += eventLine(userId, seq)
      this.push(Buffer.from(text))
    },
  })
}

module.exports = { eventLog, eventLine }
