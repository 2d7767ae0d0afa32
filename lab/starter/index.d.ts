/** Exercise 1: zlib's Adler-32 checksum of the bytes (read, not copied). */
export declare function adler32(data: Buffer): number
/** Exercise 2: ROT13 of every ASCII letter, in the caller's Buffer. */
export declare function rot13InPlace(buf: Buffer): void
/** Exercise 3: the number of primes below `limit`, counted on the libuv pool. */
export declare function countPrimes(limit: number): Promise<number>
/** Exercise 4: a named tally kept in Rust. */
export declare class Tally {
  constructor(name: string)
  add(step?: number): number
  reset(): void
  readonly total: number
  readonly name: string
}
