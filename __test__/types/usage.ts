// Compiled with `tsc --noEmit` by __test__/types.spec.js: every public export used as documented.
import native, { buildInfo, boundaryProbes, type BuildInfo } from 'architect-native'

const info: BuildInfo = buildInfo()
const target: string = info.target
const libc: 'glibc' | 'musl' | 'msvc' | 'system' = info.libc
const aes: boolean = info.cpuFeatures.aes
const path: string | null = info.binaryPath

const counter = new boundaryProbes.ProbeCounter(1)
const total: number = counter.add(2)
const freed: boolean = counter.close()
const filled: Buffer = boundaryProbes.fast.fill(Buffer.alloc(16))
const handle: number = boundaryProbes.fast.newCounter()
boundaryProbes.fast.counterAdd(handle, boundaryProbes.READ.u32)
const sameFunction: typeof buildInfo = native.buildInfo

// @ts-expect-error: add() takes a number
counter.add('1')
// @ts-expect-error: buildInfo takes no argument
buildInfo(1)

export { target, libc, aes, path, total, freed, filled, sameFunction }
