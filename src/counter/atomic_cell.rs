//! Atomics-style operations on one 64-bit cell of shared memory, with JS number rules.
//!
//! The number API accepts and returns values within +-(2^53 - 1) (what a JS number holds
//! exactly); the BigInt API works on the full i64 and wraps on overflow, as `Atomics.add` on a
//! `BigInt64Array` does. Every operation is `SeqCst`, like `Atomics`, so native code and JS
//! `Atomics` can race on the same cell and lose nothing.

use std::sync::atomic::{AtomicI64, Ordering::SeqCst};

use crate::error::{ErrorKind, NativeError, NativeResult};

pub const MAX_SAFE: i64 = 9_007_199_254_740_991;

pub fn is_safe(value: i64) -> bool {
    (-MAX_SAFE..=MAX_SAFE).contains(&value)
}

fn unsafe_value(value: i128) -> NativeError {
    NativeError::new(
        ErrorKind::Range,
        "ERR_OUT_OF_RANGE",
        format!(
            "The counter's value would be {value}, outside the safe integer range (+-9007199254740991) \
             that a number can hold exactly; use the BigInt methods (addBig, loadBig, ...) for such values"
        ),
    )
}

/// `Atomics.add` for numbers: returns the old value. If the old or the new value is not a safe
/// integer the add is undone and the call fails, so the sum is never lost (another thread may
/// briefly observe the undone value, as with any concurrent add and subtract).
pub fn add(cell: &AtomicI64, n: i64) -> NativeResult<i64> {
    let old = cell.fetch_add(n, SeqCst);
    // With `old` and `n` both safe, the wrapping sum is the exact one.
    if is_safe(old) && is_safe(old.wrapping_add(n)) {
        Ok(old)
    } else {
        cell.fetch_sub(n, SeqCst);
        Err(unsafe_value(i128::from(old) + i128::from(n)))
    }
}

pub fn load(cell: &AtomicI64) -> NativeResult<i64> {
    let value = cell.load(SeqCst);
    if is_safe(value) {
        Ok(value)
    } else {
        Err(unsafe_value(value.into()))
    }
}

/// `Atomics.store`: returns the value stored.
pub fn store(cell: &AtomicI64, value: i64) -> i64 {
    cell.store(value, SeqCst);
    value
}

/// `Atomics.exchange` for numbers. A current value that a number cannot hold fails the call
/// before anything is written.
pub fn exchange(cell: &AtomicI64, value: i64) -> NativeResult<i64> {
    let mut current = cell.load(SeqCst);
    loop {
        if !is_safe(current) {
            return Err(unsafe_value(current.into()));
        }
        match cell.compare_exchange_weak(current, value, SeqCst, SeqCst) {
            Ok(old) => return Ok(old),
            Err(actual) => current = actual,
        }
    }
}

/// `Atomics.compareExchange` for numbers: returns the old value (replaced only if it equalled
/// `expected`). `expected` is a safe integer, so a swap only ever replaces a safe value.
pub fn compare_exchange(cell: &AtomicI64, expected: i64, replacement: i64) -> NativeResult<i64> {
    let old = match cell.compare_exchange(expected, replacement, SeqCst, SeqCst) {
        Ok(old) | Err(old) => old,
    };
    if is_safe(old) {
        Ok(old)
    } else {
        Err(unsafe_value(old.into()))
    }
}

/// Applies each value as its own atomic add, in order; returns the value after the last one.
/// If any add fails, the ones already applied are taken back and the call fails.
pub fn add_many(cell: &AtomicI64, values: impl IntoIterator<Item = i64>) -> NativeResult<i64> {
    let mut applied: i64 = 0;
    let mut last = load(cell)?;
    for n in values {
        match add(cell, n) {
            Ok(old) => {
                applied = applied.wrapping_add(n);
                last = old + n;
            }
            Err(error) => {
                cell.fetch_sub(applied, SeqCst);
                return Err(error);
            }
        }
    }
    Ok(last)
}

/// `times` separate atomic adds of `n` (each one contends like a call from JS would); returns
/// the value after the last. Fails, undoing nothing, only if the total could leave the safe range.
pub fn add_repeatedly(cell: &AtomicI64, n: i64, times: u32) -> NativeResult<i64> {
    let total = i128::from(n) * i128::from(times);
    let start = load(cell)?;
    if !is_safe_i128(i128::from(start) + total) || !is_safe_i128(total) {
        return Err(unsafe_value(i128::from(start) + total));
    }
    if times == 0 {
        return Ok(start);
    }
    for _ in 1..times {
        cell.fetch_add(n, SeqCst);
    }
    let old = cell.fetch_add(n, SeqCst);
    Ok(old.wrapping_add(n))
}

