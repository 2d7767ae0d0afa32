//! Helpers shared by the unit tests.

/// Bytes from a hex string, as test vectors are published.
pub fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex digits"))
        .collect()
}

/// A string's UTF-16 units, as the fast path reads JS strings.
pub fn utf16(text: &str) -> Vec<u16> {
    text.encode_utf16().collect()
}
