//! Putting state back: adding a fixture's accounts, resetting the whole
//! store or one account to the state a server started with.

use std::collections::HashMap;
use std::sync::Arc;

use super::snapshot::rebuild_key;
use super::{
    Account, AccountSnapshot, AccountState, KeySnapshot, Principal, SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotError,
    Store,
};
use crate::clock::ClockState;

impl Store {
    /// Adds accounts and their keys to the store, keeping what is there.
    /// Refused, with nothing changed, when an account or key id is taken.
    pub fn add_accounts(&self, accounts: Vec<AccountSnapshot>, keys: Vec<KeySnapshot>) -> Result<(), SnapshotError> {
        let part = Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            clock: ClockState::default(),
            default_access_key_id: None,
            accounts,
            access_keys: keys,
        };
        part.validate()?;
        if let Some(a) = part.accounts.iter().find(|a| self.accounts.contains_key(&a.account_id)) {
            return Err(SnapshotError::AccountExists(a.account_id.clone()));
        }
        if let Some(k) = part
            .access_keys
            .iter()
            .find(|k| self.keys.contains_key(&k.access_key_id))
        {
            return Err(SnapshotError::KeyExists(k.access_key_id.clone()));
        }
        let mut by_id = HashMap::new();
        for a in part.accounts {
            let account = Arc::new(Account::new(a.account_id.clone()));
            let state = a.state;
            account.with_state(|s| *s = state);
            by_id.insert(a.account_id, account);
        }
        for k in part.access_keys {
            if let Some(account) = by_id.get(&k.account_id) {
                self.keys
                    .insert(k.access_key_id.clone(), Arc::new(rebuild_key(account, &k)));
            }
        }
        for (id, account) in by_id {
            self.accounts.insert(id.clone(), Arc::clone(&account));
            // A fixture account that names no root identity gets a new one.
            if account.with_state(|s| s.root.logon_email.is_none()) {
                self.provision_root(&account);
            }
        }
        self.reindex_root_contacts();
        self.changed();
        Ok(())
    }

    /// Goes back to `baseline`, the state the server started with (an
    /// empty store when none was recorded).
    pub fn reset_to(&self, baseline: Option<Snapshot>) {
        let baseline = baseline.unwrap_or_else(|| Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            clock: ClockState::default(),
            default_access_key_id: None,
            accounts: Vec::new(),
            access_keys: Vec::new(),
        });
        // A recorded baseline was validated when it was taken.
        let _ = self.import(baseline);
    }

    /// Puts one account back as `baseline` (the state the server started
    /// with) has it, or, for an account made later, as a new account with
    /// only its root keys. False when there is no such account.
    pub fn reset_account(&self, account_id: &str, baseline: Option<&Snapshot>) -> bool {
        let Some(account) = self.account(account_id) else {
            return false;
        };
        let start = baseline
            .as_ref()
            .and_then(|b| b.accounts.iter().find(|a| a.account_id == account_id));
        match start {
            Some(start) => {
                let state = start.state.clone();
                account.with_state(|s| *s = state);
                let start_keys: Vec<&KeySnapshot> = baseline
                    .into_iter()
                    .flat_map(|b| &b.access_keys)
                    .filter(|k| k.account_id == account_id)
                    .collect();
                self.keys.retain(|_, k| k.account().id() != account_id);
                for k in start_keys {
                    self.keys
                        .insert(k.access_key_id.clone(), Arc::new(rebuild_key(&account, k)));
                }
            }
            None => {
                account.with_state(|s| {
                    let root_keys = std::mem::take(&mut s.root_access_keys);
                    let root = std::mem::take(&mut s.root);
                    *s = AccountState::default();
                    s.root_access_keys = root_keys;
                    s.root = root;
                });
                self.keys
                    .retain(|_, k| k.account().id() != account_id || *k.principal() == Principal::Root);
            }
        }
        self.reindex_root_contacts();
        self.changed();
        true
    }
}
