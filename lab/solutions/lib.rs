//! Worked solutions to the lab's four exercises. `npm run lab:check` copies lab/starter, puts this
//! file in place of its src/lib.rs, builds it and runs the starter's specs. Each comment says
//! why the code is shaped as it is, which is the part worth keeping.

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Exercise 1. `&[u8]` borrows the caller's Buffer for the length of the call: napi-rs reads the
/// pointer and length with `napi_get_buffer_info`, so a 1 GB Buffer costs what a 1 byte one does
/// to hand over. The borrow cannot outlive the call, which is what makes it safe.
#[napi]
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is zlib's NMAX: the most bytes that can be summed before b can overflow a u32, so the
    // (slow) modulo runs once per block instead of once per byte.
    for block in data.chunks(5552) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Exercise 2. `BufferSlice` is a mutable view of the caller's memory (napi-rs refuses
/// `&mut [u8]` as an argument type): writing through it changes the Buffer JS holds, with no copy
/// in or out. Returning nothing makes the in-place contract obvious to the caller.
#[napi]
pub fn rot13_in_place(mut buf: BufferSlice) {
    for byte in buf.iter_mut() {
        *byte = match *byte {
            b'a'..=b'z' => (*byte - b'a' + 13) % 26 + b'a',
            b'A'..=b'Z' => (*byte - b'A' + 13) % 26 + b'A',
            other => other,
        };
    }
}

/// Exercise 3. The task owns everything `compute` needs (a u32), because `compute` runs on a
/// libuv worker thread while JS goes on: it may not touch JS values, and a borrowed Buffer could
/// change or be freed under it. An `Err` from `compute` rejects the Promise with that message.
pub struct CountPrimes {
    limit: u32,
}

const MAX_LIMIT: u32 = 50_000_000;

impl Task for CountPrimes {
    type Output = u32;
    type JsValue = u32;

    fn compute(&mut self) -> Result<Self::Output> {
        if self.limit > MAX_LIMIT {
            // Status::InvalidArg becomes the JS error's `code`; the message names the argument.
            return Err(Error::new(
                Status::InvalidArg,
                format!("limit must be <= {MAX_LIMIT}, got {}", self.limit),
            ));
        }
        let limit = self.limit as usize;
        if limit < 3 {
            return Ok(0);
        }
        // A sieve over 0..limit: one byte per number, 50 MB at the largest allowed limit.
        let mut composite = vec![false; limit];
        let mut count = 0;
        for n in 2..limit {
            if composite[n] {
                continue;
            }
            count += 1;
            for multiple in (n * n..limit).step_by(n) {
                composite[multiple] = true;
            }
        }
        Ok(count)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// Returning `AsyncTask` makes napi-rs queue the task on the libuv pool and hand JS a Promise.
#[napi(ts_return_type = "Promise<number>")]
pub fn count_primes(limit: u32) -> AsyncTask<CountPrimes> {
    AsyncTask::new(CountPrimes { limit })
}

/// Exercise 4. A `#[napi]` struct lives in Rust; JS holds a wrapper object that points at it and
/// frees it when the wrapper is garbage-collected. Each method call crosses the boundary and
/// borrows the struct (`&self`/`&mut self`), so the state needs no locks: one JS thread owns it.
#[napi]
pub struct Tally {
    name: String,
    // f64, not u64: JS numbers are doubles, and a total past 2^53 would be silently rounded.
    total: f64,
}

#[napi]
impl Tally {
    #[napi(constructor)]
    pub fn new(name: String) -> Self {
        Tally { name, total: 0.0 }
    }

    #[napi]
    pub fn add(&mut self, step: Option<u32>) -> f64 {
        self.total += f64::from(step.unwrap_or(1));
        self.total
    }

    #[napi(getter)]
    pub fn total(&self) -> f64 {
        self.total
    }

    #[napi]
    pub fn reset(&mut self) {
        self.total = 0.0;
    }

    #[napi(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }
}
