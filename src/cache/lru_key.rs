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

// Hashing and comparing read a key as little-endian words at offsets 0, 8, 16, ... from its
// start, and its last `len % 8` bytes with loads inside the last word; `encode_string_key`
// writes a key as whole words at those same offsets. A probe key is written just before it is
// hashed, and a load that spans two recent stores cannot take its data from the store buffer:
// it waits for both stores to reach the cache. With byte-wise encoding and `Hasher::write`
// (whose reads straddle the stores) a Rust `get` with a freshly encoded key took 19.5 ns against
// 6 for a key encoded long before; written and read as matching words, 14.3.

/// The key's whole words, in order.
#[inline(always)]
fn words(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|word| u64::from_le_bytes(word.try_into().expect("8 bytes")))
}

/// The key's last `len % 8` bytes as one number (0 when there are none); with the length, it
/// determines those bytes.
#[inline(always)]
fn tail_word(bytes: &[u8]) -> u64 {
    let tail = &bytes[bytes.len() & !7..];
    let r = tail.len();
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes(
            tail[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    let u16_at = |at: usize| {
        u64::from(u16::from_le_bytes(
            tail[at..at + 2].try_into().expect("2 bytes"),
        ))
    };
    if r >= 4 {
        u32_at(0) | u32_at(r - 4) << 32
    } else if r >= 2 {
        u16_at(0) | u16_at(r - 2) << 16
    } else if r == 1 {
        u64::from(tail[0])
    } else {
        0
    }
}

/// A hash of the key for spreading keys over shards: unseeded (it picks a lock, not a bucket,
/// so crafted collisions cost contention, not time per lookup), read as `words` reads.
#[inline(always)]
pub fn spread_hash(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = key.len() as u64;
    for word in words(key) {
        h = (h ^ word).wrapping_mul(K).rotate_left(29);
    }
    h = (h ^ tail_word(key)).wrapping_mul(K);
    h ^ h >> 32
}

impl std::hash::Hash for KeyBytes {
    /// Two words per `write_u128` (one seeded multiply in the map's hasher), then what is left
    /// with the tail and the length.
    #[inline(always)]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let last = u128::from(tail_word(&self.0) ^ (self.0.len() as u64) << 56);
        let mut words = words(&self.0);
        loop {
            match (words.next(), words.next()) {
                (Some(a), Some(b)) => state.write_u128(u128::from(a) | u128::from(b) << 64),
                (Some(a), None) => return state.write_u128(u128::from(a) | last << 64),
                (None, _) => return state.write_u128(last),
            }
        }
    }
}

impl PartialEq for KeyBytes {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        if a.len() != b.len() {
            return false;
        }
        for (x, y) in words(a).zip(words(b)) {
            if x != y {
                return false;
            }
        }
        tail_word(a) == tail_word(b)
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
/// Word-aligned, so keys can be written a whole aligned word at a time (see `words`).
#[repr(C, align(8))]
pub struct InlineKey(MaybeUninit<[u8; 1 + 2 * INLINE_KEY_UNITS]>);

impl InlineKey {
    #[inline(always)]
    pub const fn uninit() -> Self {
        Self(MaybeUninit::uninit())
    }
}

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
        // Room for the whole words `encode_into` writes past `needed`.
        heap.reserve(needed + 8);
        encode_into(units, latin1, heap.spare_capacity_mut());
        // SAFETY: `encode_into` initialised at least the first `needed` bytes.
        unsafe { heap.set_len(needed) };
        return heap;
    }
    // SAFETY: `MaybeUninit<[u8; N]>` and `[MaybeUninit<u8>; N]` have the same layout.
    let buffer = unsafe {
        std::slice::from_raw_parts_mut(
            inline.0.as_mut_ptr().cast::<MaybeUninit<u8>>(),
            std::mem::size_of::<InlineKey>(),
        )
    };
    encode_into(units, latin1, buffer);
    // SAFETY: `encode_into` initialised at least the first `needed` bytes.
    unsafe { std::slice::from_raw_parts(inline.0.as_ptr().cast::<u8>(), needed) }
}

/// Writes the stored form of `units` at the start of `out`, which must have room for it rounded
/// up to whole words plus one (Latin-1 keys are written a word at a time, see `words`).
#[inline(always)]
fn encode_into(units: &[u16], latin1: bool, out: &mut [MaybeUninit<u8>]) {
    if latin1 {
        encode_latin1_words(units, out);
        return;
    }
    out[0].write(TAG_UTF16);
    for (pair, &unit) in out[1..].chunks_exact_mut(2).zip(units) {
        let [low, high] = unit.to_le_bytes();
        pair[0].write(low);
        pair[1].write(high);
    }
}

