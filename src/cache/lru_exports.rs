//! The fast-path surface of `LruCache` and `SharedLruCache` (lib/lru.js wraps it).
//!
//! A cache lives in a handle: a private `LruCore` behind a `RefCell`, or an `Arc` of a shared,
//! sharded one. Keys are read as UTF-16 on the stack and encoded in place (no allocation for a
//! lookup); values are copied in on `set` and made into fresh JS values on `get`. Dispose events
//! are collected per handle and taken by the JS layer after the call (`lruTakeDisposals`).

use std::cell::{RefCell, RefMut};
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, MutexGuard};

use super::lru::{Clock, Disposals, LruCore, LruSettings, ReadOptions, Reason, WriteOptions};
use super::lru_key::{self, KeyView};
use super::lru_value::StoredValue;
use super::shared_lru::{self, OpenError, SharedConfig, SharedLru, MAX_SHARDS};
use crate::error::{ErrorKind, NativeError, NativeResult};
use crate::fast_path::{exact_len, split_joined, Call, JsType, JsValue, Ret, INLINE_UNITS};

crate::hot_functions!(pub const HOT = [
    c"lruNew" => lru_new,
    c"lruOpenShared" => lru_open_shared,
    c"lruSettingsInto" => lru_settings_into,
    c"lruGet" => lru_get,
    c"lruGetWith" => lru_get_with,
    c"lruPeek" => lru_peek,
    c"lruHas" => lru_has,
    c"lruSet" => lru_set,
    c"lruSetWith" => lru_set_with,
    c"lruDelete" => lru_delete,
    c"lruClear" => lru_clear,
    c"lruPop" => lru_pop,
    c"lruSize" => lru_size,
    c"lruCalculatedSize" => lru_calculated_size,
    c"lruStatsInto" => lru_stats_into,
    c"lruRemainingTtl" => lru_remaining_ttl,
    c"lruPurgeStale" => lru_purge_stale,
    c"lruInfoInto" => lru_info_into,
    c"lruTakeDisposals" => lru_take_disposals,
    c"lruList" => lru_list,
    c"lruDump" => lru_dump,
    c"lruGetMany" => lru_get_many,
    c"lruGetManyJoined" => lru_get_many_joined,
    c"lruSetMany" => lru_set_many,
    c"lruSetNow" => lru_set_now,
]);

const WHAT: &str = "LruCache";

// Settings flags (lruNew/lruOpenShared config[4]).
const UPDATE_AGE_ON_GET: u32 = 1;
const UPDATE_AGE_ON_HAS: u32 = 2;
const ALLOW_STALE: u32 = 4;
const NO_DELETE_ON_STALE_GET: u32 = 8;
const NO_UPDATE_TTL: u32 = 16;
const NO_DISPOSE_ON_SET: u32 = 32;

// Per-call read flags (lruGetWith).
const READ_ALLOW_STALE: u32 = 1;
const READ_UPDATE_AGE: u32 = 2;
const READ_NO_DELETE_ON_STALE: u32 = 4;

// Per-call write flags (lruSetWith): "is set" bits beside value bits, so unset means the cache's.
const WRITE_ENCODED: u32 = 1;
const WRITE_NO_DISPOSE_SET: u32 = 2;
const WRITE_NO_DISPOSE: u32 = 4;
const WRITE_NO_UPDATE_TTL_SET: u32 = 8;
const WRITE_NO_UPDATE_TTL: u32 = 16;

/// Length of the Float64Array that carries a cache's configuration in and out.
const CONFIG_LEN: usize = 8;

struct LruHandle {
    store: Store,
    disposals: RefCell<Disposals>,
    /// The JS codec's id, handed back so a wrapper knows how to decode encoded values.
    codec: u32,
}

enum Store {
    Local(RefCell<LruCore>),
    Shared {
        cache: Arc<SharedLru>,
        /// Where this handle's next `pop` starts looking, so pops spread over the shards.
        next_pop: AtomicUsize,
    },
}

impl LruHandle {
    /// The core that holds `key` (a private cache's, or the key's shard, locked) and this
    /// handle's dispose list, held for the rest of the call. Returned as guards rather than
    /// passed to a closure so results stay in registers (see `NativeError`).
    #[inline(always)]
    fn core_for(&self, key: &[u8]) -> NativeResult<(CoreGuard<'_>, RefMut<'_, Disposals>)> {
        let disposals = self.disposals.try_borrow_mut().map_err(|_| busy())?;
        let core = match &self.store {
            Store::Local(core) => CoreGuard::Local(core.try_borrow_mut().map_err(|_| busy())?),
            Store::Shared { cache, .. } => CoreGuard::Shared(cache.shard_for(key)),
        };
        Ok((core, disposals))
    }

