//! Out-of-place AES-GCM on ring's own VAES + VPCLMULQDQ (AVX2) kernels.
//!
//! ring's public API seals and opens only in place, so an output in a fresh buffer meant copying
//! the input into it and then encrypting that copy: two passes, the first one writing memory that
//! is not in cache yet. The assembly under ring's API takes separate input and output pointers
//! (ring passes the same one twice), so this module calls it directly and makes one pass.
//! Measured in Rust on an Intel Xeon (AVX-512), 1 MiB into one of 96 rotating 1 MiB buffers:
//! copy + ring in place 280-300 µs, one pass here 170-185 µs; in place on a warm buffer 130 µs.
//!
//! The symbols carry ring's version in their names (`ring_core_0_17_14__`): that is why
//! Cargo.toml pins `ring = "=0.17.14"`. Another ring fails to link rather than running against a
//! changed ABI; the layouts below are those of ring 0.17.14's `aes::ffi::AES_KEY`,
//! `gcm::ffi::HTable`, `Xi` and `Counter`. The GCM framing around the kernels (AAD, the partial
//! last block, the length block, the tag) mirrors ring's `aes_gcm::{seal,open}_whole_partial`,
//! and the unit tests hold it to ring's own output and to the GCM specification's vectors.

#![cfg(target_arch = "x86_64")]

use std::ffi::{c_int, c_uint};

pub const BLOCK_LEN: usize = 16;
type Block = [u8; BLOCK_LEN];

#[repr(C)]
struct AesKey {
    rd_key: [u32; 4 * (14 + 1)],
    rounds: c_uint,
}

#[repr(C, align(16))]
struct HTable([u64; 2 * 16]);

extern "C" {
    #[link_name = "ring_core_0_17_14__aes_hw_set_encrypt_key_alt"]
    fn aes_hw_set_encrypt_key_alt(user_key: *const u8, bits: c_int, key: *mut AesKey) -> c_int;

    #[link_name = "ring_core_0_17_14__aes_hw_ctr32_encrypt_blocks"]
    fn aes_hw_ctr32_encrypt_blocks(
        input: *const Block,
        output: *mut Block,
        blocks: usize,
        key: &AesKey,
        ivec: &Block,
    );

    #[link_name = "ring_core_0_17_14__gcm_init_vpclmulqdq_avx2"]
    fn gcm_init_vpclmulqdq_avx2(htable: *mut HTable, h: &[u64; 2]);

    #[link_name = "ring_core_0_17_14__gcm_ghash_vpclmulqdq_avx2_1"]
    fn gcm_ghash_vpclmulqdq_avx2_1(xi: &mut Block, htable: &HTable, input: *const u8, len: usize);

    #[link_name = "ring_core_0_17_14__aes_gcm_enc_update_vaes_avx2"]
    fn aes_gcm_enc_update_vaes_avx2(
        input: *const u8,
        output: *mut u8,
        len: usize,
        key: &AesKey,
        ivec: &Block,
        htable: &HTable,
        xi: &mut Block,
    );

    #[link_name = "ring_core_0_17_14__aes_gcm_dec_update_vaes_avx2"]
    fn aes_gcm_dec_update_vaes_avx2(
        input: *const u8,
        output: *mut u8,
        len: usize,
        key: &AesKey,
        ivec: &Block,
        htable: &HTable,
        xi: &mut Block,
    );
}

/// The same CPU features ring requires before it picks these kernels (AES-NI + SSSE3 for the key
/// schedule, AVX for its `_alt` form, VAES + VPCLMULQDQ + AVX2 for the kernels); std's detection
/// also checks that the OS saves the AVX state.
fn cpu_has_kernels() -> bool {
    std::arch::is_x86_feature_detected!("aes")
        && std::arch::is_x86_feature_detected!("pclmulqdq")
        && std::arch::is_x86_feature_detected!("ssse3")
        && std::arch::is_x86_feature_detected!("avx")
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("vaes")
        && std::arch::is_x86_feature_detected!("vpclmulqdq")
}

/// An AES key schedule and its GHASH key table, for the kernels.
pub struct GcmKernels {
    aes: AesKey,
    htable: HTable,
}

/// Where a message's GHASH and counter stand between the kernel and the framing around it.
struct Pass<'k> {
    kernels: &'k GcmKernels,
    xi: Block,
    counter: Block,
    tag_counter: Block,
}

impl GcmKernels {
    /// `None` on CPUs without the kernels (and for key lengths other than 16 or 32 bytes, which
    /// the caller has already refused).
    pub fn new(key: &[u8]) -> Option<Self> {
        if !cpu_has_kernels() || !(key.len() == 16 || key.len() == 32) {
            return None;
        }
        let mut aes = AesKey {
            rd_key: [0; 60],
            rounds: 0,
        };
        let bits = (key.len() * 8) as c_int;
        // SAFETY: the CPU has AES-NI and AVX (checked above); the key is 128 or 256 bits long.
        // Zero means success, as in ring's `AES_KEY::new`.
        if unsafe { aes_hw_set_encrypt_key_alt(key.as_ptr(), bits, &mut aes) } != 0 {
            return None;
        }
        let mut kernels = Self {
            aes,
            htable: HTable([0; 32]),
        };
        let h = kernels.encrypt_block(&[0; BLOCK_LEN], [0; BLOCK_LEN]);
        let h = [
            u64::from_be_bytes(h[..8].try_into().expect("8 bytes")),
            u64::from_be_bytes(h[8..].try_into().expect("8 bytes")),
        ];
        // SAFETY: the CPU has VPCLMULQDQ and AVX2 (checked above); the table is ring's layout.
        unsafe { gcm_init_vpclmulqdq_avx2(&mut kernels.htable, &h) };
        Some(kernels)
    }

