//! Ed25519 verification (RFC 8032, cofactorless, as ring, BoringSSL and OpenSSL check it) on
//! curve25519-dalek's point arithmetic. ring's verify is C whose speed follows the C compiler:
//! built by clang 22 (the shipped binary) it took 45-67 µs here, curve25519-dalek's AVX2 backend
//! (picked at run time) 33 µs. Signing stays on ring, whose clang build is the faster signer.
//!
//! The accept/reject rules are ring's, step by step, so a signature verifies here exactly when it
//! verifies under ring and node:crypto (the tests compare with ring on valid, tampered and
//! malformed inputs): `s` must be canonical (< L); the public key must decode to a curve point
//! (a non-canonical y or a small-order point is accepted, as there); `R` is compared as bytes with
//! the encoding of `[s]B - [H(R || A || M)]A`, so a non-canonical `R` never matches.

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;

pub const PUBLIC_LEN: usize = 32;
pub const SIGNATURE_LEN: usize = 64;

/// Whether `signature` is `public_key`'s signature of `message`; a signature of the wrong length
/// or a key that is not a curve point is simply false.
pub fn verify_signature(public_key: &[u8; PUBLIC_LEN], message: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = <&[u8; SIGNATURE_LEN]>::try_from(signature) else {
        return false;
    };
    let (r_encoded, s_encoded) = signature.split_at(32);
    let s_bytes: [u8; 32] = s_encoded.try_into().expect("32-byte half");
    let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes)) else {
        return false;
    };
    let Some(a) = CompressedEdwardsY(*public_key).decompress() else {
        return false;
    };
    let mut digest = ring::digest::Context::new(&ring::digest::SHA512);
    digest.update(r_encoded);
    digest.update(public_key);
    digest.update(message);
    let wide: [u8; 64] = digest
        .finish()
        .as_ref()
        .try_into()
        .expect("SHA-512 is 64 bytes");
    let h = Scalar::from_bytes_mod_order_wide(&wide);
    let r_check = EdwardsPoint::vartime_double_scalar_mul_basepoint(&h, &-a, &s);
    r_check.compress().as_bytes() == r_encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::noise;
    use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};

    fn ring_says(public_key: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, public_key)
            .verify(message, signature)
            .is_ok()
    }

    fn agree(public_key: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
        let ours = verify_signature(public_key, message, signature);
        assert_eq!(
            ours,
            ring_says(public_key, message, signature),
            "pk {public_key:02x?} sig {signature:02x?} msg len {}",
            message.len()
        );
        ours
    }

    fn key(seed: u64) -> Ed25519KeyPair {
        Ed25519KeyPair::from_seed_unchecked(&noise(32, seed)).unwrap()
    }

    fn public(pair: &Ed25519KeyPair) -> [u8; 32] {
        pair.public_key().as_ref().try_into().unwrap()
    }

    /// The group order L, little-endian.
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];

    fn add_le(a: &[u8], b: &[u8; 32]) -> [u8; 32] {
        let mut out = [0u8; 32];
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = a[i] as u16 + b[i] as u16 + carry;
            out[i] = sum as u8;
            carry = sum >> 8;
        }
        out
    }

    #[test]
    fn valid_signatures_verify_and_every_single_bit_flip_is_judged_as_ring_does() {
        for seed in 1..6u64 {
            let pair = key(seed);
            let pk = public(&pair);
            let message = noise(seed as usize * 37, seed + 100);
            let signature = pair.sign(&message).as_ref().to_vec();
            assert!(agree(&pk, &message, &signature));
            for bit in 0..512 {
                let mut flipped = signature.clone();
                flipped[bit / 8] ^= 1 << (bit % 8);
                assert!(!agree(&pk, &message, &flipped));
            }
            for bit in 0..256 {
                let mut flipped = pk;
                flipped[bit / 8] ^= 1 << (bit % 8);
                agree(&flipped, &message, &signature);
            }
            let mut other = message.clone();
            other.push(0);
            assert!(!agree(&pk, &other, &signature));
        }
    }

    #[test]
    fn wrong_lengths_are_false() {
        let pair = key(7);
        let pk = public(&pair);
        let signature = pair.sign(b"m").as_ref().to_vec();
        assert!(!agree(&pk, b"m", &signature[..63]));
        assert!(!agree(&pk, b"m", &[signature.clone(), vec![0]].concat()));
        assert!(!agree(&pk, b"m", &[]));
    }

    #[test]
    fn non_canonical_s_is_refused_as_ring_refuses_it() {
        let pair = key(8);
        let pk = public(&pair);
        let signature = pair.sign(b"malleable").as_ref().to_vec();
        // s + L is the same scalar mod L: a malleated signature that must not verify.
        let mut malleated = signature.clone();
        malleated[32..].copy_from_slice(&add_le(&signature[32..], &L));
        assert!(!agree(&pk, b"malleable", &malleated));
        let mut high_bit = signature.clone();
        high_bit[63] |= 0x80;
        assert!(!agree(&pk, b"malleable", &high_bit));
        let mut s_is_l = signature;
        s_is_l[32..].copy_from_slice(&L);
        agree(&pk, b"malleable", &s_is_l);
    }

    /// Encodings at the edges of point decoding: small-order points (with both sign bits),
    /// non-canonical y (y >= p), y = 1 / -1 / 0, and random 32-byte strings (about half are not
    /// points). Signatures over them are built to make the equation hold where it can.
    #[test]
    fn edge_public_keys_and_signatures_are_judged_as_ring_does() {
        let p_minus_1 = {
            let mut b = [0xffu8; 32];
            b[0] = 0xec;
            b[31] = 0x7f;
            b
        };
        let mut edge_keys: Vec<[u8; 32]> = Vec::new();
        // The eight torsion points and their non-canonical or sign-flipped encodings.
        for point in curve25519_dalek::constants::EIGHT_TORSION {
            let encoded = point.compress().to_bytes();
            edge_keys.push(encoded);
            let mut flipped = encoded;
            flipped[31] ^= 0x80;
            edge_keys.push(flipped);
        }
        let mut one = [0u8; 32];
        one[0] = 1;
        edge_keys.push(one);
        let mut one_non_canonical = add_le(&one, &{
            // y + p, with p = 2^255 - 19 (so only the low 255 bits matter)
            let mut p = p_minus_1;
            p[0] += 1;
            p
        });
        one_non_canonical[31] &= 0x7f;
        edge_keys.push(one_non_canonical);
        edge_keys.push(p_minus_1);
        edge_keys.push([0u8; 32]);
        edge_keys.push([0xff; 32]);
        for seed in 0..64u64 {
            edge_keys.push(noise(32, seed + 1000).try_into().unwrap());
        }

        let torsion_r: Vec<[u8; 32]> = curve25519_dalek::constants::EIGHT_TORSION
            .iter()
            .map(|p| p.compress().to_bytes())
            .collect();
        let mut accepted = 0;
        for pk in &edge_keys {
            for (i, message) in [&b""[..], b"torsion", b"x"].iter().enumerate() {
                // s = 0 with a small-order R: for a small-order key the equation R = -hA
                // holds for some R among the torsion points.
                for r in &torsion_r {
                    let signature = [&r[..], &[0u8; 32]].concat();
                    accepted += agree(pk, message, &signature) as usize;
                }
                let signature = noise(64, i as u64 + 7);
                agree(pk, message, &signature);
            }
        }
        assert!(
            accepted > 0,
            "some small-order forgeries verify (as under ring)"
        );
    }

    #[test]
    fn random_inputs_agree_with_ring() {
        for seed in 0..2000u64 {
            let pk: [u8; 32] = noise(32, seed * 3 + 1).try_into().unwrap();
            let signature = noise(64, seed * 3 + 2);
            agree(&pk, &noise((seed % 50) as usize, seed), &signature);
        }
    }
}