    /// Runs `f` on each core in turn (one shard locked at a time).
    fn for_each_core(
        &self,
        mut f: impl FnMut(&mut LruCore, &mut Disposals) -> NativeResult<()>,
    ) -> NativeResult<()> {
        let mut disposals = self.disposals.try_borrow_mut().map_err(|_| busy())?;
        match &self.store {
            Store::Local(core) => f(
                &mut *core.try_borrow_mut().map_err(|_| busy())?,
                &mut disposals,
            ),
            Store::Shared { cache, .. } => {
                for index in 0..cache.shard_count() {
                    f(&mut cache.lock(index), &mut disposals)?;
                }
                Ok(())
            }
        }
    }

    fn len(&self) -> NativeResult<usize> {
        match &self.store {
            Store::Local(core) => Ok(core.try_borrow().map_err(|_| busy())?.len()),
            Store::Shared { cache, .. } => Ok(cache.len()),
        }
    }
}

enum CoreGuard<'a> {
    Local(RefMut<'a, LruCore>),
    Shared(MutexGuard<'a, LruCore>),
}

impl Deref for CoreGuard<'_> {
    type Target = LruCore;
    fn deref(&self) -> &LruCore {
        match self {
            Self::Local(core) => core,
            Self::Shared(core) => core,
        }
    }
}

impl DerefMut for CoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut LruCore {
        match self {
            Self::Local(core) => core,
            Self::Shared(core) => core,
        }
    }
}

#[cold]
fn busy() -> NativeError {
    NativeError::new(
        ErrorKind::Operation,
        "ERR_INVALID_STATE",
        "the cache is in use by a call that has not returned",
    )
}

#[inline(always)]
fn handle<'c>(call: &'c Call) -> NativeResult<std::cell::Ref<'c, LruHandle>> {
    call.handle_ref::<LruHandle>(0, WHAT)
}

/// For calls that also write an output argument (which needs `call` mutably).
fn owned_handle(call: &Call) -> NativeResult<std::rc::Rc<LruHandle>> {
    call.handle::<LruHandle>(0, WHAT)
}

/// Binds `$key` to the stored form of the string or number `$value`, encoded into buffers that
/// live in the caller's frame (no allocation for keys up to 256 units, no closure).
macro_rules! read_key {
    ($value:expr => $key:ident) => {
        let value: JsValue<'_> = $value;
        let mut units_inline = MaybeUninit::<[u16; INLINE_UNITS]>::uninit();
        let mut units_heap = Vec::new();
        let mut key_inline = lru_key::InlineKey::uninit();
        let mut key_heap = Vec::new();
        let number_key;
        let $key: &[u8] = match value.read_units_or_none(&mut units_inline, &mut units_heap) {
            Some(units) => lru_key::encode_string_key(units, &mut key_inline, &mut key_heap),
            None => {
                number_key = number_key_of(value)?;
                &number_key
            }
        };
    };
}

/// The stored form of a number key; the key error for anything else.
fn number_key_of(value: JsValue<'_>) -> NativeResult<[u8; 9]> {
    match value.js_type() {
        JsType::Number => Ok(lru_key::number_key(value.f64("key")?)),
        _ => Err(value.type_error("key", "of type string or number")),
    }
}

/// A JS value as the cache stores it; `None` for `undefined` (which `set` treats as delete).
fn read_value(
    call: &Call,
    value: JsValue<'_>,
    encoded: bool,
    name: &str,
) -> NativeResult<Option<StoredValue>> {
    Ok(Some(match value.js_type() {
        JsType::Undefined => return Ok(None),
        JsType::String => value
            .try_with_utf16(StoredValue::from_utf16)
            .ok_or_else(|| value.type_error(name, "of type string"))?,
        JsType::Number => StoredValue::Number(value.f64(name)?),
        JsType::Boolean => StoredValue::Bool(value.bool(name)?),
        JsType::Null => StoredValue::Null,
        JsType::Object => {
            let bytes = call
                .uint8_bytes(value, name)
                .map_err(|_| unsupported(value, name))?;
            if encoded {
                StoredValue::Encoded(bytes.into())
            } else {
                StoredValue::Bytes(bytes.into())
            }
        }
        _ => return Err(unsupported(value, name)),
    }))
}

