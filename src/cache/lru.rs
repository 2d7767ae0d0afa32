//! `LruCore`: lru-cache's semantics (v11) on the `lru` crate's ordered map, with no napi types.
//!
//! The `lru` crate gives the hash map with recency order (`get_mut` promotes, `peek` does not,
//! `pop_lru` evicts); everything lru-cache adds on top lives here: a count limit and a size
//! limit evicted in lru-cache's order, per-entry TTLs on a clock the caller can replace, stale
//! handling (`allowStale`, `noDeleteOnStaleGet`, `updateAgeOnGet`/`Has`), and dispose events
//! with lru-cache's reasons. The events are returned (into a [`Disposals`] list) instead of
//! calling back into JS mid-operation: the JS layer calls `dispose` once the operation is
//! complete, so a throwing or re-entrant `dispose` finds a consistent cache.
//!
//! Order rules copied from lru-cache, which the differential test replays against it:
//! - adding a key to a full cache (`max`) evicts the least recent entry before inserting; then,
//!   with `maxSize`, least recent entries go until the new one fits;
//! - replacing a value promotes the entry first; a value `===` the old one is no replacement
//!   (no dispose, size unchanged) but still resets the TTL unless `noUpdateTTL`;
//! - an entry bigger than `maxEntrySize` (default `maxSize`) is not stored, evicts nothing, and
//!   removes what was under its key (reason `set`);
//! - a stale entry is never promoted; `get` deletes it (reason `expire`) unless
//!   `noDeleteOnStaleGet`, and returns it only with `allowStale`; `has`/`peek` never delete.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Instant;

use super::lru_key::{CacheKey, KeyBytes};
use super::lru_value::StoredValue;

/// Why an entry left the cache (or its value was replaced), as lru-cache names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Evict = 0,
    Set = 1,
    Delete = 2,
    Expire = 3,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Disposal {
    pub key: CacheKey,
    pub value: StoredValue,
    pub reason: Reason,
}

/// Where dispose events go; a cache without a `dispose` option records nothing.
#[derive(Debug, Default)]
pub struct Disposals {
    pub enabled: bool,
    pub events: Vec<Disposal>,
}

impl Disposals {
    pub fn recording() -> Self {
        Self {
            enabled: true,
            events: Vec::new(),
        }
    }

    fn record(&mut self, key: impl FnOnce() -> CacheKey, value: StoredValue, reason: Reason) {
        if self.enabled {
            self.events.push(Disposal {
                key: key(),
                value,
                reason,
            });
        }
    }
}

/// The cache-wide options. Zero means "no limit" for `max`, `max_size`, `max_entry_size` and
/// "no expiry" for `ttl`, as in lru-cache.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LruSettings {
    pub max: u64,
    pub max_size: u64,
    pub max_entry_size: u64,
    pub ttl: f64,
    pub update_age_on_get: bool,
    pub update_age_on_has: bool,
    pub allow_stale: bool,
    pub no_delete_on_stale_get: bool,
    pub no_update_ttl: bool,
    pub no_dispose_on_set: bool,
}

impl LruSettings {
    /// lru-cache's constructor rules; the message is lru-cache's own.
    pub fn validate(&self) -> Result<(), &'static str> {
        if !is_whole(self.ttl) {
            return Err("ttl must be a positive integer if specified");
        }
        if self.max == 0 && self.max_size == 0 && self.ttl == 0.0 {
            return Err("At least one of max, maxSize, or ttl is required");
        }
        Ok(())
    }

    /// lru-cache counts sizes when `maxSize` or `maxEntrySize` is set.
    pub fn tracks_sizes(&self) -> bool {
        self.max_size != 0 || self.max_entry_size != 0
    }

    /// The largest entry that can be stored (0 = any).
    pub fn entry_size_limit(&self) -> u64 {
        if self.max_entry_size != 0 {
            self.max_entry_size
        } else {
            self.max_size
        }
    }
}

fn is_whole(n: f64) -> bool {
    n >= 0.0 && n.fract() == 0.0 && n.is_finite()
}

/// Per-call overrides of the read options (`cache.get(k, { allowStale })` and friends).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadOptions {
    pub allow_stale: bool,
    pub update_age: bool,
    pub no_delete_on_stale: bool,
}

