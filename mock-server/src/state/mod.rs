//! In-memory, multi-tenant state.
//!
//! Accounts are isolated by the AccessKey that signs a request. Lookups go
//! through sharded concurrent maps (no global lock); one account's data
//! changes under that account's own mutex, never held across an `.await`.

mod account;
mod contacts;
mod keys;
mod logon;
mod nonce;
mod outbox;
mod password;
mod policy;
mod preference;
mod restore;
mod root;
mod scope;
mod sessions;
mod snapshot;
mod users;
mod verification;

pub use account::{Account, AccountState};
pub use contacts::{ClaimRefusal, Contacts, MAX_ACCOUNTS_PER_MOBILE, is_valid_email, mask_mobile, mobile_country_code};
pub use keys::{AccessKey, KeyStatus, Principal};
pub use logon::{LOCKOUT_SECS, LogonRefusal, PasswordRefusal, PasswordSetter, ROOT_SESSION_SECS, UserLogon};
pub use nonce::NonceCache;
pub use outbox::{Channel, Outbox, RESEND_INTERVAL_SECS, SentCode};
pub use password::PasswordHash;
pub use policy::PasswordPolicy;
pub use preference::{SecurityPreference, parse_network_mask};
pub use root::RootProfile;
pub use root::{AccountType, AvatarColor, IdentityVerification};
pub use scope::AccountScope;
pub use sessions::{ConsoleSession, ConsoleSessions, SessionOwner};
pub use snapshot::{AccountSnapshot, KeySnapshot, SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotError, StsToken};
pub use users::{AttachedPolicy, KeyRecord, LoginProfile, MAX_USER_KEYS, MAX_USER_POLICIES, MAX_USERS, User, Users};
pub use verification::{CODE_TTL_SECS, CodePurpose, CodeRefusal, PendingCodes, TotpSecret};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use dashmap::DashMap;
use parking_lot::Mutex;
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::clock::Clock;

/// AccessKey credentials as handed to a user of the mock.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The AccessKey id.
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: String,
    /// The STS token, for temporary credentials.
    pub security_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Everything the mock knows.
#[derive(Debug, Default)]
pub struct Store {
    accounts: DashMap<String, Arc<Account>>,
    keys: DashMap<String, Arc<AccessKey>>,
    nonces: NonceCache,
    clock: Clock,
    contacts: Contacts,
    outbox: Outbox,
    changes: Changes,
    default_key: Mutex<Option<String>>,
}

/// Who wants to know that the state changed (the state file's writer).
#[derive(Debug, Default)]
struct Changes {
    notify: tokio::sync::Notify,
    watched: AtomicBool,
}

impl Store {
    /// The mock's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Signals that the state changed (a write action succeeded, a fixture
    /// or snapshot was loaded, the state was reset, the clock moved). Costs
    /// one relaxed load when nobody watches (no state file).
    pub fn changed(&self) {
        if self.changes.watched.load(Ordering::Relaxed) {
            self.changes.notify.notify_one();
        }
    }

    /// From now on, [`Store::changed`] wakes [`Store::next_change`].
    pub fn watch_changes(&self) {
        self.changes.watched.store(true, Ordering::Release);
    }

    /// Resolves at the next change (or at once, if one was signalled since
    /// the last wait). Only one waiter (the state file's writer) is woken.
    pub async fn next_change(&self) {
        self.changes.notify.notified().await;
    }

    /// The AccessKey id of the server's default account's root, if any.
    pub fn default_key(&self) -> Option<String> {
        self.default_key.lock().clone()
    }

    /// Records the default account's root AccessKey id.
    pub fn set_default_key(&self, id: Option<String>) {
        *self.default_key.lock() = id;
    }

    /// The replay guard.
    pub fn nonces(&self) -> &NonceCache {
        &self.nonces
    }

    /// Creates an account whose root principal signs with the given key pair
    /// (generated when `None`).
    pub fn create_account(&self, root_key: Option<(String, String)>) -> (Arc<Account>, Credentials) {
        let account = Arc::new(Account::new(generate_account_id()));
        self.accounts.insert(account.id().to_owned(), Arc::clone(&account));
        self.provision_root(&account);
        let (id, secret) = root_key.unwrap_or_else(generate_key_pair);
        let now = self.clock.now_secs();
        account.with_state(|s| {
            s.root_access_keys.push(KeyRecord {
                access_key_id: id.clone(),
                create_date: now,
            })
        });
        self.keys.insert(
            id.clone(),
            Arc::new(AccessKey::new(
                Arc::clone(&account),
                Principal::Root,
                secret.clone(),
                None,
            )),
        );
        (
            account,
            Credentials {
                access_key_id: id,
                access_key_secret: secret,
                security_token: None,
            },
        )
    }

    /// Issues temporary (STS) credentials for a role session in `account`,
    /// allowed what the named system policies allow, valid until
    /// `expires_at_secs` on the mock's clock.
    pub fn issue_sts_credentials(
        &self,
        account: &Arc<Account>,
        role_name: &str,
        policies: Vec<String>,
        expires_at_secs: i64,
    ) -> Credentials {
        let (id, secret) = generate_key_pair();
        let id = format!("STS.{id}");
        let token = format!("CAIS{}", random_alphanumeric(120));
        let principal = Principal::AssumedRole {
            role_name: role_name.to_owned(),
            policies,
        };
        self.insert_key(
            id.clone(),
            AccessKey::new(
                Arc::clone(account),
                principal,
                secret.clone(),
                Some((token.clone(), expires_at_secs)),
            ),
        );
        Credentials {
            access_key_id: id,
            access_key_secret: secret,
            security_token: Some(token),
        }
    }

    /// Registers a key exactly as given (fixtures, signature vectors).
    pub fn insert_key(&self, id: String, key: AccessKey) {
        self.keys.insert(id, Arc::new(key));
    }

    /// Creates a new AccessKey signing as `principal` in `account`. The caller
    /// records it in the owner's state under the account's lock.
    pub fn create_key(&self, account: &Arc<Account>, principal: Principal) -> Credentials {
        let (id, secret) = generate_key_pair();
        self.insert_key(
            id.clone(),
            AccessKey::new(Arc::clone(account), principal, secret.clone(), None),
        );
        Credentials {
            access_key_id: id,
            access_key_secret: secret,
            security_token: None,
        }
    }

    /// Deletes a key: it stops authenticating at once.
    pub fn remove_key(&self, id: &str) {
        self.keys.remove(id);
    }

    /// The key with this id, if it exists.
    pub fn access_key(&self, id: &str) -> Option<Arc<AccessKey>> {
        self.keys.get(id).map(|k| Arc::clone(k.value()))
    }

    /// The account with this id, if it exists.
    pub fn account(&self, id: &str) -> Option<Arc<Account>> {
        self.accounts.get(id).map(|a| Arc::clone(a.value()))
    }

    /// How many accounts exist.
    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }
}

fn random_alphanumeric(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A 16-digit id, as the cloud shows account and user ids.
pub fn generate_account_id() -> String {
    let mut rng = rand::rng();
    format!(
        "{}{:015}",
        rng.random_range(1..=9),
        rng.random_range(0..1_000_000_000_000_000u64)
    )
}

/// An AccessKey pair shaped like the cloud's: a 24-character `LTAI…` id and a
/// 30-character secret.
pub fn generate_key_pair() -> (String, String) {
    (format!("LTAI5t{}", random_alphanumeric(18)), random_alphanumeric(30))
}
