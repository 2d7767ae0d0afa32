//! In-place byte transforms over Buffers/TypedArrays: XOR with a repeating key, a 256-byte map,
//! ASCII case, and byte/line/histogram counts.
//!
//! Sync calls go through the fast path and borrow the caller's memory (no copy); above
//! `PARALLEL_THRESHOLD` bytes the work is split over rayon's threads. Async calls are napi-rs
//! tasks on the libuv pool that work on the same memory in place: the caller must not touch the
//! buffer until the promise settles, and the JS wrapper marks the buffer untransferable so it
//! cannot be detached under the task (lib/transform.js).

mod byte_map;
mod counting;
mod split;
mod xor;

use napi::bindgen_prelude::{AsyncTask, Either, Float64Array, Uint8Array};
use napi::{Env, Result, Task};
use napi_derive::napi;

use crate::error::{NativeError, NativeResult};
use crate::fast_path::{exact_len, Call, Ret};
use crate::parallel::Parallel;

/// Below this many bytes one thread is faster than splitting: waking a rayon worker costs ~20 µs
/// here, as much as XORing ~1.5 MiB on one core (AVX-512, ~80 GB/s in cache). Measured break-even
/// on 2 cores: 2-4 MiB (1 MiB: 80 vs 46 GB/s; 4 MiB: 79 vs 88; 16 MiB: 70 vs 130).
pub const PARALLEL_THRESHOLD: usize = 4 * 1024 * 1024;

crate::hot_functions!(pub const HOT = [
    c"transformXor" => xor_in_place,
    c"transformMap" => map_in_place,
    c"transformUpper" => upper_in_place,
    c"transformLower" => lower_in_place,
    c"transformCount" => count_bytes,
    c"transformHistogramInto" => histogram_into,
    c"transformCheck" => check_view,
    c"transformParallelThreshold" => parallel_threshold,
]);

/// Argument `index`: whether to split a buffer of `len` bytes over rayon's threads.
fn parallel(call: &Call, index: usize, len: usize) -> NativeResult<bool> {
    Ok(Parallel::arg(call, index)?.splits(len, PARALLEL_THRESHOLD))
}

fn key_offset(call: &Call, index: usize) -> NativeResult<u64> {
    let value = call.arg(index);
    if value.is_undefined() {
        return Ok(0);
    }
    let offset = value.safe_integer("keyOffset")?;
    u64::try_from(offset)
        .map_err(|_| NativeError::out_of_range("keyOffset", ">= 0 && <= 9007199254740991", offset))
}

fn key_bytes(call: &Call, index: usize) -> NativeResult<Vec<u8>> {
    let key = call.bytes(index, "key")?;
    if key.is_empty() {
        return Err(NativeError::out_of_range("key.byteLength", ">= 1", 0));
    }
    Ok(key.to_vec())
}

fn table(call: &Call, index: usize) -> NativeResult<byte_map::Table> {
    let bytes = call.bytes(index, "table")?;
    <byte_map::Table>::try_from(bytes)
        .map_err(|_| NativeError::out_of_range("table.byteLength", "256", bytes.len()))
}

fn byte_value(call: &Call, index: usize) -> NativeResult<u8> {
    let value = call.arg(index).u32("byte")?;
    u8::try_from(value).map_err(|_| NativeError::out_of_range("byte", ">= 0 && <= 255", value))
}

/// `transformXor(buf, key, keyOffset?, parallel?)`: the key is copied first, so a key that
/// overlaps the buffer is read before anything is written.
fn xor_in_place(call: &mut Call) -> NativeResult<Ret> {
    let key = key_bytes(call, 1)?;
    let offset = key_offset(call, 2)?;
    let len = call.bytes(0, "buffer")?.len();
    let parallel = parallel(call, 3, len)?;
    let buf = call.bytes_mut(0, "buffer")?;
    if parallel {
        xor::xor_parallel(buf, &key, offset);
    } else {
        xor::xor(buf, &key, offset);
    }
    Ok(Ret::Arg(0))
}

