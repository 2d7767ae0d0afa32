//! Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, 2018): a key goes to
//! the first server clockwise from its position that is below capacity `ceil(c * m / n)` (m keys
//! assigned, n servers), so no server ever holds more than `c` times the average.
//!
//! A release lowers m and so, at times, the capacity; servers then above it hand keys on (each to
//! the next server with room from that key's position), which keeps the bound true at all times,
//! not only when keys arrive.

use std::collections::{HashMap, HashSet};

use super::hash_ring::HashRing;
use crate::error::{ErrorKind, NativeError, NativeResult};

pub struct BoundedLoads {
    ring: HashRing,
    c: f64,
    loads: Vec<u64>,
    owner: HashMap<Vec<u8>, u32>,
    keys_of: Vec<HashSet<Vec<u8>>>,
}

impl BoundedLoads {
    pub fn new(ring: HashRing, c: f64) -> NativeResult<Self> {
        if !(c.is_finite() && c >= 1.0) {
            return Err(NativeError::out_of_range(
                "c",
                ">= 1",
                crate::error::format_js_number(c),
            ));
        }
        let n = ring.servers().len();
        if n == 0 {
            return Err(NativeError::new(
                ErrorKind::Range,
                "ERR_OUT_OF_RANGE",
                "A BoundedLoadRing needs at least one server",
            ));
        }
        Ok(Self {
            ring,
            c,
            loads: vec![0; n],
            owner: HashMap::new(),
            keys_of: vec![HashSet::new(); n],
        })
    }

    /// The most keys any server may hold with `m` keys assigned.
    pub fn capacity_for(&self, m: usize) -> u64 {
        (self.c * m as f64 / self.loads.len() as f64).ceil() as u64
    }

    pub fn capacity(&self) -> u64 {
        self.capacity_for(self.owner.len())
    }

    pub fn loads(&self) -> &[u64] {
        &self.loads
    }

    pub fn assigned(&self) -> usize {
        self.owner.len()
    }

    /// The server holding `key`, assigning it first if it is new.
    pub fn assign(&mut self, key: &[u8]) -> u32 {
        if let Some(&server) = self.owner.get(key) {
            return server;
        }
        let capacity = self.capacity_for(self.owner.len() + 1);
        let server = self.first_with_room(key, capacity, None);
        self.place(key.to_vec(), server);
        server
    }

    /// Forgets `key`; false if it was not assigned.
    pub fn release(&mut self, key: &[u8]) -> bool {
        let Some(server) = self.owner.remove(key) else {
            return false;
        };
        self.keys_of[server as usize].remove(key);
        self.loads[server as usize] -= 1;
        self.rebalance();
        true
    }

    fn place(&mut self, key: Vec<u8>, server: u32) {
        self.loads[server as usize] += 1;
        self.keys_of[server as usize].insert(key.clone());
        self.owner.insert(key, server);
    }

    /// Walks the ring clockwise from `key`: the first server (other than `skip`) below `capacity`.
    fn first_with_room(&self, key: &[u8], capacity: u64, skip: Option<u32>) -> u32 {
        let order = self.ring.range(key, usize::MAX, true);
        order
            .into_iter()
            .find(|&s| Some(s) != skip && self.loads[s as usize] < capacity)
            // capacity * n >= c * m >= m > keys held elsewhere, so some server has room.
            .expect("a server below capacity exists")
    }

    fn rebalance(&mut self) {
        let capacity = self.capacity();
        while let Some(over) = (0..self.loads.len()).find(|&s| self.loads[s] > capacity) {
            let key = self.keys_of[over]
                .iter()
                .next()
                .cloned()
                .expect("an overloaded server holds keys");
            self.keys_of[over].remove(&key);
            self.loads[over] -= 1;
            self.owner.remove(&key);
            let target = self.first_with_room(&key, capacity, Some(over as u32));
            self.place(key, target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::hash_ring::{HashMode, ServerSpec};
    use super::*;

    fn ring(n: usize) -> HashRing {
        let mut r = HashRing::new(HashMode::Xxh3, 4, 40);
        r.set_servers(
            (0..n)
                .map(|i| ServerSpec {
                    name: format!("s{i}"),
                    weight: 1.0,
                    vnodes: 0,
                })
                .collect(),
        )
        .unwrap();
        r
    }

    #[test]
    fn the_bound_holds_through_arrivals_and_departures() {
        for c in [1.0, 1.25, 2.0] {
            let mut b = BoundedLoads::new(ring(7), c).unwrap();
            let check = |b: &BoundedLoads| {
                let max = *b.loads().iter().max().unwrap();
                assert!(
                    max <= b.capacity(),
                    "c={c}: max {max} > capacity {}",
                    b.capacity()
                );
                assert_eq!(b.loads().iter().sum::<u64>() as usize, b.assigned());
            };
            for i in 0..3000 {
                b.assign(format!("key{i}").as_bytes());
                check(&b);
            }
            for i in (0..3000).step_by(3) {
                assert!(b.release(format!("key{i}").as_bytes()));
                check(&b);
            }
            assert!(!b.release(b"never assigned"));
        }
    }

    #[test]
    fn assignment_is_sticky_and_mostly_the_plain_ring_choice() {
        let mut b = BoundedLoads::new(ring(5), 1.25).unwrap();
        let first = b.assign(b"user:1");
        assert_eq!(
            b.assign(b"user:1"),
            first,
            "assigning twice returns the same server"
        );
        let plain = ring(5);
        let same = (0..2000).filter(|i| {
            let key = format!("k{i}");
            b.assign(key.as_bytes()) == plain.get(key.as_bytes()).unwrap()
        });
        assert!(
            same.count() > 1200,
            "most keys keep their plain consistent-hashing server"
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        assert!(BoundedLoads::new(ring(3), 0.5).is_err());
        assert!(BoundedLoads::new(ring(3), f64::NAN).is_err());
        assert!(BoundedLoads::new(HashRing::new(HashMode::Xxh3, 4, 40), 1.25).is_err());
    }
}
