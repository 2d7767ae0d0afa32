//! Caching pieces: consistent hashing (HashRing, jump hash, bounded loads).

mod bounded_load;
mod hash_ring;
mod jump_hash;
mod ring_exports;

pub use ring_exports::HOT;
