//! RAM users, their login profiles, AccessKeys and attached policies.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::PasswordHash;

/// Users per account (ram-contract.md §2, limits).
pub const MAX_USERS: usize = 5000;
/// AccessKeys per RAM user.
pub const MAX_USER_KEYS: usize = 2;
/// System policies per RAM user.
pub const MAX_USER_POLICIES: usize = 20;

/// A RAM user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Immutable 16-digit id.
    pub user_id: String,
    /// Creation order, for stable listing.
    pub seq: u64,
    /// Unique in the account, compared without case.
    pub user_name: String,
    /// Display name.
    pub display_name: String,
    /// `<country code>-<number>`, or empty.
    pub mobile_phone: String,
    /// Email, or empty.
    pub email: String,
    /// Free text.
    pub comments: String,
    /// Unix seconds.
    pub create_date: i64,
    /// Unix seconds.
    pub update_date: i64,
    /// Last console logon, Unix seconds.
    pub last_login_date: Option<i64>,
    /// Console logon, when enabled.
    pub login_profile: Option<LoginProfile>,
    /// Attached system policies, in attach order.
    pub policies: Vec<AttachedPolicy>,
    /// The user's AccessKeys (secrets and status live with the key).
    pub access_keys: Vec<KeyRecord>,
    /// Times of failed logons within the lockout window.
    pub failed_logons: Vec<i64>,
    /// Console logon is refused until then, Unix seconds.
    pub locked_until: Option<i64>,
}

/// A login profile: the user's console password and its flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProfile {
    /// The current password.
    pub password: PasswordHash,
    /// Earlier passwords, newest first, as many as reuse prevention may need (24).
    pub previous: Vec<PasswordHash>,
    /// When the current password was set, Unix seconds.
    pub password_set_at: i64,
    /// The user must change the password at next logon.
    pub password_reset_required: bool,
    /// The user must bind an MFA device at next logon.
    pub mfa_bind_required: bool,
    /// Unix seconds.
    pub create_date: i64,
}

/// A system policy attached to a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedPolicy {
    /// The policy's name.
    pub policy_name: String,
    /// `System`.
    pub policy_type: String,
    /// Unix seconds.
    pub attach_date: i64,
}

/// An AccessKey as its owner lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    /// The AccessKey id.
    pub access_key_id: String,
    /// Unix seconds.
    pub create_date: i64,
}

/// The users of an account, in creation order, keyed by lower-cased name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Users {
    by_name: IndexMap<String, User>,
    next_seq: u64,
}

impl Users {
    /// How many users exist.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The user with this name (any case).
    pub fn get(&self, name: &str) -> Option<&User> {
        self.by_name.get(&name.to_ascii_lowercase())
    }

    /// The user with this name (any case), to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut User> {
        self.by_name.get_mut(&name.to_ascii_lowercase())
    }

    /// The user with this id.
    pub fn by_id(&self, user_id: &str) -> Option<&User> {
        self.by_name.values().find(|u| u.user_id == user_id)
    }

    /// The user with this id, to change.
    pub fn by_id_mut(&mut self, user_id: &str) -> Option<&mut User> {
        self.by_name.values_mut().find(|u| u.user_id == user_id)
    }

    /// A 16-digit user id no user of the account has.
    pub fn unused_id(&self) -> String {
        loop {
            let id = super::generate_account_id();
            if self.by_id(&id).is_none() {
                return id;
            }
        }
    }

    /// Adds a user (the caller checked the name is free); gives it the next
    /// creation number.
    pub fn insert(&mut self, mut user: User) -> &User {
        user.seq = self.next_seq;
        self.next_seq += 1;
        let (index, _) = self.by_name.insert_full(user.user_name.to_ascii_lowercase(), user);
        &self.by_name[index]
    }

    /// Renames a user, keeping its place in the listing order.
    pub fn rename(&mut self, old: &str, new: &str) -> Option<&User> {
        let mut user = self.by_name.shift_remove(&old.to_ascii_lowercase())?;
        user.user_name = new.to_owned();
        self.by_name.insert(new.to_ascii_lowercase(), user);
        self.by_name.sort_by(|_, a, _, b| a.seq.cmp(&b.seq));
        self.get(new)
    }

    /// Removes a user.
    pub fn remove(&mut self, name: &str) -> Option<User> {
        self.by_name.shift_remove(&name.to_ascii_lowercase())
    }

    /// Users in creation order from creation number `from_seq` on.
    pub fn from_seq(&self, from_seq: u64) -> impl Iterator<Item = &User> {
        let start = self
            .by_name
            .values()
            .position(|u| u.seq >= from_seq)
            .unwrap_or(self.by_name.len());
        self.by_name.values().skip(start)
    }
}

impl LoginProfile {
    /// A new profile with `password`, set at `now`.
    pub fn new(password: &str, password_reset_required: bool, mfa_bind_required: bool, now: i64) -> Self {
        Self {
            password: PasswordHash::new(password),
            previous: Vec::new(),
            password_set_at: now,
            password_reset_required,
            mfa_bind_required,
            create_date: now,
        }
    }

    /// Whether `password` is the current one or one of the `generations - 1`
    /// before it (`PasswordReusePrevention` counts the current password).
    pub fn recently_used(&self, password: &str, generations: u32) -> bool {
        let generations = generations as usize;
        generations > 0
            && (self.password.matches(password)
                || self.previous.iter().take(generations - 1).any(|p| p.matches(password)))
    }

    /// Replaces the password; the old one joins the history and the
    /// password's age restarts at `now`.
    pub fn set_password(&mut self, password: &str, now: i64) {
        let old = std::mem::replace(&mut self.password, PasswordHash::new(password));
        self.previous.insert(0, old);
        self.previous.truncate(MAX_PASSWORD_HISTORY);
        self.password_set_at = now;
    }
}

/// The longest history reuse prevention can ask for (`PasswordReusePrevention` ≤ 24).
pub const MAX_PASSWORD_HISTORY: usize = 24;

impl User {
    /// A user as CreateUser leaves it: named, created `now`, its display
    /// name its name, no profile, key or policy yet.
    pub fn new(user_id: String, user_name: String, now: i64) -> Self {
        Self {
            user_id,
            seq: 0, // set by Users::insert
            display_name: user_name.clone(),
            user_name,
            mobile_phone: String::new(),
            email: String::new(),
            comments: String::new(),
            create_date: now,
            update_date: now,
            last_login_date: None,
            login_profile: None,
            policies: Vec::new(),
            access_keys: Vec::new(),
            failed_logons: Vec::new(),
            locked_until: None,
        }
    }

    /// Forgets failed logons and any lock (after a password change).
    pub fn clear_logon_failures(&mut self) {
        self.failed_logons.clear();
        self.locked_until = None;
    }
}
