//! Stored passwords: salted SHA-256, never the text.
//!
//! A mock does not need a slow key-derivation function (argon2 would cost
//! milliseconds per logon and per password change, and the concurrency tests
//! change thousands of passwords); it needs the text to never be kept, shown
//! or logged. A random 16-byte salt per password and a constant-time compare
//! give that.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A salted hash of a password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordHash {
    /// Hex of the 16-byte salt.
    salt: String,
    /// Hex of SHA-256(salt ‖ password).
    hash: String,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(** redacted **)")
    }
}

impl PasswordHash {
    /// Hashes `password` with a fresh random salt.
    pub fn new(password: &str) -> Self {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        Self {
            hash: hex::encode(digest(&salt, password)),
            salt: hex::encode(salt),
        }
    }

    /// Whether `password` is the one hashed.
    pub fn matches(&self, password: &str) -> bool {
        let (Ok(salt), Ok(hash)) = (hex::decode(&self.salt), hex::decode(&self.hash)) else {
            return false;
        };
        digest(&salt, password).as_slice().ct_eq(&hash).into()
    }
}

fn digest(salt: &[u8], password: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(password.as_bytes());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_matches_its_password_and_no_other() {
        let h = PasswordHash::new("Correct#Horse1");
        assert!(h.matches("Correct#Horse1"));
        assert!(!h.matches("Correct#Horse2"));
        assert!(!h.matches(""));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        assert_ne!(PasswordHash::new("same"), PasswordHash::new("same"));
    }

    #[test]
    fn debug_never_shows_the_hash() {
        let h = PasswordHash::new("secret-pass");
        assert_eq!(format!("{h:?}"), "PasswordHash(** redacted **)");
    }
}
