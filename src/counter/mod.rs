//! `AtomicCounter` and `StripedCounter`: counters in SharedArrayBuffer memory that native code
//! and JS `Atomics` update together. The cores (`atomic_cell`, `striped`) are plain Rust over
//! `AtomicI64`; this file is their fast-path surface. Every call takes the counter's
//! `BigInt64Array` view, so the memory stays owned (and kept alive) by JS and a call can never
//! reach memory that is gone; the JS wrapper (`lib/counter.js`) holds the view and the index.

mod atomic_cell;
mod striped;

use std::sync::atomic::AtomicI64;

use crate::error::{NativeError, NativeResult};
use crate::fast_path::{Call, JsValue, Ret};

crate::hot_functions!(pub const HOT = [
    c"counterAdd" => counter_add,
    c"counterLoad" => counter_load,
    c"counterStore" => counter_store,
    c"counterExchange" => counter_exchange,
    c"counterCompareExchange" => counter_compare_exchange,
    c"counterAddMany" => counter_add_many,
    c"counterAddRepeatedly" => counter_add_repeatedly,
    c"counterAddBig" => counter_add_big,
    c"counterLoadBig" => counter_load_big,
    c"counterStoreBig" => counter_store_big,
    c"counterExchangeBig" => counter_exchange_big,
    c"counterCompareExchangeBig" => counter_compare_exchange_big,
    c"stripedAdd" => striped_add,
    c"stripedAddBig" => striped_add_big,
    c"stripedAddMany" => striped_add_many,
    c"stripedAddRepeatedly" => striped_add_repeatedly,
    c"stripedSum" => striped_sum,
    c"stripedSumBig" => striped_sum_big,
    c"stripedReset" => striped_reset,
    c"stripedStripeBytes" => stripe_bytes,
]);

/// Argument 0 is the counter's memory, argument 1 the slot; returns that slot's cell.
fn slot<'c>(call: &'c Call) -> NativeResult<&'c AtomicI64> {
    let cells = call.atomic_i64_cells(0, "cells")?;
    let index = call.arg(1).u32("index")?;
    cells.get(index as usize).ok_or_else(|| {
        NativeError::out_of_range("index", &format!(">= 0 && < {}", cells.len()), index)
    })
}

fn number(value: JsValue, name: &str) -> NativeResult<i64> {
    value.safe_integer(name)
}

fn num(value: i64) -> Ret {
    Ret::F64(value as f64)
}

fn counter_add(call: &mut Call) -> NativeResult<Ret> {
    let n = number(call.arg(2), "n")?;
    atomic_cell::add(slot(call)?, n).map(num)
}

fn counter_load(call: &mut Call) -> NativeResult<Ret> {
    atomic_cell::load(slot(call)?).map(num)
}

fn counter_store(call: &mut Call) -> NativeResult<Ret> {
    let value = number(call.arg(2), "value")?;
    Ok(num(atomic_cell::store(slot(call)?, value)))
}

fn counter_exchange(call: &mut Call) -> NativeResult<Ret> {
    let value = number(call.arg(2), "value")?;
    atomic_cell::exchange(slot(call)?, value).map(num)
}

fn counter_compare_exchange(call: &mut Call) -> NativeResult<Ret> {
    let expected = number(call.arg(2), "expected")?;
    let replacement = number(call.arg(3), "replacement")?;
    atomic_cell::compare_exchange(slot(call)?, expected, replacement).map(num)
}

/// Argument `index` as a Float64Array of safe integers (checked before anything is added).
fn safe_values(call: &Call, index: usize) -> NativeResult<Vec<i64>> {
    call.f64s(index, "values")?
        .iter()
        .map(|&v| crate::fast_path::number_to_safe_integer(v, "values[i]"))
        .collect()
}

fn counter_add_many(call: &mut Call) -> NativeResult<Ret> {
    let values = safe_values(call, 2)?;
    atomic_cell::add_many(slot(call)?, values).map(num)
}

fn counter_add_repeatedly(call: &mut Call) -> NativeResult<Ret> {
    let n = number(call.arg(2), "n")?;
    let times = call.arg(3).u32("times")?;
    atomic_cell::add_repeatedly(slot(call)?, n, times).map(num)
}

fn counter_add_big(call: &mut Call) -> NativeResult<Ret> {
    let n = call.arg(2).bigint_i64("n")?;
    Ok(Ret::BigI64(atomic_cell::add_big(slot(call)?, n)))
}

fn counter_load_big(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::BigI64(atomic_cell::load_big(slot(call)?)))
}

fn counter_store_big(call: &mut Call) -> NativeResult<Ret> {
    let value = call.arg(2).bigint_i64("value")?;
    Ok(Ret::BigI64(atomic_cell::store(slot(call)?, value)))
}

fn counter_exchange_big(call: &mut Call) -> NativeResult<Ret> {
    let value = call.arg(2).bigint_i64("value")?;
    Ok(Ret::BigI64(atomic_cell::exchange_big(slot(call)?, value)))
}

fn counter_compare_exchange_big(call: &mut Call) -> NativeResult<Ret> {
    let expected = call.arg(2).bigint_i64("expected")?;
    let replacement = call.arg(3).bigint_i64("replacement")?;
    Ok(Ret::BigI64(atomic_cell::compare_exchange_big(
        slot(call)?,
        expected,
        replacement,
    )))
}

/// Argument 0 is a striped counter's whole memory (as i64 slots), argument 1 the cell hint.
fn stripes<'c>(call: &'c Call) -> NativeResult<(&'c [AtomicI64], u32)> {
    Ok((call.atomic_i64_cells(0, "cells")?, call.arg(1).u32("cell")?))
}

fn striped_add(call: &mut Call) -> NativeResult<Ret> {
    let n = number(call.arg(2), "n")?;
    let (slots, hint) = stripes(call)?;
    striped::add(slots, hint, n).map(|()| Ret::Undefined)
}

fn striped_add_big(call: &mut Call) -> NativeResult<Ret> {
    let n = call.arg(2).bigint_i64("n")?;
    let (slots, hint) = stripes(call)?;
    striped::add(slots, hint, n).map(|()| Ret::Undefined)
}

fn striped_add_many(call: &mut Call) -> NativeResult<Ret> {
    let total: i64 = safe_values(call, 2)?
        .into_iter()
        .fold(0i64, i64::wrapping_add);
    let (slots, hint) = stripes(call)?;
    striped::add(slots, hint, total).map(|()| Ret::Undefined)
}

fn striped_add_repeatedly(call: &mut Call) -> NativeResult<Ret> {
    let n = number(call.arg(2), "n")?;
    let times = call.arg(3).u32("times")?;
    let (slots, hint) = stripes(call)?;
    striped::add_repeatedly(slots, hint, n, times).map(|()| Ret::Undefined)
}

fn striped_sum(call: &mut Call) -> NativeResult<Ret> {
    striped::sum_safe(call.atomic_i64_cells(0, "cells")?).map(num)
}

fn striped_sum_big(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::BigI64(striped::sum_big(
        call.atomic_i64_cells(0, "cells")?,
    )))
}

fn striped_reset(call: &mut Call) -> NativeResult<Ret> {
    striped::reset(call.atomic_i64_cells(0, "cells")?);
    Ok(Ret::Undefined)
}

fn stripe_bytes(_: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(striped::STRIPE_BYTES as u32))
}
