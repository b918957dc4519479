//! Replay protection: a nonce may be used once per AccessKey within the
//! timestamp window.
//!
//! Each (key, nonce) pair is kept as a 64-bit keyed fingerprint (SipHash
//! under a key drawn at start, so no client can aim at a collision),
//! whatever the nonce's length, in two generations per shard. Nine bytes a
//! nonce with the set's control byte: at 100 million remembered nonces a
//! fresh one is refused by a fingerprint collision with odds of about one
//! in 180 billion. A nonce is checked
//! against both and recorded in the current one; when a generation is
//! older than [`NONCE_MEMORY_SECS`] it becomes the previous one and the
//! previous one is dropped. So every nonce is remembered for at least that
//! long (at most twice as long), each check costs two set probes under an
//! uncontended shard lock, and nothing ever sweeps the whole set.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use parking_lot::Mutex;

/// How long a nonce is remembered at least. Timestamps may be up to 15
/// minutes off in either direction, so a request is replayable for at most
/// 30 minutes of server time; one more minute covers clock movement between
/// the checks.
pub(super) const NONCE_MEMORY_SECS: i64 = 31 * 60;

/// Shards of the set, so that concurrent requests rarely share a lock.
const SHARDS: usize = 16;

/// Nonces seen recently, by fingerprint of AccessKey id and nonce.
#[derive(Debug)]
pub struct NonceCache {
    key: RandomState,
    shards: Box<[Mutex<Generations>]>,
}

#[derive(Debug, Default)]
struct Generations {
    current: Prints,
    previous: Prints,
    /// When `current` started, mock-clock seconds.
    since: i64,
}

/// A set of fingerprints. They are keyed hashes already, so the set uses
/// their bits as they are instead of hashing them again.
type Prints = HashSet<u64, BuildHasherDefault<PassThrough>>;

/// The [`Hasher`] of [`Prints`]: the fingerprint itself. (The shard is
/// chosen by bits 32 to 35, which neither the set's bucket index, from the
/// low bits, nor its tag, from the top 7, depends on.)
#[derive(Debug, Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached: a `u64` hashes through `write_u64`.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, print: u64) {
        self.0 = print;
    }
}

impl Default for NonceCache {
    fn default() -> Self {
        Self {
            key: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl NonceCache {
    /// Records the nonce; false when it was already used and is still remembered.
    pub fn check_and_insert(&self, access_key_id: &str, nonce: &str, now_secs: i64) -> bool {
        let print = self.fingerprint(access_key_id, nonce);
        let mut shard = self.shards[((print >> 32) as usize) % SHARDS].lock();
        let age = now_secs.saturating_sub(shard.since);
        if age >= 2 * NONCE_MEMORY_SECS {
            shard.previous.clear();
            shard.current.clear();
            shard.since = now_secs;
        } else if age >= NONCE_MEMORY_SECS {
            let current = std::mem::take(&mut shard.current);
            shard.previous = current;
            shard.since = now_secs;
        }
        !shard.previous.contains(&print) && shard.current.insert(print)
    }

    fn fingerprint(&self, access_key_id: &str, nonce: &str) -> u64 {
        let mut h = self.key.build_hasher();
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        h.write_usize(access_key_id.len());
        h.write(access_key_id.as_bytes());
        h.write(nonce.as_bytes());
        h.finish()
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                let s = s.lock();
                s.current.len() + s.previous.len()
            })
            .sum()
    }

    /// True when no nonce is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once_per_key() {
        let cache = NonceCache::default();
        assert!(cache.check_and_insert("ak", "n1", 100));
        assert!(!cache.check_and_insert("ak", "n1", 101));
        assert!(cache.check_and_insert("other", "n1", 101));
    }

    #[test]
    fn a_nonce_is_remembered_for_the_whole_memory_whenever_it_was_first_seen() {
        let cache = NonceCache::default();
        for start in [0, 1, NONCE_MEMORY_SECS - 1, NONCE_MEMORY_SECS] {
            let nonce = format!("n{start}");
            assert!(cache.check_and_insert("ak", &nonce, start));
            for later in [start + 1, start + NONCE_MEMORY_SECS / 2, start + NONCE_MEMORY_SECS - 1] {
                assert!(!cache.check_and_insert("ak", &nonce, later), "{nonce} at {later}");
            }
        }
    }

    #[test]
    fn a_nonce_may_be_reused_once_twice_its_memory_has_passed() {
        let cache = NonceCache::default();
        assert!(cache.check_and_insert("ak", "n1", 0));
        assert!(cache.check_and_insert("ak", "n1", 2 * NONCE_MEMORY_SECS));
    }

    #[test]
    fn a_long_nonce_costs_no_more_memory_than_a_short_one() {
        let cache = NonceCache::default();
        assert!(cache.check_and_insert("ak", &"x".repeat(32 * 1024), 0));
        assert!(!cache.check_and_insert("ak", &"x".repeat(32 * 1024), 1));
        assert_eq!(cache.len(), 1);
    }
}
