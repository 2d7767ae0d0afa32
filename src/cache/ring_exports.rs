//! The fast-path surface of HashRing, jumpHash and BoundedLoadRing. Lookups return server
//! indices; the JS wrapper (lib/hash_ring.js) holds the names, so no string crosses back.

use std::cell::RefCell;

use super::bounded_load::BoundedLoads;
use super::hash_ring::{HashMode, HashRing, ServerSpec};
use super::jump_hash::{jump_hash, string_key};
use crate::error::{NativeError, NativeResult};
use crate::fast_path::{exact_len, Call, JsType, Ret};

crate::hot_functions!(pub const HOT = [
    c"ringNew" => ring_new,
    c"ringSetServers" => ring_set_servers,
    c"ringGet" => ring_get,
    c"ringGetManyInto" => ring_get_many_into,
    c"ringGetJoinedInto" => ring_get_joined_into,
    c"ringRangeInto" => ring_range_into,
    c"ringDistributionInto" => ring_distribution_into,
    c"ringPoints" => ring_points,
    c"jumpHash" => jump,
    c"boundedNew" => bounded_new,
    c"boundedAssign" => bounded_assign,
    c"boundedRelease" => bounded_release,
    c"boundedLoadsInto" => bounded_loads_into,
    c"boundedCapacity" => bounded_capacity,
    c"boundedAssigned" => bounded_assigned,
]);

/// Returned for "no server" (an empty ring) where a server index is expected.
const NONE: u32 = u32::MAX;

/// `(mode 0 = xxh3 / 1 = ketama, replicas, default vnodes)` at arguments `at..at+3`.
fn ring_params(call: &Call, at: usize) -> NativeResult<HashRing> {
    let mode = match call.arg(at).u32("mode")? {
        0 => HashMode::Xxh3,
        1 => HashMode::Ketama,
        other => {
            return Err(NativeError::out_of_range(
                "mode",
                "0 (xxh3) or 1 (ketama)",
                other,
            ))
        }
    };
    let replicas = call.arg(at + 1).u32("replicas")?;
    if !(1..=4).contains(&replicas) {
        return Err(NativeError::out_of_range(
            "replicas",
            ">= 1 && <= 4",
            replicas,
        ));
    }
    let vnodes = call.arg(at + 2).u32("vnodes")?;
    if vnodes == 0 {
        return Err(NativeError::out_of_range("vnodes", ">= 1", 0));
    }
    Ok(HashRing::new(mode, replicas, vnodes))
}

/// `(names: string[], weights: Float64Array, vnodes: Float64Array)` at arguments `at..at+3`.
fn server_specs(call: &Call, at: usize) -> NativeResult<Vec<ServerSpec>> {
    let count = call.array_len(at, "servers")?;
    let weights = call.typed::<f64>(at + 1, "weights")?.to_vec();
    let vnodes = call.typed::<f64>(at + 2, "vnodes")?.to_vec();
    if weights.len() != count as usize || vnodes.len() != count as usize {
        return Err(NativeError::out_of_range(
            "weights.length",
            &format!("{count} (one per server)"),
            weights.len(),
        ));
    }
    (0..count)
        .map(|i| {
            let name = call
                .array_element(at, i)?
                .with_utf8("servers[i]", |b| String::from_utf8_lossy(b).into_owned())?;
            let vnode_count =
                crate::fast_path::number_to_safe_integer(vnodes[i as usize], "vnodes[i]")?;
            Ok(ServerSpec {
                name,
                weight: weights[i as usize],
                vnodes: u32::try_from(vnode_count)
                    .map_err(|_| NativeError::out_of_range("vnodes[i]", ">= 0", vnode_count))?,
            })
        })
        .collect()
}

fn ring_new(call: &mut Call) -> NativeResult<Ret> {
    let ring = ring_params(call, 0)?;
    Ok(call.new_handle(RefCell::new(ring)))
}

/// `ringSetServers(h, names, weights, vnodes)` -> point count. A refused list changes nothing.
fn ring_set_servers(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let specs = server_specs(call, 1)?;
    let mut ring = ring.borrow_mut();
    ring.set_servers(specs)?;
    Ok(Ret::U32(ring.point_count() as u32))
}

fn ring_get(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let ring = ring.borrow();
    let server = call.arg(1).with_utf8("key", |key| ring.get(key))?;
    Ok(Ret::U32(server.unwrap_or(NONE)))
}

/// `ringGetManyInto(h, keys: string[], out: Uint32Array)`: one crossing for a whole batch.
fn ring_get_many_into(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let ring = ring.borrow();
    let count = call.array_len(1, "keys")? as usize;
    let mut servers = Vec::with_capacity(count);
    for i in 0..count as u32 {
        servers.push(
            call.array_element(1, i)?
                .with_utf8("keys[i]", |key| ring.get(key).unwrap_or(NONE))?,
        );
    }
    let out = call.typed_mut::<u32>(2, "out")?;
    if out.len() < count {
        return Err(NativeError::out_of_range(
            "out.length",
            &format!(">= {count}"),
            out.len(),
        ));
    }
    out[..count].copy_from_slice(&servers);
    Ok(Ret::Arg(2))
}

