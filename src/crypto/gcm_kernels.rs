//! Out-of-place AES-GCM on ring's own x86_64 kernels: VAES + VPCLMULQDQ (AVX2) where the CPU has
//! them, else AES-NI + PCLMULQDQ + MOVBE with AVX (`aesni_gcm_*`), as ring itself picks.
//!
//! ring's public API seals and opens only in place, so an output in a fresh buffer meant copying
//! the input into it and then encrypting that copy: two passes, the first one writing memory that
//! is not in cache yet. The assembly under ring's API takes separate input and output pointers
//! (ring passes the same one twice), so this module calls it directly and makes one pass.
//! Measured in Rust on an Intel Xeon (AVX-512), 1 MiB into one of 96 rotating 1 MiB buffers:
//! copy + ring in place 280-300 µs, one pass here 170-185 µs; in place on a warm buffer 130 µs.
//! The AES-NI kernels process whole 96-byte chunks (encryption only from 288 bytes up); the
//! blocks they leave go through CTR and GHASH separately, as in ring's `aeshwclmulmovbe.rs`.
//!
//! The symbols carry ring's version in their names (`ring_core_0_17_14__`): that is why
//! Cargo.toml pins `ring = "=0.17.14"`. Another ring fails to link rather than running against a
//! changed ABI; the layouts below are those of ring 0.17.14's `aes::ffi::AES_KEY`,
//! `gcm::ffi::HTable`, `Xi` and `Counter`. The GCM framing around the kernels (AAD, the partial
//! last block, the length block, the tag) mirrors ring's `aes_gcm::{seal,open}_whole_partial`,
//! and the unit tests hold it to ring's own output and to the GCM specification's vectors.

#![cfg(target_arch = "x86_64")]

use std::ffi::{c_int, c_uint};

use super::aes_gcm::Text;
use crate::parallel::Parallel;

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

    #[link_name = "ring_core_0_17_14__gcm_init_avx"]
    fn gcm_init_avx(htable: *mut HTable, h: &[u64; 2]);

    #[link_name = "ring_core_0_17_14__gcm_ghash_avx"]
    fn gcm_ghash_avx(xi: &mut Block, htable: &HTable, input: *const u8, len: usize);

    /// Returns how many bytes (whole 96-byte chunks) it processed; advances `ivec` by as many.
    #[link_name = "ring_core_0_17_14__aesni_gcm_encrypt"]
    fn aesni_gcm_encrypt(
        input: *const u8,
        output: *mut u8,
        len: usize,
        key: &AesKey,
        ivec: &mut Block,
        htable: &HTable,
        xi: &mut Block,
    ) -> usize;

    #[link_name = "ring_core_0_17_14__aesni_gcm_decrypt"]
    fn aesni_gcm_decrypt(
        input: *const u8,
        output: *mut u8,
        len: usize,
        key: &AesKey,
        ivec: &mut Block,
        htable: &HTable,
        xi: &mut Block,
    ) -> usize;
}

/// Which of ring's kernel sets runs. ring picks between them by the same CPU features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// VAES + VPCLMULQDQ on 256-bit vectors (Intel Ice Lake and later, AMD Zen 3 and later).
    VaesAvx2,
    /// AES-NI + PCLMULQDQ + MOVBE with AVX (Intel Sandy Bridge to Skylake, AMD Zen 1 and 2).
    AesniAvx,
}

impl Flavor {
    /// The fastest set this CPU runs. Both need AES-NI + SSSE3 for the key schedule and AVX for
    /// its `_alt` form, as ring requires before it uses either; std's detection also checks that
    /// the OS saves the AVX state.
    pub fn detected() -> Option<Flavor> {
        Self::runnable().next()
    }

    /// Every set this CPU runs, fastest first (no allocation: every `new AesGcm` asks).
    fn runnable() -> impl Iterator<Item = Flavor> {
        use std::arch::is_x86_feature_detected as has;
        let base = has!("aes") && has!("pclmulqdq") && has!("ssse3") && has!("avx");
        let vaes = base && has!("avx2") && has!("vaes") && has!("vpclmulqdq");
        let aesni = base && has!("movbe");
        [(Flavor::VaesAvx2, vaes), (Flavor::AesniAvx, aesni)]
            .into_iter()
            .filter_map(|(flavor, runs)| runs.then_some(flavor))
    }

    pub fn describe(self) -> &'static str {
        match self {
            Flavor::VaesAvx2 => "ring's VAES/AVX2 kernels, one pass out of place, split over threads from 256 KiB",
            Flavor::AesniAvx => "ring's AES-NI/AVX kernels (aesni_gcm), one pass out of place, split over threads from 256 KiB",
        }
    }
}

