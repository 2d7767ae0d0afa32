//! The JS surface of the crypto pieces. Per-message calls (AES-GCM, Ed25519 sign/verify) go
//! through the fast path and write into buffers the JS layer allocated; scrypt's async form is a
//! napi-rs task on the libuv pool that owns copies of its inputs.

use napi::bindgen_prelude::{AbortSignal, AsyncTask, Buffer, Uint8Array};
use napi::{Env, Result, Task};
use napi_derive::napi;

use super::aes_gcm::{self, AesGcmKey, IV_LEN, TAG_LEN};
use super::ed25519::{self, BatchItem, Signer, PUBLIC_LEN, SEED_LEN, SIGNATURE_LEN};
use super::scrypt::{self, ScryptParams};
use crate::error::{NativeError, NativeResult};
use crate::fast_path::{exact_len, Call, Ret};
use crate::parallel::Parallel;

crate::hot_functions!(pub const HOT = [
    c"aesGcmNew" => aes_new,
    c"aesGcmSealInPlace" => aes_seal_in_place,
    c"aesGcmOpenInPlace" => aes_open_in_place,
    c"aesGcmEncryptInto" => aes_encrypt_into,
    c"aesGcmDecryptInto" => aes_decrypt_into,
    c"aesGcmSealInto" => aes_seal_into,
    c"aesGcmOpenInto" => aes_open_into,
    c"ed25519SignerNew" => signer_new,
    c"ed25519SignerPublicKeyInto" => signer_public_key_into,
    c"ed25519SignInto" => sign_into,
    c"ed25519SignSeedInto" => sign_seed_into,
    c"ed25519Verify" => verify,
    c"ed25519VerifyBatchInto" => verify_batch_into,
    c"ed25519GenerateSeedInto" => generate_seed_into,
    c"scryptSyncInto" => scrypt_sync_into,
]);

/// An optional bytes argument (undefined = empty), copied: AAD is short and may alias the buffer.
/// No allocation when it is absent (the common case), which is a fifth of a 64-byte message.
fn optional_bytes(call: &Call, index: usize, name: &str) -> NativeResult<Vec<u8>> {
    if call.arg(index).is_undefined() {
        Ok(Vec::new())
    } else {
        Ok(call.bytes(index, name)?.to_vec())
    }
}

/// The IV copied to the stack (it may alias the output buffer), checked for ring's one size.
fn iv_arg(call: &Call, index: usize) -> NativeResult<[u8; IV_LEN]> {
    let iv = call.bytes(index, "iv")?;
    iv.try_into().map_err(|_| aes_gcm::invalid_iv(iv.len()))
}

/// `aesGcmNew(key, parallel)`.
fn aes_new(call: &mut Call) -> NativeResult<Ret> {
    let parallel = Parallel::arg(call, 1)?;
    let key = AesGcmKey::new(call.bytes(0, "key")?)?.with_parallel(parallel);
    Ok(call.new_handle(key))
}

/// `aesGcmSealInPlace(h, buf, iv, aad, tagOut)`: encrypts `buf` in place, the tag into `tagOut`.
fn aes_seal_in_place(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let iv = iv_arg(call, 2)?;
    let aad = optional_bytes(call, 3, "aad")?;
    exact_len(call.bytes_mut(4, "tag")?, TAG_LEN, "tag.byteLength")?;
    let tag = key.seal_in_place(&iv, &aad, call.bytes_mut(1, "buffer")?)?;
    call.bytes_mut(4, "tag")?.copy_from_slice(&tag);
    Ok(Ret::Undefined)
}

/// `aesGcmOpenInPlace(h, buf, iv, tag, aad)`: decrypts in place, or zeroes `buf` and throws.
fn aes_open_in_place(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let iv = iv_arg(call, 2)?;
    let tag = call.bytes(3, "tag")?.to_vec();
    let aad = optional_bytes(call, 4, "aad")?;
    key.open_in_place(&iv, &aad, &tag, call.bytes_mut(1, "buffer")?)?;
    Ok(Ret::Undefined)
}

