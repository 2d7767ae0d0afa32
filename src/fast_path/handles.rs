//! Per-env table of Rust objects that JS refers to by number.
//!
//! Why a table and not `napi_wrap`/`External`: resolving a wrapped object costs a private-symbol
//! property lookup (the bulk of a napi-rs class method's ~350 ns), and an `External` carries no
//! type, so a forged or foreign one would be type confusion. A handle here is a plain number
//! (`generation * 2^32 + index`, always below 2^53 so it survives as a JS number): reading it is
//! as cheap as reading any number, and resolving it is a bounds check, a generation compare and a
//! `TypeId` compare. A freed, forged, stale or foreign handle resolves to nothing; it can never
//! reach freed memory or an object of another type.
//!
//! Each env (main thread, each worker) has its own table, since JS objects live in one env.
//! Objects meant to be shared between workers are `Arc`s that each env puts in its own table.

use std::any::{Any, TypeId};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

const INDEX_BITS: u32 = 32;
const GENERATION_LIMIT: u64 = 1 << 21; // keeps handles below 2^53
const MAX_SAFE_HANDLE: f64 = 9_007_199_254_740_991.0;

/// Spreads each env's starting generation, so a handle posted to another worker almost surely
/// misses there instead of naming an unrelated object of the same type.
static ENV_SEED: AtomicU32 = AtomicU32::new(0);

struct Slot {
    generation: u32,
    // Kept beside the value so a lookup compares it directly instead of asking the trait object
    // through its vtable (an indirect call on every hot call).
    type_id: TypeId,
    value: Option<Rc<dyn Any>>,
}

pub struct HandleTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
    first_generation: u32,
    live: usize,
}

impl Default for HandleTable {
    fn default() -> Self {
        Self::new()
    }
}

impl HandleTable {
    pub fn new() -> Self {
        let seed = ENV_SEED.fetch_add(1, Ordering::Relaxed);
        // An odd multiplier walks all residues; +1 keeps generation 0 unused so 0 is never a handle.
        let first_generation =
            ((u64::from(seed).wrapping_mul(0x9E37_79B1) % (GENERATION_LIMIT - 1)) + 1) as u32;
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            first_generation,
            live: 0,
        }
    }

    pub fn insert<T: Any>(&mut self, value: Rc<T>) -> f64 {
        let value: Rc<dyn Any> = value;
        let index = match self.free.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                slot.type_id = TypeId::of::<T>();
                slot.value = Some(value);
                index
            }
            None => {
                let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 live handles");
                self.slots.push(Slot {
                    generation: self.first_generation,
                    type_id: TypeId::of::<T>(),
                    value: Some(value),
                });
                index
            }
        };
        self.live += 1;
        encode(self.slots[index as usize].generation, index)
    }

    #[inline]
    pub fn get<T: Any>(&self, handle: f64) -> Option<Rc<T>> {
        let slot = self.live_slot(handle)?;
        if slot.type_id != TypeId::of::<T>() {
            return None;
        }
        let value = Rc::into_raw(slot.value.clone()?);
        // SAFETY: `type_id` was recorded from the `T` this slot's value was inserted as (it is
        // written together with `value` in `insert`), so the data pointer of this `Rc<dyn Any>`
        // is an `Rc<T>`'s; `from_raw` takes back the strong count `clone` added.
        Some(unsafe { Rc::from_raw(value.cast::<T>()) })
    }

    /// Like [`HandleTable::get`], borrowed: no reference count traffic.
    #[inline]
    pub fn get_ref<T: Any>(&self, handle: f64) -> Option<&T> {
        let slot = self.live_slot(handle)?;
        if slot.type_id != TypeId::of::<T>() {
            return None;
        }
        let value: &dyn Any = &**slot.value.as_ref()?;
        // SAFETY: as in `get`: the recorded `type_id` is `T`'s, so the data pointer is a `T`.
        Some(unsafe { &*(value as *const dyn Any).cast::<T>() })
    }

    /// Frees the slot; the object itself lives on while a call still holds an `Rc` to it.
    pub fn remove(&mut self, handle: f64) -> bool {
        let Some((generation, index)) = decode(handle) else {
            return false;
        };
        let Some(slot) = self.slots.get_mut(index as usize) else {
            return false;
        };
        if slot.generation != generation || slot.value.is_none() {
            return false;
        }
        slot.value = None;
        slot.generation = next_generation(slot.generation);
        self.free.push(index);
        self.live -= 1;
        true
    }

    pub fn len(&self) -> usize {
        self.live
    }

    fn live_slot(&self, handle: f64) -> Option<&Slot> {
        let (generation, index) = decode(handle)?;
        let slot = self.slots.get(index as usize)?;
        (slot.generation == generation).then_some(slot)
    }
}

