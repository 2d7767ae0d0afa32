//! AES-GCM (AES-128 or AES-256, chosen by key length) on ring, byte-compatible with node:crypto's
//! `aes-128-gcm`/`aes-256-gcm` for 12-byte IVs and 16-byte tags (the only sizes ring supports).
//!
//! In place on the caller's buffer through ring's API; from one buffer into another through
//! ring's kernels where the CPU has them (`gcm_kernels`), else a copy and then in place. The key
//! schedule is built once per key. A message that fails authentication leaves zeros, never
//! unauthenticated plaintext.

use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_128_GCM, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

#[cfg(target_arch = "x86_64")]
use super::gcm_kernels::GcmKernels;
use crate::error::{ErrorKind, NativeError, NativeResult};
use crate::parallel::Parallel;

pub const IV_LEN: usize = NONCE_LEN;
pub const TAG_LEN: usize = 16;

/// ring's `MAX_IN_OUT_LEN`: NIST's limit for one GCM message, 2^39 - 256 bits.
const MAX_TEXT_LEN: u64 = ((1u64 << 39) - 256) / 8;

/// Stands in for the kernels where they cannot exist, so the rest has one shape.
#[cfg(not(target_arch = "x86_64"))]
enum GcmKernels {}

#[cfg(not(target_arch = "x86_64"))]
impl GcmKernels {
    fn new(_key: &[u8]) -> Option<Self> {
        None
    }
    fn description() -> Option<&'static str> {
        None
    }
    #[cfg(test)]
    fn every_flavor(_key: &[u8]) -> Vec<Self> {
        Vec::new()
    }
    fn seal(&self, _: &[u8; IV_LEN], _: &[u8], _: &mut Text, _: Parallel) -> [u8; TAG_LEN] {
        match *self {}
    }
    fn open(&self, _: &[u8; IV_LEN], _: &[u8], _: &mut Text, _: Parallel) -> [u8; TAG_LEN] {
        match *self {}
    }
}

/// The bytes one call encrypts or decrypts: from one buffer into another of the same length, or
/// in place.
pub enum Text<'a> {
    Separate {
        input: &'a [u8],
        output: &'a mut [u8],
    },
    InPlace(&'a mut [u8]),
}

impl<'a> Text<'a> {
    fn len(&self) -> usize {
        match self {
            Text::Separate { input, .. } => input.len(),
            Text::InPlace(in_out) => in_out.len(),
        }
    }

    fn output(&mut self) -> &mut [u8] {
        match self {
            Text::Separate { output, .. } => output,
            Text::InPlace(in_out) => in_out,
        }
    }

    /// For ring's in-place API: the input copied into the output first where they differ.
    fn into_in_place(self) -> &'a mut [u8] {
        match self {
            Text::Separate { input, output } => {
                output.copy_from_slice(input);
                output
            }
            Text::InPlace(in_out) => in_out,
        }
    }
}

/// One key schedule per key: the kernels' own where the CPU has them, else ring's.
enum Engine {
    Kernels(GcmKernels),
    Ring(LessSafeKey),
}

pub struct AesGcmKey {
    engine: Engine,
    /// Whether a message's blocks may be split over rayon's threads (where the kernels exist;
    /// `Auto` from `gcm_kernels::PARALLEL_MIN_LEN` bytes up).
    parallel: Parallel,
}

fn too_long() -> NativeError {
    NativeError::new(
        ErrorKind::Range,
        "ERR_OUT_OF_RANGE",
        "AES-GCM messages are limited to 64 GiB",
    )
}

fn invalid_tag_len(len: usize) -> NativeError {
    NativeError::new(
        ErrorKind::Range,
        "ERR_CRYPTO_INVALID_AUTH_TAG",
        format!("Invalid authentication tag length: AES-GCM here takes a 16-byte tag (got {len} bytes); ring supports no other size"),
    )
}

pub fn auth_failed() -> NativeError {
    // Node's own message for a failed GCM tag check, so code that matches on it keeps working.
    NativeError::new(
        ErrorKind::Operation,
        "ERR_CRYPTO_AUTH_FAILED",
        "Unsupported state or unable to authenticate data",
    )
}

pub fn invalid_iv(len: usize) -> NativeError {
    NativeError::new(
        ErrorKind::Range,
        "ERR_CRYPTO_INVALID_IV",
        format!("Invalid initialization vector: AES-GCM here takes a 12-byte IV (got {len} bytes); ring supports no other size"),
    )
}