/// `aesGcmEncryptInto(h, plaintext, iv, aad, ciphertextOut, tagOut)`: two outputs rather than
/// one `ciphertext || tag` Buffer, because the JS side then returns them as they are: two
/// `subarray` views of one Buffer cost more than a second pooled `allocUnsafe` (80 vs 45 ns,
/// a sixth of a 64-byte message).
fn aes_encrypt_into(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let iv = iv_arg(call, 2)?;
    let aad = optional_bytes(call, 3, "aad")?;
    let (plaintext, out) = call.bytes_in_out(1, "plaintext", 4, "ciphertextOut")?;
    let body = exact_len(out, plaintext.len(), "ciphertextOut.byteLength")?;
    let tag = key.seal(&iv, &aad, plaintext, body)?;
    exact_len(call.bytes_mut(5, "tagOut")?, TAG_LEN, "tagOut.byteLength")?.copy_from_slice(&tag);
    Ok(Ret::Undefined)
}

/// `aesGcmDecryptInto(h, ciphertext, iv, tag, aad, plaintextOut)`: the plaintext into a buffer
/// the JS side allocated, or zeros there and ERR_CRYPTO_AUTH_FAILED.
fn aes_decrypt_into(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let iv = iv_arg(call, 2)?;
    let tag = call.bytes(3, "tag")?.to_vec();
    let aad = optional_bytes(call, 4, "aad")?;
    let (ciphertext, out) = call.bytes_in_out(1, "ciphertext", 5, "plaintextOut")?;
    let out = exact_len(out, ciphertext.len(), "plaintextOut.byteLength")?;
    key.open(&iv, &aad, &tag, ciphertext, out)?;
    Ok(Ret::Undefined)
}

/// `aesGcmSealInto(h, plaintext, aad, out)`: `out` = random IV || ciphertext || tag.
fn aes_seal_into(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let aad = optional_bytes(call, 2, "aad")?;
    let (plaintext, out) = call.bytes_in_out(1, "plaintext", 3, "out")?;
    let total = IV_LEN + plaintext.len() + TAG_LEN;
    let out = exact_len(out, total, "out.byteLength")?;
    let (iv, rest) = out.split_at_mut(IV_LEN);
    let (body, tag_out) = rest.split_at_mut(plaintext.len());
    aes_gcm::random_iv(iv)?;
    let tag = key.seal(iv, &aad, plaintext, body)?;
    tag_out.copy_from_slice(&tag);
    Ok(Ret::Undefined)
}

/// `aesGcmOpenInto(h, sealed, aad, out)`: the plaintext of `iv || ciphertext || tag`.
fn aes_open_into(call: &mut Call) -> NativeResult<Ret> {
    let key = call.handle::<AesGcmKey>(0, "AesGcm")?;
    let aad = optional_bytes(call, 2, "aad")?;
    let (sealed, out) = call.bytes_in_out(1, "sealed", 3, "out")?;
    if sealed.len() < IV_LEN + TAG_LEN {
        return Err(NativeError::out_of_range(
            "sealed.byteLength",
            &format!(">= {}", IV_LEN + TAG_LEN),
            sealed.len(),
        ));
    }
    let body_len = sealed.len() - IV_LEN - TAG_LEN;
    let out = exact_len(out, body_len, "out.byteLength")?;
    let (iv, rest) = sealed.split_at(IV_LEN);
    let (body, tag) = rest.split_at(body_len);
    key.open(iv, &aad, tag, body, out)?;
    Ok(Ret::Undefined)
}

fn signer_new(call: &mut Call) -> NativeResult<Ret> {
    let signer = Signer::from_seed(call.bytes(0, "privateKey")?)?;
    Ok(call.new_handle(signer))
}

fn signer_public_key_into(call: &mut Call) -> NativeResult<Ret> {
    let signer = call.handle::<Signer>(0, "Ed25519Signer")?;
    exact_len(call.bytes_mut(1, "out")?, PUBLIC_LEN, "out.byteLength")?
        .copy_from_slice(&signer.public_key());
    Ok(Ret::Arg(1))
}

/// `ed25519SignInto(h, message, out64)`.
fn sign_into(call: &mut Call) -> NativeResult<Ret> {
    let signer = call.handle::<Signer>(0, "Ed25519Signer")?;
    let signature = signer.sign(call.bytes(1, "message")?);
    exact_len(call.bytes_mut(2, "out")?, SIGNATURE_LEN, "out.byteLength")?
        .copy_from_slice(&signature);
    Ok(Ret::Arg(2))
}

/// `ed25519SignSeedInto(seed, message, out64)`: one-shot (parses the key every time).
fn sign_seed_into(call: &mut Call) -> NativeResult<Ret> {
    let signer = Signer::from_seed(call.bytes(0, "privateKey")?)?;
    let signature = signer.sign(call.bytes(1, "message")?);
    exact_len(call.bytes_mut(2, "out")?, SIGNATURE_LEN, "out.byteLength")?
        .copy_from_slice(&signature);
    Ok(Ret::Arg(2))
}

