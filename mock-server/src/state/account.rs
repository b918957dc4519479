//! One account: its id and its state behind its own lock.

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use super::{ConsoleSessions, PasswordPolicy, RootProfile, SecurityPreference, Users};

/// One Alibaba Cloud account.
#[derive(Debug)]
pub struct Account {
    id: String,
    state: Mutex<AccountState>,
}

/// What changes in an account; always changed under [`Account::with_state`].
///
/// Serializable as a whole, so a snapshot never lists fields by hand.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountState {
    /// The password policy for RAM users.
    pub password_policy: PasswordPolicy,
    /// The security preference for RAM users.
    pub security_preference: SecurityPreference,
    /// RAM users.
    pub users: Users,
    /// The root identity (logon email, mobile, password).
    pub root: RootProfile,
    /// The root's own AccessKeys.
    pub root_access_keys: Vec<super::KeyRecord>,
    /// Live console sessions of the root, the users and assumed roles.
    pub console_sessions: ConsoleSessions,
}

impl Account {
    pub(super) fn new(id: String) -> Self {
        Self {
            id,
            state: Mutex::new(AccountState::default()),
        }
    }

    /// The 16-digit account id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs `f` with the account's state locked. `f` is synchronous, so the
    /// lock can never be held across an `.await`.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut AccountState) -> R) -> R {
        f(&mut self.state.lock())
    }
}
