//! One account's view of the store: all that a handler of a request signed
//! in that account may touch. The pipeline makes one from the key that
//! signed; a handler holding it has no way to reach another account's
//! state, keys or contacts.

use std::sync::Arc;

use super::{AccessKey, Account, AccountState, ClaimRefusal, Credentials, Outbox, Principal, Store};

/// The signer's account, and the store's shared indexes as seen from it.
#[derive(Clone, Debug)]
pub struct AccountScope {
    store: Arc<Store>,
    account: Arc<Account>,
}

impl AccountScope {
    /// The scope of `account` in `store`.
    pub(crate) fn new(store: Arc<Store>, account: Arc<Account>) -> Self {
        Self { store, account }
    }

    /// The account's id.
    pub fn id(&self) -> &str {
        self.account.id()
    }

    /// Runs `f` on the account's state, under the account's lock.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut AccountState) -> R) -> R {
        self.account.with_state(f)
    }

    /// The mock clock's time, Unix seconds.
    pub fn now(&self) -> i64 {
        self.store.clock().now_secs()
    }

    /// A new AccessKey of this account signing as `principal`. The caller
    /// records it in the owner's state under the account's lock.
    pub fn create_key(&self, principal: Principal) -> Credentials {
        self.store.create_key(&self.account, principal)
    }

    /// The key with this id, if it is one of this account's.
    pub fn key(&self, id: &str) -> Option<Arc<AccessKey>> {
        self.store
            .access_key(id)
            .filter(|k| Arc::ptr_eq(k.account(), &self.account))
    }

    /// Deletes one of this account's keys: it stops authenticating at once.
    /// A key of another account is left alone.
    pub fn remove_key(&self, id: &str) {
        if self.key(id).is_some() {
            self.store.remove_key(id);
        }
    }

    /// Makes `email` this account's logon email in the index of all
    /// accounts' emails (unique across accounts).
    pub fn claim_email(&self, email: &str) -> Result<(), ClaimRefusal> {
        self.store.contacts().claim_email(email, self.id())
    }

    /// Gives up this account's claim on `email`.
    pub fn release_email(&self, email: &str) {
        self.store.contacts().release_email(email, self.id());
    }

    /// Binds `mobile` to this account (a number binds at most six accounts).
    pub fn claim_mobile(&self, mobile: &str) -> Result<(), ClaimRefusal> {
        self.store.contacts().claim_mobile(mobile, self.id())
    }

    /// Unbinds `mobile` from this account.
    pub fn release_mobile(&self, mobile: &str) {
        self.store.contacts().release_mobile(mobile, self.id());
    }

    /// Where verification codes are "sent" (shared by all accounts: it is
    /// the mock's mail and SMS gateway, not an account's state).
    pub fn outbox(&self) -> &Outbox {
        self.store.outbox()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_sees_and_removes_only_its_own_accounts_keys() {
        let store = Arc::new(Store::default());
        let (mine, _) = store.create_account(None);
        let (_, theirs) = store.create_account(None);
        let scope = AccountScope::new(Arc::clone(&store), mine);
        assert!(scope.key(&theirs.access_key_id).is_none());
        scope.remove_key(&theirs.access_key_id);
        assert!(
            store.access_key(&theirs.access_key_id).is_some(),
            "another account's key survives"
        );
        let own = scope.create_key(Principal::Root);
        assert!(scope.key(&own.access_key_id).is_some());
        scope.remove_key(&own.access_key_id);
        assert!(store.access_key(&own.access_key_id).is_none());
    }
}
