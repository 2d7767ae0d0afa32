//! Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
//! 2014): maps a 64-bit key to one of `buckets` buckets with no ring at all, moving exactly the
//! keys that must move (1/(n+1) of them) when a bucket is added.

pub fn jump_hash(mut key: u64, buckets: u32) -> u32 {
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < i64::from(buckets) {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b.max(0) as u32
}

/// String keys are hashed to 64 bits first: FNV-1a 64 of their UTF-8 bytes, which the pure-JS
/// twin computes too, so both map every key to the same bucket.
pub fn string_key(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_test_vectors() {
        // From the reference implementations' test suites (go-jump, jump_consistent_hash, ClickHouse).
        let vectors: [(u64, u32, u32); 8] = [
            (1, 1, 0),
            (42, 57, 43),
            (256, 1024, 520),
            (0xDEAD_10CC, 1, 0),
            (0xDEAD_10CC, 666, 361),
            (0, 60, 0),
            (1, 60, 55),
            (2, 60, 46),
        ];
        for (key, buckets, expected) in vectors {
            assert_eq!(
                jump_hash(key, buckets),
                expected,
                "jump_hash({key}, {buckets})"
            );
        }
    }

    #[test]
    fn fnv1a_64_reference_values() {
        assert_eq!(string_key(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(string_key(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(string_key(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn growing_by_one_moves_exactly_the_keys_that_land_on_the_new_bucket() {
        for n in [1u32, 2, 7, 10, 100] {
            let mut moved = 0;
            for key in 0..20_000u64 {
                let k = string_key(&key.to_le_bytes());
                let (before, after) = (jump_hash(k, n), jump_hash(k, n + 1));
                if before != after {
                    assert_eq!(after, n, "a key only ever moves to the new bucket");
                    moved += 1;
                }
            }
            let ideal = 20_000.0 / f64::from(n + 1);
            assert!(
                (f64::from(moved) - ideal).abs() < ideal * 0.1,
                "n={n}: moved {moved}, ideal {ideal}"
            );
        }
    }
}
