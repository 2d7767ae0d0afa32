//! The probes as napi-rs writes them by default: what a crate pays without the fast path.

use napi::bindgen_prelude::{Buffer, BufferSlice};
use napi::{Env, Result, Unknown};
use napi_derive::napi;

use super::{byte_sum, fill_pattern};
use crate::fast_path::JsValue;

#[napi]
pub fn probe_napi_noop() {}

#[napi]
pub fn probe_napi_u32(value: u32) -> u32 {
    value.wrapping_add(1)
}

#[napi]
pub fn probe_napi_str(key: String) -> u32 {
    key.len() as u32
}

#[napi]
pub fn probe_napi_bytes(bytes: &[u8]) -> u32 {
    byte_sum(bytes)
}

#[napi]
pub fn probe_napi_new_buffer() -> Buffer {
    let mut out = vec![0u8; 16];
    fill_pattern(&mut out);
    out.into()
}

#[napi]
pub fn probe_napi_fill(mut out: BufferSlice) {
    fill_pattern(&mut out);
}

/// The project's way of writing a validating `#[napi]` function: an `Unknown` read through the
/// same readers as the fast path, so both reject bad input with the same class, code and text.
#[napi]
pub fn probe_napi_checked_u32(env: Env, value: Unknown) -> Result<u32> {
    let value = JsValue::from_unknown(&value)
        .u32("value")
        .map_err(|e| e.throw(&env))?;
    Ok(value.wrapping_add(1))
}

#[napi]
pub fn probe_napi_checked_str(env: Env, key: Unknown) -> Result<u32> {
    JsValue::from_unknown(&key)
        .with_utf8("key", |bytes| bytes.len() as u32)
        .map_err(|e| e.throw(&env))
}

/// A napi-rs class: its methods pay for `napi_unwrap` and napi-rs's `this` checks on each call.
#[napi]
pub struct ProbeObject {
    count: u32,
}

#[napi]
impl ProbeObject {
    #[napi(constructor)]
    pub fn new(initial: Option<u32>) -> Self {
        Self {
            count: initial.unwrap_or(0),
        }
    }

    #[napi]
    pub fn noop(&self) {}

    #[napi]
    pub fn plus_one(&self, value: u32) -> u32 {
        value.wrapping_add(1)
    }

    #[napi]
    pub fn add(&mut self, value: u32) -> u32 {
        self.count = self.count.wrapping_add(value);
        self.count
    }
}