fn check_iv(iv: &[u8]) -> NativeResult<Nonce> {
    Nonce::try_assume_unique_for_key(iv).map_err(|_| invalid_iv(iv.len()))
}

fn iv_array(iv: &[u8]) -> NativeResult<[u8; IV_LEN]> {
    iv.try_into().map_err(|_| invalid_iv(iv.len()))
}

fn tag_array(tag: &[u8]) -> NativeResult<[u8; TAG_LEN]> {
    tag.try_into().map_err(|_| invalid_tag_len(tag.len()))
}

fn check_len(len: usize) -> NativeResult<()> {
    if len as u64 > MAX_TEXT_LEN {
        Err(too_long())
    } else {
        Ok(())
    }
}

/// Ok if the tag the kernels computed is the one given; otherwise the decrypted bytes are
/// zeroed, so no unauthenticated plaintext is left behind.
fn authenticated(
    expected: &[u8; TAG_LEN],
    given: &[u8; TAG_LEN],
    plaintext: &mut [u8],
) -> NativeResult<()> {
    if tags_equal(expected, given) {
        Ok(())
    } else {
        plaintext.fill(0);
        Err(auth_failed())
    }
}

/// Tag comparison whose time does not depend on where the tags differ.
fn tags_equal(a: &[u8; TAG_LEN], b: &[u8; TAG_LEN]) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

impl AesGcmKey {
    pub fn new(key: &[u8]) -> NativeResult<Self> {
        if !(key.len() == 16 || key.len() == 32) {
            return Err(NativeError::new(
                ErrorKind::Range,
                "ERR_CRYPTO_INVALID_KEYLEN",
                format!("Invalid key length: AES-GCM takes a 16-byte (AES-128) or 32-byte (AES-256) key, got {} bytes", key.len()),
            ));
        }
        let engine = match GcmKernels::new(key) {
            Some(kernels) => Engine::Kernels(kernels),
            None => Engine::Ring(ring_key(key)?),
        };
        Ok(Self {
            engine,
            parallel: Parallel::Auto,
        })
    }

    pub fn with_parallel(self, parallel: Parallel) -> Self {
        Self { parallel, ..self }
    }

    /// One key per kernel set this CPU runs (ring's VAES/AVX2 and AES-NI/AVX on this Xeon).
    #[cfg(test)]
    fn with_every_kernel(key: &[u8]) -> Vec<Self> {
        GcmKernels::every_flavor(key)
            .into_iter()
            .map(|kernels| Self {
                engine: Engine::Kernels(kernels),
                parallel: Parallel::Auto,
            })
            .collect()
    }

    /// ring's path and every kernel set this CPU runs, for tests that hold them to one answer.
    #[cfg(test)]
    fn every_engine(key: &[u8]) -> Vec<Self> {
        let mut engines = vec![Self::portable(key)];
        engines.extend(Self::with_every_kernel(key));
        engines
    }

    /// The same key on ring's own API (in place), so tests reach the portable path on any CPU.
    #[cfg(test)]
    fn portable(key: &[u8]) -> Self {
        Self {
            engine: Engine::Ring(ring_key(key).unwrap()),
            parallel: Parallel::Auto,
        }
    }

    /// Encrypts `input` into `output` (the same length); returns the tag. One pass where the
    /// CPU has the kernels; elsewhere a copy and ring in place, with the same bytes out.
    pub fn seal(
        &self,
        iv: &[u8],
        aad: &[u8],
        input: &[u8],
        output: &mut [u8],
    ) -> NativeResult<[u8; TAG_LEN]> {
        self.seal_text(iv, aad, Text::Separate { input, output })
    }