fn next_generation(generation: u32) -> u32 {
    let next = u64::from(generation) + 1;
    if next >= GENERATION_LIMIT {
        1
    } else {
        next as u32
    }
}

fn encode(generation: u32, index: u32) -> f64 {
    ((u64::from(generation) << INDEX_BITS) | u64::from(index)) as f64
}

fn decode(handle: f64) -> Option<(u32, u32)> {
    // The round trip through i64 rejects fractions, NaN (which `as` turns into 0) and anything
    // out of range without `fract()`, a libm call on baseline x86-64. Signed, because baseline
    // x86-64 converts i64 <-> f64 in one instruction each but u64 <-> f64 in a sequence that was
    // a quarter of every handle call.
    let bits = handle as i64;
    if !(1..=MAX_SAFE_HANDLE as i64).contains(&bits) || bits as f64 != handle {
        return None;
    }
    Some(((bits >> INDEX_BITS) as u32, bits as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_live_handles_of_the_right_type() {
        let mut table = HandleTable::new();
        let a = table.insert(Rc::new(41u32));
        let b = table.insert(Rc::new(String::from("b")));
        assert_eq!(*table.get::<u32>(a).unwrap(), 41);
        assert!(
            table.get::<String>(a).is_none(),
            "type confusion must be impossible"
        );
        assert_eq!(table.get::<String>(b).unwrap().as_str(), "b");
        assert_eq!(table.get_ref::<String>(b).unwrap().as_str(), "b");
        assert!(table.get_ref::<u32>(b).is_none());
        assert_eq!(table.len(), 2);

        assert!(table.remove(a));
        assert!(!table.remove(a), "double free is refused");
        assert!(table.get::<u32>(a).is_none(), "stale handle");

        let c = table.insert(Rc::new(7u32));
        assert_ne!(a, c, "a reused slot gets a new generation");
        assert!(table.get::<u32>(a).is_none());
        assert_eq!(*table.get::<u32>(c).unwrap(), 7);
    }

    #[test]
    fn rejects_forged_numbers() {
        let mut table = HandleTable::new();
        let h = table.insert(Rc::new(1u8));
        for forged in [
            0.0,
            -1.0,
            h + 0.5,
            f64::NAN,
            f64::INFINITY,
            2f64.powi(60),
            h + 1.0,
            h - 2f64.powi(32),
        ] {
            assert!(
                table.get::<u8>(forged).is_none(),
                "{forged} must not resolve"
            );
            assert!(!table.remove(forged));
        }
        assert!(table.get::<u8>(h).is_some());
    }

    #[test]
    fn handles_are_exact_js_numbers() {
        let mut table = HandleTable::new();
        for _ in 0..1000 {
            let h = table.insert(Rc::new(()));
            assert!(h <= MAX_SAFE_HANDLE && h.fract() == 0.0 && h >= 1.0);
        }
    }

    #[test]
    fn generations_wrap_without_reaching_zero() {
        assert_eq!(next_generation((GENERATION_LIMIT - 1) as u32), 1);
        assert_eq!(next_generation(5), 6);
    }

    #[test]
    fn a_resolved_object_outlives_its_removal() {
        let mut table = HandleTable::new();
        let h = table.insert(Rc::new(vec![1, 2, 3]));
        let held = table.get::<Vec<i32>>(h).unwrap();
        assert!(table.remove(h));
        assert_eq!(*held, vec![1, 2, 3]);
    }
}