#[cold]
fn unsupported(value: JsValue<'_>, name: &str) -> NativeError {
    value.type_error(
        name,
        "of type string, number, boolean, or null, or an instance of Buffer or Uint8Array \
         (other objects need the `codec` option)",
    )
}

#[inline(always)]
fn value_to_js(call: &Call, value: &StoredValue) -> NativeResult<Ret> {
    match value {
        StoredValue::Latin1(bytes) => call.make_string_latin1(bytes),
        StoredValue::Utf16(units) => call.make_string_utf16(units),
        StoredValue::Bytes(bytes) => call.make_buffer(bytes),
        // An ArrayBuffer (never a Buffer) tells the JS layer to run the codec's decoder.
        StoredValue::Encoded(bytes) => call.make_array_buffer(bytes),
        StoredValue::Number(n) => Ok(Ret::F64(*n)),
        StoredValue::Bool(b) => Ok(Ret::Bool(*b)),
        StoredValue::Null => Ok(Ret::Null),
    }
}

fn key_to_js(call: &Call, key: &[u8]) -> NativeResult<Ret> {
    match lru_key::view(key) {
        KeyView::Latin1(bytes) => call.make_string_latin1(bytes),
        KeyView::Utf16(units) => call.make_string_utf16(&units),
        KeyView::Number(n) => Ok(Ret::F64(n)),
    }
}

/// `[max, maxSize, maxEntrySize, ttl, flags, shards, codec, recordDisposals]`.
fn read_config(call: &Call, index: usize) -> NativeResult<(SharedConfig, bool)> {
    let config = call.typed::<f64>(index, "config")?;
    let config: &[f64; CONFIG_LEN] = config.try_into().map_err(|_| {
        NativeError::out_of_range("config.length", &CONFIG_LEN.to_string(), config.len())
    })?;
    let whole = |value: f64, name: &str| crate::fast_path::number_to_safe_integer(value, name);
    let non_negative = |value: f64, name: &str| -> NativeResult<u64> {
        let n = whole(value, name)?;
        u64::try_from(n).map_err(|_| NativeError::out_of_range(name, ">= 0", n))
    };
    let flags = non_negative(config[4], "flags")? as u32;
    let settings = LruSettings {
        max: non_negative(config[0], "max")?,
        max_size: non_negative(config[1], "maxSize")?,
        max_entry_size: non_negative(config[2], "maxEntrySize")?,
        ttl: non_negative(config[3], "ttl")? as f64,
        update_age_on_get: flags & UPDATE_AGE_ON_GET != 0,
        update_age_on_has: flags & UPDATE_AGE_ON_HAS != 0,
        allow_stale: flags & ALLOW_STALE != 0,
        no_delete_on_stale_get: flags & NO_DELETE_ON_STALE_GET != 0,
        no_update_ttl: flags & NO_UPDATE_TTL != 0,
        no_dispose_on_set: flags & NO_DISPOSE_ON_SET != 0,
    };
    settings
        .validate()
        .map_err(|message| NativeError::new(ErrorKind::Type, "ERR_INVALID_ARG_VALUE", message))?;
    let shards = non_negative(config[5], "shards")?;
    if shards > u64::from(MAX_SHARDS) || (shards != 0 && !shards.is_power_of_two()) {
        return Err(NativeError::out_of_range(
            "shards",
            &format!("a power of two <= {MAX_SHARDS}"),
            shards,
        ));
    }
    let codec = non_negative(config[6], "codec")?;
    if codec > 2 {
        return Err(NativeError::out_of_range("codec", "0, 1 or 2", codec));
    }
    let shared = SharedConfig {
        settings,
        shards: shards as u32,
        codec: codec as u32,
    };
    Ok((shared, config[7] != 0.0))
}

fn disposals(record: bool) -> RefCell<Disposals> {
    RefCell::new(if record {
        Disposals::recording()
    } else {
        Disposals::default()
    })
}

/// `lruNew(config)`: a cache private to this env.
fn lru_new(call: &mut Call) -> NativeResult<Ret> {
    let (config, record) = read_config(call, 0)?;
    Ok(call.new_handle(LruHandle {
        store: Store::Local(RefCell::new(LruCore::new(config.settings))),
        disposals: disposals(record),
        codec: config.codec,
    }))
}