fn verify(call: &mut Call) -> NativeResult<Ret> {
    let ok = ed25519::verify(
        call.bytes(0, "publicKey")?,
        call.bytes(1, "message")?,
        call.bytes(2, "signature")?,
    )?;
    Ok(Ret::Bool(ok))
}

/// `ed25519VerifyBatchInto(publicKeys[], messages[], signatures[], out: Uint8Array)`: 1/0 each.
fn verify_batch_into(call: &mut Call) -> NativeResult<Ret> {
    let count = call.array_len(0, "publicKeys")?;
    if call.array_len(1, "messages")? != count || call.array_len(2, "signatures")? != count {
        return Err(NativeError::out_of_range(
            "messages.length",
            &format!("{count} (one per item)"),
            call.array_len(1, "messages")?,
        ));
    }
    let items = (0..count)
        .map(|i| {
            Ok(BatchItem {
                public_key: call.element_bytes(0, i, "publicKey")?,
                message: call.element_bytes(1, i, "message")?,
                signature: call.element_bytes(2, i, "signature")?,
            })
        })
        .collect::<NativeResult<Vec<_>>>()?;
    let results = ed25519::verify_batch(&items)?;
    let out = exact_len(call.bytes_mut(3, "out")?, count as usize, "out.byteLength")?;
    for (slot, ok) in out.iter_mut().zip(results) {
        *slot = u8::from(ok);
    }
    Ok(Ret::Arg(3))
}

fn generate_seed_into(call: &mut Call) -> NativeResult<Ret> {
    let seed = ed25519::generate_seed()?;
    exact_len(call.bytes_mut(0, "out")?, SEED_LEN, "out.byteLength")?.copy_from_slice(&seed);
    Ok(Ret::Arg(0))
}

fn scrypt_params(n: f64, r: f64, p: f64, maxmem: f64) -> ScryptParams {
    // The JS layer validated these as Node does (uint32s and a safe-integer maxmem).
    ScryptParams {
        n: n as u64,
        r: r as u64,
        p: p as u64,
        maxmem: maxmem as u64,
    }
}

/// `scryptSyncInto(password, salt, N, r, p, maxmem, out)`: derives `out.byteLength` bytes.
fn scrypt_sync_into(call: &mut Call) -> NativeResult<Ret> {
    let password = call.bytes(0, "password")?.to_vec();
    let salt = call.bytes(1, "salt")?.to_vec();
    let params = scrypt_params(
        call.arg(2).f64("N")?,
        call.arg(3).f64("r")?,
        call.arg(4).f64("p")?,
        call.arg(5).f64("maxmem")?,
    );
    scrypt::derive(&password, &salt, &params, call.bytes_mut(6, "out")?)?;
    Ok(Ret::Arg(6))
}

pub struct ScryptTask {
    password: Vec<u8>,
    salt: Vec<u8>,
    params: ScryptParams,
    keylen: usize,
}

impl Task for ScryptTask {
    type Output = Vec<u8>;
    type JsValue = Buffer;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut out = vec![0u8; self.keylen];
        scrypt::derive(&self.password, &self.salt, &self.params, &mut out)
            .map_err(|e| napi::Error::from_reason(e.to_string()))?;
        Ok(out)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }
}

/// Async scrypt on the libuv pool (copies of password and salt travel with the task). The
/// parameters are checked here, synchronously, so a bad set rejects with Node's RangeError; an
/// AbortSignal cancels a derivation that has not started yet.
#[napi(catch_unwind, ts_return_type = "Promise<Buffer>")]
#[allow(clippy::too_many_arguments)]
pub fn scrypt_async(
    env: Env,
    password: Uint8Array,
    salt: Uint8Array,
    keylen: u32,
    n: f64,
    r: f64,
    p: f64,
    maxmem: f64,
    signal: Option<AbortSignal>,
) -> Result<AsyncTask<ScryptTask>> {
    let params = scrypt_params(n, r, p, maxmem);
    scrypt::check_params(&params).map_err(|e| e.throw(&env))?;
    let task = ScryptTask {
        password: password.to_vec(),
        salt: salt.to_vec(),
        params,
        keylen: keylen as usize,
    };
    Ok(AsyncTask::with_optional_signal(task, signal))
}
