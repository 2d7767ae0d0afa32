//! Ed25519 (RFC 8032): signing with a key parsed once (ring), verification (one, or a batch over
//! rayon's threads; `ed25519_verify`), and key generation. Keys are raw: the private key is the 32-byte seed, the
//! public key the 32-byte point; the JS layer converts to and from PKCS#8 v1 / SPKI for node:crypto.

use rayon::prelude::*;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{Ed25519KeyPair, KeyPair};

use super::ed25519_verify::verify_signature;
pub use super::ed25519_verify::{PUBLIC_LEN, SIGNATURE_LEN};
use crate::error::{ErrorKind, NativeError, NativeResult};

pub const SEED_LEN: usize = 32;

pub struct Signer {
    pair: Ed25519KeyPair,
}

fn key_length_error(what: &str, expected: usize, got: usize) -> NativeError {
    NativeError::new(
        ErrorKind::Type,
        "ERR_CRYPTO_INVALID_KEYLEN",
        format!("Invalid {what}: an Ed25519 {what} is {expected} raw bytes, got {got}"),
    )
}

impl Signer {
    pub fn from_seed(seed: &[u8]) -> NativeResult<Self> {
        if seed.len() != SEED_LEN {
            return Err(key_length_error("private key", SEED_LEN, seed.len()));
        }
        let pair = Ed25519KeyPair::from_seed_unchecked(seed)
            .map_err(|_| NativeError::panic("ring refused a 32-byte seed"))?;
        Ok(Self { pair })
    }

    pub fn public_key(&self) -> [u8; PUBLIC_LEN] {
        self.pair
            .public_key()
            .as_ref()
            .try_into()
            .expect("32-byte public key")
    }

    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        self.pair
            .sign(message)
            .as_ref()
            .try_into()
            .expect("64-byte signature")
    }
}

/// A malformed signature or a point that is not on the curve verifies as false, as in Node; only
/// a public key of the wrong length is an error.
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> NativeResult<bool> {
    let public_key = <&[u8; PUBLIC_LEN]>::try_from(public_key)
        .map_err(|_| key_length_error("public key", PUBLIC_LEN, public_key.len()))?;
    Ok(verify_signature(public_key, message, signature))
}

pub struct BatchItem {
    pub public_key: Vec<u8>,
    pub message: Vec<u8>,
    pub signature: Vec<u8>,
}

/// One result per item, computed over rayon's threads. Fails (before verifying anything) if any
/// public key has the wrong length, naming the item.
pub fn verify_batch(items: &[BatchItem]) -> NativeResult<Vec<bool>> {
    if let Some((i, item)) = items
        .iter()
        .enumerate()
        .find(|(_, it)| it.public_key.len() != PUBLIC_LEN)
    {
        let mut err = key_length_error("public key", PUBLIC_LEN, item.public_key.len());
        err.message = format!("items[{i}]: {}", err.message);
        return Err(err);
    }
    Ok(items
        .par_iter()
        .with_min_len(16)
        .map(|it| {
            let public_key = it
                .public_key
                .as_slice()
                .try_into()
                .expect("lengths checked above");
            verify_signature(public_key, &it.message, &it.signature)
        })
        .collect())
}

pub fn generate_seed() -> NativeResult<[u8; SEED_LEN]> {
    let mut seed = [0u8; SEED_LEN];
    SystemRandom::new().fill(&mut seed).map_err(|_| {
        NativeError::new(
            ErrorKind::Operation,
            "ERR_CRYPTO_OPERATION_FAILED",
            "the OS random number generator failed",
        )
    })?;
    Ok(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::hex;

    /// RFC 8032, section 7.1, tests 1-3: (secret key, public key, message, signature).
    const RFC8032: &[(&str, &str, &str, &str)] = &[
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ];

    #[test]
    fn rfc8032_vectors() {
        for (sk, pk, msg, sig) in RFC8032 {
            let signer = Signer::from_seed(&hex(sk)).unwrap();
            assert_eq!(signer.public_key().to_vec(), hex(pk));
            assert_eq!(signer.sign(&hex(msg)).to_vec(), hex(sig));
            assert!(verify(&hex(pk), &hex(msg), &hex(sig)).unwrap());
            let mut bad = hex(sig);
            bad[10] ^= 1;
            assert!(!verify(&hex(pk), &hex(msg), &bad).unwrap());
            assert!(
                !verify(&hex(pk), &hex(msg), &hex(sig)[..63]).unwrap(),
                "short signatures are false"
            );
        }
    }

    #[test]
    fn batch_matches_one_by_one_and_checks_key_lengths() {
        let signer = Signer::from_seed(&[9; 32]).unwrap();
        let items: Vec<BatchItem> = (0..100u8)
            .map(|i| {
                let message = vec![i; i as usize];
                let mut signature = signer.sign(&message).to_vec();
                if i % 7 == 0 {
                    signature[0] ^= 1;
                }
                BatchItem {
                    public_key: signer.public_key().to_vec(),
                    message,
                    signature,
                }
            })
            .collect();
        let results = verify_batch(&items).unwrap();
        for (i, ok) in results.iter().enumerate() {
            assert_eq!(*ok, i % 7 != 0);
        }
        let bad = vec![BatchItem {
            public_key: vec![0; 31],
            message: vec![],
            signature: vec![0; 64],
        }];
        assert!(verify_batch(&bad)
            .unwrap_err()
            .message
            .starts_with("items[0]"));
        assert_eq!(
            Signer::from_seed(&[0; 31]).err().unwrap().code,
            "ERR_CRYPTO_INVALID_KEYLEN"
        );
    }
}
