//! A consistent-hashing ring: servers own points on a 32-bit circle, a key belongs to the server
//! owning the first point at or after the key's position.
//!
//! Two hash modes share the layout of npm `hashring` (ketama): each server gets `vnodes` virtual
//! nodes (scaled by weight), each vnode hashes `"<server>-<i>"` into 16 bytes that give 4 points
//! (3 in `hash_ring` compatibility), and a key's position is the first 4 bytes of its hash,
//! little-endian.
//! - `Ketama`: md5, and npm `hashring`'s exact arithmetic, sort and search, so the same servers
//!   give the same key -> server map, byte for byte.
//! - `Xxh3`: xxh3-128 for points, xxh3-64 for keys: the same shape, several times cheaper.

use md5::{Digest, Md5};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use crate::error::{ErrorKind, NativeError, NativeResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashMode {
    Ketama,
    Xxh3,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerSpec {
    pub name: String,
    pub weight: f64,
    /// A per-server vnode count; 0 means the ring's default, scaled by weight.
    pub vnodes: u32,
}

#[derive(Debug, Clone, Copy)]
struct Point {
    value: u32,
    server: u32,
}

pub struct HashRing {
    mode: HashMode,
    replicas: u32,
    default_vnodes: u32,
    servers: Vec<ServerSpec>,
    points: Vec<Point>,
}

impl HashRing {
    pub fn new(mode: HashMode, replicas: u32, default_vnodes: u32) -> Self {
        Self {
            mode,
            replicas: replicas.clamp(1, 4),
            default_vnodes,
            servers: Vec::new(),
            points: Vec::new(),
        }
    }

    pub fn servers(&self) -> &[ServerSpec] {
        &self.servers
    }

    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// Replaces the server list and rebuilds the ring (as `hashring` does on add and remove).
    pub fn set_servers(&mut self, servers: Vec<ServerSpec>) -> NativeResult<()> {
        for (i, server) in servers.iter().enumerate() {
            if !(server.weight.is_finite() && server.weight > 0.0) {
                return Err(NativeError::out_of_range(
                    &format!("weight of {:?}", server.name),
                    "a finite number > 0",
                    crate::error::format_js_number(server.weight),
                ));
            }
            if servers[..i].iter().any(|s| s.name == server.name) {
                return Err(NativeError::new(
                    ErrorKind::Type,
                    "ERR_INVALID_ARG_VALUE",
                    format!("The server {:?} is listed twice", server.name),
                ));
            }
        }
        self.servers = servers;
        self.rebuild();
        Ok(())
    }

    fn rebuild(&mut self) {
        self.points.clear();
        let total: f64 = self.servers.iter().map(|s| s.weight).sum();
        let count = self.servers.len() as f64;
        for (index, server) in self.servers.iter().enumerate() {
            let vnodes = if server.vnodes == 0 {
                self.default_vnodes
            } else {
                server.vnodes
            };
            // hashring: Math.floor(weight / total * vnodes * servers.length), evaluated left to
            // right in doubles (so 7 equal servers get 39 vnodes each, not 40: 1/7*40*7 is
            // 39.99999999999999); a custom vnode count is taken as it is.
            let length = if vnodes != self.default_vnodes {
                vnodes
            } else {
                (server.weight / total * f64::from(vnodes) * count).floor() as u32
            };
            for i in 0..length {
                let digest = self.vnode_digest(&format!("{}-{}", server.name, i));
                for j in 0..self.replicas as usize {
                    let value =
                        u32::from_le_bytes(digest[j * 4..j * 4 + 4].try_into().expect("4 bytes"));
                    self.points.push(Point {
                        value,
                        server: index as u32,
                    });
                }
            }
        }
        // A stable sort, like JS's Array.prototype.sort: equal points keep server/vnode order.
        self.points.sort_by_key(|p| p.value);
    }

    fn vnode_digest(&self, text: &str) -> [u8; 16] {
        match self.mode {
            HashMode::Ketama => Md5::digest(text.as_bytes()).into(),
            HashMode::Xxh3 => xxh3_128(text.as_bytes()).to_le_bytes(),
        }
    }

    /// A key's position on the circle.
    pub fn position(&self, key: &[u8]) -> u32 {
        match self.mode {
            HashMode::Ketama => {
                let digest = Md5::digest(key);
                u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
            }
            HashMode::Xxh3 => xxh3_64(key) as u32,
        }
    }

    /// Index into the points of the point owning `position`.
    fn find(&self, position: u32) -> usize {
        match self.mode {
            HashMode::Ketama => hashring_find(&self.points, position),
            // First point at or after the position; past the last one, wrap to the first.
            HashMode::Xxh3 => {
                let at = self.points.partition_point(|p| p.value < position);
                if at == self.points.len() {
                    0
                } else {
                    at
                }
            }
        }
    }

    /// The server (index into `servers()`) that owns `key`; None on an empty ring.
    pub fn get(&self, key: &[u8]) -> Option<u32> {
        if self.points.is_empty() {
            return None;
        }
        Some(self.points[self.find(self.position(key))].server)
    }

    /// Up to `n` servers walking clockwise from `key` (distinct ones if `unique`), as
    /// `hashring.range`.
    pub fn range(&self, key: &[u8], n: usize, unique: bool) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(n.min(self.servers.len().max(1)));
        if self.points.is_empty() || n == 0 {
            return out;
        }
        let start = self.find(self.position(key));
        for point in self.points[start..].iter().chain(&self.points[..start]) {
            if !unique || !out.contains(&point.server) {
                out.push(point.server);
                if out.len() == n {
                    break;
                }
            }
        }
        out
    }

    /// Each server's exact share of the circle (sums to 1): the arcs ending at its points.
    pub fn distribution(&self) -> Vec<f64> {
        let mut owned = vec![0u64; self.servers.len()];
        if let Some(last) = self.points.last() {
            let mut previous = u64::from(last.value);
            for (i, point) in self.points.iter().enumerate() {
                let value = u64::from(point.value);
                // The first point also owns the wrap-around arc from the last point.
                let arc = if i == 0 {
                    value + (1u64 << 32) - previous
                } else {
                    value - previous
                };
                owned[point.server as usize] += arc;
                previous = value;
            }
        }
        owned
            .into_iter()
            .map(|arc| arc as f64 / (1u64 << 32) as f64)
            .collect()
    }
}

/// npm hashring's `find`, literally: its binary search has quirks (around duplicate points and a
/// position of 0) that a textbook lower bound would not reproduce.
fn hashring_find(points: &[Point], position: u32) -> usize {
    let size = points.len() as i64;
    let (mut low, mut high) = (0i64, size);
    loop {
        let mid = (low + high) >> 1;
        if mid == size {
            return 0;
        }
        let middle = points[mid as usize].value;
        let previous = if mid == 0 {
            0
        } else {
            points[mid as usize - 1].value
        };
        if position <= middle && position > previous {
            return mid as usize;
        }
        if middle < position {
            low = mid + 1;
        } else {
            high = mid - 1;
        }
        if low > high {
            return 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(mode: HashMode, names: &[&str]) -> HashRing {
        let mut r = HashRing::new(mode, 4, 40);
        r.set_servers(
            names
                .iter()
                .map(|n| ServerSpec {
                    name: n.to_string(),
                    weight: 1.0,
                    vnodes: 0,
                })
                .collect(),
        )
        .unwrap();
        r
    }

    #[test]
    fn ketama_layout_matches_hashring_arithmetic() {
        // npm hashring builds 1092 points for 7 equal servers: floor(1/7*40*7) is 39 in doubles.
        let seven: Vec<String> = (0..7).map(|i| format!("s{i}")).collect();
        let seven: Vec<&str> = seven.iter().map(String::as_str).collect();
        assert_eq!(ring(HashMode::Ketama, &seven).point_count(), 1092);
        assert_eq!(
            ring(HashMode::Ketama, &["a:1", "b:1", "c:1"]).point_count(),
            480
        );
        assert_eq!(
            ring(HashMode::Ketama, &["a:1", "b:1"]).point_count(),
            2 * 40 * 4
        );
        let mut compat = HashRing::new(HashMode::Ketama, 3, 40);
        compat
            .set_servers(vec![ServerSpec {
                name: "a".into(),
                weight: 1.0,
                vnodes: 0,
            }])
            .unwrap();
        assert_eq!(compat.point_count(), 40 * 3);
    }

    #[test]
    fn known_md5_position() {
        // md5("hello") = 5d41402abc4b2a76...; little-endian first word 0x2a40415d.
        let r = ring(HashMode::Ketama, &["a"]);
        assert_eq!(r.position(b"hello"), 0x2a40_415d);
    }

    #[test]
    fn every_key_maps_to_a_server_and_distribution_sums_to_one() {
        for mode in [HashMode::Ketama, HashMode::Xxh3] {
            let r = ring(mode, &["a", "b", "c", "d"]);
            for i in 0..1000 {
                assert!(r.get(format!("key{i}").as_bytes()).unwrap() < 4);
            }
            let share: f64 = r.distribution().iter().sum();
            assert!((share - 1.0).abs() < 1e-12);
            let range = r.range(b"k", 3, true);
            assert_eq!(range.len(), 3);
            assert_eq!(range[0], r.get(b"k").unwrap());
            let mut sorted = range.clone();
            sorted.dedup();
            assert_eq!(sorted.len(), 3);
            assert_eq!(
                r.range(b"k", 10, true).len(),
                4,
                "at most the distinct servers"
            );
            assert_eq!(r.range(b"k", 10, false).len(), 10);
        }
    }

    #[test]
    fn bad_server_lists_are_refused_and_leave_the_ring_as_it_was() {
        let mut r = ring(HashMode::Xxh3, &["a", "b"]);
        let before = r.point_count();
        let dup = vec![
            ServerSpec {
                name: "x".into(),
                weight: 1.0,
                vnodes: 0
            };
            2
        ];
        assert!(r.set_servers(dup).is_err());
        let zero = vec![ServerSpec {
            name: "x".into(),
            weight: 0.0,
            vnodes: 0,
        }];
        assert!(r.set_servers(zero).is_err());
        assert_eq!(r.point_count(), before);
        assert_eq!(HashRing::new(HashMode::Xxh3, 4, 40).get(b"k"), None);
    }

    #[test]
    fn hashring_find_wraps_and_handles_position_zero() {
        let points: Vec<Point> = [10u32, 20, 30]
            .iter()
            .map(|&value| Point { value, server: 0 })
            .collect();
        assert_eq!(hashring_find(&points, 15), 1);
        assert_eq!(hashring_find(&points, 20), 1);
        assert_eq!(hashring_find(&points, 31), 0);
        assert_eq!(hashring_find(&points, 5), 0);
        assert_eq!(hashring_find(&points, 0), 0);
    }
}
