//! The whole store as one serializable value: export, import, reset.
//!
//! Accounts are kept as their whole [`AccountState`] (never field by field),
//! so state added later is in snapshots without touching this file. AccessKeys
//! are kept with their secrets: a snapshot is the mock's own test data and
//! must restore keys that sign. Nonces, fault rules and the request log are
//! not state and are not kept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{AccessKey, Account, AccountState, KeyStatus, Principal, Store};
use crate::clock::ClockState;

/// The snapshot format this version writes and reads.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// Everything the mock knows, as a value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    /// The format, [`SNAPSHOT_FORMAT_VERSION`]; other versions are refused.
    pub format_version: u32,
    /// The mock clock's setting.
    #[serde(default)]
    pub clock: ClockState,
    /// The AccessKey id of the server's default account's root, if any.
    #[serde(default)]
    pub default_access_key_id: Option<String>,
    /// Every account, by id.
    #[serde(default)]
    pub accounts: Vec<AccountSnapshot>,
    /// Every AccessKey (root, users', STS sessions').
    #[serde(default)]
    pub access_keys: Vec<KeySnapshot>,
}

/// One account in a snapshot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountSnapshot {
    /// The 16-digit account id.
    pub account_id: String,
    /// Its whole state.
    #[serde(default)]
    pub state: AccountState,
}

/// One AccessKey in a snapshot.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySnapshot {
    /// The AccessKey id.
    pub access_key_id: String,
    /// The account it belongs to.
    pub account_id: String,
    /// Who signs with it.
    pub principal: Principal,
    /// Its secret.
    pub secret: String,
    /// Whether it may sign.
    pub status: KeyStatus,
    /// For STS keys: the token and its expiry.
    #[serde(default)]
    pub security_token: Option<StsToken>,
}

/// An STS key's token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StsToken {
    /// The token.
    pub token: String,
    /// Unix seconds on the mock clock.
    pub expires_at: i64,
}

impl std::fmt::Debug for KeySnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySnapshot")
            .field("access_key_id", &self.access_key_id)
            .field("account_id", &self.account_id)
            .field("principal", &self.principal)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for StsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StsToken")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Why a snapshot was refused. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// Not JSON, or not shaped like a snapshot.
    #[error("not a ramkit-mock snapshot: {0}")]
    Malformed(String),
    /// No `format_version` field.
    #[error("not a ramkit-mock snapshot: it has no format_version")]
    NoVersion,
    /// A format this version cannot read.
    #[error(
        "snapshot format version {found} is not supported: ramkit-mock {} reads version {SNAPSHOT_FORMAT_VERSION}",
        env!("CARGO_PKG_VERSION")
    )]
    UnknownVersion {
        /// The version found.
        found: u64,
    },
    /// Two accounts with one id.
    #[error("account {0} appears twice")]
    DuplicateAccount(String),
    /// Two keys with one id.
    #[error("AccessKey {0} appears twice")]
    DuplicateKey(String),
    /// An account that already exists (when adding accounts).
    #[error("account {0} already exists")]
    AccountExists(String),
    /// An AccessKey that already exists (when adding accounts).
    #[error("AccessKey {0} already exists")]
    KeyExists(String),
    /// A key of an account the snapshot does not have.
    #[error("AccessKey {key} belongs to account {account}, which the snapshot does not have")]
    OrphanKey {
        /// The key id.
        key: String,
        /// The missing account.
        account: String,
    },
}

impl Snapshot {
    /// Reads a snapshot from JSON text, refusing unknown format versions.
    pub fn from_json(text: &[u8]) -> Result<Self, SnapshotError> {
        let value: serde_json::Value =
            serde_json::from_slice(text).map_err(|e| SnapshotError::Malformed(e.to_string()))?;
        Self::from_value(value)
    }

    /// Reads a snapshot from a JSON value, refusing unknown format versions.
    pub fn from_value(value: serde_json::Value) -> Result<Self, SnapshotError> {
        let version = value
            .get("format_version")
            .ok_or(SnapshotError::NoVersion)?
            .as_u64()
            .ok_or_else(|| SnapshotError::Malformed("format_version is not a number".into()))?;
        if version != u64::from(SNAPSHOT_FORMAT_VERSION) {
            return Err(SnapshotError::UnknownVersion { found: version });
        }
        let snapshot: Self = serde_json::from_value(value).map_err(|e| SnapshotError::Malformed(e.to_string()))?;
        snapshot.validate()?;
        Ok(snapshot)
    }

    /// The snapshot as pretty JSON.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing plain data into memory cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub(super) fn validate(&self) -> Result<(), SnapshotError> {
        let mut accounts = HashSet::new();
        for a in &self.accounts {
            if !accounts.insert(a.account_id.as_str()) {
                return Err(SnapshotError::DuplicateAccount(a.account_id.clone()));
            }
        }
        let mut keys = HashSet::new();
        for k in &self.access_keys {
            if !keys.insert(k.access_key_id.as_str()) {
                return Err(SnapshotError::DuplicateKey(k.access_key_id.clone()));
            }
            if !accounts.contains(k.account_id.as_str()) {
                return Err(SnapshotError::OrphanKey {
                    key: k.access_key_id.clone(),
                    account: k.account_id.clone(),
                });
            }
        }
        Ok(())
    }
}

