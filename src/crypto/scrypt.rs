//! scrypt (RFC 7914): RustCrypto's PBKDF2-HMAC-SHA256 around this crate's ROMix (see
//! `romix.rs` for why not RustCrypto's), the p lanes on rayon's threads, and exactly the parameter
//! checks Node 20 applies through OpenSSL, so a parameter set is accepted or refused here as
//! `crypto.scrypt` would (same RangeError code and message).

use rayon::prelude::*;

use super::romix;
use crate::error::{ErrorKind, NativeError, NativeResult};

pub const DEFAULT_MAXMEM: u64 = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScryptParams {
    pub n: u64,
    pub r: u64,
    pub p: u64,
    pub maxmem: u64,
}

fn invalid(suffix: bool) -> NativeError {
    // OpenSSL fails the first check silently and every later one with "memory limit exceeded";
    // Node shows its error queue after "Invalid scrypt params".
    let message = if suffix {
        "Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded"
    } else {
        "Invalid scrypt params"
    };
    NativeError::new(
        ErrorKind::Range,
        "ERR_CRYPTO_INVALID_SCRYPT_PARAMS",
        message,
    )
}

/// OpenSSL 3's `scrypt_alg` parameter checks, in its order.
pub fn check_params(params: &ScryptParams) -> NativeResult<()> {
    let ScryptParams { n, r, p, maxmem } = *params;
    if r == 0 || p == 0 || n < 2 || n & (n - 1) != 0 {
        return Err(invalid(false));
    }
    const SCRYPT_PR_MAX: u64 = (1 << 30) - 1;
    if p > SCRYPT_PR_MAX / r {
        return Err(invalid(true));
    }
    if 16 * r <= 63 && n >= 1u64 << (16 * r) {
        return Err(invalid(true));
    }
    let b_len = p * 128 * r;
    if b_len > i32::MAX as u64 {
        return Err(invalid(true));
    }
    if n + 2 > (u64::MAX / 128) / r {
        return Err(invalid(true));
    }
    let v_len = 128 * r * (n + 2);
    if b_len > u64::MAX - v_len {
        return Err(invalid(true));
    }
    let maxmem = if maxmem == 0 { DEFAULT_MAXMEM } else { maxmem };
    if b_len + v_len > maxmem {
        return Err(invalid(true));
    }
    Ok(())
}

/// Derives `out.len()` bytes (0 is allowed and yields nothing, as in Node).
pub fn derive(
    password: &[u8],
    salt: &[u8],
    params: &ScryptParams,
    out: &mut [u8],
) -> NativeResult<()> {
    check_params(params)?;
    if out.is_empty() {
        return Ok(());
    }
    // PBKDF2-HMAC-SHA256 yields at most (2^32 - 1) blocks of 32 bytes.
    if out.len() as u64 > u64::from(u32::MAX) * 32 {
        return Err(NativeError::new(
            ErrorKind::Range,
            "ERR_OUT_OF_RANGE",
            "scrypt cannot produce that many bytes",
        ));
    }
    let lane_len = 128 * params.r as usize;
    let mut lanes = vec![0u8; lane_len * params.p as usize];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, 1, &mut lanes);
    // One scratch V per worker thread, reused across the lanes it runs.
    lanes
        .par_chunks_mut(lane_len)
        .for_each_init(Vec::new, |scratch, lane| {
            romix::ro_mix(lane, params.n as usize, scratch)
        });
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &lanes, 1, out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::hex;

    fn params(n: u64, r: u64, p: u64) -> ScryptParams {
        ScryptParams {
            n,
            r,
            p,
            maxmem: 1 << 30,
        }
    }

    #[test]
    fn rfc7914_vectors() {
        // RFC 7914 section 12 (the N=1048576 one runs in the JS suite, with maxmem raised).
        let cases: [(&str, &str, ScryptParams, &str); 3] = [
            ("", "", params(16, 1, 1), "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
            ("password", "NaCl", params(1024, 8, 16), "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
            ("pleaseletmein", "SodiumChloride", params(16384, 8, 1), "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
        ];
        for (password, salt, p, expected) in cases {
            let mut out = vec![0u8; 64];
            derive(password.as_bytes(), salt.as_bytes(), &p, &mut out).unwrap();
            assert_eq!(out, hex(expected), "scrypt({password:?}, {salt:?})");
        }
    }

    #[test]
    fn openssl_parameter_checks() {
        let default = |n, r, p, maxmem| check_params(&ScryptParams { n, r, p, maxmem });
        assert!(default(16384, 8, 1, 0).is_ok(), "Node's defaults");
        assert_eq!(
            default(3, 8, 1, 0).unwrap_err().message,
            "Invalid scrypt params"
        );
        assert_eq!(
            default(1, 8, 1, 0).unwrap_err().message,
            "Invalid scrypt params"
        );
        assert!(default(1 << 20, 8, 1, 0)
            .unwrap_err()
            .message
            .ends_with("memory limit exceeded"));
        assert!(default(1 << 20, 8, 1, 1 << 31).is_ok());
        assert!(default(16384, 8, 1 << 30, 0)
            .unwrap_err()
            .message
            .ends_with("memory limit exceeded"));
        assert!(
            default(1 << 16, 1, 1, 1 << 30).is_err(),
            "r = 1 caps N below 2^16"
        );
        assert!(default(16, 1, 1, 1).is_err());
        let mut empty = [];
        assert!(derive(b"p", b"s", &params(16, 1, 1), &mut empty).is_ok());
    }
}
