//! What a cache entry holds: a copy of a JS value, in a form any thread can read.
//!
//! Values are copies (bytes, numbers), never references into one env's heap: that is what keeps
//! a big cache out of V8's way and what lets a shared cache hand a value written by one worker to
//! another. Strings use the same Latin-1/UTF-16 split as keys. Objects reach here already encoded
//! by the JS codec (`json`/`v8`) and are tagged so they are decoded again on the way out.

#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    Latin1(Box<[u8]>),
    Utf16(Box<[u16]>),
    Bytes(Box<[u8]>),
    /// An object serialised by the JS layer's codec.
    Encoded(Box<[u8]>),
    Number(f64),
    Bool(bool),
    Null,
}

impl StoredValue {
    pub fn from_utf16(units: &[u16]) -> Self {
        if fits_latin1(units) {
            // Collected from an exact-size iterator: one allocation, no zeroing (a zeroed
            // buffer was a calloc that showed up in profiles).
            Self::Latin1(units.iter().map(|&unit| unit as u8).collect())
        } else {
            Self::Utf16(units.into())
        }
    }

    /// The entry's size when the cache counts sizes and no size was given: the value's byte
    /// length (UTF-8 for strings, as `Buffer.byteLength`), 8 for a number, and at least 1,
    /// since lru-cache requires sizes to be positive integers.
    pub fn default_size(&self) -> u64 {
        let bytes = match self {
            Self::Latin1(bytes) => bytes.len() + bytes.iter().filter(|&&b| b >= 0x80).count(),
            Self::Utf16(units) => utf8_len(units),
            Self::Bytes(bytes) | Self::Encoded(bytes) => bytes.len(),
            Self::Number(_) => 8,
            Self::Bool(_) | Self::Null => 1,
        };
        bytes.max(1) as u64
    }

    /// JS `===` between the JS values these stand for. Byte values compare by content: the
    /// cache keeps copies, so the identity of the Buffer that was set is not known here.
    pub fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a == b,
            _ => self == other,
        }
    }
}

/// Whether every unit fits in a byte. An OR over the whole slice (no early exit) so it
/// vectorises: `iter().all(..)` ran one unit per cycle, 60 ns for a 200-char value.
#[inline]
pub fn fits_latin1(units: &[u16]) -> bool {
    units.iter().fold(0u16, |seen, &unit| seen | unit) < 0x100
}

/// UTF-8 length of UTF-16 text, counting a lone surrogate as U+FFFD (3 bytes), as Node does.
fn utf8_len(units: &[u16]) -> usize {
    char::decode_utf16(units.iter().copied())
        .map(|ch| ch.map_or(3, char::len_utf8))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::utf16;

    #[test]
    fn default_sizes_match_buffer_byte_length() {
        assert_eq!(StoredValue::from_utf16(&utf16("hello")).default_size(), 5);
        assert_eq!(StoredValue::from_utf16(&utf16("café")).default_size(), 5);
        assert_eq!(StoredValue::from_utf16(&utf16("中文😀")).default_size(), 10);
        assert_eq!(StoredValue::from_utf16(&[0xD800]).default_size(), 3);
        assert_eq!(StoredValue::from_utf16(&[]).default_size(), 1);
        assert_eq!(StoredValue::Bytes(vec![0; 200].into()).default_size(), 200);
        assert_eq!(StoredValue::Number(1.5).default_size(), 8);
        assert_eq!(StoredValue::Null.default_size(), 1);
    }

    #[test]
    fn strange_equality_follows_js() {
        assert!(!StoredValue::Number(f64::NAN).same_as(&StoredValue::Number(f64::NAN)));
        assert!(StoredValue::Number(0.0).same_as(&StoredValue::Number(-0.0)));
        assert!(!StoredValue::Bytes(vec![1].into()).same_as(&StoredValue::Encoded(vec![1].into())));
        assert!(StoredValue::from_utf16(&utf16("é")).same_as(&StoredValue::from_utf16(&utf16("é"))));
    }
}
