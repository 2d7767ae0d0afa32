'use strict'
// Loads the binary `npm run build` wrote: lab-starter.<platform>-<arch>[-<abi>].node. (The main
// project's lib/native.js is the full version: libc detection, platform packages, error advice.)
const fs = require('node:fs')
const path = require('node:path')

const prefix = `lab-starter.${process.platform}-${process.arch}`
const found = fs.readdirSync(__dirname).filter((f) => f.startsWith(prefix) && f.endsWith('.node'))
if (found.length === 0) {
  const error = new Error(`No ${prefix}*.node here: build it first with \`npm run build\` in ${__dirname}`)
  error.code = 'ERR_LAB_NOT_BUILT'
  throw error
}
module.exports = require(path.join(__dirname, found[0]))
