//! The crypto pieces: AES-GCM, Ed25519, scrypt. The cores (`aes_gcm`, `ed25519`, `scrypt`) are
//! plain Rust; `exports` is their fast-path and napi-rs surface.

mod aes_gcm;
mod ed25519;
mod ed25519_verify;
mod exports;
mod gcm_kernels;
mod romix;
mod scrypt;

pub use aes_gcm::implementation as aes_gcm_implementation;
pub use exports::HOT;