/// `lruOpenShared(name, config | undefined, recordDisposals)`: the process-wide cache `name`.
fn lru_open_shared(call: &mut Call) -> NativeResult<Ret> {
    let name = call
        .arg(0)
        .with_utf8("name", |bytes| String::from_utf8_lossy(bytes).into_owned())?;
    let config = if call.arg(1).is_undefined() {
        None
    } else {
        Some(read_config(call, 1)?.0)
    };
    let record = call.arg(2).bool("recordDisposals")?;
    let cache = shared_lru::open(&name, config).map_err(|err| match err {
        OpenError::NotFound => NativeError::new(
            ErrorKind::Operation,
            "ERR_LRU_SHARED_NOT_FOUND",
            format!(
                "No shared cache named \"{name}\" is open in this process; \
                 create it with options first (LruCache.shared(name, {{ max, ... }}))"
            ),
        ),
        OpenError::Conflict(conflicts) => {
            let listed: Vec<String> = conflicts
                .iter()
                .map(|(option, existing, wanted)| format!("{option}: {existing} (asked {wanted})"))
                .collect();
            NativeError::new(
                ErrorKind::Operation,
                "ERR_LRU_SHARED_OPTIONS_CONFLICT",
                format!(
                    "The shared cache \"{name}\" is already open with other options: {}",
                    listed.join(", ")
                ),
            )
        }
    })?;
    let codec = cache.config().codec;
    Ok(call.new_handle(LruHandle {
        codec,
        store: Store::Shared {
            cache,
            next_pop: AtomicUsize::new(0),
        },
        disposals: disposals(record),
    }))
}

/// `lruSettingsInto(h, out)`: the cache's configuration (in `read_config`'s layout) and, for a
/// shared cache, its shard count and largest storable entry; returns whether it is shared.
fn lru_settings_into(call: &mut Call) -> NativeResult<Ret> {
    let handle = owned_handle(call)?;
    let codec = handle.codec;
    let (settings, shards, entry_limit) = match &handle.store {
        Store::Local(core) => {
            let settings = *core.try_borrow().map_err(|_| busy())?.settings();
            (settings, 1, settings.entry_size_limit())
        }
        Store::Shared { cache, .. } => (
            cache.config().settings,
            cache.shard_count() as u32,
            cache.max_entry_size(),
        ),
    };
    let flags = [
        (settings.update_age_on_get, UPDATE_AGE_ON_GET),
        (settings.update_age_on_has, UPDATE_AGE_ON_HAS),
        (settings.allow_stale, ALLOW_STALE),
        (settings.no_delete_on_stale_get, NO_DELETE_ON_STALE_GET),
        (settings.no_update_ttl, NO_UPDATE_TTL),
        (settings.no_dispose_on_set, NO_DISPOSE_ON_SET),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0, |all, (_, bit)| all | bit);
    let out = exact_len(call.typed_mut::<f64>(1, "out")?, CONFIG_LEN, "out.length")?;
    out.copy_from_slice(&[
        settings.max as f64,
        settings.max_size as f64,
        settings.max_entry_size as f64,
        settings.ttl,
        f64::from(flags),
        f64::from(shards),
        f64::from(codec),
        entry_limit as f64,
    ]);
    Ok(Ret::Bool(matches!(handle.store, Store::Shared { .. })))
}

fn read_options(flags: u32) -> ReadOptions {
    ReadOptions {
        allow_stale: flags & READ_ALLOW_STALE != 0,
        update_age: flags & READ_UPDATE_AGE != 0,
        no_delete_on_stale: flags & READ_NO_DELETE_ON_STALE != 0,
    }
}

#[inline(always)]
fn get_with(call: &Call, flags: Option<u32>) -> NativeResult<Ret> {
    let handle = handle(call)?;
    read_key!(call.arg(1) => key);
    let (mut core, mut disposed) = handle.core_for(key)?;
    let options = flags.map_or_else(|| core.read_defaults(), read_options);
    match core.get(key, options, &mut disposed) {
        Some(value) => value_to_js(call, &value),
        None => Ok(Ret::Undefined),
    }
}

/// `lruGet(h, key)`: the value, or undefined.
fn lru_get(call: &mut Call) -> NativeResult<Ret> {
    get_with(call, None)
}