fn map_in_place(call: &mut Call) -> NativeResult<Ret> {
    let table = table(call, 1)?;
    let len = call.bytes(0, "buffer")?.len();
    let parallel = parallel(call, 2, len)?;
    let buf = call.bytes_mut(0, "buffer")?;
    if parallel {
        byte_map::map_bytes_parallel(buf, &table);
    } else {
        byte_map::map_bytes(buf, &table);
    }
    Ok(Ret::Arg(0))
}

fn change_case(call: &mut Call, upper: bool) -> NativeResult<Ret> {
    let len = call.bytes(0, "buffer")?.len();
    let parallel = parallel(call, 1, len)?;
    let buf = call.bytes_mut(0, "buffer")?;
    match (parallel, upper) {
        (true, _) => byte_map::case_parallel(buf, upper),
        (false, true) => byte_map::to_upper_ascii(buf),
        (false, false) => byte_map::to_lower_ascii(buf),
    }
    Ok(Ret::Arg(0))
}

fn upper_in_place(call: &mut Call) -> NativeResult<Ret> {
    change_case(call, true)
}

fn lower_in_place(call: &mut Call) -> NativeResult<Ret> {
    change_case(call, false)
}

fn count_bytes(call: &mut Call) -> NativeResult<Ret> {
    let value = byte_value(call, 1)?;
    let buf = call.bytes(0, "buffer")?;
    let count = if parallel(call, 2, buf.len())? {
        counting::count_byte_parallel(buf, value)
    } else {
        counting::count_byte(buf, value)
    };
    Ok(Ret::F64(count as f64))
}

/// `transformHistogramInto(buf, out: Float64Array(256), parallel?)`: the output is allocated in JS.
fn histogram_into(call: &mut Call) -> NativeResult<Ret> {
    let buf = call.bytes(0, "buffer")?;
    let counts = if parallel(call, 2, buf.len())? {
        counting::histogram_parallel(buf)
    } else {
        counting::histogram(buf)
    };
    let out = exact_len(call.typed_mut::<f64>(1, "out")?, 256, "out.length")?;
    for (slot, count) in out.iter_mut().zip(counts) {
        *slot = count as f64;
    }
    Ok(Ret::Arg(1))
}

/// Validates a buffer argument (type, detached) for the async wrappers, before a task starts.
fn check_view(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::F64(call.bytes(0, "buffer")?.len() as f64))
}

fn parallel_threshold(_: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::F64(PARALLEL_THRESHOLD as f64))
}

/// What an async transform does; everything but the buffer is copied in when the call is made.
pub enum TransformOp {
    Xor { key: Vec<u8>, offset: u64 },
    Map(Box<byte_map::Table>),
    Upper,
    Lower,
    Count(u8),
    Histogram,
}

pub enum TransformOutput {
    InPlace,
    Count(u64),
    Histogram(Box<[u64; 256]>),
}

pub struct TransformTask {
    buffer: Uint8Array,
    op: TransformOp,
}

impl Task for TransformTask {
    type Output = TransformOutput;
    type JsValue = Either<f64, Float64Array>;

    fn compute(&mut self) -> Result<Self::Output> {
        crate::error::guard_compute(|| self.compute_now())
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        self.resolve_now(env, output)
    }
}

