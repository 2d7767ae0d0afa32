//! How a cache key is stored: one tag byte, then the key's contents.
//!
//! Strings and numbers are different keys (as in a `Map`), so the tag keeps `1` and `"1"` apart.
//! A string whose UTF-16 units all fit in a byte is stored as those bytes (Latin-1), otherwise as
//! its UTF-16 units: half the memory for the usual ASCII keys, and still lossless (lone surrogates
//! stay distinct). The form is a function of the string, so equal strings always give equal
//! bytes. Numbers follow `Map`'s SameValueZero: `-0` is `0` and every NaN is one key.

use std::mem::MaybeUninit;

pub const TAG_LATIN1: u8 = 0;
pub const TAG_UTF16: u8 = 1;
pub const TAG_NUMBER: u8 = 2;

/// Keys up to this many UTF-16 units are encoded on the stack.
const INLINE_KEY_UNITS: usize = 256;

/// A key as it is held in the cache.
pub type CacheKey = Box<[u8]>;

/// A key as JS sees it, for handing keys back (`keys()`, `dump()`, dispose events).
#[derive(Debug, Clone, PartialEq)]
pub enum KeyView<'a> {
    Latin1(&'a [u8]),
    Utf16(Vec<u16>),
    Number(f64),
}

/// Runs `f` on the stored form of a string key given as UTF-16 units.
#[inline(always)]
pub fn with_string_key<R>(units: &[u16], f: impl FnOnce(&[u8]) -> R) -> R {
    let latin1 = units.iter().all(|&unit| unit < 0x100);
    let needed = 1 + if latin1 { units.len() } else { units.len() * 2 };
    if units.len() > INLINE_KEY_UNITS {
        let mut heap = Vec::with_capacity(needed);
        encode_into(units, latin1, &mut heap.spare_capacity_mut()[..needed]);
        // SAFETY: `encode_into` initialised all `needed` bytes.
        unsafe { heap.set_len(needed) };
        return f(&heap);
    }
    let mut inline: MaybeUninit<[u8; 1 + 2 * INLINE_KEY_UNITS]> = MaybeUninit::uninit();
    // SAFETY: `MaybeUninit<[u8; N]>` and `[MaybeUninit<u8>; N]` have the same layout.
    let buffer = unsafe {
        std::slice::from_raw_parts_mut(
            inline.as_mut_ptr().cast::<MaybeUninit<u8>>(),
            1 + 2 * INLINE_KEY_UNITS,
        )
    };
    encode_into(units, latin1, &mut buffer[..needed]);
    // SAFETY: `encode_into` initialised the first `needed` bytes.
    f(unsafe { std::slice::from_raw_parts(inline.as_ptr().cast::<u8>(), needed) })
}

fn encode_into(units: &[u16], latin1: bool, out: &mut [MaybeUninit<u8>]) {
    if latin1 {
        out[0].write(TAG_LATIN1);
        for (slot, &unit) in out[1..].iter_mut().zip(units) {
            slot.write(unit as u8);
        }
    } else {
        out[0].write(TAG_UTF16);
        for (pair, &unit) in out[1..].chunks_exact_mut(2).zip(units) {
            let [low, high] = unit.to_le_bytes();
            pair[0].write(low);
            pair[1].write(high);
        }
    }
}

/// The stored form of a number key.
#[inline]
pub fn number_key(value: f64) -> [u8; 9] {
    let canonical = if value == 0.0 {
        0.0 // -0 and +0 are one key
    } else if value.is_nan() {
        f64::NAN
    } else {
        value
    };
    let mut key = [TAG_NUMBER; 9];
    key[1..].copy_from_slice(&canonical.to_bits().to_le_bytes());
    key
}

/// The stored form of a string key given as UTF-16 units, owned.
#[cfg(test)]
pub fn string_key(units: &[u16]) -> CacheKey {
    with_string_key(units, |bytes| bytes.into())
}

/// Decodes a stored key for handing back to JS.
pub fn view(key: &[u8]) -> KeyView<'_> {
    match key.first() {
        Some(&TAG_LATIN1) => KeyView::Latin1(&key[1..]),
        Some(&TAG_UTF16) => KeyView::Utf16(
            key[1..]
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect(),
        ),
        Some(&TAG_NUMBER) => {
            let mut bits = [0u8; 8];
            bits.copy_from_slice(&key[1..9]);
            KeyView::Number(f64::from_bits(u64::from_le_bytes(bits)))
        }
        _ => unreachable!("cache keys are only built by this module"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn strings_and_numbers_never_collide() {
        assert_ne!(&*string_key(&utf16("1")), &number_key(1.0)[..]);
        assert_ne!(
            &*string_key(&utf16("\u{2}")),
            &*string_key(&[0x0002, 0x0000])
        );
    }

    #[test]
    fn same_value_zero_for_numbers() {
        assert_eq!(number_key(0.0), number_key(-0.0));
        assert_eq!(number_key(f64::NAN), number_key(-f64::NAN));
        assert_ne!(number_key(1.0), number_key(1.0 + f64::EPSILON));
    }

    #[test]
    fn latin1_and_utf16_forms_round_trip() {
        for text in ["", "key:123", "café", "中文", "😀"] {
            let units = utf16(text);
            let key = string_key(&units);
            let expected_latin1 = units.iter().all(|&u| u < 0x100);
            assert_eq!(key[0] == TAG_LATIN1, expected_latin1, "{text}");
            match view(&key) {
                KeyView::Latin1(bytes) => {
                    assert_eq!(
                        bytes.iter().map(|&b| u16::from(b)).collect::<Vec<_>>(),
                        units
                    )
                }
                KeyView::Utf16(back) => assert_eq!(back, units),
                KeyView::Number(_) => panic!("string came back as number"),
            }
        }
        assert_eq!(view(&number_key(-2.5)), KeyView::Number(-2.5));
    }

    #[test]
    fn lone_surrogates_stay_distinct() {
        assert_ne!(string_key(&[0xD800]), string_key(&[0xDC00]));
        assert_eq!(view(&string_key(&[0xD800])), KeyView::Utf16(vec![0xD800]));
    }

    #[test]
    fn long_keys_spill_to_the_heap_with_the_same_form() {
        let long: Vec<u16> = (0..1000).map(|i| (i % 200) as u16 + 32).collect();
        let key = string_key(&long);
        assert_eq!(key.len(), 1 + 1000);
        assert_eq!(view(&key), KeyView::Latin1(&key[1..]));
    }
}
