'use strict'
// Zipf-distributed user ids: rank r is drawn with probability proportional to 1 / r^s, and
// ranks are scattered over the id space (a multiplicative permutation) so the hot users are
// not all neighbours on one shard.
function createZipf(n, s = 1, random = Math.random) {
  if (n > 3_000_000) throw new RangeError('createZipf keeps ids exact up to 3,000,000 users')
  const cdf = new Float64Array(n)
  let sum = 0
  for (let rank = 1; rank <= n; rank++) cdf[rank - 1] = sum += 1 / Math.pow(rank, s)
  for (let i = 0; i < n; i++) cdf[i] /= sum
  const multiplier = coprimeMultiplier(n)
  return function next() {
    const u = random()
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    // lo * multiplier stays below 2^53 for n up to ~3 million, so the product is exact.
    return (lo * multiplier) % n
  }
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b]
  return a
}

function coprimeMultiplier(n) {
  let m = 2654435761
  while (gcd(m, n) !== 1) m += 2
  return m
}

module.exports = { createZipf }
