'use strict'
// The `parallel` option of the calls that can split one large buffer over threads (transforms,
// AES-GCM): 'auto' (default: split from a size threshold up), true (always), false (never),
// passed to the native side as 0, 2, 1.

const { invalidArgType } = require('./errors.js')

const PARALLEL = { auto: 0, false: 1, true: 2 }

function parallelMode(options) {
  if (options === undefined) return 0
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options)
  const { parallel = 'auto' } = options
  if (parallel !== 'auto' && typeof parallel !== 'boolean') {
    throw invalidArgType('options.parallel', "one of 'auto', true, false", parallel)
  }
  return PARALLEL[String(parallel)]
}

module.exports = { parallelMode }
