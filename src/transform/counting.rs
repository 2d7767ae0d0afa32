//! Counting bytes: one value, newlines, or all 256 at once.

#[inline(always)]
fn count_generic(buf: &[u8], value: u8) -> u64 {
    // Per-block u8 tallies vectorise far better than a u64 per byte.
    buf.chunks(255)
        .map(|block| u64::from(block.iter().fold(0u8, |n, &b| n + u8::from(b == value))))
        .sum()
}

pub fn count_byte(buf: &[u8], value: u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked above).
        return unsafe { count_avx2(buf, value) };
    }
    count_generic(buf, value)
}

/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn count_avx2(buf: &[u8], value: u8) -> u64 {
    count_generic(buf, value)
}

pub fn count_byte_parallel(buf: &[u8], value: u8) -> u64 {
    super::split::map_parts(buf, 64, |part| count_byte(part, value))
        .into_iter()
        .sum()
}

/// Counts of every byte value. Four interleaved tables break the dependency chain that one table
/// has when the same byte repeats.
pub fn histogram(buf: &[u8]) -> [u64; 256] {
    let mut tables = [[0u32; 256]; 4];
    let mut out = [0u64; 256];
    // u32 tallies are flushed before they could overflow.
    for block in buf.chunks(1 << 30) {
        let mut quads = block.chunks_exact(4);
        for q in &mut quads {
            tables[0][q[0] as usize] += 1;
            tables[1][q[1] as usize] += 1;
            tables[2][q[2] as usize] += 1;
            tables[3][q[3] as usize] += 1;
        }
        for &b in quads.remainder() {
            tables[0][b as usize] += 1;
        }
        for table in &mut tables {
            for (total, count) in out.iter_mut().zip(table.iter_mut()) {
                *total += u64::from(*count);
                *count = 0;
            }
        }
    }
    out
}

pub fn histogram_parallel(buf: &[u8]) -> [u64; 256] {
    let mut total = [0u64; 256];
    for part in super::split::map_parts(buf, 64, histogram) {
        for (t, p) in total.iter_mut().zip(part) {
            *t += p;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_a_naive_count() {
        let data: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        for value in [0u8, 10, 200, 255] {
            let expected = data.iter().filter(|&&b| b == value).count() as u64;
            assert_eq!(count_byte(&data, value), expected);
            assert_eq!(count_byte_parallel(&data, value), expected);
        }
        let hist = histogram(&data);
        assert_eq!(hist.iter().sum::<u64>(), data.len() as u64);
        for value in 0..=255u8 {
            assert_eq!(hist[value as usize], count_byte(&data, value));
        }
        assert_eq!(histogram_parallel(&data), hist);
    }

    #[test]
    fn long_runs_of_one_byte_do_not_overflow_block_tallies() {
        let data = vec![7u8; 100_000];
        assert_eq!(count_byte(&data, 7), 100_000);
        assert_eq!(histogram(&data)[7], 100_000);
        assert_eq!(count_byte(&[], 7), 0);
    }
}
