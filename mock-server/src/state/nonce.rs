//! Replay protection: a nonce may be used once per AccessKey within the
//! timestamp window.

use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

/// How long a nonce is remembered. Timestamps may be up to 15 minutes off in
/// either direction, so a request is replayable for at most 30 minutes of
/// server time; one more minute covers clock movement between the checks.
pub(super) const NONCE_MEMORY_SECS: i64 = 31 * 60;

/// How many insertions pass between sweeps of expired nonces.
const SWEEP_EVERY: u64 = 4096;

/// Nonces seen recently, keyed by AccessKey id and nonce, with their expiry.
#[derive(Debug, Default)]
pub struct NonceCache {
    seen: DashMap<(String, String), i64>,
    inserts: AtomicU64,
}

impl NonceCache {
    /// Records the nonce; false when it was already used and has not expired.
    pub fn check_and_insert(&self, access_key_id: &str, nonce: &str, now_secs: i64) -> bool {
        let fresh = match self.seen.entry((access_key_id.to_owned(), nonce.to_owned())) {
            Entry::Occupied(mut e) if *e.get() <= now_secs => {
                e.insert(now_secs + NONCE_MEMORY_SECS);
                true
            }
            Entry::Occupied(_) => false,
            Entry::Vacant(e) => {
                e.insert(now_secs + NONCE_MEMORY_SECS);
                true
            }
        };
        if self.inserts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.seen.retain(|_, expires| *expires > now_secs);
        }
        fresh
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// True when no nonce is remembered.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
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
    fn a_nonce_may_be_reused_after_its_memory_expires() {
        let cache = NonceCache::default();
        assert!(cache.check_and_insert("ak", "n1", 0));
        assert!(cache.check_and_insert("ak", "n1", NONCE_MEMORY_SECS));
    }
}