    /// Encrypts `in_out` in place; returns the 16-byte tag.
    pub fn seal_in_place(
        &self,
        iv: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> NativeResult<[u8; TAG_LEN]> {
        self.seal_text(iv, aad, Text::InPlace(in_out))
    }

    /// Decrypts `input` into `output` if `tag` authenticates it; otherwise zeroes `output` and
    /// fails with Node's ERR_CRYPTO_AUTH_FAILED. `input` is never written.
    pub fn open(
        &self,
        iv: &[u8],
        aad: &[u8],
        tag: &[u8],
        input: &[u8],
        output: &mut [u8],
    ) -> NativeResult<()> {
        self.open_text(iv, aad, tag, Text::Separate { input, output })
    }

    /// Decrypts `in_out` in place if `tag` authenticates it; otherwise zeroes it and fails with
    /// Node's ERR_CRYPTO_AUTH_FAILED.
    pub fn open_in_place(
        &self,
        iv: &[u8],
        aad: &[u8],
        tag: &[u8],
        in_out: &mut [u8],
    ) -> NativeResult<()> {
        self.open_text(iv, aad, tag, Text::InPlace(in_out))
    }

    fn seal_text(&self, iv: &[u8], aad: &[u8], mut text: Text) -> NativeResult<[u8; TAG_LEN]> {
        let key = match &self.engine {
            Engine::Kernels(kernels) => {
                let nonce = iv_array(iv)?;
                check_len(text.len())?;
                return Ok(kernels.seal(&nonce, aad, &mut text, self.parallel));
            }
            Engine::Ring(key) => key,
        };
        let nonce = check_iv(iv)?;
        let tag = key
            .seal_in_place_separate_tag(nonce, Aad::from(aad), text.into_in_place())
            .map_err(|_| too_long())?;
        Ok(tag.as_ref().try_into().expect("16-byte tag"))
    }

    fn open_text(&self, iv: &[u8], aad: &[u8], tag: &[u8], mut text: Text) -> NativeResult<()> {
        let key = match &self.engine {
            Engine::Kernels(kernels) => {
                let nonce = iv_array(iv)?;
                let tag = tag_array(tag)?;
                check_len(text.len())?;
                let expected = kernels.open(&nonce, aad, &mut text, self.parallel);
                return authenticated(&expected, &tag, text.output());
            }
            Engine::Ring(key) => key,
        };
        let nonce = check_iv(iv)?;
        let tag = tag_array(tag)?;
        let in_out = text.into_in_place();
        match key.open_in_place_separate_tag(nonce, Aad::from(aad), Tag::from(tag), in_out, 0..) {
            Ok(_) => Ok(()),
            Err(_) => {
                in_out.fill(0);
                Err(auth_failed())
            }
        }
    }
}

/// ring's key for a key `AesGcmKey::new` accepted: 16 bytes are AES-128, 32 AES-256.
fn ring_key(key: &[u8]) -> NativeResult<LessSafeKey> {
    let algorithm = if key.len() == 16 {
        &AES_128_GCM
    } else {
        &AES_256_GCM
    };
    let unbound = UnboundKey::new(algorithm, key)
        .map_err(|_| NativeError::panic("ring refused a key of valid length"))?;
    Ok(LessSafeKey::new(unbound))
}

/// What runs AES-GCM on this CPU, for `buildInfo()` and benchmark records.
pub fn implementation() -> &'static str {
    GcmKernels::description().unwrap_or("ring's API, in place (fresh outputs are copied first)")
}