/// `lruGetWith(h, key, readFlags)`: `get` with per-call options.
fn lru_get_with(call: &mut Call) -> NativeResult<Ret> {
    let flags = call.arg(2).u32("flags")?;
    get_with(call, Some(flags))
}

/// `lruPeek(h, key, allowStale | undefined)`.
fn lru_peek(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let allow_stale = call.arg(2).optional_bool("allowStale")?;
    read_key!(call.arg(1) => key);
    let (core, _) = handle.core_for(key)?;
    let allow_stale = allow_stale.unwrap_or(core.settings().allow_stale);
    match core.peek(key, allow_stale) {
        Some(value) => value_to_js(call, value),
        None => Ok(Ret::Undefined),
    }
}

/// `lruHas(h, key, updateAge | undefined)`.
fn lru_has(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let update_age = call.arg(2).optional_bool("updateAgeOnHas")?;
    read_key!(call.arg(1) => key);
    let (mut core, _) = handle.core_for(key)?;
    let update_age = update_age.unwrap_or(core.settings().update_age_on_has);
    Ok(Ret::Bool(core.has(key, update_age)))
}

fn set_one(
    call: &Call,
    handle: &LruHandle,
    key: JsValue<'_>,
    value: JsValue<'_>,
    options: WriteOptions,
    encoded: bool,
) -> NativeResult<()> {
    let value = read_value(call, value, encoded, "value")?;
    read_key!(key => key);
    let (mut core, mut disposed) = handle.core_for(key)?;
    match value {
        Some(value) => {
            core.set(key, value, options, &mut disposed);
        }
        None => {
            core.delete(key, Reason::Delete, &mut disposed);
        }
    }
    Ok(())
}

/// `lruSet(h, key, value)`: `set` with the cache's options (undefined deletes).
fn lru_set(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    set_one(
        call,
        &handle,
        call.arg(1),
        call.arg(2),
        WriteOptions::default(),
        false,
    )?;
    Ok(Ret::Undefined)
}

/// `lruSetWith(h, key, value, ttl, age, size, writeFlags)`: NaN for ttl and 0 for size mean
/// "the cache's"; `age` (NaN = 0) backdates the TTL's start (lru-cache's `start`, `load`).
fn lru_set_with(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let ttl = call.arg(3).f64("ttl")?;
    let age = call.arg(4).f64("age")?;
    let size = call.arg(5).safe_integer("size")?;
    let flags = call.arg(6).u32("flags")?;
    if !(ttl.is_nan() || ttl >= 0.0 && ttl.is_finite()) {
        return Err(NativeError::out_of_range("ttl", ">= 0", ttl));
    }
    let size = u64::try_from(size).map_err(|_| NativeError::out_of_range("size", ">= 0", size))?;
    let options = WriteOptions {
        ttl: (!ttl.is_nan()).then_some(ttl),
        age: (!age.is_nan()).then_some(age),
        size: (size != 0).then_some(size),
        no_dispose_on_set: (flags & WRITE_NO_DISPOSE_SET != 0)
            .then_some(flags & WRITE_NO_DISPOSE != 0),
        no_update_ttl: (flags & WRITE_NO_UPDATE_TTL_SET != 0)
            .then_some(flags & WRITE_NO_UPDATE_TTL != 0),
    };
    set_one(
        call,
        &handle,
        call.arg(1),
        call.arg(2),
        options,
        flags & WRITE_ENCODED != 0,
    )?;
    Ok(Ret::Undefined)
}

/// `lruDelete(h, key)` -> whether it was there.
fn lru_delete(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    read_key!(call.arg(1) => key);
    let (mut core, mut disposed) = handle.core_for(key)?;
    Ok(Ret::Bool(core.delete(key, Reason::Delete, &mut disposed)))
}

fn lru_clear(call: &mut Call) -> NativeResult<Ret> {
    handle(call)?.for_each_core(|core, disposed| {
        core.clear(disposed);
        Ok(())
    })?;
    Ok(Ret::Undefined)
}

