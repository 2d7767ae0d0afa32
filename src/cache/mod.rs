//! Caching pieces: consistent hashing (HashRing, jump hash, bounded loads) and the LRU cache.

mod bounded_load;
mod hash_ring;
mod jump_hash;
mod lru;
mod lru_batch;
mod lru_exports;
mod lru_handle;
mod lru_js;
mod lru_key;
mod lru_value;
mod ring_exports;
mod shared_lru;

pub use lru_exports::HOT as LRU_HOT;
pub use ring_exports::HOT;
