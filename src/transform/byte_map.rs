//! `buf[i] = table[buf[i]]` in place, and the ASCII case mappings.
//!
//! A 256-entry lookup does not vectorise by itself. On CPUs with AVX-512 VBMI two `vpermi2b`
//! lookups (table halves of 128 bytes) and a blend on the index's top bit map 64 bytes at a time;
//! elsewhere a scalar loop does it. The ASCII mappings are range tests, which the compiler
//! vectorises on every target.

pub type Table = [u8; 256];

pub fn map_bytes(buf: &mut [u8], table: &Table) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512vbmi") && std::is_x86_feature_detected!("avx512bw")
        {
            // SAFETY: the CPU supports the features the function is compiled for (checked above).
            unsafe { vbmi::map_bytes(buf, table) };
            return;
        }
    }
    map_bytes_scalar(buf, table);
}

pub fn map_bytes_scalar(buf: &mut [u8], table: &Table) {
    for byte in buf {
        *byte = table[*byte as usize];
    }
}

pub fn map_bytes_parallel(buf: &mut [u8], table: &Table) {
    super::split::for_each_part_mut(buf, 64, |part| map_bytes(part, table));
}

#[inline(always)]
fn upper_generic(buf: &mut [u8]) {
    for byte in buf {
        // Branch-free so it vectorises: subtract 32 exactly for a..z.
        *byte -= u8::from(byte.wrapping_sub(b'a') < 26) << 5;
    }
}

#[inline(always)]
fn lower_generic(buf: &mut [u8]) {
    for byte in buf {
        *byte += u8::from(byte.wrapping_sub(b'A') < 26) << 5;
    }
}

pub fn to_upper_ascii(buf: &mut [u8]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked above).
        return unsafe { avx2::upper(buf) };
    }
    upper_generic(buf);
}

pub fn to_lower_ascii(buf: &mut [u8]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked above).
        return unsafe { avx2::lower(buf) };
    }
    lower_generic(buf);
}

/// The same loops compiled for AVX2 (32 bytes a step instead of SSE2's 16).
#[cfg(target_arch = "x86_64")]
mod avx2 {
    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn upper(buf: &mut [u8]) {
        super::upper_generic(buf);
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn lower(buf: &mut [u8]) {
        super::lower_generic(buf);
    }
}

pub fn case_parallel(buf: &mut [u8], upper: bool) {
    super::split::for_each_part_mut(buf, 64, |part| {
        if upper {
            to_upper_ascii(part)
        } else {
            to_lower_ascii(part)
        }
    });
}

#[cfg(target_arch = "x86_64")]
mod vbmi {
    use std::arch::x86_64::*;

    use super::Table;

    /// # Safety
    /// The CPU must support AVX-512 F, BW and VBMI.
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    pub unsafe fn map_bytes(buf: &mut [u8], table: &Table) {
        // SAFETY (whole body): unaligned loads/stores of exactly 64 bytes within `table` and
        // within each 64-byte chunk of `buf`; the tail goes through the scalar loop.
        unsafe {
            let t0 = _mm512_loadu_si512(table.as_ptr().cast());
            let t1 = _mm512_loadu_si512(table.as_ptr().add(64).cast());
            let t2 = _mm512_loadu_si512(table.as_ptr().add(128).cast());
            let t3 = _mm512_loadu_si512(table.as_ptr().add(192).cast());
            let mut chunks = buf.chunks_exact_mut(64);
            for chunk in &mut chunks {
                let idx = _mm512_loadu_si512(chunk.as_ptr().cast());
                // permutex2var uses the low 7 bits of each index: bytes 0..127 of (t0,t1) / (t2,t3).
                let low = _mm512_permutex2var_epi8(t0, idx, t1);
                let high = _mm512_permutex2var_epi8(t2, idx, t3);
                let top_bit = _mm512_movepi8_mask(idx);
                let mapped = _mm512_mask_blend_epi8(top_bit, low, high);
                _mm512_storeu_si512(chunk.as_mut_ptr().cast(), mapped);
            }
            super::map_bytes_scalar(chunks.into_remainder(), table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reversed_table() -> Table {
        let mut t = [0u8; 256];
        for (i, v) in t.iter_mut().enumerate() {
            *v = (255 - i) as u8 ^ 0x5a;
        }
        t
    }

    #[test]
    fn every_path_maps_every_byte_value() {
        let table = reversed_table();
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 31 + 11) as u8).collect();
        let expected: Vec<u8> = data.iter().map(|&b| table[b as usize]).collect();
        let mut a = data.clone();
        map_bytes(&mut a, &table);
        assert_eq!(a, expected);
        let mut b = data.clone();
        map_bytes_scalar(&mut b, &table);
        assert_eq!(b, expected);
        let mut c = data.clone();
        map_bytes_parallel(&mut c, &table);
        assert_eq!(c, expected);
        for len in 0..130 {
            let mut d = data[..len].to_vec();
            map_bytes(&mut d, &table);
            assert_eq!(d, expected[..len]);
        }
    }

    #[test]
    fn ascii_case_touches_only_letters() {
        let all: Vec<u8> = (0..=255u8).collect();
        let mut up = all.clone();
        to_upper_ascii(&mut up);
        let mut low = all.clone();
        to_lower_ascii(&mut low);
        for b in 0..=255u8 {
            assert_eq!(up[b as usize], b.to_ascii_uppercase());
            assert_eq!(low[b as usize], b.to_ascii_lowercase());
        }
        let mut par = all.clone();
        case_parallel(&mut par, true);
        assert_eq!(par, up);
    }
}
