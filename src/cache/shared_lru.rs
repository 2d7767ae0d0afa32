//! One LRU cache for every worker_thread of a process: lock-sharded, registered by name.
//!
//! Each shard is an independent [`LruCore`] behind its own `Mutex`; a key's shard is chosen by
//! a hash of its bytes, so workers touching different keys rarely meet on a lock. The limits are split
//! across shards (`max` and `maxSize` exactly, so the sum never exceeds the cache's limit at
//! any moment), and eviction is LRU *within the shard* that needs room: the entry evicted is the
//! least recent of ~1/shards of the cache, which approximates global LRU order as long as keys
//! spread evenly (they do, by hash). `shards: 1` gives exact LRU order with one lock. The
//! default uses up to 16 shards but keeps each at >= 256 entries and >= 64 KiB, so small caches
//! stay exact. Iteration lists shard by shard, each most recent first.
//!
//! The registry holds weak references: the cache lives while any env (main thread or worker)
//! has it open, and a name opened again after every holder closed it starts empty.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};

use super::lru::{LruCore, LruSettings, Stats};

/// Everything that shapes a shared cache; openers must agree on all of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedConfig {
    pub settings: LruSettings,
    /// 0 = choose from the limits.
    pub shards: u32,
    /// The JS codec for object values (0 none, 1 json, 2 v8): a worker decoding with another
    /// codec than the writer's would read garbage.
    pub codec: u32,
}

pub const MAX_SHARDS: u32 = 64;