/// Per-call options of `set`; `None` means the cache's setting (or, for `size`, the value's).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WriteOptions {
    pub ttl: Option<f64>,
    /// How long ago the entry's TTL started (lru-cache's `start`, made clock-independent so a
    /// `dump` from one process or clock `load`s into another).
    pub age: Option<f64>,
    pub size: Option<u64>,
    pub no_dispose_on_set: Option<bool>,
    pub no_update_ttl: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOutcome {
    Added,
    Replaced,
    Unchanged,
    /// Bigger than `maxEntrySize`: not stored (and the old entry under the key removed).
    TooBig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
}

/// Where "now" comes from: the process's monotonic clock (shared by every worker, unlike
/// `performance.now()`), or a value the caller sets (lru-cache's `perf` option, for tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clock {
    Monotonic,
    Manual(f64),
}

impl Clock {
    pub fn now(&self) -> f64 {
        match *self {
            Clock::Monotonic => monotonic_ms(),
            Clock::Manual(now) => now,
        }
    }
}

/// Milliseconds since this process first asked, from a clock that never goes back.
pub fn monotonic_ms() -> f64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[derive(Debug)]
pub struct Entry {
    pub value: StoredValue,
    pub size: u64,
    /// 0 = no expiry.
    pub ttl: f64,
    pub start: f64,
}

impl Entry {
    fn is_stale_at(&self, now: f64) -> bool {
        self.ttl != 0.0 && now - self.start > self.ttl
    }
}

/// One entry as `keys()`/`dump()` see it.
pub struct EntryView<'a> {
    pub key: &'a [u8],
    pub entry: &'a Entry,
}

pub struct LruCore {
    entries: lru::LruCache<CacheKey, Entry>,
    settings: LruSettings,
    calculated_size: u64,
    /// Becomes true with the first entry that has a TTL (as lru-cache allocates its TTL arrays
    /// lazily); until then no operation reads the clock.
    ttl_tracking: bool,
    clock: Clock,
    stats: Stats,
}

impl LruCore {
    pub fn new(settings: LruSettings) -> Self {
        Self {
            entries: lru::LruCache::unbounded(),
            settings,
            calculated_size: 0,
            ttl_tracking: settings.ttl != 0.0,
            clock: Clock::Monotonic,
            stats: Stats::default(),
        }
    }

