//! The fast path: hand-written Node-API callbacks for per-item hot calls, behind safe helpers.
//!
//! ## Why it exists
//! A `#[napi]` function costs ~130 ns for one u32 and a `#[napi]` class method ~350 ns on this
//! project's machines, against ~20-40 ns for a hand-written Node-API callback. For bulk work
//! (bytes, crypto, batches) that is noise; for a cache `get`, a ring lookup or a counter `add`
//! called in a JS loop it is the whole cost. Hot per-item calls therefore come through here, and
//! `bench/boundary` keeps the claim honest against the hand-written floor.
//!
//! ## How a piece uses it
//! A piece writes plain functions `fn(&mut Call) -> NativeResult<Ret>` and lists them with
//! [`hot_functions!`](crate::hot_functions), which generates one Node-API callback per function
//! (so each body is inlined into its own callback: no indirect call, no result in memory);
//! `src/hot_exports.rs` registers every piece's list on each env's exports. The piece never
//! writes `unsafe`:
//! - arguments: [`Call::arg`] gives a [`JsValue`] with strict readers (`u32`, `i32`, `f64`,
//!   `safe_integer`, `bigint_i64`, `bigint_u64`, `bool`, and `with_utf16`/`with_utf8`, which
//!   lend a string's contents from stack memory);
//! - memory: [`Call::bytes`] / [`Call::bytes_mut`] borrow a Buffer/TypedArray/DataView in place
//!   (SharedArrayBuffer included); [`Call::atomic_i64_cells`] views memory other threads change,
//!   and [`Call::pin_shared_i64_cells`] keeps such memory alive inside a handle so later calls
//!   skip re-reading the TypedArray;
//! - objects: [`Call::new_handle`] / [`Call::handle`] / [`Call::free_handle`] keep Rust objects in
//!   a per-env [`handles::HandleTable`] addressed by a number; the JS wrapper class holds that
//!   number in a private field and frees it via `FinalizationRegistry` or an explicit `close()`;
//! - results: [`Ret`] covers the cheap JS values (undefined costs nothing, numbers one call);
//!   strings, Buffers, ArrayBuffers and Arrays that only Rust holds are made during the call
//!   (`Call::make_*`) and returned as [`Ret::Made`];
//! - errors: return a [`crate::error::NativeError`]; it is thrown with its class and `code`
//!   exactly as the napi-rs layer throws it. A panic becomes an `ERR_NATIVE_PANIC` Error.
//!
//! ## The JS side of the pattern
//! - Outputs are allocated in JS (`Buffer.allocUnsafe`) and filled natively by `...Into`
//!   functions; the friendly API that returns a fresh Buffer is a JS wrapper over the `Into` one.
//! - Where a result is one of a known set of strings (a ring's server names), native returns an
//!   index and the JS wrapper keeps the array, so no string crosses the boundary.
//! - Per-item methods are thin JS methods calling a hot function with the object's handle;
//!   V8 inlines the JS method, so the cost is the Node-API call itself.
//!
//! ## Threads
//! Each env (main thread, each worker) registers its own functions and owns its own handle
//! table, freed by the env's cleanup hook. Nothing here is shared between envs; a piece that
//! shares state across workers does it on purpose, with `Arc`s in a process-wide registry.

mod call;
mod env_state;
pub mod handles;
mod pinned;
mod string_key;
mod value;

pub use call::{exact_len, Call, Ret};
pub use env_state::{dispatch, register, HotFn};
pub use pinned::PinnedI64Cells;
pub use string_key::{split_joined, utf16_to_utf8, INLINE_UNITS};

crate::hot_functions!(pub const HOT = [c"handleRelease" => release_handle]);

/// `handleRelease(handle)`: frees any handle (the GC and `close()` path of every JS wrapper);
/// false if it was not live, so a double free is harmless.
fn release_handle(call: &mut Call) -> crate::error::NativeResult<Ret> {
    Ok(Ret::Bool(call.free_handle(0)?))
}

/// Declares a piece's hot functions: `hot_functions!(pub const HOT = ["jsName" => body, ...]);`
/// where each body is a `fn(&mut Call) -> NativeResult<Ret>`.
#[macro_export]
macro_rules! hot_functions {
    ($vis:vis const $list:ident = [$($js_name:literal => $body:path),* $(,)?]) => {
        $vis const $list: &[$crate::fast_path::HotFn] = &[$(
            $crate::fast_path::HotFn {
                name: $js_name,
                callback: {
                    unsafe extern "C" fn callback(
                        env: ::napi::sys::napi_env,
                        info: ::napi::sys::napi_callback_info,
                    ) -> ::napi::sys::napi_value {
                        // SAFETY: `register` creates this callback with this env's state as data.
                        unsafe { $crate::fast_path::dispatch(env, info, $body) }
                    }
                    callback
                },
            }
        ),*];
    };
}
pub use value::{number_to_safe_integer, JsType, JsValue};