#[derive(Debug, PartialEq)]
pub enum OpenError {
    /// No live cache under the name, and no options to create one.
    NotFound,
    /// A live cache with other options: (option name, existing, requested) for each.
    Conflict(Vec<(&'static str, String, String)>),
}

pub struct SharedLru {
    config: SharedConfig,
    shards: Box<[Mutex<LruCore>]>,
}

fn registry() -> &'static Mutex<HashMap<String, Weak<SharedLru>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Weak<SharedLru>>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Which options an opener gave, one bit each (`given` of [`open`]): attaching to a live cache
/// compares only those, and inherits the rest, so a worker need not repeat every option.
/// Bits 0-3: max, maxSize, maxEntrySize, ttl; 4-9: the settings flags in the order of
/// `lru_exports`' flag constants; 10: shards; 11: codec.
pub const GIVEN_ALL: u32 = (1 << 12) - 1;
const GIVEN_SHARDS: u32 = 1 << 10;
const GIVEN_CODEC: u32 = 1 << 11;

/// Opens the cache registered as `name`, creating it from `config` if none is live; an open
/// cache must agree with `config` on the options `given` names.
pub fn open(
    name: &str,
    config: Option<SharedConfig>,
    given: u32,
) -> Result<Arc<SharedLru>, OpenError> {
    let mut caches = registry().lock().unwrap_or_else(PoisonError::into_inner);
    caches.retain(|_, cache| cache.strong_count() > 0);
    if let Some(existing) = caches.get(name).and_then(Weak::upgrade) {
        if let Some(requested) = config {
            let conflicts = existing.conflicts_with(&requested, given);
            if !conflicts.is_empty() {
                return Err(OpenError::Conflict(conflicts));
            }
        }
        return Ok(existing);
    }
    let config = config.ok_or(OpenError::NotFound)?;
    let cache = Arc::new(SharedLru::new(config));
    caches.insert(name.to_owned(), Arc::downgrade(&cache));
    Ok(cache)
}

/// Up to 16 shards, halved while a shard would get fewer than 256 entries or 64 KiB.
pub fn default_shards(settings: &LruSettings) -> u32 {
    let mut shards = 16u64;
    while shards > 1
        && ((settings.max != 0 && settings.max / shards < 256)
            || (settings.max_size != 0 && settings.max_size / shards < 64 * 1024))
    {
        shards /= 2;
    }
    shards as u32
}

/// Shard `index`'s part of `total`, so that the parts add up to exactly `total` (0 stays 0).
fn part(total: u64, shards: u32, index: u32) -> u64 {
    let shards = u64::from(shards);
    total / shards + u64::from(u64::from(index) < total % shards)
}

impl SharedLru {
    fn new(mut config: SharedConfig) -> Self {
        if config.shards == 0 {
            config.shards = default_shards(&config.settings);
        }
        let count = config.shards;
        let shards = (0..count)
            .map(|index| {
                let mut settings = config.settings;
                settings.max = part(config.settings.max, count, index);
                settings.max_size = part(config.settings.max_size, count, index);
                if settings.max_entry_size != 0 && settings.max_size != 0 {
                    settings.max_entry_size = settings.max_entry_size.min(settings.max_size);
                }
                Mutex::new(LruCore::new(settings))
            })
            .collect();
        Self { config, shards }
    }

    pub fn config(&self) -> &SharedConfig {
        &self.config
    }

    /// The largest entry one shard can hold (what `maxEntrySize` means for this cache).
    pub fn max_entry_size(&self) -> u64 {
        self.lock(0).settings().entry_size_limit()
    }

    fn conflicts_with(
        &self,
        requested: &SharedConfig,
        given: u32,
    ) -> Vec<(&'static str, String, String)> {
        let mine = &self.config;
        let (a, b) = (&mine.settings, &requested.settings);
        let mut conflicts = Vec::new();
        let mut check = |bit: u32, name: &'static str, existing: String, wanted: String| {
            if given & bit != 0 && existing != wanted {
                conflicts.push((name, existing, wanted));
            }
        };
        check(1, "max", a.max.to_string(), b.max.to_string());
        check(2, "maxSize", a.max_size.to_string(), b.max_size.to_string());
        check(
            4,
            "maxEntrySize",
            a.max_entry_size.to_string(),
            b.max_entry_size.to_string(),
        );
        check(8, "ttl", a.ttl.to_string(), b.ttl.to_string());
        let flags = [
            ("updateAgeOnGet", a.update_age_on_get, b.update_age_on_get),
            ("updateAgeOnHas", a.update_age_on_has, b.update_age_on_has),
            ("allowStale", a.allow_stale, b.allow_stale),
            (
                "noDeleteOnStaleGet",
                a.no_delete_on_stale_get,
                b.no_delete_on_stale_get,
            ),
            ("noUpdateTTL", a.no_update_ttl, b.no_update_ttl),
            ("noDisposeOnSet", a.no_dispose_on_set, b.no_dispose_on_set),
        ];
        for (i, (name, existing, wanted)) in flags.into_iter().enumerate() {
            check(1 << (4 + i), name, existing.to_string(), wanted.to_string());
        }
        if requested.shards != 0 {
            check(
                GIVEN_SHARDS,
                "shards",
                mine.shards.to_string(),
                requested.shards.to_string(),
            );
        }
        check(
            GIVEN_CODEC,
            "codec",
            codec_name(mine.codec).into(),
            codec_name(requested.codec).into(),
        );
        conflicts
    }

    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// The shard that holds `key`, locked. A worker that panicked while holding a lock cannot
    /// have left the shard half-changed (no operation panics mid-update), so poison is ignored.
    pub fn shard_for(&self, key: &[u8]) -> MutexGuard<'_, LruCore> {
        let index = if self.shards.len() == 1 {
            0
        } else {
            (super::lru_key::spread_hash(key) >> 32) as usize % self.shards.len()
        };
        self.lock(index)
    }

    pub fn lock(&self, index: usize) -> MutexGuard<'_, LruCore> {
        self.shards[index]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn len(&self) -> usize {
        (0..self.shards.len()).map(|i| self.lock(i).len()).sum()
    }

    pub fn calculated_size(&self) -> u64 {
        (0..self.shards.len())
            .map(|i| self.lock(i).calculated_size())
            .sum()
    }

    pub fn stats(&self) -> Stats {
        (0..self.shards.len()).fold(Stats::default(), |sum, i| {
            let shard = self.lock(i).stats();
            Stats {
                hits: sum.hits + shard.hits,
                misses: sum.misses + shard.misses,
                evictions: sum.evictions + shard.evictions,
            }
        })
    }
}

