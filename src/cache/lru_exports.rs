//! The fast-path surface of `LruCache` and `SharedLruCache` (lib/lru.js wraps it): creation,
//! configuration and the per-key operations. Handles are in `lru_handle.rs`, key and value
//! conversion in `lru_js.rs`, batches in `lru_batch.rs`. Keys are read as UTF-16 on the stack and
//! encoded in place (no allocation for a lookup); values are copied in on `set` and made into
//! fresh JS values on `get`. Dispose events are taken by the JS layer after each call.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::lru::{Clock, LruCore, LruSettings, ReadOptions, Reason, WriteOptions};
use super::lru_batch::{lru_get_many, lru_get_many_joined, lru_set_many};
use super::lru_handle::{busy, disposals, handle, owned_handle, LruHandle, Store};
use super::lru_js::{key_to_js, read_key, read_value, value_to_js};
use super::shared_lru::{self, OpenError, SharedConfig, MAX_SHARDS};
use crate::error::{ErrorKind, NativeError, NativeResult};
use crate::fast_path::{exact_len, Call, JsValue, Ret};

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
const CONFIG_LEN: usize = 9;

/// `[max, maxSize, maxEntrySize, ttl, flags, shards, codec, recordDisposals, given]`, where
/// `given` says which options the caller passed (`shared_lru::GIVEN_ALL`'s bits).
fn read_config(call: &Call, index: usize) -> NativeResult<(SharedConfig, bool, u32)> {
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
    let given = non_negative(config[8], "given")?;
    if given > u64::from(shared_lru::GIVEN_ALL) {
        return Err(NativeError::out_of_range(
            "given",
            &format!("<= {}", shared_lru::GIVEN_ALL),
            given,
        ));
    }
    Ok((shared, config[7] != 0.0, given as u32))
}

/// `lruNew(config)`: a cache private to this env.
fn lru_new(call: &mut Call) -> NativeResult<Ret> {
    let (config, record, _) = read_config(call, 0)?;
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
    let (config, given) = if call.arg(1).is_undefined() {
        (None, 0)
    } else {
        let (config, _, given) = read_config(call, 1)?;
        (Some(config), given)
    };
    let record = call.arg(2).bool("recordDisposals")?;
    let cache = shared_lru::open(&name, config, given).map_err(|err| match err {
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
        0.0,
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
    let mut items = Vec::with_capacity(events.len() * 3);
    for event in &events {
        items.push(value_to_js(call, &event.value)?);
        items.push(key_to_js(call, &event.key)?);
        items.push(Ret::U32(event.reason as u32));
    }
    call.make_array(&items)
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
    call.make_array(&items)
}

/// `lruDump(h)`: `[ttlTracking, sizeTracking, now, key, value, ttl, start, size, ...]` with
/// entries least recent first (the order `load` replays), stale ones included.
fn lru_dump(call: &mut Call) -> NativeResult<Ret> {
    let handle = handle(call)?;
    // The header is filled in once every shard has been seen.
    let mut items = vec![Ret::Undefined; 3];
    let (mut ttl_tracking, mut size_tracking, mut now) = (false, false, 0.0);
    handle.for_each_core(|core, _| {
        ttl_tracking |= core.ttl_tracking();
        size_tracking |= core.settings().tracks_sizes();
        now = core.now();
        for view in core.iter_recent_first(true).rev() {
            items.push(key_to_js(call, view.key)?);
            items.push(value_to_js(call, &view.entry.value)?);
            items.push(Ret::F64(view.entry.ttl));
            items.push(Ret::F64(view.entry.start));
            items.push(Ret::F64(view.entry.size as f64));
        }
        Ok(())
    })?;
    items[..3].copy_from_slice(&[
        Ret::Bool(ttl_tracking),
        Ret::Bool(size_tracking),
        Ret::F64(now),
    ]);
    call.make_array(&items)
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
