//! Reading one JS argument without allocating, with the project's rules for what a number means.
//!
//! Node-API's own integer getters convert silently (`napi_get_value_uint32(-1)` is 4294967295,
//! `1.5` becomes 1). Here every integer is read as a double and checked, so a wrong value is a
//! `RangeError`, never a silently different number. The same readers serve the napi-rs layer
//! (through [`JsValue::from_unknown`]) so both entry points reject bad input identically.

use std::marker::PhantomData;

use napi::{sys, JsValue as _, Unknown};

use crate::error::{describe_received, NativeError, NativeResult};

pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// JS `typeof`, with `null` apart as Node-API reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsType {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    Object,
    Function,
    External,
    BigInt,
}

/// One JS value borrowed for the duration of a call.
#[derive(Clone, Copy)]
pub struct JsValue<'call> {
    env: sys::napi_env,
    raw: sys::napi_value,
    _call: PhantomData<&'call ()>,
}

impl<'call> JsValue<'call> {
    /// # Safety
    /// `env` and `raw` must be valid for the whole of `'call` (the current callback).
    pub(crate) unsafe fn from_raw(env: sys::napi_env, raw: sys::napi_value) -> Self {
        Self {
            env,
            raw,
            _call: PhantomData,
        }
    }

    /// For `#[napi]` functions that take an `Unknown` so that they validate like the fast path.
    pub fn from_unknown(value: &'call Unknown<'_>) -> Self {
        let value = value.value();
        // SAFETY: an `Unknown` holds a value and env that napi-rs keeps valid while it is borrowed.
        unsafe { Self::from_raw(value.env, value.value) }
    }

    pub(crate) fn raw(&self) -> sys::napi_value {
        self.raw
    }

    pub(crate) fn env(&self) -> sys::napi_env {
        self.env
    }

    pub fn js_type(&self) -> JsType {
        let mut value_type = 0;
        // SAFETY: env and value are valid for the call; the out-pointer is a local.
        unsafe { sys::napi_typeof(self.env, self.raw, &mut value_type) };
        match value_type {
            sys::ValueType::napi_undefined => JsType::Undefined,
            sys::ValueType::napi_null => JsType::Null,
            sys::ValueType::napi_boolean => JsType::Boolean,
            sys::ValueType::napi_number => JsType::Number,
            sys::ValueType::napi_string => JsType::String,
            sys::ValueType::napi_symbol => JsType::Symbol,
            sys::ValueType::napi_function => JsType::Function,
            sys::ValueType::napi_external => JsType::External,
            sys::ValueType::napi_bigint => JsType::BigInt,
            _ => JsType::Object,
        }
    }

    pub fn is_undefined(&self) -> bool {
        self.js_type() == JsType::Undefined
    }

    /// The "Received ..." part of a Node-style message for this value.
    pub fn describe(&self) -> String {
        describe_received(self.env, self.raw)
    }

    pub fn type_error(&self, name: &str, expected: &str) -> NativeError {
        NativeError::invalid_arg_type(name, expected, &self.describe())
    }

    pub fn f64(&self, name: &str) -> NativeResult<f64> {
        let mut value = 0f64;
        // SAFETY: env and value are valid for the call; the out-pointer is a local.
        let status = unsafe { sys::napi_get_value_double(self.env, self.raw, &mut value) };
        if status == sys::Status::napi_ok {
            Ok(value)
        } else {
            Err(self.type_error(name, "of type number"))
        }
    }

    pub fn bool(&self, name: &str) -> NativeResult<bool> {
        let mut value = false;
        // SAFETY: env and value are valid for the call; the out-pointer is a local.
        let status = unsafe { sys::napi_get_value_bool(self.env, self.raw, &mut value) };
        if status == sys::Status::napi_ok {
            Ok(value)
        } else {
            Err(self.type_error(name, "of type boolean"))
        }
    }

    /// `undefined` as `None`, else a boolean (an optional flag argument).
    pub fn optional_bool(&self, name: &str) -> NativeResult<Option<bool>> {
        if self.is_undefined() {
            Ok(None)
        } else {
            self.bool(name).map(Some)
        }
    }

    pub fn u32(&self, name: &str) -> NativeResult<u32> {
        number_to_u32(self.f64(name)?, name)
    }

    pub fn i32(&self, name: &str) -> NativeResult<i32> {
        number_to_i32(self.f64(name)?, name)
    }

    /// A number that is an integer within +-(2^53 - 1), as `Number.isSafeInteger` accepts.
    pub fn safe_integer(&self, name: &str) -> NativeResult<i64> {
        number_to_safe_integer(self.f64(name)?, name)
    }