/// `lruPop(h)`: removes and returns the least recent value (for a shared cache: of the next
/// non-empty shard, round robin).
fn lru_pop(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let mut disposed = handle.disposals.try_borrow_mut().map_err(|_| busy())?;
    let popped = match &handle.store {
        Store::Local(core) => core
            .try_borrow_mut()
            .map_err(|_| busy())?
            .pop(&mut disposed),
        Store::Shared { cache, next_pop } => {
            let start = next_pop.fetch_add(1, Ordering::Relaxed);
            (0..cache.shard_count()).find_map(|i| {
                cache
                    .lock((start + i) % cache.shard_count())
                    .pop(&mut disposed)
            })
        }
    };
    drop(disposed);
    popped.map_or(Ok(Ret::Undefined), |value| value_to_js(call, &value))
}

fn lru_size(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::F64(handle(call)?.len()? as f64))
}

fn lru_calculated_size(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let size = match &handle.store {
        Store::Local(core) => core.try_borrow().map_err(|_| busy())?.calculated_size(),
        Store::Shared { cache, .. } => cache.calculated_size(),
    };
    Ok(Ret::F64(size as f64))
}

/// `lruStatsInto(h, out)`: `[hits, misses, evictions]`.
fn lru_stats_into(call: &mut Call) -> NativeResult<Ret> {
    let handle = owned_handle(call)?;
    let stats = match &handle.store {
        Store::Local(core) => core.try_borrow().map_err(|_| busy())?.stats(),
        Store::Shared { cache, .. } => cache.stats(),
    };
    let out = exact_len(call.typed_mut::<f64>(1, "out")?, 3, "out.length")?;
    out.copy_from_slice(&[
        stats.hits as f64,
        stats.misses as f64,
        stats.evictions as f64,
    ]);
    Ok(Ret::Undefined)
}

fn lru_remaining_ttl(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    read_key!(call.arg(1) => key);
    let (core, _) = handle.core_for(key)?;
    Ok(Ret::F64(core.remaining_ttl(key)))
}

fn lru_purge_stale(call: &mut Call) -> NativeResult<Ret> {
    let mut any = false;
    handle(call)?.for_each_core(|core, disposed| {
        any |= core.purge_stale(disposed);
        Ok(())
    })?;
    Ok(Ret::Bool(any))
}

/// `lruInfoInto(h, key, out)`: the value (stale or not, never promoted) or undefined, and
/// `out = [remaining ttl (NaN without one), size (NaN when sizes are not counted)]`.
fn lru_info_into(call: &mut Call) -> NativeResult<Ret> {
    let handle = owned_handle(call)?;
    let mut facts = [f64::NAN; 2];
    let value = {
        read_key!(call.arg(1) => key);
        let (core, _) = handle.core_for(key)?;
        let now = core.now();
        match core.entry(key) {
            Some(entry) => {
                if entry.ttl != 0.0 {
                    facts[0] = entry.ttl - (now - entry.start);
                }
                if core.settings().tracks_sizes() {
                    facts[1] = entry.size as f64;
                }
                value_to_js(call, &entry.value)?
            }
            None => Ret::Undefined,
        }
    };
    let out = exact_len(call.typed_mut::<f64>(2, "out")?, 2, "out.length")?;
    out.copy_from_slice(&facts);
    Ok(value)
}

/// `lruTakeDisposals(h)`: undefined, or `[value, key, reason, ...]` for every event since the
/// last take (reason 0 evict, 1 set, 2 delete, 3 expire).
fn lru_take_disposals(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let events = std::mem::take(
        &mut handle
            .disposals
            .try_borrow_mut()
            .map_err(|_| busy())?
            .events,
    );
    if events.is_empty() {
        return Ok(Ret::Undefined);
    }
    let array = call.make_array(events.len() * 3)?;
    for (i, event) in events.iter().enumerate() {
        let at = (i * 3) as u32;
        call.set_element(array, at, value_to_js(call, &event.value)?)?;
        call.set_element(array, at + 1, key_to_js(call, &event.key)?)?;
        call.set_element(array, at + 2, Ret::U32(event.reason as u32))?;
    }
    Ok(array)
}

/// `lruList(h, what, allowStale)`: keys (0), values (1) or flat `[key, value, ...]` (2), most
/// recent first.
fn lru_list(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let what = call.arg(1).u32("what")?;
    let allow_stale = call.arg(2).bool("allowStale")?;
    let mut items = Vec::new();
    handle.for_each_core(|core, _| {
        for view in core.iter_recent_first(allow_stale) {
            if what != 1 {
                items.push(key_to_js(call, view.key)?);
            }
            if what != 0 {
                items.push(value_to_js(call, &view.entry.value)?);
            }
        }
        Ok(())
    })?;
    let array = call.make_array(items.len())?;
    for (i, item) in items.into_iter().enumerate() {
        call.set_element(array, i as u32, item)?;
    }
    Ok(array)
}

