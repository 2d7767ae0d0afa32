//! scrypt's ROMix (RFC 7914 section 5) with a scalar Salsa20/8 core.
//!
//! Why not RustCrypto's: its SSE2 Salsa20/8 keeps the 16 words in four vectors, so each of the
//! 32 quarter-steps of a double round waits on the one before it, and SSE2 has no vector
//! rotate (two shifts and an OR). Measured here: 36.5 ms for N=2^14, r=8, p=1 against 22.6 ms
//! for Node's OpenSSL, whose C core is scalar. The scalar core below runs the four columns (then
//! the four rows) as independent chains the CPU overlaps, with one `rol` per rotate.
//! PBKDF2-HMAC-SHA256 around it is still RustCrypto's.

use std::mem::MaybeUninit;

/// Salsa20/8 on one 64-byte block held as 16 little-endian words, in place.
#[inline(always)]
fn salsa20_8(block: &mut [u32; 16]) {
    let mut x = *block;
    macro_rules! quarter {
        ($a:expr, $b:expr, $c:expr, $d:expr) => {
            x[$b] ^= x[$a].wrapping_add(x[$d]).rotate_left(7);
            x[$c] ^= x[$b].wrapping_add(x[$a]).rotate_left(9);
            x[$d] ^= x[$c].wrapping_add(x[$b]).rotate_left(13);
            x[$a] ^= x[$d].wrapping_add(x[$c]).rotate_left(18);
        };
    }
    for _ in 0..4 {
        quarter!(0, 4, 8, 12);
        quarter!(5, 9, 13, 1);
        quarter!(10, 14, 2, 6);
        quarter!(15, 3, 7, 11);
        quarter!(0, 1, 2, 3);
        quarter!(5, 6, 7, 4);
        quarter!(10, 11, 8, 9);
        quarter!(15, 12, 13, 14);
    }
    for (word, mixed) in block.iter_mut().zip(x) {
        *word = word.wrapping_add(mixed);
    }
}

/// BlockMix (RFC 7914 section 4) of `input`, or of `input ^ xor_with` when `XOR` (ROMix's
/// second loop, fused so the 128*r-byte XOR is not a pass of its own), into `output`:
/// even-numbered results first, then odd.
#[inline(always)]
fn block_mix<const XOR: bool, O: Words + ?Sized>(input: &[u32], xor_with: &[u32], output: &mut O) {
    let blocks = input.len() / 16;
    let half = blocks / 2;
    if XOR {
        prefetch(xor_with);
    }
    let mut x = [0u32; 16];
    let last = (blocks - 1) * 16;
    for k in 0..16 {
        x[k] = if XOR {
            input[last + k] ^ xor_with[last + k]
        } else {
            input[last + k]
        };
    }
    for i in 0..blocks {
        let block = &input[i * 16..i * 16 + 16];
        if XOR {
            let other = &xor_with[i * 16..i * 16 + 16];
            for k in 0..16 {
                x[k] ^= block[k] ^ other[k];
            }
        } else {
            for k in 0..16 {
                x[k] ^= block[k];
            }
        }
        salsa20_8(&mut x);
        let at = if i % 2 == 0 { i / 2 } else { half + i / 2 };
        output.put(at * 16, &x);
    }
}

/// Where BlockMix writes its 16-word results: a plain buffer, or a row of V not written yet.
trait Words {
    fn put(&mut self, at: usize, words: &[u32; 16]);
}

impl Words for [u32] {
    #[inline(always)]
    fn put(&mut self, at: usize, words: &[u32; 16]) {
        self[at..at + 16].copy_from_slice(words);
    }
}

impl Words for [MaybeUninit<u32>] {
    #[inline(always)]
    fn put(&mut self, at: usize, words: &[u32; 16]) {
        for (slot, &word) in self[at..at + 16].iter_mut().zip(words) {
            slot.write(word);
        }
    }
}

/// Row `i` of V, which ROMix has written before it reads it.
#[inline(always)]
fn row(v: &[MaybeUninit<u32>], i: usize, words: usize) -> &[u32] {
    let row = &v[i * words..(i + 1) * words];
    // SAFETY: ROMix writes row i (loop 1, in order) before any read of it, so every word here is
    // initialised; `MaybeUninit<u32>` has the layout of `u32`.
    unsafe { std::slice::from_raw_parts(row.as_ptr().cast::<u32>(), words) }
}

/// Asks for all of `block` (a random 128*r-byte row of V, so in no cache yet) at once: the
/// loads then overlap instead of each 64-byte sub-block missing when its turn comes.
#[inline(always)]
fn prefetch(block: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    for line in block.chunks(16) {
        // SAFETY: a prefetch is a hint with no effect on memory; the address is in `block`.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                line.as_ptr().cast(),
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = block;
}

/// ROMix over one lane `b` (128*r bytes), with `v` as scratch for V (N * 128*r bytes).
pub fn ro_mix(b: &mut [u8], n: usize, v: &mut Vec<MaybeUninit<u32>>) {
    let words = b.len() / 4;
    let mut x: Vec<u32> = b
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut y = vec![0u32; words];
    // V is never zeroed: every row is written before it is read. A zeroed 16 MiB (N=2^14, r=8)
    // cost a memset or fresh pages on every call; an uninitialised one reuses what the allocator
    // kept from the last call. Each row is mixed straight from the one before it.
    v.clear();
    v.resize_with(n * words, MaybeUninit::uninit);
    for (slot, &word) in v[..words].iter_mut().zip(&x) {
        slot.write(word);
    }
    for i in 1..n {
        let (done, rest) = v.split_at_mut(i * words);
        block_mix::<false, _>(row(done, i - 1, words), &[], &mut rest[..words]);
    }
    block_mix::<false, _>(row(v, n - 1, words), &[], &mut x[..]);
    for _ in 0..n {
        let j = (x[words - 16] as usize) & (n - 1);
        block_mix::<true, _>(&x, row(v, j, words), &mut y[..]);
        std::mem::swap(&mut x, &mut y);
    }
    for (chunk, word) in b.chunks_exact_mut(4).zip(&x) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RustCrypto scrypt crate (a dev-dependency) as the oracle, over shapes the RFC vectors
    /// do not cover: odd r, p > 1, tiny and larger N.
    #[test]
    fn equals_rustcrypto_scrypt() {
        for (log_n, r, p) in [
            (1u8, 1u32, 1u32),
            (4, 1, 3),
            (10, 3, 2),
            (12, 8, 1),
            (8, 16, 4),
        ] {
            let password = format!("pw-{log_n}-{r}-{p}");
            let salt = [log_n, r as u8, p as u8, 7];
            let mut expected = [0u8; 80];
            let params = scrypt::Params::new(log_n, r, p).unwrap();
            scrypt::scrypt(password.as_bytes(), &salt, &params, &mut expected).unwrap();

            let lane_len = 128 * r as usize;
            let mut lanes = vec![0u8; lane_len * p as usize];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, 1, &mut lanes);
            let mut scratch = Vec::new();
            for lane in lanes.chunks_exact_mut(lane_len) {
                ro_mix(lane, 1 << log_n, &mut scratch);
            }
            let mut ours = [0u8; 80];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &lanes, 1, &mut ours);
            assert_eq!(ours, expected, "N=2^{log_n} r={r} p={p}");
        }
    }
}
