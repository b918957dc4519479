//! Indexes across accounts: logon email → account (unique) and mobile →
//! accounts (at most [`MAX_ACCOUNTS_PER_MOBILE`]), kept beside the accounts'
//! own state.
//!
//! An index entry is claimed (DashMap entry API, atomic per key) before the
//! account's state changes and the old entry is released after, so two
//! accounts can never both hold one email, and no account lock is ever held
//! while an index shard is locked.

use std::sync::Arc;

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;
use rand::Rng;
use rand::distr::Alphanumeric;

use super::root::DEFAULT_COUNTRY_CODE;
use super::{Account, PasswordHash, Store};

/// How many accounts one mobile number may be bound to.
pub const MAX_ACCOUNTS_PER_MOBILE: usize = 6;

/// The domain of a new account's logon email: `.invalid` is reserved
/// (RFC 2606), so no real mail can ever go there.
pub(super) const DEFAULT_EMAIL_DOMAIN: &str = "ramkit.invalid";

/// The global logon email and mobile indexes.
#[derive(Debug, Default)]
pub struct Contacts {
    /// Lower-cased logon email → account id.
    emails: DashMap<String, String>,
    /// Mobile → ids of the accounts bound to it.
    mobiles: DashMap<String, Vec<String>>,
}

/// Why an index refused a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimRefusal {
    /// The email is another account's logon email.
    EmailTaken,
    /// The mobile is bound to six other accounts already.
    MobileFull,
}

impl Contacts {
    /// Claims `email` for `account_id`; refused when another account holds it.
    pub fn claim_email(&self, email: &str, account_id: &str) -> Result<(), ClaimRefusal> {
        match self.emails.entry(email.to_ascii_lowercase()) {
            Entry::Occupied(e) if e.get() != account_id => Err(ClaimRefusal::EmailTaken),
            Entry::Occupied(_) => Ok(()),
            Entry::Vacant(e) => {
                e.insert(account_id.to_owned());
                Ok(())
            }
        }
    }

    /// Releases `email` if `account_id` holds it.
    pub fn release_email(&self, email: &str, account_id: &str) {
        self.emails
            .remove_if(&email.to_ascii_lowercase(), |_, owner| owner == account_id);
    }

    /// The id of the account whose logon email this is (any case).
    pub fn account_of_email(&self, email: &str) -> Option<String> {
        self.emails.get(&email.to_ascii_lowercase()).map(|e| e.value().clone())
    }

    /// Binds `mobile` to `account_id`; refused when six other accounts have it.
    pub fn claim_mobile(&self, mobile: &str, account_id: &str) -> Result<(), ClaimRefusal> {
        let mut bound = self.mobiles.entry(mobile.to_owned()).or_default();
        if bound.iter().any(|a| a == account_id) {
            return Ok(());
        }
        if bound.len() >= MAX_ACCOUNTS_PER_MOBILE {
            return Err(ClaimRefusal::MobileFull);
        }
        bound.push(account_id.to_owned());
        Ok(())
    }

    /// Unbinds `mobile` from `account_id`.
    pub fn release_mobile(&self, mobile: &str, account_id: &str) {
        if let Entry::Occupied(mut e) = self.mobiles.entry(mobile.to_owned()) {
            e.get_mut().retain(|a| a != account_id);
            if e.get().is_empty() {
                e.remove();
            }
        }
    }

    /// The ids of the accounts bound to `mobile`.
    pub fn accounts_of_mobile(&self, mobile: &str) -> Vec<String> {
        self.mobiles.get(mobile).map(|m| m.value().clone()).unwrap_or_default()
    }
}

impl Store {
    /// The logon email and mobile indexes.
    pub fn contacts(&self) -> &Contacts {
        &self.contacts
    }

    /// The account whose root logs on with this email (any case).
    pub fn account_by_logon_email(&self, email: &str) -> Option<Arc<Account>> {
        self.account(&self.contacts.account_of_email(email)?)
    }

    /// The accounts whose root mobile this is (a root can log on with it).
    pub fn accounts_by_mobile(&self, mobile: &str) -> Vec<Arc<Account>> {
        self.contacts
            .accounts_of_mobile(mobile)
            .iter()
            .filter_map(|id| self.account(id))
            .collect()
    }

    /// Rebuilds both indexes from the accounts' root profiles, for state
    /// that was replaced wholesale (a snapshot import, a reset). An email two
    /// accounts claim stays with the first one met; a mobile binds at most
    /// six accounts.
    pub fn reindex_root_contacts(&self) {
        self.contacts.emails.clear();
        self.contacts.mobiles.clear();
        // Collected first: no account lock is taken while a map shard is held.
        let accounts: Vec<Arc<Account>> = self.accounts.iter().map(|a| Arc::clone(a.value())).collect();
        for account in accounts {
            let (email, mobile) = account.with_state(|s| (s.root.logon_email.clone(), s.root.mobile.clone()));
            if let Some(email) = email {
                let _ = self.contacts.claim_email(&email, account.id());
            }
            if let Some(mobile) = mobile {
                let _ = self.contacts.claim_mobile(&mobile, account.id());
            }
        }
    }