    /// `E(counter) XOR block`: one block of CTR mode.
    fn encrypt_block(&self, counter: &Block, block: Block) -> Block {
        let mut out = [0u8; BLOCK_LEN];
        // SAFETY: one readable and one writable block; the key schedule is `aes_hw`'s.
        unsafe { aes_hw_ctr32_encrypt_blocks(&block, &mut out, 1, &self.aes, counter) };
        out
    }

    fn begin(&self, nonce: &[u8; 12], aad: &[u8]) -> Pass<'_> {
        let mut tag_counter = [0u8; BLOCK_LEN];
        tag_counter[..12].copy_from_slice(nonce);
        tag_counter[15] = 1;
        let mut counter = tag_counter;
        counter[15] = 2;
        let mut pass = Pass {
            kernels: self,
            xi: [0; BLOCK_LEN],
            counter,
            tag_counter,
        };
        for chunk in aad.chunks(BLOCK_LEN) {
            pass.ghash(&padded(chunk));
        }
        pass
    }

    /// Encrypts `input` into `output` (same length, no overlap); returns the tag.
    /// The caller keeps `input.len()` within GCM's limit (ring's `MAX_IN_OUT_LEN`).
    pub fn seal(&self, nonce: &[u8; 12], aad: &[u8], input: &[u8], output: &mut [u8]) -> Block {
        assert_eq!(input.len(), output.len());
        let mut pass = self.begin(nonce, aad);
        let whole = input.len() - input.len() % BLOCK_LEN;
        if whole > 0 {
            // SAFETY: `whole` bytes readable at `input` and writable at `output`, which are
            // distinct borrows; a non-zero multiple of the block size, as ring passes it.
            unsafe {
                aes_gcm_enc_update_vaes_avx2(
                    input.as_ptr(),
                    output.as_mut_ptr(),
                    whole,
                    &self.aes,
                    &pass.counter,
                    &self.htable,
                    &mut pass.xi,
                )
            };
            pass.advance(whole);
        }
        let rest = input.len() - whole;
        if rest > 0 {
            let mut block = self.encrypt_block(&pass.counter, padded(&input[whole..]));
            block[rest..].fill(0);
            pass.ghash(&block);
            output[whole..].copy_from_slice(&block[..rest]);
        }
        pass.tag(aad.len(), input.len())
    }

    /// Decrypts `input` into `output` (same length, no overlap); returns the tag the ciphertext
    /// should carry, for the caller to compare in constant time.
    pub fn open(&self, nonce: &[u8; 12], aad: &[u8], input: &[u8], output: &mut [u8]) -> Block {
        assert_eq!(input.len(), output.len());
        let mut pass = self.begin(nonce, aad);
        let whole = input.len() - input.len() % BLOCK_LEN;
        if whole > 0 {
            // SAFETY: as in `seal`.
            unsafe {
                aes_gcm_dec_update_vaes_avx2(
                    input.as_ptr(),
                    output.as_mut_ptr(),
                    whole,
                    &self.aes,
                    &pass.counter,
                    &self.htable,
                    &mut pass.xi,
                )
            };
            pass.advance(whole);
        }
        let rest = input.len() - whole;
        if rest > 0 {
            let block = padded(&input[whole..]);
            pass.ghash(&block);
            let plain = self.encrypt_block(&pass.counter, block);
            output[whole..].copy_from_slice(&plain[..rest]);
        }
        pass.tag(aad.len(), input.len())
    }
}

impl Pass<'_> {
    fn ghash(&mut self, block: &Block) {
        // SAFETY: one readable block; the table was built by the matching init.
        unsafe {
            gcm_ghash_vpclmulqdq_avx2_1(&mut self.xi, &self.kernels.htable, block.as_ptr(), 16)
        };
    }

    /// The counter after `bytes` (whole blocks) went through a kernel: a 32-bit big-endian
    /// increment of the last word, wrapping as GCM's inc32 does.
    fn advance(&mut self, bytes: usize) {
        let word: [u8; 4] = self.counter[12..].try_into().expect("4 bytes");
        let next = u32::from_be_bytes(word).wrapping_add((bytes / BLOCK_LEN) as u32);
        self.counter[12..].copy_from_slice(&next.to_be_bytes());
    }

    fn tag(mut self, aad_len: usize, text_len: usize) -> Block {
        let mut lengths = [0u8; BLOCK_LEN];
        lengths[..8].copy_from_slice(&(aad_len as u64 * 8).to_be_bytes());
        lengths[8..].copy_from_slice(&(text_len as u64 * 8).to_be_bytes());
        self.ghash(&lengths);
        self.kernels.encrypt_block(&self.tag_counter, self.xi)
    }
}

fn padded(bytes: &[u8]) -> Block {
    let mut block = [0u8; BLOCK_LEN];
    block[..bytes.len()].copy_from_slice(bytes);
    block
}
