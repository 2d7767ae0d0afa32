'use strict'
// A separate instance of one of this package's modules, for a reference twin.
//
// Why: V8 keeps type feedback (what each property load and call site has seen) per function in
// the source. A twin and its native class are made by the same `define*` function of lib/, so
// with one module instance their methods share that feedback: each sees the other's objects and
// backend functions, turns polymorphic, and a side-by-side benchmark times both slower than
// either runs in a program of its own (measured on LruCache.get: native 88-90 ns in a process
// where the twin had been used, 82-83 with the twin from its own instance, 81-82 alone).
// Compiling the module again, from a source that differs by a trailing comment, gives the twin
// functions of its own.

const fs = require('node:fs')
const path = require('node:path')
const vm = require('node:vm')
const { createRequire } = require('node:module')

/** lib/<name>.js as `require` would give it, compiled anew for `tag` (shared with no other). */
function ownInstanceOf(name, tag) {
  const filename = path.join(__dirname, `${name}.js`)
  const source = `${fs.readFileSync(filename, 'utf8')}\n// own instance: ${tag}\n`
  const body = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename })
  const module = { exports: {} }
  body.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename))
  return module.exports
}

module.exports = { ownInstanceOf }