/// `lruDump(h)`: `[ttlTracking, sizeTracking, now, key, value, ttl, start, size, ...]` with
/// entries least recent first (the order `load` replays), stale ones included.
fn lru_dump(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let mut items = Vec::new();
    let (mut ttl_tracking, mut size_tracking, mut now) = (false, false, 0.0);
    handle.for_each_core(|core, _| {
        ttl_tracking |= core.ttl_tracking();
        size_tracking |= core.settings().tracks_sizes();
        now = core.now();
        let views: Vec<_> = core.iter_recent_first(true).collect();
        for view in views.iter().rev() {
            items.push(key_to_js(call, view.key)?);
            items.push(value_to_js(call, &view.entry.value)?);
            items.push(Ret::F64(view.entry.ttl));
            items.push(Ret::F64(view.entry.start));
            items.push(Ret::F64(view.entry.size as f64));
        }
        Ok(())
    })?;
    let array = call.make_array(items.len() + 3)?;
    call.set_element(array, 0, Ret::Bool(ttl_tracking))?;
    call.set_element(array, 1, Ret::Bool(size_tracking))?;
    call.set_element(array, 2, Ret::F64(now))?;
    for (i, item) in items.into_iter().enumerate() {
        call.set_element(array, i as u32 + 3, item)?;
    }
    Ok(array)
}

/// `lruGetMany(h, keys)`: an Array of values (undefined for misses), one boundary crossing.
fn lru_get_many(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let count = call.array_len(1, "keys")?;
    let results = call.make_array(count as usize)?;
    for i in 0..count {
        let value = {
            read_key!(call.array_element(1, i)? => key);
            let (mut core, mut disposed) = handle.core_for(key)?;
            let options = core.read_defaults();
            match core.get(key, options, &mut disposed) {
                Some(value) => value_to_js(call, &value)?,
                None => Ret::Undefined,
            }
        };
        // Misses too: a holey array compares unequal to [undefined, ...] and is slower in V8.
        call.set_element(results, i, value)?;
    }
    Ok(results)
}

/// What `lruGetManyJoined` says about each key (`kinds[i]`).
mod joined_kind {
    pub const MISS: u8 = 0;
    pub const STRING: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const FALSE: u8 = 4;
    pub const NULL: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const ENCODED: u8 = 7;
}

/// The values of a batch as one string: one-byte while every value fits, else two-byte.
enum JoinedText {
    Narrow(Vec<u8>),
    Wide(Vec<u16>),
}

impl JoinedText {
    fn push_narrow(&mut self, bytes: &[u8]) {
        match self {
            Self::Narrow(text) => text.extend_from_slice(bytes),
            Self::Wide(text) => text.extend(bytes.iter().map(|&b| u16::from(b))),
        }
    }

    fn push_wide(&mut self, units: &[u16]) {
        if let Self::Narrow(text) = self {
            *self = Self::Wide(text.iter().map(|&b| u16::from(b)).collect());
        }
        if let Self::Wide(text) = self {
            text.extend_from_slice(units);
        }
    }
}