/// From this many bytes up, a message's whole blocks are split over rayon's threads: GCM's
/// counter mode and GHASH both split (each part from its own counter, GHASH parts joined by
/// powers of H). One part runs on the calling thread, as in `transform/split.rs`.
/// Measured (Intel Xeon, 2 vCPU, Rust): 1 MiB into cold memory 175 -> 113-128 µs, warm 130 ->
/// 81-107 µs; waking a worker costs ~20 µs, so parts are at least `MIN_PART_LEN`.
pub const PARALLEL_MIN_LEN: usize = 2 * MIN_PART_LEN;
const MIN_PART_LEN: usize = 128 * 1024;

/// An AES key schedule and its GHASH key table, for the kernels.
pub struct GcmKernels {
    flavor: Flavor,
    aes: AesKey,
    htable: HTable,
    /// H = E(0), as a block: the base of the powers that join GHASH parts.
    h: Block,
}

#[derive(Clone, Copy)]
enum Direction {
    Seal,
    Open,
}

/// A run of whole blocks: `len` bytes read at `input` and written at `output`, either the same
/// address (in place) or memory that does not overlap.
#[derive(Clone, Copy)]
struct Run {
    input: *const u8,
    output: *mut u8,
    len: usize,
}

// SAFETY: the parts of one message are disjoint ranges, each read and written by one thread,
// and the caller's borrow of the whole message outlives the scope that runs them.
unsafe impl Send for Run {}

impl Run {
    /// The run of a borrowed text; the borrow outlives every use of the run (`message` returns
    /// before `seal`/`open` do).
    fn over(text: &mut Text) -> Run {
        match text {
            Text::Separate { input, output } => {
                assert_eq!(input.len(), output.len(), "output sized to the input");
                Run {
                    input: input.as_ptr(),
                    output: output.as_mut_ptr(),
                    len: input.len(),
                }
            }
            Text::InPlace(in_out) => Run {
                input: in_out.as_ptr(),
                output: in_out.as_mut_ptr(),
                len: in_out.len(),
            },
        }
    }

    fn part(&self, at: usize, len: usize) -> Run {
        // SAFETY: `at + len <= self.len`, within the caller's buffers.
        unsafe {
            Run {
                input: self.input.add(at),
                output: self.output.add(at),
                len,
            }
        }
    }
}

/// Where a message's GHASH and counter stand between the kernels and the framing around them.
struct Pass<'k> {
    kernels: &'k GcmKernels,
    xi: Block,
    counter: Block,
    tag_counter: Block,
}

