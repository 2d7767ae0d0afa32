//! `AtomicCounter` and `StripedCounter`: counters in SharedArrayBuffer memory that native code
//! and JS `Atomics` update together. The cores (`atomic_cell`, `striped`) are plain Rust over
//! `AtomicI64`; this file is their fast-path surface. Opening a counter pins its shared memory in
//! a handle (see `fast_path::PinnedI64Cells`), so each later call is a handle lookup and one
//! atomic instruction; the JS wrapper (`lib/counter.js`) holds the handle and frees it on GC.

mod atomic_cell;
mod striped;

use std::sync::atomic::AtomicI64;

use crate::error::{NativeError, NativeResult};
use crate::fast_path::{number_to_safe_integer, Call, PinnedI64Cells, Ret};

crate::hot_functions!(pub const HOT = [
    c"counterOpen" => counter_open,
    c"counterAdd" => counter_add,
    c"counterIncrement" => counter_increment,
    c"counterDecrement" => counter_decrement,
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
    c"stripedOpen" => striped_open,
    c"stripedAdd" => striped_add,
    c"stripedIncrement" => striped_increment,
    c"stripedDecrement" => striped_decrement,
    c"stripedAddBig" => striped_add_big,
    c"stripedAddMany" => striped_add_many,
    c"stripedAddRepeatedly" => striped_add_repeatedly,
    c"stripedSum" => striped_sum,
    c"stripedSumBig" => striped_sum_big,
    c"stripedReset" => striped_reset,
    c"stripedStripeBytes" => stripe_bytes,
]);

/// One counter: a slot of pinned shared memory.
struct AtomicSlot {
    memory: PinnedI64Cells,
    index: usize,
}

impl AtomicSlot {
    fn cell(&self) -> &AtomicI64 {
        &self.memory.cells()[self.index]
    }
}

/// A striped counter as one thread sees it: the pinned stripes and the cell it adds to.
struct StripedView {
    memory: PinnedI64Cells,
    cell: u32,
}

fn num(value: i64) -> Ret {
    Ret::F64(value as f64)
}

/// `counterOpen(cells, index)`: pins `cells` (a BigInt64Array over a SharedArrayBuffer).
fn counter_open(call: &mut Call) -> NativeResult<Ret> {
    let memory = call.pin_shared_i64_cells(0, "cells")?;
    let index = call.arg(1).u32("index")? as usize;
    let len = memory.cells().len();
    if index >= len {
        return Err(NativeError::out_of_range(
            "index",
            &format!(">= 0 && < {len}"),
            index,
        ));
    }
    Ok(call.new_handle(AtomicSlot { memory, index }))
}

fn counter_add(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let n = call.arg(1).safe_integer("n")?;
    atomic_cell::add(slot.cell(), n).map(num)
}

// Increment and decrement have their own entry points: one argument fewer to read is a tenth of
// a hot call.
fn counter_increment(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    atomic_cell::add(slot.cell(), 1).map(num)
}

fn counter_decrement(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    atomic_cell::add(slot.cell(), -1).map(num)
}

fn counter_load(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    atomic_cell::load(slot.cell()).map(num)
}

fn counter_store(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let value = call.arg(1).safe_integer("value")?;
    Ok(num(atomic_cell::store(slot.cell(), value)))
}

fn counter_exchange(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let value = call.arg(1).safe_integer("value")?;
    atomic_cell::exchange(slot.cell(), value).map(num)
}

fn counter_compare_exchange(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let expected = call.arg(1).safe_integer("expected")?;
    let replacement = call.arg(2).safe_integer("replacement")?;
    atomic_cell::compare_exchange(slot.cell(), expected, replacement).map(num)
}

/// Argument `index` as a Float64Array of safe integers (all checked before anything is added).
fn safe_values(call: &Call, index: usize) -> NativeResult<Vec<i64>> {
    call.typed::<f64>(index, "values")?
        .iter()
        .map(|&v| number_to_safe_integer(v, "values[i]"))
        .collect()
}

fn counter_add_many(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let values = safe_values(call, 1)?;
    atomic_cell::add_many(slot.cell(), values).map(num)
}

fn counter_add_repeatedly(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let n = call.arg(1).safe_integer("n")?;
    let times = call.arg(2).u32("times")?;
    atomic_cell::add_repeatedly(slot.cell(), n, times).map(num)
}

fn counter_add_big(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let n = call.arg(1).bigint_i64("n")?;
    Ok(Ret::BigI64(atomic_cell::add_big(slot.cell(), n)))
}

fn counter_load_big(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    Ok(Ret::BigI64(atomic_cell::load_big(slot.cell())))
}

fn counter_store_big(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let value = call.arg(1).bigint_i64("value")?;
    Ok(Ret::BigI64(atomic_cell::store(slot.cell(), value)))
}

fn counter_exchange_big(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let value = call.arg(1).bigint_i64("value")?;
    Ok(Ret::BigI64(atomic_cell::exchange_big(slot.cell(), value)))
}

fn counter_compare_exchange_big(call: &mut Call) -> NativeResult<Ret> {
    let slot = call.handle::<AtomicSlot>(0, "AtomicCounter")?;
    let expected = call.arg(1).bigint_i64("expected")?;
    let replacement = call.arg(2).bigint_i64("replacement")?;
    Ok(Ret::BigI64(atomic_cell::compare_exchange_big(
        slot.cell(),
        expected,
        replacement,
    )))
}

/// `stripedOpen(cells, cell)`: pins a striped counter's memory for one thread's cell.
fn striped_open(call: &mut Call) -> NativeResult<Ret> {
    let memory = call.pin_shared_i64_cells(0, "cells")?;
    let cell = call.arg(1).u32("cell")?;
    // Refuse an unusable layout now rather than on the first add.
    striped::add(memory.cells(), cell, 0)?;
    Ok(call.new_handle(StripedView { memory, cell }))
}

fn striped_add(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    let n = call.arg(1).safe_integer("n")?;
    striped::add(view.memory.cells(), view.cell, n).map(|()| Ret::Undefined)
}

fn striped_increment(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    striped::add(view.memory.cells(), view.cell, 1).map(|()| Ret::Undefined)
}

fn striped_decrement(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    striped::add(view.memory.cells(), view.cell, -1).map(|()| Ret::Undefined)
}

fn striped_add_big(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    let n = call.arg(1).bigint_i64("n")?;
    striped::add(view.memory.cells(), view.cell, n).map(|()| Ret::Undefined)
}

fn striped_add_many(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    let total = safe_values(call, 1)?
        .into_iter()
        .fold(0i64, i64::wrapping_add);
    striped::add(view.memory.cells(), view.cell, total).map(|()| Ret::Undefined)
}

fn striped_add_repeatedly(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    let n = call.arg(1).safe_integer("n")?;
    let times = call.arg(2).u32("times")?;
    striped::add_repeatedly(view.memory.cells(), view.cell, n, times).map(|()| Ret::Undefined)
}

fn striped_sum(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    striped::sum_safe(view.memory.cells()).map(num)
}

fn striped_sum_big(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    Ok(Ret::BigI64(striped::sum_big(view.memory.cells())))
}

fn striped_reset(call: &mut Call) -> NativeResult<Ret> {
    let view = call.handle::<StripedView>(0, "StripedCounter")?;
    striped::reset(view.memory.cells());
    Ok(Ret::Undefined)
}

fn stripe_bytes(_: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(striped::STRIPE_BYTES as u32))
}