/// `ringGetJoinedInto(h, joined, lengths: Uint32Array, out: Uint32Array)`: a batch passed as one
/// string (the keys concatenated) and each key's length in UTF-16 units. One string read replaces
/// an array-element read and a string read per key: half the cost of `ringGetManyInto`.
fn ring_get_joined_into(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let ring = ring.borrow();
    let lengths = call.typed::<u32>(2, "lengths")?.to_vec();
    let servers = call.arg(1).with_utf16("joined", |units| {
        let mut key = Vec::with_capacity(64);
        let mut servers = Vec::with_capacity(lengths.len());
        for slice in crate::fast_path::split_joined(units, &lengths) {
            key.clear();
            crate::fast_path::utf16_to_utf8(slice?, &mut key);
            servers.push(ring.get(&key).unwrap_or(NONE));
        }
        Ok(servers)
    })??;
    let out = call.typed_mut::<u32>(3, "out")?;
    if out.len() < servers.len() {
        return Err(NativeError::out_of_range(
            "out.length",
            &format!(">= {}", servers.len()),
            out.len(),
        ));
    }
    out[..servers.len()].copy_from_slice(&servers);
    Ok(Ret::Arg(3))
}

/// `ringRangeInto(h, key, n, unique, out: Uint32Array)` -> how many servers were written.
fn ring_range_into(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let ring = ring.borrow();
    let n = call.arg(2).u32("n")?;
    if n < 1 {
        return Err(NativeError::out_of_range("n", ">= 1", n));
    }
    let unique = call.arg(3).bool("unique")?;
    let servers = call
        .arg(1)
        .with_utf8("key", |key| ring.range(key, n as usize, unique))?;
    let out = call.typed_mut::<u32>(4, "out")?;
    let written = servers.len().min(out.len());
    out[..written].copy_from_slice(&servers[..written]);
    Ok(Ret::U32(written as u32))
}

fn ring_distribution_into(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let shares = ring.borrow().distribution();
    exact_len(call.typed_mut::<f64>(1, "out")?, shares.len(), "out.length")?
        .copy_from_slice(&shares);
    Ok(Ret::Arg(1))
}

fn ring_points(call: &mut Call) -> NativeResult<Ret> {
    let ring = call.handle::<RefCell<HashRing>>(0, "HashRing")?;
    let points = ring.borrow().point_count();
    Ok(Ret::U32(points as u32))
}

/// `jumpHash(key, buckets)`: key is a string (hashed), an integer number, or a BigInt.
fn jump(call: &mut Call) -> NativeResult<Ret> {
    let buckets = call.arg(1).u32("buckets")?;
    if buckets == 0 {
        return Err(NativeError::out_of_range(
            "buckets",
            ">= 1 && <= 4294967295",
            0,
        ));
    }
    let key = call.arg(0);
    let key = match key.js_type() {
        JsType::String => key.with_utf8("key", string_key)?,
        // Negative integers use their two's-complement bits, as a C caller's int64 would.
        JsType::Number => key.safe_integer("key")? as u64,
        JsType::BigInt => match key.bigint_u64("key") {
            Ok(v) => v,
            Err(_) => key.bigint_i64("key")? as u64,
        },
        _ => return Err(key.type_error("key", "of type string, number, or bigint")),
    };
    Ok(Ret::U32(jump_hash(key, buckets)))
}

/// `boundedNew(mode, replicas, vnodes, c, names, weights, vnodeCounts)` -> handle.
fn bounded_new(call: &mut Call) -> NativeResult<Ret> {
    let mut ring = ring_params(call, 0)?;
    let c = call.arg(3).f64("c")?;
    ring.set_servers(server_specs(call, 4)?)?;
    let bounded = BoundedLoads::new(ring, c)?;
    Ok(call.new_handle(RefCell::new(bounded)))
}

fn bounded_assign(call: &mut Call) -> NativeResult<Ret> {
    let bounded = call.handle::<RefCell<BoundedLoads>>(0, "BoundedLoadRing")?;
    let mut bounded = bounded.borrow_mut();
    let server = call.arg(1).with_utf8("key", |key| bounded.assign(key))?;
    Ok(Ret::U32(server))
}

fn bounded_release(call: &mut Call) -> NativeResult<Ret> {
    let bounded = call.handle::<RefCell<BoundedLoads>>(0, "BoundedLoadRing")?;
    let mut bounded = bounded.borrow_mut();
    Ok(Ret::Bool(
        call.arg(1).with_utf8("key", |key| bounded.release(key))?,
    ))
}

fn bounded_loads_into(call: &mut Call) -> NativeResult<Ret> {
    let bounded = call.handle::<RefCell<BoundedLoads>>(0, "BoundedLoadRing")?;
    let loads: Vec<f64> = bounded.borrow().loads().iter().map(|&l| l as f64).collect();
    exact_len(call.typed_mut::<f64>(1, "out")?, loads.len(), "out.length")?.copy_from_slice(&loads);
    Ok(Ret::Arg(1))
}

fn bounded_capacity(call: &mut Call) -> NativeResult<Ret> {
    let bounded = call.handle::<RefCell<BoundedLoads>>(0, "BoundedLoadRing")?;
    let capacity = bounded.borrow().capacity();
    Ok(Ret::F64(capacity as f64))
}

fn bounded_assigned(call: &mut Call) -> NativeResult<Ret> {
    let bounded = call.handle::<RefCell<BoundedLoads>>(0, "BoundedLoadRing")?;
    let assigned = bounded.borrow().assigned();
    Ok(Ret::F64(assigned as f64))
}