impl Store {
    /// How many AccessKeys exist.
    pub fn access_key_count(&self) -> usize {
        self.keys.len()
    }

    /// The whole state as a snapshot. Each account is read under its own
    /// lock, so each account is consistent in itself.
    pub fn snapshot(&self) -> Snapshot {
        let mut accounts: Vec<AccountSnapshot> = self
            .accounts
            .iter()
            .map(|a| AccountSnapshot {
                account_id: a.key().clone(),
                state: a.value().with_state(|s| s.clone()),
            })
            .collect();
        accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        let mut access_keys: Vec<KeySnapshot> = self.keys.iter().map(|k| key_snapshot(k.key(), k.value())).collect();
        access_keys.sort_by(|a, b| a.access_key_id.cmp(&b.access_key_id));
        Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            clock: self.clock.state(),
            default_access_key_id: self.default_key(),
            accounts,
            access_keys,
        }
    }

    /// Replaces the whole state with `snapshot` (checked first: a refused
    /// snapshot changes nothing). Accounts that exist in both keep their
    /// identity and get the snapshot's state under their lock; accounts and
    /// keys the snapshot lacks are removed last, so a request racing the
    /// import sees each account either before or after.
    pub fn import(&self, snapshot: Snapshot) -> Result<(), SnapshotError> {
        snapshot.validate()?;
        let mut by_id: HashMap<String, Arc<Account>> = HashMap::new();
        for a in snapshot.accounts {
            let account = self
                .account(&a.account_id)
                .unwrap_or_else(|| Arc::new(Account::new(a.account_id.clone())));
            let state = a.state;
            account.with_state(|s| *s = state);
            self.accounts.insert(a.account_id.clone(), Arc::clone(&account));
            by_id.insert(a.account_id, account);
        }
        let mut kept = HashSet::new();
        for k in snapshot.access_keys {
            let Some(account) = by_id.get(&k.account_id) else {
                continue; // validated: unreachable
            };
            self.keys
                .insert(k.access_key_id.clone(), Arc::new(rebuild_key(account, &k)));
            kept.insert(k.access_key_id);
        }
        self.keys.retain(|id, _| kept.contains(id));
        self.accounts.retain(|id, _| by_id.contains_key(id));
        self.reindex_root_contacts();
        self.clock.restore(snapshot.clock);
        if snapshot.default_access_key_id.is_some() {
            self.set_default_key(snapshot.default_access_key_id);
        }
        self.changed();
        Ok(())
    }
}

pub(super) fn rebuild_key(account: &Arc<Account>, k: &KeySnapshot) -> AccessKey {
    let key = AccessKey::new(
        Arc::clone(account),
        k.principal.clone(),
        k.secret.clone(),
        k.security_token.as_ref().map(|t| (t.token.clone(), t.expires_at)),
    );
    key.set_status(k.status);
    key
}

fn key_snapshot(id: &str, key: &AccessKey) -> KeySnapshot {
    KeySnapshot {
        access_key_id: id.to_owned(),
        account_id: key.account().id().to_owned(),
        principal: key.principal().clone(),
        secret: key.secret().to_owned(),
        status: key.status(),
        security_token: key.security_token().map(|(token, expires_at)| StsToken {
            token: token.to_owned(),
            expires_at,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_of_an_unknown_format_version_is_refused_by_name() {
        let err = Snapshot::from_json(br#"{"format_version": 99}"#).expect_err("refused");
        assert!(err.to_string().contains("format version 99 is not supported"), "{err}");
        let err = Snapshot::from_json(br#"{"accounts": []}"#).expect_err("refused");
        assert!(matches!(err, SnapshotError::NoVersion));
    }

    #[test]
    fn a_snapshot_round_trips_through_json_and_a_new_store() {
        let store = Store::default();
        let (account, creds) = store.create_account(None);
        account.with_state(|s| s.password_policy.minimum_password_length = 14);
        store.clock().freeze_at(5_000);
        let snap = store.snapshot();

        let other = Store::default();
        other
            .import(Snapshot::from_json(&snap.to_json()).expect("parses"))
            .expect("imports");
        assert_eq!(other.snapshot().to_json(), snap.to_json());
        let key = other.access_key(&creds.access_key_id).expect("the key is back");
        assert_eq!(key.secret(), creds.access_key_secret);
        assert_eq!(
            key.account().with_state(|s| s.password_policy.minimum_password_length),
            14
        );
        assert_eq!(other.clock().now_ms(), 5_000);
    }

    #[test]
    fn a_key_of_a_missing_account_is_refused_and_nothing_changes() {
        let store = Store::default();
        let (_, creds) = store.create_account(None);
        let mut snap = store.snapshot();
        snap.accounts.clear();
        assert!(matches!(store.import(snap), Err(SnapshotError::OrphanKey { .. })));
        assert!(store.access_key(&creds.access_key_id).is_some());
    }

    #[test]
    fn debug_of_a_key_snapshot_hides_the_secret_and_token() {
        let k = KeySnapshot {
            access_key_id: "id".into(),
            account_id: "1".into(),
            principal: Principal::Root,
            secret: "the-secret".into(),
            status: KeyStatus::Active,
            security_token: Some(StsToken {
                token: "the-token".into(),
                expires_at: 1,
            }),
        };
        let debug = format!("{k:?}");
        assert!(!debug.contains("the-secret") && !debug.contains("the-token"), "{debug}");
    }
}
