//! Cache keys and values crossing the boundary: JS -> stored form on the way in, stored form ->
//! new JS values on the way out.

use super::lru_key::{self, KeyView};
use super::lru_value::StoredValue;
use crate::error::{NativeError, NativeResult};
use crate::fast_path::{Call, JsType, JsValue, Ret};

/// Binds `$key` to the stored form of the string or number `$value`, encoded into buffers that
/// live in the caller's frame (no allocation for keys up to 256 units, no closure).
macro_rules! read_key {
    ($value:expr => $key:ident) => {
        let value: $crate::fast_path::JsValue<'_> = $value;
        let mut units_inline =
            ::std::mem::MaybeUninit::<[u16; $crate::fast_path::INLINE_UNITS]>::uninit();
        let mut units_heap = Vec::new();
        let mut key_inline = $crate::cache::lru_key::InlineKey::uninit();
        let mut key_heap = Vec::new();
        let number_key;
        let $key: &[u8] = match value.read_units_or_none(&mut units_inline, &mut units_heap) {
            Some(units) => {
                $crate::cache::lru_key::encode_string_key(units, &mut key_inline, &mut key_heap)
            }
            None => {
                number_key = $crate::cache::lru_js::number_key_of(value)?;
                &number_key[..]
            }
        };
    };
}
pub(super) use read_key;

/// The stored form of a number key; the key error for anything else.
pub(super) fn number_key_of(value: JsValue<'_>) -> NativeResult<lru_key::NumberKey> {
    match value.js_type() {
        JsType::Number => Ok(lru_key::number_key(value.f64("key")?)),
        _ => Err(value.type_error("key", "of type string or number")),
    }
}

/// A JS value as the cache stores it; `None` for `undefined` (which `set` treats as delete).
pub(super) fn read_value(
    call: &Call,
    value: JsValue<'_>,
    encoded: bool,
    name: &str,
) -> NativeResult<Option<StoredValue>> {
    // Strings first: the read is its own type check, so the usual value costs no `typeof`.
    if let Some(text) = value.try_with_utf16(StoredValue::from_utf16) {
        return Ok(Some(text));
    }
    Ok(Some(match value.js_type() {
        JsType::Undefined => return Ok(None),
        JsType::Number => StoredValue::Number(value.f64(name)?),
        JsType::Boolean => StoredValue::Bool(value.bool(name)?),
        JsType::Null => StoredValue::Null,
        JsType::Object => {
            let bytes = call
                .uint8_bytes(value, name)
                .map_err(|_| unsupported(value, name))?;
            if encoded {
                StoredValue::Encoded(bytes.into())
            } else {
                StoredValue::Bytes(bytes.into())
            }
        }
        _ => return Err(unsupported(value, name)),
    }))
}

#[cold]
fn unsupported(value: JsValue<'_>, name: &str) -> NativeError {
    value.type_error(
        name,
        "of type string, number, boolean, or null, or an instance of Buffer or Uint8Array \
         (other objects need the `codec` option)",
    )
}

#[inline(always)]
pub(super) fn value_to_js(call: &Call, value: &StoredValue) -> NativeResult<Ret> {
    match value {
        StoredValue::Latin1(bytes) => call.make_string_latin1(bytes),
        StoredValue::Utf16(units) => call.make_string_utf16(units),
        StoredValue::Bytes(bytes) => call.make_buffer(bytes),
        // An ArrayBuffer (never a Buffer) tells the JS layer to run the codec's decoder.
        StoredValue::Encoded(bytes) => call.make_array_buffer(bytes),
        StoredValue::Number(n) => Ok(Ret::F64(*n)),
        StoredValue::Bool(b) => Ok(Ret::Bool(*b)),
        StoredValue::Null => Ok(Ret::Null),
    }
}

pub(super) fn key_to_js(call: &Call, key: &[u8]) -> NativeResult<Ret> {
    match lru_key::view(key) {
        KeyView::Latin1(bytes) => call.make_string_latin1(bytes),
        KeyView::Utf16(units) => call.make_string_utf16(&units),
        KeyView::Number(n) => Ok(Ret::F64(n)),
    }
}
