//! Batches in one call: `getMany` (as an Array, or for string keys as one joined string each
//! way) and `setMany` (every pair checked before any is stored).

use std::cell::RefCell;
use std::mem::MaybeUninit;

use super::lru::{Reason, WriteOptions};
use super::lru_handle::{handle, owned_handle, LruHandle};
use super::lru_js::{read_key, read_value, value_to_js};
use super::lru_key;
use super::lru_value::StoredValue;
use crate::error::{NativeError, NativeResult};
use crate::fast_path::{Call, JsType, Ret, INLINE_UNITS};

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
/// Kept per thread between calls (see `BatchScratch`), so a batch allocates nothing once warm.
enum JoinedText {
    Narrow(Vec<u8>),
    Wide(Vec<u16>),
}

impl Default for JoinedText {
    fn default() -> Self {
        Self::Narrow(Vec::new())
    }
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

    /// Empty and one-byte again, keeping the allocation unless a huge batch grew it.
    fn reset(&mut self) {
        match self {
            Self::Narrow(text) if text.capacity() <= KEEP_BYTES => text.clear(),
            _ => *self = Self::Narrow(Vec::new()),
        }
    }
}

/// Scratch memory a batch keeps for the next one on this thread, up to this size.
const KEEP_BYTES: usize = 1 << 20;

/// What `lruGetManyJoined` reuses between calls on one thread: the joined keys read out of JS
/// (when they exceed the stack buffer) and the values' text.
#[derive(Default)]
struct BatchScratch {
    keys: Vec<u16>,
    text: JoinedText,
}

impl BatchScratch {
    /// Empty again, keeping the allocations unless a huge batch grew them.
    fn reset(&mut self) {
        self.text.reset();
        if self.keys.capacity() <= KEEP_BYTES / 2 {
            self.keys.clear();
        } else {
            self.keys = Vec::new();
        }
    }
}

thread_local! {
    static BATCH_SCRATCH: RefCell<BatchScratch> = RefCell::default();
}

/// `lruGetManyJoined(h, joinedKeys, count, io)`: `get` for a batch of `count` string keys passed
/// as one string, with one string of all string/byte values back (undefined when there is
/// none). `io` is a Float64Array of at least `2 * count`: `io[i]` holds key i's length on the way
/// in and what it found (`joined_kind`) on the way out; `io[count + i]` a number value, or the
/// length of key i's part of the returned string. Bytes come as one-byte characters (the JS side
/// turns them into a Buffer with 'latin1'). One string each way instead of 2 per key, and one
/// reused array instead of three new ones per call.
pub(super) fn lru_get_many_joined(call: &mut Call) -> NativeResult<Ret> {
    let handle = owned_handle(call)?;
    let count = call.arg(2).u32("count")? as usize;
    let mut scratch = BATCH_SCRATCH.take();
    let result = get_many_joined_with(call, &handle, count, &mut scratch);
    scratch.reset();
    BATCH_SCRATCH.set(scratch);
    result
}

fn get_many_joined_with(
    call: &mut Call,
    handle: &LruHandle,
    count: usize,
    scratch: &mut BatchScratch,
) -> NativeResult<Ret> {
    let mut joined_inline = MaybeUninit::<[u16; INLINE_UNITS]>::uninit();
    let joined = call.arg(1);
    let units = joined
        .read_units_or_none(&mut joined_inline, &mut scratch.keys)
        .ok_or_else(|| joined.type_error("joined", "of type string"))?;
    let io = call.typed_mut::<f64>(3, "io")?;
    let Some(io) = io.get_mut(..2 * count) else {
        return Err(NativeError::out_of_range(
            "io.length",
            &format!(">= {}", 2 * count),
            io.len(),
        ));
    };
    get_joined(handle, units, io, &mut scratch.text)?;
    match &scratch.text {
        JoinedText::Narrow(bytes) if bytes.is_empty() => Ok(Ret::Undefined),
        JoinedText::Narrow(bytes) => call.make_string_latin1(bytes),
        JoinedText::Wide(units) => call.make_string_utf16(units),
    }
}

/// The lookups of `lruGetManyJoined`: `io[..count]` lengths in, kinds out.
fn get_joined(
    handle: &LruHandle,
    units: &[u16],
    io: &mut [f64],
    text: &mut JoinedText,
) -> NativeResult<()> {
    use joined_kind::*;
    let count = io.len() / 2;
    let (kinds, numbers) = io.split_at_mut(count);
    let mut key_inline = lru_key::InlineKey::uninit();
    let mut key_heap = Vec::new();
    let mut at = 0usize;
    for (kind_out, number_out) in kinds.iter_mut().zip(numbers.iter_mut()) {
        let length = *kind_out;
        let end = at.saturating_add(length as usize);
        let key_units = match units.get(at..end) {
            Some(key_units) if length >= 0.0 && length as usize as f64 == length => key_units,
            _ => {
                return Err(NativeError::out_of_range(
                    "io[i] (key lengths)",
                    &format!(
                        "whole numbers with a sum <= {} (the joined length)",
                        units.len()
                    ),
                    length,
                ))
            }
        };
        at = end;
        let key = lru_key::encode_string_key(key_units, &mut key_inline, &mut key_heap);
        let (mut core, mut disposed) = handle.core_for(key)?;
        let options = core.read_defaults();
        let (kind, number) = match core.get(key, options, &mut disposed).as_deref() {
            None => (MISS, 0.0),
            Some(StoredValue::Latin1(bytes)) => {
                text.push_narrow(bytes);
                (STRING, bytes.len() as f64)
            }
            Some(StoredValue::Utf16(wide)) => {
                text.push_wide(wide);
                (STRING, wide.len() as f64)
            }
            Some(StoredValue::Bytes(bytes)) => {
                text.push_narrow(bytes);
                (BYTES, bytes.len() as f64)
            }
            Some(StoredValue::Encoded(bytes)) => {
                text.push_narrow(bytes);
                (ENCODED, bytes.len() as f64)
            }
            Some(StoredValue::Number(n)) => (NUMBER, *n),
            Some(StoredValue::Bool(true)) => (TRUE, 0.0),
            Some(StoredValue::Bool(false)) => (FALSE, 0.0),
            Some(StoredValue::Null) => (NULL, 0.0),
        };
        *kind_out = f64::from(kind);
        *number_out = number;
    }
    Ok(())
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
