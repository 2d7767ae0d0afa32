//! The one place where Rust failures become JS errors.
//!
//! The core reports failures as [`NativeError`] (no napi types, so `cargo test` sees them); the
//! napi-rs layer, the fast path and async tasks all turn them into JS errors here, so one bad input
//! gives the same class (`TypeError`/`RangeError`/`Error`), the same Node-style `code` and the same
//! message shape whichever way it entered. Messages follow Node's own wording so that users can
//! grep for them as they would for `node:crypto` errors.

use std::ffi::CString;
use std::fmt;

use napi::{sys, Env};

/// Which JS constructor the error is thrown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Type,
    Range,
    Operation,
}

/// A failure on its way to JS. Boxed so that `NativeResult<T>` stays as small as `T` plus a
/// word: a hot call's `Result<Ret, _>` then travels in registers instead of a 56-byte stack
/// copy per layer, which cost ~5 ns per layer in store-forwarding stalls (measured on LruCache
/// `get`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeError(Box<ErrorDetails>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetails {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub message: String,
}

impl std::ops::Deref for NativeError {
    type Target = ErrorDetails;
    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl std::ops::DerefMut for NativeError {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

pub type NativeResult<T> = Result<T, NativeError>;

impl NativeError {
    #[cold]
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        Self(Box::new(ErrorDetails {
            kind,
            code,
            message: message.into(),
        }))
    }

    /// Node's `ERR_INVALID_ARG_TYPE`; `received` comes from [`describe_received`] or the core's
    /// own description of the value.
    pub fn invalid_arg_type(name: &str, expected: &str, received: &str) -> Self {
        Self::new(
            ErrorKind::Type,
            "ERR_INVALID_ARG_TYPE",
            format!("The \"{name}\" argument must be {expected}. {received}"),
        )
    }

    /// Node's `ERR_OUT_OF_RANGE`; `must` reads like Node's, e.g. `">= 0 && <= 4294967295"`.
    /// Integers beyond 2^32 are shown with `_` separators, as Node shows them.
    pub fn out_of_range(name: &str, must: &str, received: impl fmt::Display) -> Self {
        let received = separate_large_integer(&received.to_string());
        Self::new(
            ErrorKind::Range,
            "ERR_OUT_OF_RANGE",
            format!(
                "The value of \"{name}\" is out of range. It must be {must}. Received {received}"
            ),
        )
    }

    /// A handle that is not one of ours, was freed, or names an object of another type.
    pub fn invalid_handle(name: &str, what: &str) -> Self {
        Self::new(
            ErrorKind::Type,
            "ERR_INVALID_HANDLE",
            format!("The \"{name}\" argument is not a live {what} handle (freed, from another thread, or not a handle)"),
        )
    }

    /// A Rust panic caught at the boundary: the call failed, the process lives on.
    pub fn panic(detail: &str) -> Self {
        Self::new(
            ErrorKind::Operation,
            "ERR_NATIVE_PANIC",
            format!("internal error in architect-native: {detail}"),
        )
    }

    /// The error for a caught panic, with its message when the payload carries one.
    #[cold]
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Self::panic(&detail)
    }

    /// Throws on `env` and returns the marker napi-rs expects when an exception is pending, so a
    /// `#[napi]` function can write `.map_err(|e| e.throw(&env))?`.
    pub fn throw(&self, env: &Env) -> napi::Error {
        throw_raw(env.raw(), self);
        napi::Error::from_status(napi::Status::PendingException)
    }
}

impl fmt::Display for NativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for NativeError {}

/// Runs the body of an async task's `compute` (on a libuv thread, where nothing catches a panic
/// for us) so a panic becomes a rejected promise with `ERR_NATIVE_PANIC`, never an abort.
pub fn guard_compute<T>(body: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(napi::Error::new(
            napi::Status::GenericFailure,
            NativeError::from_panic(payload.as_ref()).to_string(),
        )),
    }
}

