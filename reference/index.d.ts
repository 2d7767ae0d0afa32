// `architect-native/reference`: every pure-JS twin, typed as the native package's pieces.
export * from './counter.js'
export * from './crypto.js'
export * from './hash_ring.js'
export * from './lru.js'
export * from './transform.js'
