//! XOR with a repeating key, in place, resumable at any key offset (so a stream of chunks gives
//! the same bytes as one big buffer).
//!
//! The key is first laid out as a pattern, rotated to start at the offset, whose length is a
//! multiple of the key length and (for keys up to 512 bytes) of 64 bytes, so that XORing one
//! pattern-length block at a time is whole SIMD vectors with no scalar tail. The XOR loop is
//! compiled three times (SSE2 baseline, AVX2, AVX-512) and picked at run time. Parallel runs split
//! the buffer on pattern boundaries, so every part sees the same pattern phase.

/// Keys longer than this are laid out whole, repeated to at least this many bytes.
const MAX_ALIGNED_KEY: usize = 512;

/// The key rotated to `offset`, repeated to a whole number of keys (and of 64-byte vectors).
pub fn pattern(key: &[u8], offset: u64) -> Vec<u8> {
    assert!(!key.is_empty(), "the caller rejects empty keys");
    let len = key.len();
    let total = if len <= MAX_ALIGNED_KEY {
        lcm(len, 64)
    } else {
        len * MAX_ALIGNED_KEY.div_ceil(len).max(1)
    };
    let start = (offset % len as u64) as usize;
    let mut out = Vec::with_capacity(total + len);
    // Whole-slice copies: building it byte by byte with `%` cost more than XORing 1 KiB.
    out.extend_from_slice(&key[start..]);
    while out.len() < total {
        out.extend_from_slice(key);
    }
    out.truncate(total);
    out
}

fn lcm(a: usize, b: usize) -> usize {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    a / x * b
}

#[inline(always)]
fn apply_generic(buf: &mut [u8], pattern: &[u8]) {
    for block in buf.chunks_mut(pattern.len()) {
        for (byte, k) in block.iter_mut().zip(pattern) {
            *byte ^= k;
        }
    }
}

fn apply(buf: &mut [u8], pattern: &[u8]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512bw") {
            // SAFETY: the CPU has the features the function is compiled for (checked above).
            return unsafe { wide::apply_avx512(buf, pattern) };
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { wide::apply_avx2(buf, pattern) };
        }
    }
    apply_generic(buf, pattern);
}

/// The same loop compiled for wider vectors.
#[cfg(target_arch = "x86_64")]
mod wide {
    /// # Safety
    /// The CPU must support AVX-512 F and BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub unsafe fn apply_avx512(buf: &mut [u8], pattern: &[u8]) {
        super::apply_generic(buf, pattern);
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn apply_avx2(buf: &mut [u8], pattern: &[u8]) {
        super::apply_generic(buf, pattern);
    }
}

pub fn xor(buf: &mut [u8], key: &[u8], offset: u64) {
    apply(buf, &pattern(key, offset));
}

/// The same result as [`xor`], with the work split over threads on pattern boundaries.
pub fn xor_parallel(buf: &mut [u8], key: &[u8], offset: u64) {
    let pattern = pattern(key, offset);
    super::split::for_each_part_mut(buf, pattern.len(), |part| apply(part, &pattern));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(buf: &mut [u8], key: &[u8], offset: u64) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b ^= key[((offset + i as u64) % key.len() as u64) as usize];
        }
    }

    #[test]
    fn matches_the_definition_for_many_key_lengths_and_offsets() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + 3) as u8).collect();
        for key_len in [1usize, 2, 3, 7, 16, 100, 511, 512, 513, 1000, 4096] {
            let key: Vec<u8> = (0..key_len).map(|i| (i * 13 + 1) as u8).collect();
            for offset in [0u64, 1, 5, key_len as u64 - 1, 1 << 40] {
                let mut expected = data.clone();
                naive(&mut expected, &key, offset);
                let mut got = data.clone();
                xor(&mut got, &key, offset);
                assert_eq!(got, expected, "key {key_len} offset {offset}");
                let mut par = data.clone();
                xor_parallel(&mut par, &key, offset);
                assert_eq!(par, expected, "parallel key {key_len} offset {offset}");
            }
        }
    }

    #[test]
    fn chunks_with_running_offsets_equal_the_whole() {
        let key = b"secret!";
        let data: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let mut whole = data.clone();
        xor(&mut whole, key, 0);
        let mut chunked = data.clone();
        let mut offset = 0u64;
        for chunk in chunked.chunks_mut(37) {
            xor(chunk, key, offset);
            offset += chunk.len() as u64;
        }
        assert_eq!(chunked, whole);
    }

    #[test]
    fn patterns_are_whole_keys_and_whole_vectors() {
        for len in [1usize, 3, 13, 64, 100, 512, 513, 4000] {
            let key: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let p = pattern(&key, 5);
            assert_eq!(p.len() % len, 0, "whole keys for {len}");
            if len <= super::MAX_ALIGNED_KEY {
                assert_eq!(p.len() % 64, 0, "whole vectors for {len}");
            }
            assert_eq!(p[0], key[5 % len]);
        }
    }

    #[test]
    fn empty_buffers_are_fine() {
        xor(&mut [], b"k", 3);
        xor_parallel(&mut [], b"k", 3);
    }
}
