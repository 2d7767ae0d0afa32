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

/// Stored keys up to this many bytes (tag included) live inside the map's node.
const INLINE_KEY_BYTES: usize = 30;

/// A key as it is held in the cache. Short keys (the usual `user:123`) are kept inline: no
/// allocation of their own, and a lookup compares them without a second pointer to follow
/// (at 10,000 entries that miss was a tenth of a `get`).
#[derive(Clone)]
pub enum CacheKey {
    Inline {
        len: u8,
        bytes: [u8; INLINE_KEY_BYTES],
    },
    Heap(Box<[u8]>),
}

impl From<&[u8]> for CacheKey {
    fn from(key: &[u8]) -> Self {
        if key.len() <= INLINE_KEY_BYTES {
            let mut bytes = [0u8; INLINE_KEY_BYTES];
            bytes[..key.len()].copy_from_slice(key);
            Self::Inline {
                len: key.len() as u8,
                bytes,
            }
        } else {
            Self::Heap(key.into())
        }
    }
}

impl std::ops::Deref for CacheKey {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        match self {
            Self::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Self::Heap(bytes) => bytes,
        }
    }
}

impl PartialEq for CacheKey {
    fn eq(&self, other: &Self) -> bool {
        KeyBytes::new(self) == KeyBytes::new(other)
    }
}

impl Eq for CacheKey {}

impl std::hash::Hash for CacheKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        KeyBytes::new(self).hash(state);
    }
}

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CacheKey({:?})", &**self)
    }
}

impl std::borrow::Borrow<KeyBytes> for CacheKey {
    fn borrow(&self) -> &KeyBytes {
        KeyBytes::new(self)
    }
}

/// The borrowed form the map is searched with: hashes exactly like [`CacheKey`] and compares
/// in 8-byte words inline rather than through a `memcmp` call.
#[repr(transparent)]
#[derive(Eq)]
pub struct KeyBytes([u8]);

impl KeyBytes {
    #[inline(always)]
    pub fn new(bytes: &[u8]) -> &Self {
        // SAFETY: `KeyBytes` is a transparent wrapper of `[u8]`: same layout and metadata.
        unsafe { &*(bytes as *const [u8] as *const KeyBytes) }
    }
}

impl std::hash::Hash for KeyBytes {
    #[inline(always)]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(&self.0);
    }
}

impl PartialEq for KeyBytes {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        if a.len() != b.len() {
            return false;
        }
        // Whole words, then the tail as one overlapping word: a slice compare of the tail
        // (unknown length to the compiler) is a `bcmp` call, measured at ~3% of a `get`.
        let len = a.len();
        if len >= 8 {
            let word = |bytes: &[u8], at: usize| {
                u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
            };
            let mut at = 0;
            while at + 8 <= len {
                if word(a, at) != word(b, at) {
                    return false;
                }
                at += 8;
            }
            return word(a, len - 8) == word(b, len - 8);
        }
        if len >= 4 {
            let half = |bytes: &[u8], at: usize| {
                u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
            };
            return half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4);
        }
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// A key as JS sees it, for handing keys back (`keys()`, `dump()`, dispose events).
#[derive(Debug, Clone, PartialEq)]
pub enum KeyView<'a> {
    Latin1(&'a [u8]),
    Utf16(Vec<u16>),
    Number(f64),
}

/// Stack room for the stored form of a key of up to [`INLINE_KEY_UNITS`] units.
pub type InlineKey = MaybeUninit<[u8; 1 + 2 * INLINE_KEY_UNITS]>;

/// The stored form of a string key given as UTF-16 units, written into `inline` (or `heap`
/// for long keys): a slice the caller keeps in its own frame, no closure and no allocation.
#[inline(always)]
pub fn encode_string_key<'b>(
    units: &[u16],
    inline: &'b mut InlineKey,
    heap: &'b mut Vec<u8>,
) -> &'b [u8] {
    let latin1 = super::lru_value::fits_latin1(units);
    let needed = 1 + if latin1 { units.len() } else { units.len() * 2 };
    if units.len() > INLINE_KEY_UNITS {
        heap.clear();
        heap.reserve(needed);
        encode_into(units, latin1, &mut heap.spare_capacity_mut()[..needed]);
        // SAFETY: `encode_into` initialised all `needed` bytes.
        unsafe { heap.set_len(needed) };
        return heap;
    }
    // SAFETY: `MaybeUninit<[u8; N]>` and `[MaybeUninit<u8>; N]` have the same layout.
    let buffer = unsafe {
        std::slice::from_raw_parts_mut(
            inline.as_mut_ptr().cast::<MaybeUninit<u8>>(),
            1 + 2 * INLINE_KEY_UNITS,
        )
    };
    encode_into(units, latin1, &mut buffer[..needed]);
    // SAFETY: `encode_into` initialised the first `needed` bytes.
    unsafe { std::slice::from_raw_parts(inline.as_ptr().cast::<u8>(), needed) }
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
    let mut inline = InlineKey::uninit();
    let mut heap = Vec::new();
    CacheKey::from(encode_string_key(units, &mut inline, &mut heap))
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
    fn inline_and_heap_keys_compare_and_hash_by_bytes() {
        use std::hash::BuildHasher;
        let hasher = std::collections::hash_map::RandomState::new();
        for len in [0usize, 1, 7, 8, 9, 29, 30, 31, 64] {
            let bytes: Vec<u8> = (0..len as u8).collect();
            let key = CacheKey::from(&bytes[..]);
            assert_eq!(&*key, &bytes[..]);
            assert_eq!(key, key.clone());
            assert_eq!(
                hasher.hash_one(&key),
                hasher.hash_one(KeyBytes::new(&bytes))
            );
            let mut other = bytes.clone();
            if let Some(last) = other.last_mut() {
                *last ^= 1;
                assert!(KeyBytes::new(&bytes) != KeyBytes::new(&other), "len {len}");
            }
            other.push(0);
            assert!(KeyBytes::new(&bytes) != KeyBytes::new(&other));
        }
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
        assert!(matches!(key, CacheKey::Heap(_)));
        assert_eq!(key.len(), 1 + 1000);
        assert_eq!(view(&key), KeyView::Latin1(&key[1..]));
    }

    #[test]
    fn key_bytes_compare_every_length_and_position() {
        for len in 0..40usize {
            let a: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(37)).collect();
            assert!(KeyBytes::new(&a) == KeyBytes::new(&a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x40;
                assert!(
                    KeyBytes::new(&a) != KeyBytes::new(&b),
                    "len {len}, byte {at}"
                );
            }
            let mut longer = a.clone();
            longer.push(0);
            assert!(KeyBytes::new(&a) != KeyBytes::new(&longer));
        }
    }
}
