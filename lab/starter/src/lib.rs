//! The Native Addons lab: four Rust functions for Node. Each `TODO` is an exercise; the specs in
//! `__test__/` fail until it is done (`npm test`, or `npm run lab:check -- --mine` at the root).
//! Read lab/README.md step 7 first. Worked solutions: lab/solutions/lib.rs.

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// What an unsolved exercise throws, so its spec says which one and what is expected.
fn not_done(exercise: &str, expected: &str) -> Error {
    Error::new(
        Status::GenericFailure,
        format!("TODO {exercise} in lab/starter/src/lib.rs is not done yet: {expected}"),
    )
}

/// Exercise 1, reading a Buffer without copying it: the Adler-32 checksum of `data` (zlib's:
/// a = 1 + sum of bytes, b = sum of the running a's, both mod 65521; result (b << 16) | a).
/// napi-rs hands you the Buffer's bytes as `&[u8]`: no copy crosses the boundary.
#[napi]
pub fn adler32(data: &[u8]) -> Result<u32> {
    // TODO(exercise 1): compute the checksum over `data`.
    let _ = data;
    Err(not_done(
        "exercise 1 (adler32)",
        "return zlib's Adler-32 of the bytes, e.g. adler32(Buffer.from('Wikipedia')) === 0x11e60398",
    ))
}

/// Exercise 2, changing a Buffer in place: ROT13 every ASCII letter of `buf`, leave other bytes.
/// `BufferSlice` is a mutable view of the caller's memory (napi-rs does not accept `&mut [u8]`).
#[napi]
pub fn rot13_in_place(buf: BufferSlice) -> Result<()> {
    // TODO(exercise 2): rotate each letter by 13 in place (A-Z and a-z, wrapping).
    let _ = buf;
    Err(not_done(
        "exercise 2 (rot13InPlace)",
        "change the caller's Buffer in place: 'Hello' becomes 'Uryyb', and nothing is returned",
    ))
}

/// Exercise 3, work off the main thread: count the primes below `limit` on the libuv pool and
/// resolve a Promise with the count; a `limit` above 50,000,000 must reject (say which limit).
pub struct CountPrimes {
    limit: u32,
}

impl Task for CountPrimes {
    type Output = u32;
    type JsValue = u32;

    /// Runs on a libuv worker thread: no JS values here, only Rust data.
    fn compute(&mut self) -> Result<Self::Output> {
        // TODO(exercise 3): a sieve of Eratosthenes over 0..limit; Err(...) for too large a limit.
        let _ = self.limit;
        Err(not_done(
            "exercise 3 (countPrimes)",
            "resolve with the number of primes below limit (countPrimes(100) -> 25) and reject limits above 50,000,000",
        ))
    }

    /// Back on the JS thread: turn the output into the Promise's value.
    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

#[napi(ts_return_type = "Promise<number>")]
pub fn count_primes(limit: u32) -> AsyncTask<CountPrimes> {
    AsyncTask::new(CountPrimes { limit })
}

/// Exercise 4, a class holding Rust state: a tally with a name, counting up by a step.
#[napi]
pub struct Tally {
    name: String,
    // TODO(exercise 4): the state the methods below need.
}

#[napi]
impl Tally {
    #[napi(constructor)]
    pub fn new(name: String) -> Self {
        Tally { name }
    }

    /// Adds `step` (default 1) and returns the new total.
    #[napi]
    pub fn add(&mut self, step: Option<u32>) -> Result<f64> {
        let _ = step;
        Err(not_done(
            "exercise 4 (Tally)",
            "keep a total per instance: new Tally('x').add() -> 1, add(5) -> 6, and reset() sets it to 0",
        ))
    }

    #[napi(getter)]
    pub fn total(&self) -> Result<f64> {
        Err(not_done(
            "exercise 4 (Tally)",
            "the total so far, as add() returned it",
        ))
    }

    #[napi]
    pub fn reset(&mut self) -> Result<()> {
        Err(not_done(
            "exercise 4 (Tally)",
            "reset() sets the total back to 0",
        ))
    }

    #[napi(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }
}
