//! The call-cost probes: the same small call shapes written four ways (napi-rs `#[napi]`,
//! napi-rs class methods, the fast path, and bare hand-written Node-API as the floor).
//!
//! They exist so `bench/boundary` can measure, in one run on one machine, what each way of
//! crossing the boundary costs, and so the Native Addons lab can show it. The fast-path and
//! `#[napi]` probes also carry the argument-error parity tests. Each body is trivial on purpose:
//! the numbers measure crossing, not work.

pub mod fast;
pub mod floor;
mod napi_rs;

/// What every probe computes for the "bytes" shape, so all versions return the same number.
pub fn byte_sum(bytes: &[u8]) -> u32 {
    bytes.iter().map(|&b| u32::from(b)).sum()
}

/// What every "fill" probe writes: position-dependent, so a skipped or shifted write shows.
pub fn fill_pattern(out: &mut [u8]) {
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = (i as u8).wrapping_mul(31).wrapping_add(7);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_and_sum_agree_with_the_js_twins() {
        let mut out = [0u8; 16];
        fill_pattern(&mut out);
        assert_eq!(out[0], 7);
        assert_eq!(out[1], 38);
        assert_eq!(out[15], (15u8).wrapping_mul(31).wrapping_add(7));
        assert_eq!(byte_sum(&[255, 1, 2]), 258);
    }
}
