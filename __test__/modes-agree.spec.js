'use strict'
// Native piece and JS twin give the same results for the same inputs in every mode a piece has
// (hash modes: hash-ring.spec.js). A backend switch must change speed, never answers.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const native = require('..')
const twin = require('../reference')

const rot13 = Uint8Array.from({ length: 256 }, (_, b) => (b >= 97 && b <= 122 ? ((b - 84) % 26) + 97 : b))

test('transforms: every operation, every parallel mode, native and twin byte for byte', async () => {
  for (const size of [0, 1, 4097, 1 << 20]) {
    const input = crypto.randomBytes(size)
    for (const parallel of [undefined, false, true]) {
      const options = parallel === undefined ? undefined : { parallel }
      const label = `${size} bytes, parallel ${parallel}`
      const run = (impl) => {
        const xored = impl.xorInPlace(Buffer.from(input), 'k3y', 5, options)
        const mapped = impl.mapBytes(Buffer.from(input), rot13, options)
        const upper = impl.toUpperAscii(Buffer.from(input), options)
        const lower = impl.toLowerAscii(Buffer.from(input), options)
        return { xored, mapped, upper, lower, count: impl.countBytes(input, 7, options), lines: impl.countLines(input, options), histogram: [...impl.byteHistogram(input, options)] }
      }
      assert.deepEqual(run(native), run(twin), label)
    }
    const runAsync = async (impl) => ({
      xored: await impl.xorInPlaceAsync(Buffer.from(input), 'k3y', 5),
      mapped: await impl.mapBytesAsync(Buffer.from(input), rot13),
      count: await impl.countBytesAsync(input, 7),
      histogram: [...(await impl.byteHistogramAsync(input))],
    })
    assert.deepEqual(await runAsync(native), await runAsync(twin), `${size} bytes, async`)
  }
})

test('LRU cache: the same answers with each codec and with none', () => {
  const values = {
    none: ['text', 42, true, null, Buffer.from([1, 2, 3]), 'ü€ lone \ud800'],
    json: [{ user: 1, tags: ['a', 'b'] }, [1, 2, 3], 'text', 7],
    v8: [{ when: new Date(0), big: 10n, map: new Map([[1, 'a']]) }, new Set([1, 2]), Buffer.from('bytes'), -0],
  }
  for (const [codec, list] of Object.entries(values)) {
    const run = (impl) => {
      const cache = new impl.LruCache({ max: 3, ...(codec === 'none' ? {} : { codec }) })
      const answers = []
      list.forEach((value, i) => cache.set(`k${i}`, value))
      for (let i = 0; i < list.length; i++) answers.push(cache.get(`k${i}`))
      answers.push([...cache.keys()], cache.size, cache.peek('k0'), cache.has(`k${list.length - 1}`))
      return answers
    }
    assert.deepEqual(run(native), run(twin), `codec ${codec}`)
  }
})

test('counters: the same return values from every operation, Number and BigInt forms, both kinds', () => {
  const runAtomic = (impl) => {
    const c = new impl.AtomicCounter(5)
    return [c.add(3), c.sub(1), c.increment(), c.decrement(), c.exchange(100), c.compareExchange(100, 7), c.compareExchange(1, 2), c.load(), c.store(-9), c.addBig(2n ** 62n), c.loadBig(), c.exchangeBig(-1n), c.compareExchangeBig(-1n, 2n ** 63n - 1n), c.addBig(1n), c.loadBig()]
  }
  assert.deepEqual(runAtomic(native), runAtomic(twin))
  const runStriped = (impl) => {
    const c = new impl.StripedCounter({ cells: 4, cell: 2 })
    c.add(10)
    c.increment()
    c.addMany([1, 2, 3])
    c.incrementMany(5)
    const before = [c.sum(), c.sumBig()]
    c.reset()
    return [...before, c.sum()]
  }
  assert.deepEqual(runStriped(native), runStriped(twin))
})
