'use strict'
// Small helpers shared by the specs.

const assert = require('node:assert/strict')

/** Asserts that `fn` throws an error of class `Ctor` with `code` (and a message matching `message`). */
function assertThrowsCode(fn, Ctor, code, message) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Ctor, `expected ${Ctor.name}, got ${error && error.constructor && error.constructor.name}: ${error && error.message}`)
    assert.equal(error.code, code, `code of: ${error.message}`)
    if (message) assert.match(error.message, message)
    return true
  })
}

/** The class, code and message of what `fn` throws, for comparing two entry points. */
function thrown(fn) {
  try {
    fn()
  } catch (error) {
    return { name: error.constructor.name, code: error.code, message: error.message }
  }
  throw new Error('expected a throw')
}

module.exports = { assertThrowsCode, thrown }
