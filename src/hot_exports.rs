//! The addon's one module-exports hook: every piece's fast-path functions, registered per env.

use napi::bindgen_prelude::Object;
use napi::{Env, JsValue as _, Result};
use napi_derive::napi;

use crate::{boundary_probe, cache, counter, crypto, fast_path, transform};

#[napi(module_exports)]
pub fn register_hot_functions(exports: Object, env: Env) -> Result<()> {
    fast_path::register(
        env.raw(),
        exports.raw(),
        &[
            fast_path::HOT,
            boundary_probe::fast::HOT,
            counter::HOT,
            transform::HOT,
            cache::HOT,
            cache::LRU_HOT,
            crypto::HOT,
        ],
    )?;
    boundary_probe::floor::register(env.raw(), exports.raw())
}