fn is_safe_i128(value: i128) -> bool {
    (-i128::from(MAX_SAFE)..=i128::from(MAX_SAFE)).contains(&value)
}

// The BigInt API: full i64, wrapping like Atomics on a BigInt64Array.

pub fn add_big(cell: &AtomicI64, n: i64) -> i64 {
    cell.fetch_add(n, SeqCst)
}

pub fn load_big(cell: &AtomicI64) -> i64 {
    cell.load(SeqCst)
}

pub fn exchange_big(cell: &AtomicI64, value: i64) -> i64 {
    cell.swap(value, SeqCst)
}

pub fn compare_exchange_big(cell: &AtomicI64, expected: i64, replacement: i64) -> i64 {
    match cell.compare_exchange(expected, replacement, SeqCst, SeqCst) {
        Ok(old) | Err(old) => old,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn number_ops_behave_like_atomics() {
        let cell = AtomicI64::new(5);
        assert_eq!(add(&cell, 3), Ok(5));
        assert_eq!(add(&cell, -10), Ok(8));
        assert_eq!(load(&cell), Ok(-2));
        assert_eq!(store(&cell, 7), 7);
        assert_eq!(exchange(&cell, 9), Ok(7));
        assert_eq!(
            compare_exchange(&cell, 1, 100),
            Ok(9),
            "no swap when expected differs"
        );
        assert_eq!(compare_exchange(&cell, 9, 100), Ok(9));
        assert_eq!(load(&cell), Ok(100));
    }

    #[test]
    fn leaving_the_safe_range_fails_and_loses_nothing() {
        let cell = AtomicI64::new(MAX_SAFE - 1);
        assert_eq!(add(&cell, 1), Ok(MAX_SAFE - 1));
        let err = add(&cell, 1).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Range);
        assert_eq!(load(&cell), Ok(MAX_SAFE), "the failed add was undone");
        assert_eq!(add(&cell, -MAX_SAFE), Ok(MAX_SAFE));
        assert_eq!(load(&cell), Ok(0));
    }

    #[test]
    fn an_unsafe_value_written_as_bigint_is_refused_by_number_ops_without_writing() {
        let cell = AtomicI64::new(i64::MAX);
        assert!(load(&cell).is_err());
        assert!(add(&cell, 1).is_err());
        assert!(exchange(&cell, 1).is_err());
        assert!(compare_exchange(&cell, 0, 1).is_err());
        assert_eq!(load_big(&cell), i64::MAX, "nothing was written");
        assert_eq!(add_big(&cell, 1), i64::MAX);
        assert_eq!(
            load_big(&cell),
            i64::MIN,
            "BigInt adds wrap like Atomics on BigInt64Array"
        );
    }

    #[test]
    fn add_many_is_all_or_nothing() {
        let cell = AtomicI64::new(0);
        assert_eq!(add_many(&cell, [1, 2, 3]), Ok(6));
        assert!(add_many(&cell, [10, MAX_SAFE, 20]).is_err());
        assert_eq!(load(&cell), Ok(6), "the applied prefix was taken back");
        assert_eq!(add_many(&cell, []), Ok(6));
    }

    #[test]
    fn add_repeatedly_counts_every_add() {
        let cell = AtomicI64::new(0);
        assert_eq!(add_repeatedly(&cell, 2, 1000), Ok(2000));
        assert_eq!(add_repeatedly(&cell, 5, 0), Ok(2000));
        assert!(add_repeatedly(&cell, MAX_SAFE, 2).is_err());
        assert_eq!(load(&cell), Ok(2000));
    }

    #[test]
    fn concurrent_adds_lose_nothing() {
        let cell = Arc::new(AtomicI64::new(0));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let cell = Arc::clone(&cell);
                std::thread::spawn(move || {
                    for i in 0..100_000 {
                        let n = if (i + t) % 3 == 0 { -1 } else { 2 };
                        add(&cell, n).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let expected: i64 = (0..4)
            .map(|t| {
                (0..100_000)
                    .map(|i| if (i + t) % 3 == 0 { -1 } else { 2 })
                    .sum::<i64>()
            })
            .sum();
        assert_eq!(load(&cell), Ok(expected));
    }
}
