// Compiled with `tsc --noEmit` by __test__/types.spec.js: every public export used as documented.
import native, { buildInfo, boundaryProbes, AtomicCounter, StripedCounter, type BuildInfo } from 'architect-native'

const info: BuildInfo = buildInfo()
const target: string = info.target
const libc: 'glibc' | 'musl' | 'msvc' | 'system' = info.libc
const aes: boolean = info.cpuFeatures.aes
const path: string | null = info.binaryPath

const counter = new boundaryProbes.ProbeCounter(1)
const counted: number = counter.add(2)
const freed: boolean = counter.close()
const filled: Buffer = boundaryProbes.fast.fill(Buffer.alloc(16))
const handle: number = boundaryProbes.fast.newCounter()
boundaryProbes.fast.counterAdd(handle, boundaryProbes.READ.u32)
const sameFunction: typeof buildInfo = native.buildInfo

const atomic = new AtomicCounter(0n)
const old: number = atomic.add(1)
const big: bigint = atomic.addBig(1n)
const shared = AtomicCounter.from(atomic.buffer, atomic.index)
const afterBatch: number = shared.addMany([1, 2, 3])
const striped = StripedCounter.from(new StripedCounter({ cells: 4 }).buffer, { cell: 1 })
striped.incrementMany(10)
const total: number = striped.sum()
// @ts-expect-error: addBig takes a bigint
atomic.addBig(1)
// @ts-expect-error: sum() returns a number, not a bigint
const wrong: bigint = striped.sum()

// @ts-expect-error: add() takes a number
counter.add('1')
// @ts-expect-error: buildInfo takes no argument
buildInfo(1)

export { target, libc, aes, path, counted, total, freed, filled, sameFunction, old, big, afterBatch, wrong }
