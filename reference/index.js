'use strict'
// `require('architect-native/reference')`: every pure-JS twin, in the shape of the native
// package's pieces, so a service switches backends with one line:
//   const impl = process.env.BACKEND === 'js' ? require('architect-native/reference') : require('architect-native')
// (buildInfo, boundaryProbes and parallelThreshold describe the native binary and have no twin.)

const { AtomicCounter, StripedCounter } = require('./counter.js')

module.exports = {
  AtomicCounter,
  StripedCounter,
  ...require('./crypto.js'),
  ...require('./hash_ring.js'),
  ...require('./lru.js'),
  ...require('./transform.js'),
}
