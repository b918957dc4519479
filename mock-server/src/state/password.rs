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

/// A salted hash of a password (held as bytes, kept in snapshots as hex).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordHash {
    /// The 16-byte salt.
    #[serde(with = "hex_bytes")]
    salt: [u8; 16],
    /// SHA-256(salt ‖ password).
    #[serde(with = "hex_bytes")]
    hash: [u8; 32],
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
            hash: digest(&salt, password),
            salt,
        }
    }

    /// Whether `password` is the one hashed.
    pub fn matches(&self, password: &str) -> bool {
        digest(&self.salt, password).ct_eq(&self.hash).into()
    }
}

/// Fixed-size byte arrays as lower-case hex text; text of another length
/// or with other characters is refused.
mod hex_bytes {
    use hex::FromHex;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer, const N: usize>(bytes: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error>
    where
        [u8; N]: FromHex<Error = hex::FromHexError>,
    {
        let text = String::deserialize(d)?;
        <[u8; N]>::from_hex(text).map_err(D::Error::custom)
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
    fn a_hash_kept_as_hex_reads_back_and_still_matches() {
        let h = PasswordHash::new("Correct#Horse1");
        let kept = serde_json::to_value(&h).expect("serializes");
        let salt = kept["salt"].as_str().expect("hex text");
        assert_eq!(salt.len(), 32);
        assert!(salt.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let back: PasswordHash = serde_json::from_value(kept).expect("reads back");
        assert!(back.matches("Correct#Horse1"));
    }

    #[test]
    fn a_kept_hash_of_the_wrong_length_or_not_hex_is_refused() {
        let good = serde_json::to_value(PasswordHash::new("x")).expect("serializes");
        let mut short = good.clone();
        short["hash"] = serde_json::json!("abcd");
        assert!(serde_json::from_value::<PasswordHash>(short).is_err());
        let mut not_hex = good;
        not_hex["salt"] = serde_json::json!("zz".repeat(16));
        assert!(serde_json::from_value::<PasswordHash>(not_hex).is_err());
    }

    #[test]
    fn debug_never_shows_the_hash() {
        let h = PasswordHash::new("secret-pass");
        assert_eq!(format!("{h:?}"), "PasswordHash(** redacted **)");
    }
}