/// A fresh random 96-bit IV from the OS generator.
pub fn random_iv(out: &mut [u8]) -> NativeResult<()> {
    SystemRandom::new().fill(out).map_err(|_| {
        NativeError::new(
            ErrorKind::Operation,
            "ERR_CRYPTO_OPERATION_FAILED",
            "the OS random number generator failed",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{hex, noise};

    /// The GCM specification's test cases (McGrew & Viega), 96-bit IVs: (key, iv, pt, aad, ct, tag).
    const GCM_SPEC: &[(&str, &str, &str, &str, &str, &str)] = &[
        // Test case 3 (AES-128)
        ("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
         "",
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
         "4d5c2af327cd64a62cf35abd2ba6fab4"),
        // Test case 4 (AES-128, with AAD)
        ("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2",
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
         "5bc94fbc3221a5db94fae95ae7121a47"),
        // Test case 13 (AES-256, empty)
        ("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "",
         "530f8afbc74536b9a963b4f1c4cb738b"),
        // Test case 14
        ("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
         "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
        // Test case 15
        ("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
         "",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
         "b094dac5d93471bdec1a502270e3cc6c"),
        // Test case 16 (with AAD)
        ("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
         "76fc6ece0f4e1768cddf8853bb2d551b"),
    ];

    #[test]
    fn gcm_spec_test_cases() {
        for (key, iv, pt, aad, ct, tag) in GCM_SPEC {
            for k in AesGcmKey::every_engine(&hex(key)) {
                let mut buf = hex(pt);
                let got_tag = k.seal_in_place(&hex(iv), &hex(aad), &mut buf).unwrap();
                assert_eq!(buf, hex(ct), "ciphertext for key {key}");
                assert_eq!(got_tag.to_vec(), hex(tag), "tag for key {key}");
                k.open_in_place(&hex(iv), &hex(aad), &hex(tag), &mut buf)
                    .unwrap();
                assert_eq!(buf, hex(pt));
            }
        }
    }

    #[test]
    fn gcm_spec_test_cases_from_one_buffer_into_another() {
        for (key, iv, pt, aad, ct, tag) in GCM_SPEC {
            for k in AesGcmKey::every_engine(&hex(key)) {
                let mut buf = hex(pt);
                let got_tag = k.seal_in_place(&hex(iv), &hex(aad), &mut buf).unwrap();
                assert_eq!((buf, got_tag.to_vec()), (hex(ct), hex(tag)), "in place");
                let (pt, ct) = (hex(pt), hex(ct));
                let mut out = vec![0xAA; pt.len()];
                let got_tag = k.seal(&hex(iv), &hex(aad), &pt, &mut out).unwrap();
                assert_eq!(out, ct, "ciphertext for key {key}");
                assert_eq!(got_tag.to_vec(), hex(tag), "tag for key {key}");
                let mut back = vec![0x55; ct.len()];
                k.open(&hex(iv), &hex(aad), &hex(tag), &ct, &mut back)
                    .unwrap();
                assert_eq!(back, pt);
            }
        }
    }

    /// Every length through the kernels' block loops and the partial last block, AAD of every
    /// length around the block size, both key sizes, out of place and in place: the same bytes
    /// as ring's own API.
    #[test]
    fn out_of_place_agrees_with_ring_in_place() {
        let mut lengths: Vec<usize> = (0..=1100).collect();
        lengths.extend([4095, 4096, 4097, 65535, 65536, 65551, (1 << 20) + 5]);
        for key_len in [16, 32] {
            let key = noise(key_len, 1 + key_len as u64);
            let ring = AesGcmKey::portable(&key);
            for k in AesGcmKey::with_every_kernel(&key) {
                for (i, &len) in lengths.iter().enumerate() {
                    let pt = noise(len, 7 + i as u64);
                    let aad = noise(i % 41, 11 + i as u64);
                    let iv = noise(IV_LEN, 13 + i as u64);
                    let mut expected = pt.clone();
                    let expected_tag = ring.seal_in_place(&iv, &aad, &mut expected).unwrap();
                    let mut out = vec![0; len];
                    let tag = k.seal(&iv, &aad, &pt, &mut out).unwrap();
                    assert!(out == expected, "ciphertext, {len} bytes, key {key_len}");
                    assert_eq!(tag, expected_tag, "tag, {len} bytes, key {key_len}");
                    let mut in_place = pt.clone();
                    let tag = k.seal_in_place(&iv, &aad, &mut in_place).unwrap();
                    assert!(in_place == expected, "in place, {len} bytes, key {key_len}");
                    assert_eq!(
                        tag, expected_tag,
                        "in-place tag, {len} bytes, key {key_len}"
                    );
                    let mut back = vec![0; len];
                    k.open(&iv, &aad, &tag, &out, &mut back).unwrap();
                    assert!(back == pt, "plaintext, {len} bytes, key {key_len}");
                    k.open_in_place(&iv, &aad, &tag, &mut in_place).unwrap();
                    assert!(
                        in_place == pt,
                        "plaintext in place, {len} bytes, key {key_len}"
                    );
                }
            }
        }
    }

    /// The tests above only prove the kernels where they run: say so when they did not.
    #[test]
    fn the_kernels_are_used_where_the_cpu_has_them() {
        #[cfg(target_arch = "x86_64")]
        let expected = {
            use std::arch::is_x86_feature_detected as has;
            has!("aes")
                && has!("pclmulqdq")
                && has!("ssse3")
                && has!("avx")
                && ((has!("avx2") && has!("vaes") && has!("vpclmulqdq")) || has!("movbe"))
        };
        #[cfg(not(target_arch = "x86_64"))]
        let expected = false;
        for key_len in [16, 32] {
            let key = AesGcmKey::new(&vec![0; key_len]).unwrap();
            assert_eq!(matches!(key.engine, Engine::Kernels(_)), expected);
        }
    }

    #[test]
    fn every_parallel_choice_gives_the_same_bytes() {
        let key = noise(32, 99);
        let pt = noise(600 * 1024 + 9, 98);
        let iv = noise(IV_LEN, 97);
        let mut expected = pt.clone();
        let expected_tag = AesGcmKey::portable(&key)
            .seal_in_place(&iv, b"a", &mut expected)
            .unwrap();
        let every_choice = [Parallel::Auto, Parallel::Never, Parallel::Always];
        for (parallel, k) in every_choice.into_iter().flat_map(|parallel| {
            AesGcmKey::every_engine(&key)
                .into_iter()
                .map(move |k| (parallel, k.with_parallel(parallel)))
        }) {
            let mut out = vec![0; pt.len()];
            assert_eq!(k.seal(&iv, b"a", &pt, &mut out).unwrap(), expected_tag);
            assert!(out == expected, "{parallel:?}");
            let mut back = vec![0; pt.len()];
            k.open(&iv, b"a", &expected_tag, &out, &mut back).unwrap();
            assert!(back == pt, "{parallel:?}");
        }
    }

    #[test]
    fn out_of_place_tampering_fails_zeroes_the_output_and_keeps_the_input() {
        for k in AesGcmKey::every_engine(&[7u8; 32]) {
            let iv = [1u8; 12];
            let pt = noise(100, 3);
            let mut ct = vec![0; pt.len()];
            let tag = k.seal(&iv, b"hdr", &pt, &mut ct).unwrap();
            for case in 0..4 {
                let mut c = ct.clone();
                let mut t = tag;
                let aad: &[u8] = if case == 2 { b"hdR" } else { b"hdr" };
                match case {
                    0 => c[3] ^= 1,
                    1 => t[15] ^= 0x80,
                    3 => c[99] ^= 0x10, // in the partial last block
                    _ => {}
                }
                let before = c.clone();
                let mut out = vec![0xEE; c.len()];
                let err = k.open(&iv, aad, &t, &c, &mut out).unwrap_err();
                assert_eq!(err.code, "ERR_CRYPTO_AUTH_FAILED");
                assert!(out.iter().all(|&x| x == 0), "no unauthenticated plaintext");
                assert_eq!(c, before, "the ciphertext is not written");
            }
            let mut out = [0u8; 3];
            assert_eq!(
                k.seal(&[0; 16], b"", b"abc", &mut out).unwrap_err().code,
                "ERR_CRYPTO_INVALID_IV"
            );
            assert_eq!(
                k.open(&iv, b"", &[0; 12], b"abc", &mut out)
                    .unwrap_err()
                    .code,
                "ERR_CRYPTO_INVALID_AUTH_TAG"
            );
        }
    }

    #[test]
    fn tampering_fails_and_zeroes_the_buffer() {
        for k in AesGcmKey::every_engine(&[7u8; 32]) {
            let iv = [1u8; 12];
            let mut buf = b"attack at dawn".to_vec();
            let tag = k.seal_in_place(&iv, b"hdr", &mut buf).unwrap();
            let sealed = buf.clone();
            for case in 0..3 {
                let mut b = sealed.clone();
                let mut t = tag;
                let aad: &[u8] = if case == 2 { b"hdR" } else { b"hdr" };
                if case == 0 {
                    b[3] ^= 1;
                }
                if case == 1 {
                    t[15] ^= 0x80;
                }
                let err = k.open_in_place(&iv, aad, &t, &mut b).unwrap_err();
                assert_eq!(err.code, "ERR_CRYPTO_AUTH_FAILED");
                assert!(
                    b.iter().all(|&x| x == 0),
                    "no unauthenticated plaintext left behind"
                );
            }
        }
    }

    #[test]
    fn sizes_ring_does_not_support_are_clear_errors() {
        assert_eq!(
            AesGcmKey::new(&[0; 24]).err().unwrap().code,
            "ERR_CRYPTO_INVALID_KEYLEN"
        );
        let k = AesGcmKey::new(&[0; 16]).unwrap();
        assert_eq!(
            k.seal_in_place(&[0; 16], b"", &mut []).unwrap_err().code,
            "ERR_CRYPTO_INVALID_IV"
        );
        assert_eq!(
            k.open_in_place(&[0; 12], b"", &[0; 12], &mut [])
                .unwrap_err()
                .code,
            "ERR_CRYPTO_INVALID_AUTH_TAG"
        );
    }
}