/// `lruGetManyJoined(h, joinedKeys, keyLengths, kinds, numbers)`: `get` for a batch of string
/// keys passed as one string, with one string of all string/byte values back (undefined when
/// there is none). `kinds[i]` says what key i found; `numbers[i]` holds a number value, or the
/// length of key i's part of the returned string. Bytes come as one-byte characters (the JS
/// side turns them into a Buffer with 'latin1'). One string each way instead of 2 per key.
fn lru_get_many_joined(call: &mut Call) -> NativeResult<Ret> {
    use joined_kind::*;
    let handle = owned_handle(call)?;
    let lengths = call.typed::<u32>(2, "lengths")?.to_vec();
    let count = lengths.len();
    let mut kinds = vec![MISS; count];
    let mut numbers = vec![0f64; count];
    let mut text = JoinedText::Narrow(Vec::with_capacity(count * 64));
    let mut joined_inline = MaybeUninit::<[u16; INLINE_UNITS]>::uninit();
    let mut joined_heap = Vec::new();
    let joined = call.arg(1);
    let units = joined
        .read_units_or_none(&mut joined_inline, &mut joined_heap)
        .ok_or_else(|| joined.type_error("joined", "of type string"))?;
    let mut key_inline = lru_key::InlineKey::uninit();
    let mut key_heap = Vec::new();
    for (i, key_units) in split_joined(units, &lengths).enumerate() {
        let key_units = key_units?;
        let key = lru_key::encode_string_key(key_units, &mut key_inline, &mut key_heap);
        let (mut core, mut disposed) = handle.core_for(key)?;
        let options = core.read_defaults();
        let Some(value) = core.get(key, options, &mut disposed) else {
            continue;
        };
        let (kind, number) = match &*value {
            StoredValue::Latin1(bytes) => {
                text.push_narrow(bytes);
                (STRING, bytes.len() as f64)
            }
            StoredValue::Utf16(wide) => {
                text.push_wide(wide);
                (STRING, wide.len() as f64)
            }
            StoredValue::Bytes(bytes) => {
                text.push_narrow(bytes);
                (BYTES, bytes.len() as f64)
            }
            StoredValue::Encoded(bytes) => {
                text.push_narrow(bytes);
                (ENCODED, bytes.len() as f64)
            }
            StoredValue::Number(n) => (NUMBER, *n),
            StoredValue::Bool(true) => (TRUE, 0.0),
            StoredValue::Bool(false) => (FALSE, 0.0),
            StoredValue::Null => (NULL, 0.0),
        };
        kinds[i] = kind;
        numbers[i] = number;
    }
    exact_len(call.bytes_mut(3, "kinds")?, count, "kinds.length")?.copy_from_slice(&kinds);
    exact_len(
        call.typed_mut::<f64>(4, "numbers")?,
        count,
        "numbers.length",
    )?
    .copy_from_slice(&numbers);
    match &text {
        JoinedText::Narrow(bytes) if bytes.is_empty() => Ok(Ret::Undefined),
        JoinedText::Narrow(bytes) => call.make_string_latin1(bytes),
        JoinedText::Wide(units) => call.make_string_utf16(units),
    }
}

/// `lruSetMany(h, keys, values, sizes | undefined, encoded | undefined)`: every pair is checked
/// before any is stored, so a bad value leaves the cache as it was.
fn lru_set_many(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let count = call.array_len(1, "keys")?;
    if call.array_len(2, "values")? != count {
        return Err(NativeError::out_of_range(
            "values.length",
            "keys.length",
            call.array_len(2, "values")?,
        ));
    }
    let sizes = match call.arg(3).js_type() {
        JsType::Undefined => None,
        _ => Some(call.typed::<f64>(3, "sizes")?),
    };
    let encoded = match call.arg(4).js_type() {
        JsType::Undefined => None,
        _ => Some(call.bytes(4, "encoded")?),
    };
    let mut pairs = Vec::with_capacity(count as usize);
    for i in 0..count {
        let key: lru_key::CacheKey = {
            read_key!(call.array_element(1, i)? => key);
            key.into()
        };
        let is_encoded = encoded.is_some_and(|flags| flags.get(i as usize) == Some(&1));
        let value = read_value(call, call.array_element(2, i)?, is_encoded, "values[i]")?;
        let size = sizes
            .and_then(|sizes| sizes.get(i as usize))
            .copied()
            .unwrap_or(0.0);
        pairs.push((key, value, size as u64));
    }
    for (key, value, size) in pairs {
        let (mut core, mut disposed) = handle.core_for(&key)?;
        match value {
            Some(value) => {
                let options = WriteOptions {
                    size: (size != 0).then_some(size),
                    ..WriteOptions::default()
                };
                core.set(&key, value, options, &mut disposed);
            }
            None => {
                core.delete(&key, Reason::Delete, &mut disposed);
            }
        }
    }
    Ok(Ret::Undefined)
}

/// `lruSetNow(h, now)`: from now on the cache's clock reads `now` (lru-cache's `perf` option).
fn lru_set_now(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    let now = call.arg(1).f64("now")?;
    match &handle.store {
        Store::Local(core) => core
            .try_borrow_mut()
            .map_err(|_| busy())?
            .set_clock(Clock::Manual(now)),
        Store::Shared { .. } => {
            return Err(NativeError::new(
                ErrorKind::Type,
                "ERR_INVALID_ARG_VALUE",
                "A shared cache keeps the process's clock; the perf option is for private caches",
            ))
        }
    }
    Ok(Ret::Undefined)
}