    pub fn settings(&self) -> &LruSettings {
        &self.settings
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn calculated_size(&self) -> u64 {
        self.calculated_size
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    pub fn ttl_tracking(&self) -> bool {
        self.ttl_tracking
    }

    pub fn now(&self) -> f64 {
        self.clock.now()
    }

    fn is_stale(&self, entry: &Entry) -> bool {
        entry.ttl != 0.0 && entry.is_stale_at(self.clock.now())
    }

    pub fn read_defaults(&self) -> ReadOptions {
        ReadOptions {
            allow_stale: self.settings.allow_stale,
            update_age: self.settings.update_age_on_get,
            no_delete_on_stale: self.settings.no_delete_on_stale_get,
        }
    }

    /// `get`: promotes a fresh entry and returns its value (owned only when a stale entry was
    /// returned under `allowStale` and deleted by this call).
    #[inline(always)]
    pub fn get(
        &mut self,
        key: &[u8],
        options: ReadOptions,
        disposed: &mut Disposals,
    ) -> Option<Cow<'_, StoredValue>> {
        if !self.ttl_tracking {
            // Nothing can be stale: one lookup that also promotes.
            return match self.entries.get(KeyBytes::new(key)) {
                Some(entry) => {
                    self.stats.hits += 1;
                    Some(Cow::Borrowed(&entry.value))
                }
                None => {
                    self.stats.misses += 1;
                    None
                }
            };
        }
        let (stale, now) = match self.entries.peek(KeyBytes::new(key)) {
            None => {
                self.stats.misses += 1;
                return None;
            }
            Some(entry) if entry.ttl == 0.0 => (false, None),
            Some(entry) => {
                let now = self.clock.now();
                (entry.is_stale_at(now), Some(now))
            }
        };
        if stale {
            self.stats.misses += 1;
            if options.no_delete_on_stale {
                return if options.allow_stale {
                    self.entries
                        .peek(KeyBytes::new(key))
                        .map(|entry| Cow::Borrowed(&entry.value))
                } else {
                    None
                };
            }
            let (stored_key, entry) = self.remove_entry(key)?;
            if !options.allow_stale {
                disposed.record(|| stored_key, entry.value, Reason::Expire);
                return None;
            }
            if disposed.enabled {
                disposed.record(|| stored_key, entry.value.clone(), Reason::Expire);
            }
            return Some(Cow::Owned(entry.value));
        }
        self.stats.hits += 1;
        let entry = self.entries.get_mut(KeyBytes::new(key))?;
        if let Some(now) = now.filter(|_| options.update_age) {
            entry.start = now;
        }
        Some(Cow::Borrowed(&entry.value))
    }

    /// `peek`: no promotion, no deletion.
    pub fn peek(&self, key: &[u8], allow_stale: bool) -> Option<&StoredValue> {
        let entry = self.entries.peek(KeyBytes::new(key))?;
        if !allow_stale && self.is_stale(entry) {
            return None;
        }
        Some(&entry.value)
    }

    /// `has`: false for a stale entry (which stays); never promotes.
    pub fn has(&mut self, key: &[u8], update_age: bool) -> bool {
        let clock = self.clock;
        let Some(entry) = self.entries.peek_mut(KeyBytes::new(key)) else {
            return false;
        };
        if entry.ttl == 0.0 {
            return true;
        }
        let now = clock.now();
        if entry.is_stale_at(now) {
            return false;
        }
        if update_age {
            entry.start = now;
        }
        true
    }

    /// `set` of a defined value (`set(k, undefined)` is `delete` in the JS layer).
    pub fn set(
        &mut self,
        key: &[u8],
        value: StoredValue,
        options: WriteOptions,
        disposed: &mut Disposals,
    ) -> SetOutcome {
        let size = if self.settings.tracks_sizes() {
            options.size.unwrap_or_else(|| value.default_size())
        } else {
            0
        };
        let limit = self.settings.entry_size_limit();
        if limit != 0 && size > limit {
            self.delete(key, Reason::Set, disposed);
            return SetOutcome::TooBig;
        }
        let ttl = options.ttl.unwrap_or(self.settings.ttl);
        if ttl != 0.0 {
            self.ttl_tracking = true;
        }
        let start = if ttl != 0.0 {
            self.clock.now() - options.age.unwrap_or(0.0)
        } else {
            0.0
        };
        let no_update_ttl = options.no_update_ttl.unwrap_or(self.settings.no_update_ttl);
        let no_dispose = options
            .no_dispose_on_set
            .unwrap_or(self.settings.no_dispose_on_set);

        if let Some(entry) = self.entries.get_mut(KeyBytes::new(key)) {
            if !no_update_ttl {
                entry.ttl = ttl;
                entry.start = start;
            }
            if entry.value.same_as(&value) {
                return SetOutcome::Unchanged;
            }
            let old_value = std::mem::replace(&mut entry.value, value);
            let old_size = std::mem::replace(&mut entry.size, size);
            if !no_dispose {
                disposed.record(|| CacheKey::from(key), old_value, Reason::Set);
            }
            self.calculated_size -= old_size;
            self.make_room_for(size, disposed);
            self.calculated_size += size;
            return SetOutcome::Replaced;
        }

        if self.settings.max != 0 && self.entries.len() as u64 >= self.settings.max {
            self.evict_least_recent(disposed);
        }
        self.entries.push(
            CacheKey::from(key),
            Entry {
                value,
                size,
                ttl,
                start,
            },
        );
        self.make_room_for(size, disposed);
        self.calculated_size += size;
        SetOutcome::Added
    }

    /// Evicts least recent entries until `size` more fits under `maxSize`. The entry being set is
    /// the most recent one and is never evicted for itself.
    fn make_room_for(&mut self, size: u64, disposed: &mut Disposals) {
        if self.settings.max_size == 0 {
            return;
        }
        while self.calculated_size + size > self.settings.max_size && self.entries.len() > 1 {
            self.evict_least_recent(disposed);
        }
    }

    fn evict_least_recent(&mut self, disposed: &mut Disposals) {
        if let Some((key, entry)) = self.entries.pop_lru() {
            self.calculated_size -= entry.size;
            self.stats.evictions += 1;
            disposed.record(|| key, entry.value, Reason::Evict);
        }
    }

    fn remove_entry(&mut self, key: &[u8]) -> Option<(CacheKey, Entry)> {
        let (stored_key, entry) = self.entries.pop_entry(KeyBytes::new(key))?;
        self.calculated_size -= entry.size;
        Some((stored_key, entry))
    }

    pub fn delete(&mut self, key: &[u8], reason: Reason, disposed: &mut Disposals) -> bool {
        match self.remove_entry(key) {
            Some((stored_key, entry)) => {
                disposed.record(|| stored_key, entry.value, reason);
                true
            }
            None => false,
        }
    }

    /// `clear`: every entry goes with reason `delete`, least recent first (lru-cache's order).
    pub fn clear(&mut self, disposed: &mut Disposals) {
        if disposed.enabled {
            while let Some((key, entry)) = self.entries.pop_lru() {
                disposed.record(|| key, entry.value, Reason::Delete);
            }
        } else {
            self.entries.clear();
        }
        self.calculated_size = 0;
    }

    /// `pop`: removes the least recent entry (stale or not) with reason `evict`.
    pub fn pop(&mut self, disposed: &mut Disposals) -> Option<StoredValue> {
        let (key, entry) = self.entries.pop_lru()?;
        self.calculated_size -= entry.size;
        if disposed.enabled {
            disposed.record(|| key, entry.value.clone(), Reason::Evict);
        }
        Some(entry.value)
    }

    /// Deletes every stale entry (reason `expire`), least recent first; true if any went.
    pub fn purge_stale(&mut self, disposed: &mut Disposals) -> bool {
        if !self.ttl_tracking || self.is_empty() {
            return false;
        }
        let now = self.clock.now();
        let stale: Vec<CacheKey> = self
            .entries
            .iter()
            .rev()
            .filter(|(_, entry)| entry.is_stale_at(now))
            .map(|(key, _)| key.clone())
            .collect();
        for key in &stale {
            self.delete(key, Reason::Expire, disposed);
        }
        !stale.is_empty()
    }

    /// 0 for a missing key, `Infinity` without a TTL, else what is left (negative once stale).
    pub fn remaining_ttl(&self, key: &[u8]) -> f64 {
        match self.entries.peek(KeyBytes::new(key)) {
            None => 0.0,
            Some(entry) if entry.ttl == 0.0 => f64::INFINITY,
            Some(entry) => entry.ttl - (self.clock.now() - entry.start),
        }
    }

    /// The entry under `key`, stale or not, without promoting it (`info`).
    pub fn entry(&self, key: &[u8]) -> Option<&Entry> {
        self.entries.peek(KeyBytes::new(key))
    }

    /// Entries most recent first, skipping stale ones unless `allow_stale`.
    pub fn iter_recent_first(
        &self,
        allow_stale: bool,
    ) -> impl DoubleEndedIterator<Item = EntryView<'_>> {
        let now = if self.ttl_tracking && !allow_stale {
            Some(self.clock.now())
        } else {
            None
        };
        self.entries
            .iter()
            .filter(move |(_, entry)| now.is_none_or(|now| !entry.is_stale_at(now)))
            .map(|(key, entry)| EntryView { key, entry })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::lru_key::{number_key, string_key};
    use crate::test_support::utf16;

    fn key(s: &str) -> CacheKey {
        string_key(&utf16(s))
    }

    fn text(s: &str) -> StoredValue {
        StoredValue::from_utf16(&utf16(s))
    }

    fn keys(core: &LruCore) -> Vec<CacheKey> {
        core.iter_recent_first(true)
            .map(|view| view.key.into())
            .collect()
    }

    fn set(core: &mut LruCore, k: &str, v: &str, disposed: &mut Disposals) -> SetOutcome {
        core.set(&key(k), text(v), WriteOptions::default(), disposed)
    }

    fn get(core: &mut LruCore, k: &str, disposed: &mut Disposals) -> Option<StoredValue> {
        let options = core.read_defaults();
        core.get(&key(k), options, disposed).map(Cow::into_owned)
    }

    fn counted(max: u64) -> LruCore {
        LruCore::new(LruSettings {
            max,
            ..Default::default()
        })
    }

    #[test]
    fn evicts_the_least_recently_used_and_reports_it() {
        let mut core = counted(2);
        let mut disposed = Disposals::recording();
        set(&mut core, "a", "1", &mut disposed);
        set(&mut core, "b", "2", &mut disposed);
        assert_eq!(get(&mut core, "a", &mut disposed), Some(text("1")));
        set(&mut core, "c", "3", &mut disposed);
        assert_eq!(keys(&core), vec![key("c"), key("a")]);
        assert_eq!(
            disposed.events,
            vec![Disposal {
                key: key("b"),
                value: text("2"),
                reason: Reason::Evict
            }]
        );
        assert_eq!(
            core.stats(),
            Stats {
                hits: 1,
                misses: 0,
                evictions: 1
            }
        );
    }

    #[test]
    fn replacing_promotes_and_disposes_only_a_different_value() {
        let mut core = counted(3);
        let mut disposed = Disposals::recording();
        set(&mut core, "a", "1", &mut disposed);
        set(&mut core, "b", "2", &mut disposed);
        assert_eq!(
            set(&mut core, "a", "1", &mut disposed),
            SetOutcome::Unchanged
        );
        assert!(disposed.events.is_empty());
        assert_eq!(keys(&core), vec![key("a"), key("b")]);
        assert_eq!(
            set(&mut core, "b", "two", &mut disposed),
            SetOutcome::Replaced
        );
        assert_eq!(disposed.events[0].reason, Reason::Set);
        assert_eq!(disposed.events[0].value, text("2"));
    }

    #[test]
    fn numbers_and_strings_are_different_keys() {
        let mut core = counted(10);
        let mut disposed = Disposals::default();
        core.set(
            &number_key(1.0)[..],
            StoredValue::Number(1.0),
            WriteOptions::default(),
            &mut disposed,
        );
        set(&mut core, "1", "one", &mut disposed);
        assert_eq!(core.len(), 2);
        let defaults = core.read_defaults();
        assert_eq!(
            core.get(&number_key(-0.0)[..], defaults, &mut disposed)
                .map(Cow::into_owned),
            None
        );
        core.set(
            &number_key(0.0)[..],
            StoredValue::Null,
            WriteOptions::default(),
            &mut disposed,
        );
        assert_eq!(
            core.get(&number_key(-0.0)[..], defaults, &mut disposed)
                .map(Cow::into_owned),
            Some(StoredValue::Null)
        );
    }

    #[test]
    fn max_size_evicts_until_the_new_entry_fits() {
        let mut core = LruCore::new(LruSettings {
            max_size: 10,
            ..Default::default()
        });
        let mut disposed = Disposals::recording();
        set(&mut core, "a", "aaaa", &mut disposed);
        set(&mut core, "b", "bbbb", &mut disposed);
        assert_eq!(core.calculated_size(), 8);
        set(&mut core, "c", "ccccc", &mut disposed);
        assert_eq!(keys(&core), vec![key("c"), key("b")]);
        assert_eq!(core.calculated_size(), 9);
        // Too big: not stored, nothing evicted for it, and the old entry under the key removed.
        disposed.events.clear();
        assert_eq!(
            set(&mut core, "b", "01234567890", &mut disposed),
            SetOutcome::TooBig
        );
        assert_eq!(keys(&core), vec![key("c")]);
        assert_eq!(core.calculated_size(), 5);
        assert_eq!(disposed.events.len(), 1);
        assert_eq!(disposed.events[0].reason, Reason::Set);
        // Growing a value in place evicts others, never itself.
        set(&mut core, "d", "d", &mut disposed);
        set(&mut core, "c", "cccccccccc", &mut disposed);
        assert_eq!(keys(&core), vec![key("c")]);
        assert_eq!(core.calculated_size(), 10);
    }

    #[test]
    fn ttl_expiry_on_a_manual_clock() {
        let mut core = LruCore::new(LruSettings {
            max: 10,
            ttl: 100.0,
            ..Default::default()
        });
        core.set_clock(Clock::Manual(1000.0));
        let mut disposed = Disposals::recording();
        set(&mut core, "a", "1", &mut disposed);
        core.set_clock(Clock::Manual(1100.0));
        assert!(core.has(&key("a"), false), "exactly ttl old is still fresh");
        assert_eq!(core.remaining_ttl(&key("a")), 0.0);
        core.set_clock(Clock::Manual(1101.0));
        assert!(!core.has(&key("a"), false));
        assert_eq!(core.len(), 1, "has never deletes");
        assert_eq!(core.peek(&key("a"), true).cloned(), Some(text("1")));
        assert_eq!(get(&mut core, "a", &mut disposed), None);
        assert_eq!(core.len(), 0);
        assert_eq!(disposed.events[0].reason, Reason::Expire);
        assert_eq!(core.remaining_ttl(&key("a")), 0.0);
    }

    #[test]
    fn allow_stale_returns_then_deletes_and_update_age_on_get_refreshes() {
        let mut core = LruCore::new(LruSettings {
            max: 10,
            ttl: 10.0,
            allow_stale: true,
            update_age_on_get: true,
            ..Default::default()
        });
        let mut disposed = Disposals::default();
        core.set_clock(Clock::Manual(5.0));
        set(&mut core, "a", "1", &mut disposed);
        core.set_clock(Clock::Manual(14.0));
        assert_eq!(get(&mut core, "a", &mut disposed), Some(text("1")));
        core.set_clock(Clock::Manual(23.0));
        assert_eq!(
            get(&mut core, "a", &mut disposed),
            Some(text("1")),
            "age was reset at 14"
        );
        core.set_clock(Clock::Manual(40.0));
        assert_eq!(
            get(&mut core, "a", &mut disposed),
            Some(text("1")),
            "stale but allowed"
        );
        assert!(core.is_empty());
    }

    #[test]
    fn purge_stale_and_clear_report_in_lru_order() {
        let mut core = LruCore::new(LruSettings {
            max: 10,
            ..Default::default()
        });
        core.set_clock(Clock::Manual(1.0));
        let mut disposed = Disposals::recording();
        for (k, ttl) in [("a", 5.0), ("b", 0.0), ("c", 5.0)] {
            core.set(
                &key(k),
                text(k),
                WriteOptions {
                    ttl: Some(ttl),
                    ..Default::default()
                },
                &mut disposed,
            );
        }
        core.set_clock(Clock::Manual(10.0));
        assert_eq!(
            core.iter_recent_first(false).count(),
            1,
            "stale entries are skipped"
        );
        assert!(core.purge_stale(&mut disposed));
        let purged: Vec<_> = disposed
            .events
            .drain(..)
            .map(|d| (d.key, d.reason))
            .collect();
        assert_eq!(
            purged,
            vec![(key("a"), Reason::Expire), (key("c"), Reason::Expire)]
        );
        set(&mut core, "d", "d", &mut disposed);
        core.clear(&mut disposed);
        let cleared: Vec<_> = disposed.events.drain(..).map(|d| d.key).collect();
        assert_eq!(cleared, vec![key("b"), key("d")]);
        assert_eq!(core.calculated_size(), 0);
    }

    #[test]
    fn pop_takes_the_least_recent() {
        let mut core = counted(5);
        let mut disposed = Disposals::default();
        set(&mut core, "a", "1", &mut disposed);
        set(&mut core, "b", "2", &mut disposed);
        assert_eq!(core.pop(&mut disposed), Some(text("1")));
        assert_eq!(core.pop(&mut disposed), Some(text("2")));
        assert_eq!(core.pop(&mut disposed), None);
    }

    #[test]
    fn validation_uses_lru_cache_messages() {
        assert_eq!(
            LruSettings::default().validate(),
            Err("At least one of max, maxSize, or ttl is required")
        );
        assert_eq!(
            LruSettings {
                max: 1,
                ttl: 1.5,
                ..Default::default()
            }
            .validate(),
            Err("ttl must be a positive integer if specified")
        );
    }
}
