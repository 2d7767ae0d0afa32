//! The probes through the fast path, plus readers that the error-parity tests call.

use std::cell::Cell;

use super::{byte_sum, fill_pattern};
use crate::error::NativeResult;
use crate::fast_path::{Call, JsType, Ret};

crate::hot_functions!(pub const HOT = [
    c"probeFastNoop" => noop,
    c"probeFastU32" => add_one_u32,
    c"probeFastStr" => key_length,
    c"probeFastStrUtf16" => key_units,
    c"probeFastBytes" => bytes_sum,
    c"probeFastFill" => fill,
    c"probeFastNewCounter" => new_counter,
    c"probeFastCounterAdd" => counter_add,
    c"probeFastLiveHandles" => live_handles,
    c"probeFastRead" => read_as,
    c"probeFastPanic" => panics,
    c"probeFastArgInfo" => arg_info,
]);

fn noop(_: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::Undefined)
}

fn add_one_u32(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(call.arg(0).u32("value")?.wrapping_add(1)))
}

fn key_length(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(
        call.arg(0).with_utf8("key", |key| key.len() as u32)?,
    ))
}

fn key_units(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(
        call.arg(0).with_utf16("key", |key| key.len() as u32)?,
    ))
}

fn bytes_sum(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(byte_sum(call.bytes(0, "bytes")?)))
}

fn fill(call: &mut Call) -> NativeResult<Ret> {
    fill_pattern(call.bytes_mut(0, "out")?);
    Ok(Ret::Arg(0))
}

/// The stand-in for a piece's object (a cache, a ring): a u32 behind a handle.
struct ProbeCounter {
    count: Cell<u32>,
}

fn new_counter(call: &mut Call) -> NativeResult<Ret> {
    let initial = if call.arg(0).is_undefined() {
        0
    } else {
        call.arg(0).u32("initial")?
    };
    Ok(call.new_handle(ProbeCounter {
        count: Cell::new(initial),
    }))
}

fn counter_add(call: &mut Call) -> NativeResult<Ret> {
    let counter = call.handle::<ProbeCounter>(0, "ProbeCounter")?;
    let value = call.arg(1).u32("value")?;
    counter.count.set(counter.count.get().wrapping_add(value));
    Ok(Ret::U32(counter.count.get()))
}

fn live_handles(call: &mut Call) -> NativeResult<Ret> {
    Ok(Ret::U32(call.live_handles() as u32))
}

/// `probeFastRead(kind, value)`: reads `value` with the named reader and echoes it back, so the
/// tests can drive every reader's accept and reject paths from JS.
fn read_as(call: &mut Call) -> NativeResult<Ret> {
    let kind = call.arg(0).u32("kind")?;
    let value = call.arg(1);
    Ok(match kind {
        0 => Ret::U32(value.u32("value")?),
        1 => Ret::I32(value.i32("value")?),
        2 => Ret::F64(value.f64("value")?),
        3 => Ret::F64(value.safe_integer("value")? as f64),
        4 => Ret::BigI64(value.bigint_i64("value")?),
        5 => Ret::BigU64(value.bigint_u64("value")?),
        6 => Ret::Bool(value.bool("value")?),
        7 => Ret::U32(call.bytes(1, "value")?.len() as u32),
        8 => {
            let cells = call.atomic_i64_cells(1, "value")?;
            Ret::U32(cells.len() as u32)
        }
        _ => Ret::Null,
    })
}

fn panics(_: &mut Call) -> NativeResult<Ret> {
    panic!("probe panic on purpose");
}

/// `probeFastArgInfo(...args)`: how many arguments arrived and the `typeof` of the first, so the
/// tests see that extra arguments are counted and missing ones read as `undefined`.
fn arg_info(call: &mut Call) -> NativeResult<Ret> {
    let first = match call.arg(0).js_type() {
        JsType::Undefined => 0,
        JsType::Null => 1,
        JsType::Boolean => 2,
        JsType::Number => 3,
        JsType::String => 4,
        JsType::Symbol => 5,
        JsType::Object => 6,
        JsType::Function => 7,
        JsType::External => 8,
        JsType::BigInt => 9,
    };
    Ok(Ret::U32(call.arg_count() as u32 * 16 + first))
}
