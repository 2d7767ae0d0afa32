//! Batches in one call: `getMany` (as an Array, or for string keys as one joined string each
//! way) and `setMany` (every pair checked before any is stored).

use std::mem::MaybeUninit;

use super::lru::{Reason, WriteOptions};
use super::lru_handle::{handle, owned_handle};
use super::lru_js::{read_key, read_value, value_to_js};
use super::lru_key;
use super::lru_value::StoredValue;
use crate::error::{NativeError, NativeResult};
use crate::fast_path::{exact_len, split_joined, Call, JsType, Ret, INLINE_UNITS};

/// `lruGetMany(h, keys)`: an Array of values (undefined for misses), one boundary crossing.
pub(super) fn lru_get_many(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let count = call.array_len(1, "keys")?;
    let mut values = Vec::with_capacity(count as usize);
    for i in 0..count {
        let value = {
            read_key!(call.array_element(1, i)? => key);
            let (mut core, mut disposed) = handle.core_for(key)?;
            let options = core.read_defaults();
            match core.get(key, options, &mut disposed) {
                Some(value) => value_to_js(call, &value)?,
                None => Ret::Undefined,
            }
        };
        // Misses too: a holey array compares unequal to [undefined, ...] and is slower in V8.
        values.push(value);
    }
    call.make_array(&values)
}

/// What `lruGetManyJoined` says about each key (`kinds[i]`).
mod joined_kind {
    pub const MISS: u8 = 0;
    pub const STRING: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const FALSE: u8 = 4;
    pub const NULL: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const ENCODED: u8 = 7;
}

/// The values of a batch as one string: one-byte while every value fits, else two-byte.
enum JoinedText {
    Narrow(Vec<u8>),
    Wide(Vec<u16>),
}

impl JoinedText {
    fn push_narrow(&mut self, bytes: &[u8]) {
        match self {
            Self::Narrow(text) => text.extend_from_slice(bytes),
            Self::Wide(text) => text.extend(bytes.iter().map(|&b| u16::from(b))),
        }
    }

    fn push_wide(&mut self, units: &[u16]) {
        if let Self::Narrow(text) = self {
            *self = Self::Wide(text.iter().map(|&b| u16::from(b)).collect());
        }
        if let Self::Wide(text) = self {
            text.extend_from_slice(units);
        }
    }
}

/// `lruGetManyJoined(h, joinedKeys, keyLengths, kinds, numbers)`: `get` for a batch of string
/// keys passed as one string, with one string of all string/byte values back (undefined when
/// there is none). `kinds[i]` says what key i found; `numbers[i]` holds a number value, or the
/// length of key i's part of the returned string. Bytes come as one-byte characters (the JS
/// side turns them into a Buffer with 'latin1'). One string each way instead of 2 per key.
pub(super) fn lru_get_many_joined(call: &mut Call) -> NativeResult<Ret> {
    use joined_kind::*;
    let handle = owned_handle(call)?;
    let lengths = call.typed::<u32>(2, "lengths")?.to_vec();
    let count = lengths.len();
    let mut kinds = vec![MISS; count];
    let mut numbers = vec![0f64; count];
    let mut text = JoinedText::Narrow(Vec::with_capacity(count * 64));
    let mut joined_inline = MaybeUninit::<[u16; INLINE_UNITS]>::uninit();
    let mut joined_heap = Vec::new();
    let joined = call.arg(1);
    let units = joined
        .read_units_or_none(&mut joined_inline, &mut joined_heap)
        .ok_or_else(|| joined.type_error("joined", "of type string"))?;
    let mut key_inline = lru_key::InlineKey::uninit();
    let mut key_heap = Vec::new();
    for (i, key_units) in split_joined(units, &lengths).enumerate() {
        let key_units = key_units?;
        let key = lru_key::encode_string_key(key_units, &mut key_inline, &mut key_heap);
        let (mut core, mut disposed) = handle.core_for(key)?;
        let options = core.read_defaults();
        let Some(value) = core.get(key, options, &mut disposed) else {
            continue;
        };
        let (kind, number) = match &*value {
            StoredValue::Latin1(bytes) => {
                text.push_narrow(bytes);
                (STRING, bytes.len() as f64)
            }
            StoredValue::Utf16(wide) => {
                text.push_wide(wide);
                (STRING, wide.len() as f64)
            }
            StoredValue::Bytes(bytes) => {
                text.push_narrow(bytes);
                (BYTES, bytes.len() as f64)
            }
            StoredValue::Encoded(bytes) => {
                text.push_narrow(bytes);
                (ENCODED, bytes.len() as f64)
            }
            StoredValue::Number(n) => (NUMBER, *n),
            StoredValue::Bool(true) => (TRUE, 0.0),
            StoredValue::Bool(false) => (FALSE, 0.0),
            StoredValue::Null => (NULL, 0.0),
        };
        kinds[i] = kind;
        numbers[i] = number;
    }
    exact_len(call.bytes_mut(3, "kinds")?, count, "kinds.length")?.copy_from_slice(&kinds);
    exact_len(
        call.typed_mut::<f64>(4, "numbers")?,
        count,
        "numbers.length",
    )?
    .copy_from_slice(&numbers);
    match &text {
        JoinedText::Narrow(bytes) if bytes.is_empty() => Ok(Ret::Undefined),
        JoinedText::Narrow(bytes) => call.make_string_latin1(bytes),
        JoinedText::Wide(units) => call.make_string_utf16(units),
    }
}

/// `lruSetMany(h, keys, values, sizes | undefined, encoded | undefined)`: every pair is checked
/// before any is stored, so a bad value leaves the cache as it was.
pub(super) fn lru_set_many(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let count = call.array_len(1, "keys")?;
    if call.array_len(2, "values")? != count {
        return Err(NativeError::out_of_range(
            "values.length",
            "keys.length",
            call.array_len(2, "values")?,
        ));
    }
    let sizes = match call.arg(3).js_type() {
        JsType::Undefined => None,
        _ => Some(call.typed::<f64>(3, "sizes")?),
    };
    let encoded = match call.arg(4).js_type() {
        JsType::Undefined => None,
        _ => Some(call.bytes(4, "encoded")?),
    };
    let mut pairs = Vec::with_capacity(count as usize);
    for i in 0..count {
        let key: lru_key::CacheKey = {
            read_key!(call.array_element(1, i)? => key);
            key.into()
        };
        let is_encoded = encoded.is_some_and(|flags| flags.get(i as usize) == Some(&1));
        let value = read_value(call, call.array_element(2, i)?, is_encoded, "values[i]")?;
        let size = sizes
            .and_then(|sizes| sizes.get(i as usize))
            .copied()
            .unwrap_or(0.0);
        pairs.push((key, value, size as u64));
    }
    for (key, value, size) in pairs {
        let (mut core, mut disposed) = handle.core_for(&key)?;
        match value {
            Some(value) => {
                let options = WriteOptions {
                    size: (size != 0).then_some(size),
                    ..WriteOptions::default()
                };
                core.set(&key, value, options, &mut disposed);
            }
            None => {
                core.delete(&key, Reason::Delete, &mut disposed);
            }
        }
    }
    Ok(Ret::Undefined)
}