/// Throws `err` as a pending JS exception on `env`; used by the fast path directly.
pub fn throw_raw(env: sys::napi_env, err: &NativeError) {
    let code = to_c_string(err.code);
    let message = to_c_string(&err.message);
    // SAFETY: `env` is the live env of the current callback; both strings are NUL-terminated and
    // outlive the calls, which copy them into V8.
    unsafe {
        let mut pending = false;
        sys::napi_is_exception_pending(env, &mut pending);
        if pending {
            // A JS exception from a callback (e.g. a dispose hook) is more informative than ours.
            return;
        }
        match err.kind {
            ErrorKind::Type => sys::napi_throw_type_error(env, code.as_ptr(), message.as_ptr()),
            ErrorKind::Range => sys::napi_throw_range_error(env, code.as_ptr(), message.as_ptr()),
            ErrorKind::Operation => sys::napi_throw_error(env, code.as_ptr(), message.as_ptr()),
        };
    }
}

fn to_c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).expect("NULs were replaced")
}

/// Node's "Received ..." tail for `ERR_INVALID_ARG_TYPE` messages, read off a JS value. Only
/// called on the error path, so it may take its time; it never runs user code (no getters,
/// no `toString`).
pub fn describe_received(env: sys::napi_env, value: sys::napi_value) -> String {
    // SAFETY: `env` and `value` come from the current callback and stay valid for its duration;
    // every out-pointer is a local of the right type.
    unsafe {
        let mut value_type = 0;
        if sys::napi_typeof(env, value, &mut value_type) != sys::Status::napi_ok {
            return "Received an unreadable value".to_owned();
        }
        match value_type {
            sys::ValueType::napi_undefined => "Received undefined".to_owned(),
            sys::ValueType::napi_null => "Received null".to_owned(),
            sys::ValueType::napi_boolean => {
                let mut b = false;
                sys::napi_get_value_bool(env, value, &mut b);
                format!("Received type boolean ({b})")
            }
            sys::ValueType::napi_number => {
                let mut n = 0f64;
                sys::napi_get_value_double(env, value, &mut n);
                let shown = if n == 0.0 && n.is_sign_negative() {
                    "-0".to_owned()
                } else {
                    format_js_number(n)
                };
                format!("Received type number ({shown})")
            }
            sys::ValueType::napi_bigint => {
                let mut n = 0i64;
                let mut lossless = false;
                sys::napi_get_value_bigint_int64(env, value, &mut n, &mut lossless);
                if lossless {
                    format!("Received type bigint ({n}n)")
                } else {
                    "Received type bigint".to_owned()
                }
            }
            sys::ValueType::napi_string => {
                // Node shortens strings longer than 28 UTF-16 units to 25 and adds "...".
                let mut units = [0u16; 30];
                let mut copied = 0usize;
                let mut total = 0usize;
                sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &mut total);
                sys::napi_get_value_string_utf16(
                    env,
                    value,
                    units.as_mut_ptr(),
                    units.len(),
                    &mut copied,
                );
                let shown = if total > 28 {
                    format!("{}...", String::from_utf16_lossy(&units[..25.min(copied)]))
                } else {
                    String::from_utf16_lossy(&units[..copied])
                };
                format!("Received type string ({})", quote_like_node(&shown))
            }
            sys::ValueType::napi_symbol => "Received type symbol".to_owned(),
            sys::ValueType::napi_function => "Received function".to_owned(),
            sys::ValueType::napi_external => "Received an external value".to_owned(),
            _ => describe_object(env, value),
        }
    }
}

/// Node's quoting in "Received type string (...)": single quotes unless the text holds one, and
/// then `JSON.stringify`.
fn quote_like_node(text: &str) -> String {
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// # Safety
/// `env` and `value` must be valid for the current callback and `value` must be an object.
unsafe fn describe_object(env: sys::napi_env, value: sys::napi_value) -> String {
    let mut flag = false;
    if sys::napi_is_array(env, value, &mut flag) == sys::Status::napi_ok && flag {
        return "Received an instance of Array".to_owned();
    }
    if sys::napi_is_typedarray(env, value, &mut flag) == sys::Status::napi_ok && flag {
        let mut kind = 0;
        let mut len = 0usize;
        let mut data = std::ptr::null_mut();
        let mut ab = std::ptr::null_mut();
        let mut offset = 0usize;
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            &mut ab,
            &mut offset,
        );
        return format!("Received an instance of {}", typed_array_name(kind));
    }
    if sys::napi_is_arraybuffer(env, value, &mut flag) == sys::Status::napi_ok && flag {
        return "Received an instance of ArrayBuffer".to_owned();
    }
    if sys::napi_is_dataview(env, value, &mut flag) == sys::Status::napi_ok && flag {
        return "Received an instance of DataView".to_owned();
    }
    if sys::napi_is_promise(env, value, &mut flag) == sys::Status::napi_ok && flag {
        return "Received an instance of Promise".to_owned();
    }
    // SharedArrayBuffer and plain objects: Node-API cannot tell them apart without running JS.
    "Received an instance of Object".to_owned()
}

