//! A contention-free counter (Java's LongAdder idea) over shared memory: one cell per cache-line
//! pair, each thread adding to its own, a read folding them all.
//!
//! Layout (the JS side and the pure-JS twin build the same): cell `i` is the i64 at byte
//! `i * STRIPE_BYTES` of a SharedArrayBuffer whose length is a multiple of `STRIPE_BYTES`. The
//! stride is crossbeam's `CachePadded` size (128 bytes on x86_64 and aarch64: adjacent-line
//! prefetching pulls lines in pairs), so two threads' cells never share what the CPU moves.

use std::sync::atomic::{AtomicI64, Ordering::SeqCst};

use crossbeam_utils::CachePadded;

use super::atomic_cell::MAX_SAFE;
use crate::error::{ErrorKind, NativeError, NativeResult};

pub const STRIPE_BYTES: usize = std::mem::size_of::<CachePadded<AtomicI64>>();
/// i64 slots from one cell to the next.
pub const SLOTS_PER_STRIPE: usize = STRIPE_BYTES / 8;

/// The cells of a striped counter in `slots` (the i64 view of its whole buffer).
pub fn cell_count(slots: &[AtomicI64]) -> usize {
    slots.len() / SLOTS_PER_STRIPE
}

fn cell(slots: &[AtomicI64], hint: u32) -> NativeResult<&AtomicI64> {
    let count = cell_count(slots);
    if count == 0 {
        return Err(NativeError::new(
            ErrorKind::Range,
            "ERR_OUT_OF_RANGE",
            format!("A StripedCounter needs at least {STRIPE_BYTES} bytes of shared memory"),
        ));
    }
    Ok(&slots[(hint as usize % count) * SLOTS_PER_STRIPE])
}

/// Adds `n` to the cell picked by `hint` (wrapping: only the folded sum must be a safe integer).
pub fn add(slots: &[AtomicI64], hint: u32, n: i64) -> NativeResult<()> {
    cell(slots, hint)?.fetch_add(n, SeqCst);
    Ok(())
}

/// `times` separate adds of `n` to one cell.
pub fn add_repeatedly(slots: &[AtomicI64], hint: u32, n: i64, times: u32) -> NativeResult<()> {
    let target = cell(slots, hint)?;
    for _ in 0..times {
        target.fetch_add(n, SeqCst);
    }
    Ok(())
}

/// The folded total, exact (i128 cannot overflow on any realistic number of i64 cells). Like
/// LongAdder's `sum()`, it is not a snapshot: adds that race with it may or may not be counted.
pub fn sum(slots: &[AtomicI64]) -> i128 {
    (0..cell_count(slots))
        .map(|i| i128::from(slots[i * SLOTS_PER_STRIPE].load(SeqCst)))
        .sum()
}

pub fn sum_safe(slots: &[AtomicI64]) -> NativeResult<i64> {
    let total = sum(slots);
    if (-i128::from(MAX_SAFE)..=i128::from(MAX_SAFE)).contains(&total) {
        Ok(total as i64)
    } else {
        Err(NativeError::new(
            ErrorKind::Range,
            "ERR_OUT_OF_RANGE",
            format!("The counter's sum is {total}, outside the safe integer range; use sumBig()"),
        ))
    }
}

/// The sum as an i64, wrapping like BigInt64 arithmetic.
pub fn sum_big(slots: &[AtomicI64]) -> i64 {
    sum(slots) as i64
}

pub fn reset(slots: &[AtomicI64]) {
    for i in 0..cell_count(slots) {
        slots[i * SLOTS_PER_STRIPE].store(0, SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn memory(cells: usize) -> Vec<AtomicI64> {
        (0..cells * SLOTS_PER_STRIPE)
            .map(|_| AtomicI64::new(0))
            .collect()
    }

    #[test]
    fn stripe_matches_crossbeam_cache_padding() {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        assert_eq!(STRIPE_BYTES, 128);
        assert_eq!(STRIPE_BYTES % 8, 0);
    }

    #[test]
    fn hints_spread_over_cells_and_sum_folds_them() {
        let slots = memory(4);
        for hint in 0..8u32 {
            add(&slots, hint, i64::from(hint) + 1).unwrap();
        }
        assert_eq!(sum_safe(&slots), Ok(36));
        assert_eq!(slots[0].load(SeqCst), 1 + 5, "hints 0 and 4 share cell 0");
        assert_eq!(slots[SLOTS_PER_STRIPE].load(SeqCst), 2 + 6);
        assert_eq!(slots[1].load(SeqCst), 0, "padding slots are never touched");
        reset(&slots);
        assert_eq!(sum_safe(&slots), Ok(0));
    }

    #[test]
    fn sum_is_exact_even_when_cells_wrap() {
        let slots = memory(2);
        add(&slots, 0, i64::MAX).unwrap();
        add(&slots, 1, i64::MAX).unwrap();
        assert_eq!(sum(&slots), 2 * i128::from(i64::MAX));
        assert!(sum_safe(&slots).is_err());
    }

    #[test]
    fn too_little_memory_is_an_error_not_a_panic() {
        let slots = memory(0);
        assert!(add(&slots, 0, 1).is_err());
        assert_eq!(sum(&slots), 0);
    }

    #[test]
    fn concurrent_adds_to_own_cells_lose_nothing() {
        let slots = Arc::new(memory(4));
        let threads: Vec<_> = (0..4u32)
            .map(|t| {
                let slots = Arc::clone(&slots);
                std::thread::spawn(move || add_repeatedly(&slots, t, 3, 100_000).unwrap())
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(sum_safe(&slots), Ok(1_200_000));
    }
}
