#![deny(clippy::all)]
// napi-derive registers exports only outside `cfg(test)`, so in the test build everything that
// only JS reaches looks unused; the cdylib build still rejects real dead code.
#![cfg_attr(test, allow(dead_code))]

mod boundary_probe;
mod build_info;
mod cache;
mod counter;
mod crypto;
mod error;
mod fast_path;
mod hot_exports;
mod parallel;
#[cfg(test)]
mod test_support;
mod transform;
