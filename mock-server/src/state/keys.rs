//! AccessKeys and the principals they sign as.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use ramkit_signing::v3;

use super::Account;

/// Who signs a request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "Kind")]
pub enum Principal {
    /// The account's own (root) identity: may do everything.
    Root,
    /// A RAM user, by its immutable id: allowed what its attached policies
    /// and the security preference allow.
    User {
        /// The user's `UserId`.
        user_id: String,
    },
    /// A role session from STS, allowed what its system policies allow.
    AssumedRole {
        /// The role's name.
        role_name: String,
        /// Names of the system policies the session carries.
        policies: Vec<String>,
    },
}

/// Whether a key may sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KeyStatus {
    /// The key signs.
    Active,
    /// The key is refused with `InvalidAccessKeyId.Inactive`.
    Inactive,
}

/// An AccessKey: its secret, owner and status.
pub struct AccessKey {
    account: Arc<Account>,
    principal: Principal,
    secret: String,
    /// The secret prepared for the V3 verifier (its HMAC key schedule).
    verify_key: v3::VerifyKey,
    /// STS token and its expiry (Unix seconds on the mock clock).
    sts: Option<(String, i64)>,
    status: AtomicU8,
}

impl std::fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessKey")
            .field("account", &self.account.id())
            .field("principal", &self.principal)
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl AccessKey {
    /// A new active key.
    pub fn new(account: Arc<Account>, principal: Principal, secret: String, sts: Option<(String, i64)>) -> Self {
        Self {
            account,
            principal,
            verify_key: v3::VerifyKey::new(&secret),
            secret,
            sts,
            status: AtomicU8::new(0),
        }
    }

    /// The account the key belongs to.
    pub fn account(&self) -> &Arc<Account> {
        &self.account
    }

    /// Who signs with it.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The secret, for the verifier only.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The secret prepared for the V3 verifier.
    pub fn verify_key(&self) -> &v3::VerifyKey {
        &self.verify_key
    }

    /// The STS token and its expiry, for temporary credentials.
    pub fn security_token(&self) -> Option<(&str, i64)> {
        self.sts.as_ref().map(|(t, e)| (t.as_str(), *e))
    }

    /// Whether the key may sign.
    pub fn status(&self) -> KeyStatus {
        match self.status.load(Ordering::Acquire) {
            0 => KeyStatus::Active,
            _ => KeyStatus::Inactive,
        }
    }

    /// Enables or disables the key.
    pub fn set_status(&self, status: KeyStatus) {
        self.status
            .store(matches!(status, KeyStatus::Inactive) as u8, Ordering::Release);
    }
}
