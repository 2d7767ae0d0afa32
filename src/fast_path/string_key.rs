//! Reading a string argument into stack memory: the key of a cache `get` or a ring lookup.
//!
//! Measured here (16-char ASCII key, bare Node-API): `napi_get_value_string_utf16` ~25 ns,
//! `napi_get_value_string_utf8` ~38 ns (V8's UTF-8 writer scans and validates as it goes). So
//! strings are read as UTF-16, which is also lossless: two different JS strings always give two
//! different keys, lone surrogates included. [`JsValue::utf8`] transcodes in Rust (a plain
//! loop for ASCII), still cheaper than V8's UTF-8 path, and maps lone surrogates to U+FFFD as
//! every Node-API UTF-8 read does.

use std::mem::MaybeUninit;

use napi::sys;

use super::value::JsValue;
use crate::error::NativeResult;

/// UTF-16 units read without touching the heap; longer strings spill to it.
pub const INLINE_UNITS: usize = 256;
const INLINE_UTF8: usize = INLINE_UNITS * 3;

// The string is handed to a closure rather than returned in a caller-made buffer struct: with
// the buffers as separate locals rustc leaves them uninitialised, while a struct holding two
// `MaybeUninit` arrays and their heap spill `Vec`s was zeroed by a 1.3 KB memset on every call
// (rustc 1.95; measured as 8% of a key read).
impl JsValue<'_> {
    /// Runs `f` on the string's UTF-16 code units, exactly as JS holds them.
    #[inline]
    pub fn with_utf16<R>(&self, name: &str, f: impl FnOnce(&[u16]) -> R) -> NativeResult<R> {
        self.try_with_utf16(f)
            .ok_or_else(|| self.type_error(name, "of type string"))
    }

    /// Like [`JsValue::with_utf16`], but `None` for a value that is not a string, without the
    /// cost of building an error (for arguments that may be a string or something else).
    #[inline(always)]
    pub fn try_with_utf16<R>(&self, f: impl FnOnce(&[u16]) -> R) -> Option<R> {
        let mut inline: MaybeUninit<[u16; INLINE_UNITS]> = MaybeUninit::uninit();
        let mut heap: Vec<u16> = Vec::new();
        let units = self.read_units_or_none(&mut inline, &mut heap)?;
        Some(f(units))
    }

    /// Runs `f` on the string as UTF-8 (lone surrogates become U+FFFD), without allocating for
    /// strings of up to [`INLINE_UNITS`] units.
    #[inline]
    pub fn with_utf8<R>(&self, name: &str, f: impl FnOnce(&[u8]) -> R) -> NativeResult<R> {
        let mut inline: MaybeUninit<[u16; INLINE_UNITS]> = MaybeUninit::uninit();
        let mut heap: Vec<u16> = Vec::new();
        let units = self.read_units(name, &mut inline, &mut heap)?;
        if units.len() <= INLINE_UNITS {
            let mut bytes: MaybeUninit<[u8; INLINE_UTF8]> = MaybeUninit::uninit();
            let written = encode_utf8(units, as_uninit_slice(&mut bytes));
            // SAFETY: `encode_utf8` initialised the first `written` bytes.
            return Ok(f(unsafe {
                std::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), written)
            }));
        }
        Ok(f(String::from_utf16_lossy(units).as_bytes()))
    }

    fn read_units<'buf>(
        &self,
        name: &str,
        inline: &'buf mut MaybeUninit<[u16; INLINE_UNITS]>,
        heap: &'buf mut Vec<u16>,
    ) -> NativeResult<&'buf [u16]> {
        self.read_units_or_none(inline, heap)
            .ok_or_else(|| self.type_error(name, "of type string"))
    }

    /// The string's UTF-16 units in `inline` (or `heap` when longer), or `None` for a value that
    /// is not a string (no error is built). For callers that keep the buffers as their own
    /// locals, so that nothing is returned through a closure.
    #[inline(always)]
    pub fn read_units_or_none<'buf>(
        &self,
        inline: &'buf mut MaybeUninit<[u16; INLINE_UNITS]>,
        heap: &'buf mut Vec<u16>,
    ) -> Option<&'buf [u16]> {
        let mut written = 0usize;
        // SAFETY: the inline buffer holds INLINE_UNITS units; Node-API writes at most bufsize - 1
        // units plus a NUL, and reports the units written (without the NUL) in `written`.
        let status = unsafe {
            sys::napi_get_value_string_utf16(
                self.env(),
                self.raw(),
                inline.as_mut_ptr().cast(),
                INLINE_UNITS,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok {
            return None;
        }
        // A UTF-16 read never stops mid-character, so fewer than bufsize - 1 units means all of it.
        if written + 1 < INLINE_UNITS {
            // SAFETY: Node-API initialised the first `written` units.
            return Some(unsafe {
                std::slice::from_raw_parts(inline.as_ptr().cast::<u16>(), written)
            });
        }
        Some(self.read_units_heap(heap))
    }

    #[cold]
    fn read_units_heap<'buf>(&self, heap: &'buf mut Vec<u16>) -> &'buf [u16] {
        let mut full = 0usize;
        // SAFETY: a null buffer asks only for the length.
        unsafe {
            sys::napi_get_value_string_utf16(
                self.env(),
                self.raw(),
                std::ptr::null_mut(),
                0,
                &mut full,
            )
        };
        heap.clear();
        heap.resize(full + 1, 0);
        let mut written = 0usize;
        // SAFETY: the heap buffer holds the whole string and its NUL.
        unsafe {
            sys::napi_get_value_string_utf16(
                self.env(),
                self.raw(),
                heap.as_mut_ptr(),
                full + 1,
                &mut written,
            )
        };
        &heap[..written]
    }
}