/// The tag and the units' low bytes as one stream of little-endian words: each word is the
/// byte carried over from the previous one (first the tag) and the next seven. `out` must start
/// on an 8-byte boundary (an `InlineKey`, or a heap allocation).
#[inline(always)]
fn encode_latin1_words(units: &[u16], out: &mut [MaybeUninit<u8>]) {
    let words_needed = units.len() / 8 + 1;
    assert!(
        out.len() >= words_needed * 8 && out.as_ptr().cast::<u64>().is_aligned(),
        "key buffer too small or unaligned"
    );
    let out = out.as_mut_ptr().cast::<u64>();
    let write_word = |index: usize, word: u64| {
        // SAFETY: `index < words_needed`, and `out` holds that many aligned words (checked
        // above). Volatile so the compiler emits one 8-byte store, as the reads expect, instead
        // of splitting the word into the narrower stores it was assembled from.
        unsafe { out.add(index).write_volatile(word.to_le()) }
    };
    let low_bytes = |units: &[u16]| {
        units.iter().enumerate().fold(0u64, |word, (i, &unit)| {
            word | u64::from(unit as u8) << (8 * i)
        })
    };
    let mut carry = u64::from(TAG_LATIN1);
    let mut groups = units.chunks_exact(8);
    let mut index = 0;
    for group in &mut groups {
        let bytes = low_bytes(group);
        write_word(index, carry | bytes << 8);
        carry = bytes >> 56;
        index += 1;
    }
    write_word(index, carry | low_bytes(groups.remainder()) << 8);
}

/// The stored form of a number key: the tag, then the number's bits (little-endian). Built as
/// two whole words for the reason given at `words`.
#[derive(Clone, Copy)]
pub struct NumberKey([u64; 2]);

impl PartialEq for NumberKey {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for NumberKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NumberKey({:?})", &**self)
    }
}

impl std::ops::Deref for NumberKey {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        // SAFETY: 9 of the 16 bytes of two initialised u64s; u8 has no alignment or validity
        // requirement.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr().cast::<u8>(), 9) }
    }
}

#[inline]
pub fn number_key(value: f64) -> NumberKey {
    let canonical = if value == 0.0 {
        0.0 // -0 and +0 are one key
    } else if value.is_nan() {
        f64::NAN
    } else {
        value
    };
    let bits = canonical.to_bits();
    NumberKey([
        (u64::from(TAG_NUMBER) | bits << 8).to_le(),
        (bits >> 56).to_le(),
    ])
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
    use crate::test_support::utf16;

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

    #[test]
    fn word_encoding_matches_the_byte_layout_at_every_length() {
        use std::hash::BuildHasher;
        let hasher = std::hash::RandomState::new();
        for len in 0..300usize {
            let units: Vec<u16> = (0..len).map(|i| (i * 7 % 251) as u16 + 1).collect();
            let mut expected = vec![TAG_LATIN1];
            expected.extend(units.iter().map(|&u| u as u8));
            let mut inline = InlineKey::uninit();
            let mut heap = Vec::new();
            let probe = encode_string_key(&units, &mut inline, &mut heap);
            assert_eq!(probe, &expected[..], "length {len}");
            let stored = CacheKey::from(probe);
            assert!(KeyBytes::new(probe) == KeyBytes::new(&stored));
            assert_eq!(
                hasher.hash_one(KeyBytes::new(probe)),
                hasher.hash_one(KeyBytes::new(&stored)),
                "length {len}"
            );
        }
    }

    #[test]
    fn number_keys_are_the_tag_then_little_endian_bits() {
        let key = number_key(1.5);
        let mut expected = vec![TAG_NUMBER];
        expected.extend(1.5f64.to_bits().to_le_bytes());
        assert_eq!(&key[..], &expected[..]);
        assert_eq!(view(&key), KeyView::Number(1.5));
    }

    #[test]
    fn hashes_differ_for_keys_that_differ_only_in_the_tail_or_length() {
        use std::hash::BuildHasher;
        let hasher = std::hash::RandomState::new();
        let base: Vec<u8> = (0..21).collect();
        let mut seen = std::collections::HashSet::new();
        for len in 0..=base.len() {
            assert!(
                seen.insert(hasher.hash_one(KeyBytes::new(&base[..len]))),
                "prefix {len}"
            );
        }
        for at in 16..21 {
            let mut changed = base.clone();
            changed[at] ^= 1;
            assert!(
                seen.insert(hasher.hash_one(KeyBytes::new(&changed))),
                "byte {at}"
            );
        }
    }
}