impl GcmKernels {
    /// What runs here, for `buildInfo()`; `None` where ring's API runs instead.
    pub fn description() -> Option<&'static str> {
        Flavor::detected().map(Flavor::describe)
    }

    /// `None` on CPUs without the kernels (and for key lengths other than 16 or 32 bytes, which
    /// the caller has already refused).
    pub fn new(key: &[u8]) -> Option<Self> {
        Self::with_flavor(key, Flavor::detected()?)
    }

    /// One per kernel set this CPU runs, so tests hold each to ring's answers.
    #[cfg(test)]
    pub fn every_flavor(key: &[u8]) -> Vec<Self> {
        Flavor::runnable()
            .filter_map(|flavor| Self::with_flavor(key, flavor))
            .collect()
    }

    /// `flavor` must be one this CPU runs (`Flavor::runnable`).
    fn with_flavor(key: &[u8], flavor: Flavor) -> Option<Self> {
        if !(key.len() == 16 || key.len() == 32) {
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
            flavor,
            aes,
            htable: HTable([0; 32]),
            h: [0; BLOCK_LEN],
        };
        kernels.h = kernels.encrypt_block(&[0; BLOCK_LEN], [0; BLOCK_LEN]);
        kernels.htable = kernels.htable_for(&kernels.h);
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

    /// Encrypts `text`; returns the tag. The caller keeps its length within GCM's limit (ring's
    /// `MAX_IN_OUT_LEN`).
    pub fn seal(&self, nonce: &[u8; 12], aad: &[u8], text: &mut Text, parallel: Parallel) -> Block {
        let run = Run::over(text);
        let parts = parts_for(run.len, parallel);
        self.message(Direction::Seal, nonce, aad, run, parts)
    }

    /// Decrypts `text`; returns the tag the ciphertext should carry, for the caller to compare
    /// in constant time.
    pub fn open(&self, nonce: &[u8; 12], aad: &[u8], text: &mut Text, parallel: Parallel) -> Block {
        let run = Run::over(text);
        let parts = parts_for(run.len, parallel);
        self.message(Direction::Open, nonce, aad, run, parts)
    }

    /// One whole message over `run` (which a safe wrapper above built from live borrows), its
    /// whole blocks in `parts` parts.
    fn message(
        &self,
        direction: Direction,
        nonce: &[u8; 12],
        aad: &[u8],
        run: Run,
        parts: usize,
    ) -> Block {
        let mut pass = self.begin(nonce, aad);
        let whole = run.len - run.len % BLOCK_LEN;
        self.whole_blocks(direction, &mut pass, run.part(0, whole), parts);
        let rest = run.len - whole;
        if rest > 0 {
            let mut tail = [0u8; BLOCK_LEN];
            // SAFETY: `rest` bytes readable at the run's end (possibly the output's own bytes,
            // read before they are written below).
            unsafe { std::ptr::copy(run.input.add(whole), tail.as_mut_ptr(), rest) };
            let out = match direction {
                Direction::Seal => {
                    let mut block = self.encrypt_block(&pass.counter, tail);
                    block[rest..].fill(0);
                    pass.ghash(&block);
                    block
                }
                Direction::Open => {
                    pass.ghash(&tail);
                    self.encrypt_block(&pass.counter, tail)
                }
            };
            // SAFETY: `rest` bytes writable at the run's end.
            unsafe { std::ptr::copy(out.as_ptr(), run.output.add(whole), rest) };
        }
        pass.tag(aad.len(), run.len)
    }

    /// Runs the kernel over `run` (whole blocks) from `counter`, GHASH state `xi`.
    fn kernel(&self, direction: Direction, run: Run, counter: &Block, xi: &mut Block) {
        if run.len == 0 {
            return;
        }
        if self.flavor == Flavor::AesniAvx {
            return self.aesni_kernel(direction, run, counter, xi);
        }
        let update = match direction {
            Direction::Seal => aes_gcm_enc_update_vaes_avx2,
            Direction::Open => aes_gcm_dec_update_vaes_avx2,
        };
        // SAFETY: `run` is a non-zero multiple of the block size, readable at `input` and
        // writable at `output` (the same address or disjoint), as ring calls these kernels.
        unsafe {
            update(
                run.input,
                run.output,
                run.len,
                &self.aes,
                counter,
                &self.htable,
                xi,
            )
        }
    }

    /// `aesni_gcm_*` over the whole 96-byte chunks it takes, then CTR and GHASH over the blocks
    /// it left (GHASH reads ciphertext: the output when sealing, the input before it is
    /// overwritten when opening in place).
    fn aesni_kernel(&self, direction: Direction, run: Run, counter: &Block, xi: &mut Block) {
        let chunks = match direction {
            Direction::Seal => aesni_gcm_encrypt,
            Direction::Open => aesni_gcm_decrypt,
        };
        let mut ivec = *counter;
        // SAFETY: as in `kernel`; the kernel reads and writes at most `run.len` bytes and returns
        // how many it did.
        let done = unsafe {
            chunks(
                run.input,
                run.output,
                run.len,
                &self.aes,
                &mut ivec,
                &self.htable,
                xi,
            )
        };
        assert!(
            done <= run.len && done % BLOCK_LEN == 0,
            "aesni_gcm processed {done} of {} bytes",
            run.len
        );
        let rest = run.part(done, run.len - done);
        if rest.len == 0 {
            return;
        }
        let counter = advanced(counter, done);
        // SAFETY: `rest` is whole blocks within `run`; GHASH reads them, CTR reads and writes
        // them (in place or disjoint), and the table is `gcm_init_avx`'s.
        unsafe {
            if let Direction::Open = direction {
                gcm_ghash_avx(xi, &self.htable, rest.input, rest.len);
            }
            aes_hw_ctr32_encrypt_blocks(
                rest.input.cast(),
                rest.output.cast(),
                rest.len / BLOCK_LEN,
                &self.aes,
                &counter,
            );
            if let Direction::Seal = direction {
                gcm_ghash_avx(xi, &self.htable, rest.output, rest.len);
            }
        }
    }

    /// The GHASH table for multiplying by `value` (a field element as a block, as H is).
    fn htable_for(&self, value: &Block) -> HTable {
        let value = [
            u64::from_be_bytes(value[..8].try_into().expect("8 bytes")),
            u64::from_be_bytes(value[8..].try_into().expect("8 bytes")),
        ];
        let mut table = HTable([0; 32]);
        // SAFETY: the CPU runs this flavor (only `with_flavor` makes one); the table is ring's
        // layout for it.
        unsafe {
            match self.flavor {
                Flavor::VaesAvx2 => gcm_init_vpclmulqdq_avx2(&mut table, &value),
                Flavor::AesniAvx => gcm_init_avx(&mut table, &value),
            }
        }
        table
    }

    /// One GHASH step of `block` into `xi` under `table` (built by `htable_for`).
    fn ghash_block(&self, xi: &mut Block, table: &HTable, block: &Block) {
        // SAFETY: one readable block; the table was built by this flavor's init.
        unsafe {
            match self.flavor {
                Flavor::VaesAvx2 => {
                    gcm_ghash_vpclmulqdq_avx2_1(xi, table, block.as_ptr(), BLOCK_LEN)
                }
                Flavor::AesniAvx => gcm_ghash_avx(xi, table, block.as_ptr(), BLOCK_LEN),
            }
        }
    }

    /// a * b in GCM's field: one GHASH step of a zero block from state `a` under key `b`.
    fn multiply(&self, a: &Block, b: &Block) -> Block {
        let table = self.htable_for(b);
        let mut xi = *a;
        self.ghash_block(&mut xi, &table, &[0u8; BLOCK_LEN]);
        xi
    }

    /// The whole blocks, in `parts` parts at once: part i from counter + (its offset / 16) and
    /// GHASH state zero (the first from the AAD's state); the states are then joined in order,
    /// S = S * H^(blocks of the next part) + X_next, which is what one pass would have computed.
    fn whole_blocks(&self, direction: Direction, pass: &mut Pass, run: Run, parts: usize) {
        let part_len = run.len.div_ceil(parts.max(1)).div_ceil(BLOCK_LEN) * BLOCK_LEN;
        if parts <= 1 || part_len >= run.len {
            self.kernel(direction, run, &pass.counter, &mut pass.xi);
            pass.advance(run.len);
            return;
        }
        let pieces: Vec<(Run, Block)> = (0..run.len)
            .step_by(part_len)
            .map(|at| {
                let piece = run.part(at, part_len.min(run.len - at));
                (piece, advanced(&pass.counter, at))
            })
            .collect();
        let mut states = vec![[0u8; BLOCK_LEN]; pieces.len()];
        states[0] = pass.xi;
        rayon::in_place_scope(|scope| {
            let mut work = states.iter_mut().zip(&pieces);
            let first = work.next();
            for (xi, &(piece, counter)) in work {
                scope.spawn(move |_| self.kernel(direction, piece, &counter, xi));
            }
            if let Some((xi, (piece, counter))) = first {
                self.kernel(direction, *piece, counter, xi);
            }
        });
        let mut xi = states[0];
        let mut power: Option<(usize, Block)> = None;
        for (state, (piece, _)) in states.iter().zip(&pieces).skip(1) {
            let blocks = piece.len / BLOCK_LEN;
            let h_power = match power {
                Some((n, value)) if n == blocks => value,
                _ => self.h_power(blocks),
            };
            power = Some((blocks, h_power));
            xi = self.multiply(&xi, &h_power);
            for (x, s) in xi.iter_mut().zip(state) {
                *x ^= s;
            }
        }
        pass.xi = xi;
        pass.advance(run.len);
    }

    /// H^n (n >= 1) by squaring and multiplying.
    fn h_power(&self, mut n: usize) -> Block {
        let mut base = self.h;
        let mut result: Option<Block> = None;
        while n > 0 {
            if n & 1 == 1 {
                result = Some(match result {
                    None => base,
                    Some(r) => self.multiply(&r, &base),
                });
            }
            n >>= 1;
            if n > 0 {
                base = self.multiply(&base, &base);
            }
        }
        result.expect("n >= 1")
    }
}

