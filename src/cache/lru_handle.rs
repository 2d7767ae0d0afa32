//! What an `LruCache` handle holds, and how a call reaches the core that owns a key.
//!
//! A private cache is an `LruCore` behind a `RefCell`; a shared one is an `Arc` of a sharded
//! cache whose shard for the key is locked for the rest of the call. Either way the call gets a
//! guard (not a closure), so results stay in registers. Dispose events are collected per
//! handle, so each thread sees the removals its own calls caused.

use std::cell::{RefCell, RefMut};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, MutexGuard};

use super::lru::{Disposals, LruCore};
use super::shared_lru::SharedLru;
use crate::error::{ErrorKind, NativeError, NativeResult};
use crate::fast_path::Call;

const WHAT: &str = "LruCache";

pub(super) struct LruHandle {
    pub(super) store: Store,
    pub(super) disposals: RefCell<Disposals>,
    /// The JS codec's id, handed back so a wrapper knows how to decode encoded values.
    pub(super) codec: u32,
}

pub(super) enum Store {
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
    pub(super) fn core_for(
        &self,
        key: &[u8],
    ) -> NativeResult<(CoreGuard<'_>, RefMut<'_, Disposals>)> {
        let disposals = self.disposals.try_borrow_mut().map_err(|_| busy())?;
        let core = match &self.store {
            Store::Local(core) => CoreGuard::Local(core.try_borrow_mut().map_err(|_| busy())?),
            Store::Shared { cache, .. } => CoreGuard::Shared(cache.shard_for(key)),
        };
        Ok((core, disposals))
    }

    /// Runs `f` on each core in turn (one shard locked at a time).
    pub(super) fn for_each_core(
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

    pub(super) fn len(&self) -> NativeResult<usize> {
        match &self.store {
            Store::Local(core) => Ok(core.try_borrow().map_err(|_| busy())?.len()),
            Store::Shared { cache, .. } => Ok(cache.len()),
        }
    }
}

pub(super) enum CoreGuard<'a> {
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
pub(super) fn busy() -> NativeError {
    NativeError::new(
        ErrorKind::Operation,
        "ERR_INVALID_STATE",
        "the cache is in use by a call that has not returned",
    )
}

#[inline(always)]
pub(super) fn handle<'c>(call: &'c Call) -> NativeResult<std::cell::Ref<'c, LruHandle>> {
    call.handle_ref::<LruHandle>(0, WHAT)
}

/// For calls that also write an output argument (which needs `call` mutably).
pub(super) fn owned_handle(call: &Call) -> NativeResult<std::rc::Rc<LruHandle>> {
    call.handle::<LruHandle>(0, WHAT)
}

pub(super) fn disposals(record: bool) -> RefCell<Disposals> {
    RefCell::new(if record {
        Disposals::recording()
    } else {
        Disposals::default()
    })
}