pub fn codec_name(codec: u32) -> &'static str {
    match codec {
        1 => "json",
        2 => "v8",
        _ => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::lru::{Disposals, WriteOptions};
    use crate::cache::lru_key::number_key;
    use crate::cache::lru_value::StoredValue;

    fn config(max: u64, shards: u32) -> SharedConfig {
        SharedConfig {
            settings: LruSettings {
                max,
                ..Default::default()
            },
            shards,
            codec: 0,
        }
    }

    #[test]
    fn limits_split_exactly() {
        let cache = SharedLru::new(config(1000, 16));
        let total: u64 = (0..16).map(|i| cache.lock(i).settings().max).sum();
        assert_eq!(total, 1000);
        assert_eq!(default_shards(&config(100, 0).settings), 1);
        assert_eq!(default_shards(&config(4096, 0).settings), 16);
        assert_eq!(default_shards(&config(2048, 0).settings), 8);
    }

    #[test]
    fn same_name_same_cache_and_conflicts_are_reported() {
        let first = open("shared-lru-test-a", Some(config(10_000, 0)), GIVEN_ALL).unwrap();
        let again = open("shared-lru-test-a", None, 0).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let err = open("shared-lru-test-a", Some(config(5, 0)), GIVEN_ALL)
            .err()
            .unwrap();
        assert_eq!(
            err,
            OpenError::Conflict(vec![("max", "10000".into(), "5".into())])
        );
        assert_eq!(
            open("shared-lru-test-missing", None, 0).err(),
            Some(OpenError::NotFound)
        );
        drop((first, again));
        let fresh = open("shared-lru-test-a", Some(config(5, 0)), GIVEN_ALL).unwrap();
        assert_eq!(
            fresh.config().settings.max,
            5,
            "the last holder gone, a new cache"
        );
    }

    #[test]
    fn options_left_out_are_inherited_and_given_ones_compared() {
        let mut with_ttl = config(100, 0);
        with_ttl.settings.ttl = 1000.0;
        let first = open("shared-lru-test-inherit", Some(with_ttl), GIVEN_ALL).unwrap();
        // Only `max` given (bit 0): ttl 0 in the request is a default, not a wish.
        let attached = open("shared-lru-test-inherit", Some(config(100, 0)), 1).unwrap();
        assert!(Arc::ptr_eq(&first, &attached));
        assert_eq!(attached.config().settings.ttl, 1000.0);
        let err = open("shared-lru-test-inherit", Some(config(100, 0)), 1 | 8)
            .err()
            .unwrap();
        assert_eq!(
            err,
            OpenError::Conflict(vec![("ttl", "1000".into(), "0".into())])
        );
    }

    #[test]
    fn threads_never_see_more_than_max() {
        let cache = Arc::new(SharedLru::new(config(4096, 0)));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let cache = Arc::clone(&cache);
                std::thread::spawn(move || {
                    let mut disposed = Disposals::default();
                    for i in 0..20_000u32 {
                        let key = number_key(f64::from(i * 4 + t));
                        cache.shard_for(&key).set(
                            &key,
                            StoredValue::Number(f64::from(i)),
                            WriteOptions::default(),
                            &mut disposed,
                        );
                        assert!(cache.len() <= 4096);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(cache.len(), 4096);
        assert!(cache.stats().evictions >= 80_000 - 4096);
    }

    #[test]
    fn keys_spread_evenly_over_shards() {
        use crate::cache::lru_key::{number_key, spread_hash, string_key};
        use crate::test_support::utf16;
        let shards = 16usize;
        let mut strings = vec![0usize; shards];
        let mut numbers = vec![0usize; shards];
        let n = 160_000;
        for i in 0..n {
            let key = string_key(&utf16(&format!("user:{i}:profile")));
            strings[(spread_hash(&key) >> 32) as usize % shards] += 1;
            numbers[(spread_hash(&number_key(i as f64)) >> 32) as usize % shards] += 1;
        }
        for counts in [strings, numbers] {
            let expected = n / shards;
            for &count in &counts {
                assert!(count.abs_diff(expected) < expected / 20, "{counts:?}");
            }
        }
    }
}