/// How many parts a message of `len` bytes is split into: by size unless the caller chose.
fn parts_for(len: usize, parallel: Parallel) -> usize {
    if !parallel.splits(len, PARALLEL_MIN_LEN) {
        return 1;
    }
    let threads = rayon::current_num_threads().max(1);
    match parallel {
        Parallel::Always => threads.min(len / BLOCK_LEN).max(1),
        _ => (len / MIN_PART_LEN).clamp(1, threads),
    }
}

/// `counter` after `bytes` (whole blocks): GCM's inc32 on the last word, wrapping.
fn advanced(counter: &Block, bytes: usize) -> Block {
    let mut next = *counter;
    let word = u32::from_be_bytes(counter[12..].try_into().expect("4 bytes"));
    let word = word.wrapping_add((bytes / BLOCK_LEN) as u32);
    next[12..].copy_from_slice(&word.to_be_bytes());
    next
}

impl Pass<'_> {
    fn ghash(&mut self, block: &Block) {
        let kernels = self.kernels;
        kernels.ghash_block(&mut self.xi, &kernels.htable, block);
    }

    fn advance(&mut self, bytes: usize) {
        self.counter = advanced(&self.counter, bytes);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::noise;
    use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};

    /// Split into 1 to 7 parts of every shape (equal, a short last part, parts of one block),
    /// sealing and opening, out of place and in place: the same bytes and tag as ring in one
    /// pass. This is what proves the GHASH join (powers of H) and the per-part counters.
    #[test]
    fn any_split_gives_what_one_pass_gives() {
        for kernels in GcmKernels::every_flavor(&[9u8; 32]) {
            any_split_gives_what_one_pass_gives_with(&kernels);
        }
    }

    fn any_split_gives_what_one_pass_gives_with(kernels: &GcmKernels) {
        let ring = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[9u8; 32]).unwrap());
        let nonce = [3u8; 12];
        for len in [16, 32, 48, 100, 112, 4096, 4111, 65536 + 48, 300_017] {
            let pt = noise(len, len as u64);
            let aad = noise(len % 23, 5);
            let mut expected = pt.clone();
            let expected_tag = ring
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(nonce),
                    Aad::from(&aad),
                    &mut expected,
                )
                .unwrap();
            for parts in 1..=7 {
                let mut out = vec![0u8; len];
                let run = Run::over(&mut Text::Separate {
                    input: &pt,
                    output: &mut out,
                });
                let tag = kernels.message(Direction::Seal, &nonce, &aad, run, parts);
                assert!(out == expected, "ciphertext, {len} bytes in {parts} parts");
                assert_eq!(
                    &tag[..],
                    expected_tag.as_ref(),
                    "{len} bytes in {parts} parts"
                );

                let mut in_place = pt.clone();
                let run = Run::over(&mut Text::InPlace(&mut in_place));
                let tag = kernels.message(Direction::Seal, &nonce, &aad, run, parts);
                assert!(
                    in_place == expected,
                    "in place, {len} bytes in {parts} parts"
                );
                assert_eq!(&tag[..], expected_tag.as_ref());

                let mut back = vec![0u8; len];
                let run = Run::over(&mut Text::Separate {
                    input: &expected,
                    output: &mut back,
                });
                let tag = kernels.message(Direction::Open, &nonce, &aad, run, parts);
                assert!(back == pt, "plaintext, {len} bytes in {parts} parts");
                assert_eq!(&tag[..], expected_tag.as_ref(), "open tag, {parts} parts");
            }
        }
    }

    #[test]
    fn powers_of_h_multiply_as_the_field_does() {
        for kernels in GcmKernels::every_flavor(&[1u8; 16]) {
            powers_of_h_multiply_as_the_field_does_with(&kernels);
        }
    }

    fn powers_of_h_multiply_as_the_field_does_with(kernels: &GcmKernels) {
        let multiply = |a: &Block, b: &Block| kernels.multiply(a, b);
        let h = kernels.h;
        assert_eq!(kernels.h_power(1), h);
        assert_eq!(kernels.h_power(2), multiply(&h, &h));
        assert_eq!(kernels.h_power(5), multiply(&kernels.h_power(4), &h));
        assert_eq!(
            kernels.h_power(1000),
            multiply(&kernels.h_power(999), &kernels.h_power(1))
        );
        // 0x80 00.. is 1 in GCM's bit order.
        let mut one = [0u8; BLOCK_LEN];
        one[0] = 0x80;
        assert_eq!(multiply(&h, &one), h);
    }

    #[test]
    fn counters_wrap_in_their_last_32_bits_only() {
        let mut counter = [0xFFu8; BLOCK_LEN];
        counter[12..].copy_from_slice(&u32::MAX.to_be_bytes());
        let next = advanced(&counter, 2 * BLOCK_LEN);
        assert_eq!(&next[..12], &[0xFF; 12]);
        assert_eq!(&next[12..], &1u32.to_be_bytes());
    }

    #[test]
    fn large_messages_are_split_and_small_ones_are_not_unless_asked() {
        assert_eq!(parts_for(PARALLEL_MIN_LEN - 1, Parallel::Auto), 1);
        let threads = rayon::current_num_threads();
        assert_eq!(
            parts_for(PARALLEL_MIN_LEN, Parallel::Auto),
            2.min(threads).max(1)
        );
        assert_eq!(parts_for(1 << 30, Parallel::Auto), threads);
        assert_eq!(parts_for(1 << 30, Parallel::Never), 1);
        assert_eq!(parts_for(4096, Parallel::Always), threads);
        assert_eq!(
            parts_for(15, Parallel::Always),
            1,
            "no whole block to split"
        );
    }
}