    /// A BigInt that fits in i64 without loss.
    pub fn bigint_i64(&self, name: &str) -> NativeResult<i64> {
        let mut value = 0i64;
        let mut lossless = false;
        // SAFETY: env and value are valid for the call; out-pointers are locals.
        let status = unsafe {
            sys::napi_get_value_bigint_int64(self.env, self.raw, &mut value, &mut lossless)
        };
        if status != sys::Status::napi_ok {
            return Err(self.type_error(name, "of type bigint"));
        }
        if !lossless {
            return Err(NativeError::out_of_range(
                name,
                ">= -(2n ** 63n) and < 2n ** 63n",
                "a BigInt outside that range",
            ));
        }
        Ok(value)
    }

    /// A BigInt that fits in u64 without loss.
    pub fn bigint_u64(&self, name: &str) -> NativeResult<u64> {
        let mut value = 0u64;
        let mut lossless = false;
        // SAFETY: env and value are valid for the call; out-pointers are locals.
        let status = unsafe {
            sys::napi_get_value_bigint_uint64(self.env, self.raw, &mut value, &mut lossless)
        };
        if status != sys::Status::napi_ok {
            return Err(self.type_error(name, "of type bigint"));
        }
        if !lossless {
            return Err(NativeError::out_of_range(
                name,
                ">= 0n and < 2n ** 64n",
                "a BigInt outside that range",
            ));
        }
        Ok(value)
    }
}

// The checks round-trip through the integer type instead of calling `fract()`: without SSE4.1
// `fract` is a libm call, which was 7% of a hot call. `as` saturates and maps NaN to 0, so any
// value that is not exactly representable fails the comparison.

pub fn number_to_u32(value: f64, name: &str) -> NativeResult<u32> {
    let n = value as u32;
    if f64::from(n) == value {
        Ok(n)
    } else {
        Err(integer_range_error(value, name, ">= 0 && <= 4294967295"))
    }
}

pub fn number_to_i32(value: f64, name: &str) -> NativeResult<i32> {
    let n = value as i32;
    if f64::from(n) == value {
        Ok(n)
    } else {
        Err(integer_range_error(
            value,
            name,
            ">= -2147483648 && <= 2147483647",
        ))
    }
}

pub fn number_to_safe_integer(value: f64, name: &str) -> NativeResult<i64> {
    let n = value as i64;
    if n as f64 == value && (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&value) {
        Ok(n)
    } else {
        Err(integer_range_error(
            value,
            name,
            ">= -9007199254740991 && <= 9007199254740991",
        ))
    }
}

/// Node says "It must be an integer" for fractions and NaN, and gives the bounds otherwise.
#[cold]
fn integer_range_error(value: f64, name: &str, bounds: &str) -> NativeError {
    let shown = crate::error::format_js_number(value);
    if value.is_finite() && value.fract() != 0.0 || value.is_nan() {
        NativeError::out_of_range(name, "an integer", shown)
    } else {
        NativeError::out_of_range(name, bounds, shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn u32_accepts_exact_integers_only() {
        assert_eq!(number_to_u32(0.0, "x"), Ok(0));
        assert_eq!(number_to_u32(4_294_967_295.0, "x"), Ok(u32::MAX));
        assert_eq!(number_to_u32(-0.0, "x"), Ok(0));
        for bad in [-1.0, 4_294_967_296.0, 1.5, f64::NAN, f64::INFINITY] {
            let err = number_to_u32(bad, "x").unwrap_err();
            assert_eq!(err.kind, ErrorKind::Range);
            assert_eq!(err.code, "ERR_OUT_OF_RANGE");
        }
        assert!(number_to_u32(1.5, "x")
            .unwrap_err()
            .message
            .contains("It must be an integer. Received 1.5"));
        assert!(number_to_u32(-1.0, "x")
            .unwrap_err()
            .message
            .contains("It must be >= 0 && <= 4294967295. Received -1"));
    }

    #[test]
    fn i32_and_safe_integer_bounds() {
        assert_eq!(number_to_i32(-2_147_483_648.0, "x"), Ok(i32::MIN));
        assert!(number_to_i32(2_147_483_648.0, "x").is_err());
        assert_eq!(
            number_to_safe_integer(MAX_SAFE_INTEGER, "x"),
            Ok(9_007_199_254_740_991)
        );
        assert_eq!(
            number_to_safe_integer(-MAX_SAFE_INTEGER, "x"),
            Ok(-9_007_199_254_740_991)
        );
        assert!(number_to_safe_integer(MAX_SAFE_INTEGER + 1.0, "x").is_err());
        assert!(number_to_safe_integer(0.25, "x").is_err());
    }
}