fn as_uninit_slice<const N: usize>(array: &mut MaybeUninit<[u8; N]>) -> &mut [MaybeUninit<u8>] {
    // SAFETY: `MaybeUninit<[u8; N]>` and `[MaybeUninit<u8>; N]` have the same layout, and the
    // slice keeps every byte's "maybe uninitialised" status.
    unsafe { std::slice::from_raw_parts_mut(array.as_mut_ptr().cast::<MaybeUninit<u8>>(), N) }
}

/// Splits a batch of keys sent as one string (`keys.join('')`) and their lengths: one boundary
/// read for the whole batch instead of one per key. Lengths that overrun the string are an error.
pub fn split_joined<'u>(
    units: &'u [u16],
    lengths: &'u [u32],
) -> impl Iterator<Item = NativeResult<&'u [u16]>> + 'u {
    let mut at = 0usize;
    lengths.iter().map(move |&len| {
        let end = at + len as usize;
        let key = units.get(at..end).ok_or_else(|| {
            crate::error::NativeError::out_of_range(
                "lengths",
                &format!("a sum <= {} (the joined length)", units.len()),
                end,
            )
        })?;
        at = end;
        Ok(key)
    })
}

/// UTF-16 to UTF-8, appended to `out` (reused across many short keys by batch calls).
pub fn utf16_to_utf8(units: &[u16], out: &mut Vec<u8>) {
    let start = out.len();
    out.reserve(units.len() * 3);
    let written = encode_utf8(units, &mut out.spare_capacity_mut()[..units.len() * 3]);
    // SAFETY: `encode_utf8` initialised the first `written` bytes of the spare capacity.
    unsafe { out.set_len(start + written) };
}

/// UTF-16 to UTF-8 into `out` (which must hold `3 * units.len()` bytes); returns bytes written.
/// Lone surrogates become U+FFFD, like `String::from_utf16_lossy`.
pub fn encode_utf8(units: &[u16], out: &mut [MaybeUninit<u8>]) -> usize {
    assert!(out.len() >= units.len() * 3, "UTF-8 output too small");
    let mut n = 0;
    let mut i = 0;
    while i < units.len() && units[i] < 0x80 {
        out[n].write(units[i] as u8);
        n += 1;
        i += 1;
    }
    if i == units.len() {
        return n;
    }
    for ch in char::decode_utf16(units[i..].iter().copied()) {
        let ch = ch.unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut tmp = [0u8; 4];
        for &byte in ch.encode_utf8(&mut tmp).as_bytes() {
            out[n].write(byte);
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(units: &[u16]) -> Vec<u8> {
        let mut out = vec![MaybeUninit::uninit(); units.len() * 3];
        let n = encode_utf8(units, &mut out);
        out[..n]
            .iter()
            .map(|b| unsafe { b.assume_init() })
            .collect()
    }

    #[test]
    fn matches_std_lossy_conversion() {
        let samples: Vec<Vec<u16>> = vec![
            "".encode_utf16().collect(),
            "ascii key 123".encode_utf16().collect(),
            "é中😀 mixed".encode_utf16().collect(),
            vec![0xD800],                           // lone high surrogate
            vec![b'a' as u16, 0xDC00, b'b' as u16], // lone low surrogate
            vec![0xD83D, 0xDE00, 0xD83D],           // pair then a dangling high surrogate
        ];
        for units in samples {
            assert_eq!(
                encode(&units),
                String::from_utf16_lossy(&units).into_bytes(),
                "{units:?}"
            );
        }
    }

    #[test]
    fn appending_transcoder_matches_std() {
        let units: Vec<u16> = "key é中😀".encode_utf16().chain([0xD800]).collect();
        let mut out = b"prefix".to_vec();
        utf16_to_utf8(&units, &mut out);
        assert_eq!(
            out,
            [
                b"prefix".to_vec(),
                String::from_utf16_lossy(&units).into_bytes()
            ]
            .concat()
        );
    }

    #[test]
    fn worst_case_fits_three_bytes_per_unit() {
        let units = vec![0x4E2D; 100]; // '中' is 3 UTF-8 bytes per unit
        assert_eq!(encode(&units).len(), 300);
    }
}
