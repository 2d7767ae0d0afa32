'use strict'
// Streams lab, "byte count pipeline": bytes flow through stream.pipeline() and are counted.
//   node examples/stream-pipeline.js [file]
// With a file argument the file is streamed; without, 8 MiB of generated text. Each chunk is
// transformed in place by Rust (no copy across the boundary): XOR-"encrypted", counted,
// decrypted and checked, counted again.
const fs = require('node:fs')
const { pipeline } = require('node:stream/promises')
const { Readable, Writable } = require('node:stream')
const { createHash } = require('node:crypto')
const { createTransform, createCounter } = require('..')

function generated(totalBytes, chunkBytes = 64 * 1024) {
  let line = 0
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < totalBytes; ) {
        const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, totalBytes - sent))
        let at = 0
        while (at < chunk.length) at += chunk.write(`line ${line++}: the quick brown fox\n`, at)
        sent += chunk.length
        yield chunk
      }
    })(),
  )
}

async function main() {
  const file = process.argv[2]
  const source = () => (file ? fs.createReadStream(file) : generated(8 * 1024 * 1024))
  const hashOf = async (stream) => {
    const hash = createHash('sha256')
    await pipeline(stream, new Writable({ write: (c, e, cb) => (hash.update(c), cb()) }))
    return hash.digest('hex')
  }

  const encrypted = createCounter()
  const decrypted = createCounter()
  const hash = createHash('sha256')
  const start = process.hrtime.bigint()
  await pipeline(
    source(),
    createTransform('xor', { key: 'lab-secret' }),
    encrypted,
    createTransform('xor', { key: 'lab-secret' }),
    decrypted,
    new Writable({ write: (chunk, encoding, callback) => (hash.update(chunk), callback()) }),
  )
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const roundTripOk = hash.digest('hex') === (await hashOf(source()))
  console.log(`source: ${file || '8 MiB of generated lines'}`)
  console.log(`  xor -> count -> xor -> count, in place, in ${ms.toFixed(1)} ms`)
  console.log(`  lines: ${decrypted.totals.lines}, round trip identical: ${roundTripOk}`)
  if (!roundTripOk || encrypted.totals.bytes !== decrypted.totals.bytes) process.exit(1)
  console.log(`Byte count = ${decrypted.totals.bytes}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
