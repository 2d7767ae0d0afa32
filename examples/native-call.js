'use strict'
// Native Addons lab, "node index.js native call": JS calls into Rust and prints what answered.
//   node examples/native-call.js
const { buildInfo, boundaryProbes } = require('..')

const info = buildInfo()
console.log('Native Addons lab: calling Rust from Node')
console.log(`  binary        ${info.binaryPath}`)
console.log(`  crate         architect-native ${info.version} (${info.profile})`)
console.log(`  target        ${info.target} (libc: ${info.libc})`)
console.log(`  Node-API      binary needs ${info.napiVersion}, this Node ${process.version} offers ${info.nodeApiVersion}`)
console.log(`  rayon threads ${info.rayonThreads}`)
const features = Object.entries(info.cpuFeatures).map(([name, on]) => `${name}:${on ? 'yes' : 'no'}`)
console.log(`  CPU features  ${features.join(' ')}`)

// What one crossing costs, measured here and now: the reason hot calls use the fast path.
function nsPerCall(fn, calls = 2_000_000) {
  for (let i = 0; i < calls / 10; i++) fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) fn()
  return Number(process.hrtime.bigint() - start) / calls
}
const { fast, napi } = boundaryProbes
const object = new napi.ProbeObject(0)
const fastNs = nsPerCall(() => fast.u32(7))
const napiNs = nsPerCall(() => napi.u32(7))
const classNs = nsPerCall(() => object.plusOne(7))
console.log(`  one u32 call  fast path ${fastNs.toFixed(0)} ns, #[napi] ${napiNs.toFixed(0)} ns, class method ${classNs.toFixed(0)} ns (rough; npm run bench -- boundary for real figures)`)

const answer = fast.u32(41)
console.log(`Native call = ${answer} (Rust computed 41 + 1)`)
