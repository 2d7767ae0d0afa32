//! Shared memory kept alive by a native object, so hot calls reach it without re-reading a
//! TypedArray on every call.
//!
//! Why: `napi_get_typedarray_info` walks V8's eleven `Is...Array` checks to report the element
//! type, which made a counter `add` that passed its BigInt64Array each time cost ~4.6x the
//! Node-API floor. A pinned view is resolved once; after that a call costs a handle lookup.
//!
//! Safety rests on two facts: a strong `napi_ref` keeps the SharedArrayBuffer (and so its backing
//! store) alive until the pin is dropped, and a SharedArrayBuffer can never be detached or
//! shrunk. Plain ArrayBuffers can be detached (transferred), so they are refused here.

use std::sync::atomic::AtomicI64;

use napi::sys;

use super::call::Call;
use crate::error::{NativeError, NativeResult};

/// A BigInt64Array over a SharedArrayBuffer, pinned for as long as this value lives. Dropped only
/// on its env's thread (it lives in that env's handle table), which `napi_delete_reference` needs.
pub struct PinnedI64Cells {
    env: sys::napi_env,
    reference: sys::napi_ref,
    data: *const AtomicI64,
    len: usize,
}

impl PinnedI64Cells {
    pub fn cells(&self) -> &[AtomicI64] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `data` points at `len` 8-byte-aligned i64 slots of a SharedArrayBuffer that the
        // strong reference keeps alive and that can never be detached or shrink; atomic access
        // makes concurrent writers (other threads, JS Atomics) sound.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

impl Drop for PinnedI64Cells {
    fn drop(&mut self) {
        // SAFETY: the reference was created on `env`, and this runs on that env's thread: from a
        // hot call that frees the handle, or from the env's cleanup hook, which Node runs before
        // it tears down the env's references (hooks run last-registered first).
        unsafe { sys::napi_delete_reference(self.env, self.reference) };
    }
}

impl Call<'_> {
    /// Pins the `BigInt64Array`/`BigUint64Array` at argument `index`, which must be backed by a
    /// SharedArrayBuffer.
    pub fn pin_shared_i64_cells(&self, index: usize, name: &str) -> NativeResult<PinnedI64Cells> {
        let len = self.atomic_i64_cells(index, name)?.len();
        let value = self.arg(index);
        let mut data = std::ptr::null_mut();
        let mut array_buffer = std::ptr::null_mut();
        let mut is_plain_array_buffer = false;
        let mut reference = std::ptr::null_mut();
        // SAFETY: env and value are valid for this call (the argument was just checked to be a
        // BigInt64Array/BigUint64Array); every out-pointer is a local.
        unsafe {
            sys::napi_get_typedarray_info(
                self.env(),
                value.raw(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut data,
                &mut array_buffer,
                std::ptr::null_mut(),
            );
            // A typed array's buffer is an ArrayBuffer or a SharedArrayBuffer; Node-API 8 can only
            // recognise the former, so "not an ArrayBuffer" means shared.
            sys::napi_is_arraybuffer(self.env(), array_buffer, &mut is_plain_array_buffer);
        }
        if is_plain_array_buffer {
            return Err(NativeError::new(
                crate::error::ErrorKind::Type,
                "ERR_INVALID_ARG_VALUE",
                format!("The argument '{name}' must be backed by a SharedArrayBuffer (an ArrayBuffer can be detached)"),
            ));
        }
        // SAFETY: as above; a strong reference (count 1) to the typed array keeps its buffer alive.
        let status =
            unsafe { sys::napi_create_reference(self.env(), value.raw(), 1, &mut reference) };
        if status != sys::Status::napi_ok {
            return Err(NativeError::new(
                crate::error::ErrorKind::Operation,
                "ERR_NATIVE_REFERENCE",
                "could not keep the shared memory alive (napi_create_reference failed)",
            ));
        }
        Ok(PinnedI64Cells {
            env: self.env(),
            reference,
            data: data.cast::<AtomicI64>().cast_const(),
            len,
        })
    }
}