impl TransformTask {
    fn compute_now(&mut self) -> Result<TransformOutput> {
        // SAFETY: the buffer is kept alive by the task's reference; the JS wrapper documents that
        // the caller must not touch it until the promise settles and marks its ArrayBuffer
        // untransferable, so it cannot be detached while this runs.
        let buf = unsafe { self.buffer.as_mut() };
        let parallel = buf.len() >= PARALLEL_THRESHOLD;
        Ok(match &self.op {
            TransformOp::Xor { key, offset } if parallel => {
                xor::xor_parallel(buf, key, *offset);
                TransformOutput::InPlace
            }
            TransformOp::Xor { key, offset } => {
                xor::xor(buf, key, *offset);
                TransformOutput::InPlace
            }
            TransformOp::Map(table) if parallel => {
                byte_map::map_bytes_parallel(buf, table);
                TransformOutput::InPlace
            }
            TransformOp::Map(table) => {
                byte_map::map_bytes(buf, table);
                TransformOutput::InPlace
            }
            TransformOp::Upper | TransformOp::Lower => {
                let upper = matches!(self.op, TransformOp::Upper);
                if parallel {
                    byte_map::case_parallel(buf, upper);
                } else if upper {
                    byte_map::to_upper_ascii(buf);
                } else {
                    byte_map::to_lower_ascii(buf);
                }
                TransformOutput::InPlace
            }
            TransformOp::Count(value) if parallel => {
                TransformOutput::Count(counting::count_byte_parallel(buf, *value))
            }
            TransformOp::Count(value) => TransformOutput::Count(counting::count_byte(buf, *value)),
            TransformOp::Histogram if parallel => {
                TransformOutput::Histogram(Box::new(counting::histogram_parallel(buf)))
            }
            TransformOp::Histogram => {
                TransformOutput::Histogram(Box::new(counting::histogram(buf)))
            }
        })
    }

    fn resolve_now(
        &mut self,
        _env: Env,
        output: TransformOutput,
    ) -> Result<Either<f64, Float64Array>> {
        Ok(match output {
            TransformOutput::InPlace => Either::A(self.buffer.len() as f64),
            TransformOutput::Count(n) => Either::A(n as f64),
            TransformOutput::Histogram(counts) => Either::B(Float64Array::new(
                counts.iter().map(|&c| c as f64).collect(),
            )),
        })
    }
}

fn task(buffer: Uint8Array, op: TransformOp) -> AsyncTask<TransformTask> {
    AsyncTask::new(TransformTask { buffer, op })
}

fn check_key(env: &Env, key: &[u8]) -> Result<()> {
    if key.is_empty() {
        return Err(NativeError::out_of_range("key.byteLength", ">= 1", 0).throw(env));
    }
    Ok(())
}

/// Async XOR; arguments are validated by the JS wrapper and re-checked where memory safety needs it.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn transform_xor_async(
    env: Env,
    buffer: Uint8Array,
    key: Uint8Array,
    key_offset: f64,
) -> Result<AsyncTask<TransformTask>> {
    check_key(&env, &key)?;
    let offset = crate::fast_path::number_to_safe_integer(key_offset, "keyOffset")
        .and_then(|o| {
            u64::try_from(o).map_err(|_| NativeError::out_of_range("keyOffset", ">= 0", o))
        })
        .map_err(|e| e.throw(&env))?;
    Ok(task(
        buffer,
        TransformOp::Xor {
            key: key.to_vec(),
            offset,
        },
    ))
}

#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn transform_map_async(
    env: Env,
    buffer: Uint8Array,
    table: Uint8Array,
) -> Result<AsyncTask<TransformTask>> {
    let table = <byte_map::Table>::try_from(&table[..]).map_err(|_| {
        NativeError::out_of_range("table.byteLength", "256", table.len()).throw(&env)
    })?;
    Ok(task(buffer, TransformOp::Map(Box::new(table))))
}

#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn transform_case_async(buffer: Uint8Array, upper: bool) -> AsyncTask<TransformTask> {
    task(
        buffer,
        if upper {
            TransformOp::Upper
        } else {
            TransformOp::Lower
        },
    )
}

#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn transform_count_async(
    env: Env,
    buffer: Uint8Array,
    byte: u32,
) -> Result<AsyncTask<TransformTask>> {
    let value = u8::try_from(byte)
        .map_err(|_| NativeError::out_of_range("byte", ">= 0 && <= 255", byte).throw(&env))?;
    Ok(task(buffer, TransformOp::Count(value)))
}

#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn transform_histogram_async(buffer: Uint8Array) -> AsyncTask<TransformTask> {
    task(buffer, TransformOp::Histogram)
}
