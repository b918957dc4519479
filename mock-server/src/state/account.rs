//! One account: its id and its state behind its own lock.

use parking_lot::Mutex;

use super::PasswordPolicy;

/// One Alibaba Cloud account.
#[derive(Debug)]
pub struct Account {
    id: String,
    state: Mutex<AccountState>,
}

/// What changes in an account; always changed under [`Account::with_state`].
#[derive(Debug, Default)]
pub struct AccountState {
    /// The password policy for RAM users.
    pub password_policy: PasswordPolicy,
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