fn typed_array_name(kind: sys::napi_typedarray_type) -> &'static str {
    match kind {
        sys::TypedarrayType::int8_array => "Int8Array",
        sys::TypedarrayType::uint8_array => "Uint8Array",
        sys::TypedarrayType::uint8_clamped_array => "Uint8ClampedArray",
        sys::TypedarrayType::int16_array => "Int16Array",
        sys::TypedarrayType::uint16_array => "Uint16Array",
        sys::TypedarrayType::int32_array => "Int32Array",
        sys::TypedarrayType::uint32_array => "Uint32Array",
        sys::TypedarrayType::float32_array => "Float32Array",
        sys::TypedarrayType::float64_array => "Float64Array",
        sys::TypedarrayType::bigint64_array => "BigInt64Array",
        sys::TypedarrayType::biguint64_array => "BigUint64Array",
        _ => "TypedArray",
    }
}

/// `8589934592` -> `8_589_934_592` for integers beyond 2^32 (Node's addNumericalSeparator).
fn separate_large_integer(text: &str) -> String {
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let is_integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if !is_integer || digits.parse::<u128>().map_or(true, |v| v <= 1 << 32) {
        return text.to_owned();
    }
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// Formats like JS `String(n)` for the values an error message shows (integers, fractions,
/// NaN, infinities), so messages read as Node's do.
pub fn format_js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n == 0.0 {
        "0".to_owned()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_arg_type_reads_like_node() {
        let err =
            NativeError::invalid_arg_type("key", "of type string", "Received type number (5)");
        assert_eq!(err.kind, ErrorKind::Type);
        assert_eq!(err.code, "ERR_INVALID_ARG_TYPE");
        assert_eq!(
            err.message,
            "The \"key\" argument must be of type string. Received type number (5)"
        );
    }

    #[test]
    fn out_of_range_reads_like_node() {
        let err = NativeError::out_of_range("size", ">= 0 && <= 4294967295", -1);
        assert_eq!(err.kind, ErrorKind::Range);
        assert_eq!(
            err.message,
            "The value of \"size\" is out of range. It must be >= 0 && <= 4294967295. Received -1"
        );
    }

    #[test]
    fn large_integers_get_separators_like_node() {
        assert_eq!(separate_large_integer("8589934592"), "8_589_934_592");
        assert_eq!(
            separate_large_integer("-1099511627776"),
            "-1_099_511_627_776"
        );
        assert_eq!(separate_large_integer("4294967296"), "4294967296");
        assert_eq!(separate_large_integer("1.5"), "1.5");
        assert_eq!(separate_large_integer("NaN"), "NaN");
    }

    #[test]
    fn strings_are_quoted_like_node() {
        assert_eq!(quote_like_node("x"), "'x'");
        assert_eq!(
            quote_like_node("a\nb"),
            "'a\nb'",
            "no escaping without a single quote"
        );
        assert_eq!(quote_like_node("it's"), "\"it's\"");
        assert_eq!(quote_like_node("it's \"a\"\n"), "\"it's \\\"a\\\"\\n\"");
    }

    #[test]
    fn numbers_format_like_js() {
        assert_eq!(format_js_number(5.0), "5");
        assert_eq!(format_js_number(-0.0), "0");
        assert_eq!(format_js_number(1.5), "1.5");
        assert_eq!(format_js_number(f64::NAN), "NaN");
        assert_eq!(format_js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(format_js_number(4294967296.0), "4294967296");
    }

    #[test]
    fn a_panicking_task_becomes_an_error() {
        let err = guard_compute::<()>(|| panic!("boom")).unwrap_err();
        assert!(
            err.reason.contains("ERR_NATIVE_PANIC") && err.reason.contains("boom"),
            "{}",
            err.reason
        );
        assert_eq!(guard_compute(|| Ok(5)).unwrap(), 5);
    }

    #[test]
    fn interior_nul_never_truncates_a_message() {
        assert_eq!(to_c_string("a\0b").to_str().unwrap(), "a\\0b");
    }
}