    /// Gives a new account's root its defaults: logon email
    /// `account-<id>@ramkit.invalid`, a random `86-1…` mobile and a random
    /// password that is hashed and never shown (set a known one with
    /// ModifyAccountPassword).
    pub(super) fn provision_root(&self, account: &Arc<Account>) {
        let email = format!("account-{}@{DEFAULT_EMAIL_DOMAIN}", account.id());
        // A fresh account id is unique, so its email is free.
        let _ = self.contacts.claim_email(&email, account.id());
        let mobile = loop {
            let m = format!(
                "{DEFAULT_COUNTRY_CODE}-13{:09}",
                rand::rng().random_range(0..1_000_000_000u32)
            );
            if self.contacts.claim_mobile(&m, account.id()).is_ok() {
                break m;
            }
        };
        let password: String = rand::rng()
            .sample_iter(&Alphanumeric)
            .take(24)
            .map(char::from)
            .collect();
        account.with_state(|s| {
            s.root.logon_email = Some(email);
            s.root.mobile = Some(mobile);
            s.root.password = Some(PasswordHash::new(&password));
        });
    }
}

/// Whether `email` is a well-formed address: `local@domain.tld`, no spaces,
/// at most 254 characters, a local part of at most 64 of `A-Z a-z 0-9 . _ % + -`,
/// domain labels of `A-Z a-z 0-9 -` and an alphabetic top-level domain.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    email.len() <= 254 && local_ok && domain_ok
}

/// A mobile as `<country code>-<number>`: 1-4 digits, `-`, 4-15 digits; for
/// `86`, an 11-digit number starting with 1. The country code, when well formed.
pub fn mobile_country_code(mobile: &str) -> Option<&str> {
    let (cc, number) = mobile.split_once('-')?;
    let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    let ok =
        digits(cc, 1..=4) && digits(number, 4..=15) && (cc != "86" || (number.len() == 11 && number.starts_with('1')));
    ok.then_some(cc)
}

/// A mobile with all but the first three and last four digits of the
/// number hidden: `86-138****5678`.
pub fn mask_mobile(mobile: &str) -> String {
    let Some((cc, number)) = mobile.split_once('-') else {
        return "****".to_owned();
    };
    let n = number.chars().count();
    if n <= 7 {
        return format!("{cc}-{}", "*".repeat(n));
    }
    let head: String = number.chars().take(3).collect();
    let tail: String = number.chars().skip(n - 4).collect();
    format!("{cc}-{head}{}{tail}", "*".repeat(n - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_belongs_to_one_account_and_is_free_again_once_released() {
        let c = Contacts::default();
        assert_eq!(c.claim_email("A@x.io", "1"), Ok(()));
        assert_eq!(c.claim_email("a@X.io", "2"), Err(ClaimRefusal::EmailTaken));
        assert_eq!(c.claim_email("a@x.io", "1"), Ok(()));
        c.release_email("a@x.io", "2");
        assert_eq!(c.account_of_email("a@x.io").as_deref(), Some("1"));
        c.release_email("a@x.io", "1");
        assert_eq!(c.claim_email("a@x.io", "2"), Ok(()));
    }

    #[test]
    fn a_mobile_binds_six_accounts_and_refuses_the_seventh() {
        let c = Contacts::default();
        for id in 0..6 {
            assert_eq!(c.claim_mobile("86-13800000000", &id.to_string()), Ok(()));
        }
        assert_eq!(c.claim_mobile("86-13800000000", "6"), Err(ClaimRefusal::MobileFull));
        c.release_mobile("86-13800000000", "0");
        assert_eq!(c.claim_mobile("86-13800000000", "6"), Ok(()));
    }

    #[test]
    fn the_indexes_can_be_rebuilt_from_the_accounts() {
        let store = Store::default();
        let (account, _) = store.create_account(None);
        let email = account.with_state(|s| s.root.logon_email.clone()).expect("an email");
        account.with_state(|s| s.root.logon_email = Some("moved@example.com".into()));
        store.reindex_root_contacts();
        assert!(store.account_by_logon_email(&email).is_none());
        let found = store.account_by_logon_email("MOVED@example.com").expect("reindexed");
        assert_eq!(found.id(), account.id());
        let mobile = account.with_state(|s| s.root.mobile.clone()).expect("a mobile");
        assert_eq!(store.accounts_by_mobile(&mobile).len(), 1);
    }

    #[test]
    fn emails_are_checked_for_shape() {
        for ok in ["a@b.co", "first.last+tag@mail.example.com", "account-1@ramkit.invalid"] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "a@b.c", "a b@c.io", "@c.io", "a@.io", "a@b..io", ".a@b.io", "a@b.i0",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn mobiles_carry_a_country_code_and_are_masked() {
        assert_eq!(mobile_country_code("86-13812345678"), Some("86"));
        assert_eq!(mobile_country_code("1-2025550123"), Some("1"));
        assert_eq!(mobile_country_code("86-2381234567"), None);
        assert_eq!(mobile_country_code("13812345678"), None);
        assert_eq!(mask_mobile("86-13812345678"), "86-138****5678");
    }
}
