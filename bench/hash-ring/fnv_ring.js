'use strict'
// A peer for the benchmark: the consistent-hash ring a JS developer writes without native code
// or a crypto hash (FNV-1a 32 with murmur3's finaliser, hashring's layout of 4 points per vnode,
// a sorted Uint32Array and a binary search). Its key -> server map differs from every other
// ring here; it stands for "what plain JS costs with a cheap hash".

function fnv1a32(text) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 127) return fnv1a32Bytes(Buffer.from(text, 'utf8'))
    h = Math.imul(h ^ c, 0x01000193)
  }
  return finish(h)
}

function fnv1a32Bytes(bytes) {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193)
  return finish(h)
}

/** FNV alone spreads similar strings ("s-1", "s-2") badly; murmur3's finaliser fixes that. */
function finish(h) {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

class FnvRing {
  constructor(servers, vnodes = 40) {
    const points = []
    servers.forEach((name, server) => {
      for (let i = 0; i < vnodes; i++) for (let j = 0; j < 4; j++) points.push([fnv1a32(`${name}-${i}-${j}`), server])
    })
    points.sort((a, b) => a[0] - b[0])
    this.values = Uint32Array.from(points, (p) => p[0])
    this.owners = Uint32Array.from(points, (p) => p[1])
    this.servers = servers
  }

  get(key) {
    const { values } = this
    const position = fnv1a32(key)
    let low = 0
    let high = values.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (values[mid] < position) low = mid + 1
      else high = mid
    }
    return this.servers[this.owners[low === values.length ? 0 : low]]
  }
}

module.exports = { FnvRing }
