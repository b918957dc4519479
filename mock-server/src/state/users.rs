//! RAM users, their login profiles, AccessKeys and attached policies.

use std::collections::HashMap;

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

/// The users of an account, in creation order, keyed by lower-cased name,
/// with an index by user id (a RAM user's key names its owner by id: the
/// lookup behind every request a RAM user signs stays O(1) however many
/// users the account has).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, from = "UsersRepr", into = "UsersRepr")]
pub struct Users {
    by_name: IndexMap<String, User>,
    /// User id -> key of `by_name`.
    by_id: HashMap<String, String>,
    next_seq: u64,
}

/// How [`Users`] is stored: the index by id is rebuilt on load.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct UsersRepr {
    by_name: IndexMap<String, User>,
    next_seq: u64,
}

impl From<UsersRepr> for Users {
    fn from(repr: UsersRepr) -> Self {
        let by_id = repr
            .by_name
            .iter()
            .map(|(key, u)| (u.user_id.clone(), key.clone()))
            .collect();
        Self {
            by_name: repr.by_name,
            by_id,
            next_seq: repr.next_seq,
        }
    }
}

impl From<Users> for UsersRepr {
    fn from(users: Users) -> Self {
        Self {
            by_name: users.by_name,
            next_seq: users.next_seq,
        }
    }
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
        self.by_name.get(self.by_id.get(user_id)?)
    }

    /// The user with this id, to change.
    pub fn by_id_mut(&mut self, user_id: &str) -> Option<&mut User> {
        self.by_name.get_mut(self.by_id.get(user_id)?)
    }

    /// A 16-digit user id no user of the account has.
    pub fn unused_id(&self) -> String {
        loop {
            let id = super::generate_account_id();
            if !self.by_id.contains_key(&id) {
                return id;
            }
        }
    }

    /// Adds a user (the caller checked the name is free); gives it the next
    /// creation number.
    pub fn insert(&mut self, mut user: User) -> &User {
        user.seq = self.next_seq;
        self.next_seq += 1;
        let key = user.user_name.to_ascii_lowercase();
        self.by_id.insert(user.user_id.clone(), key.clone());
        let (index, _) = self.by_name.insert_full(key, user);
        &self.by_name[index]
    }

    /// Renames a user, keeping its place in the listing order.
    pub fn rename(&mut self, old: &str, new: &str) -> Option<&User> {
        let index = self.by_name.get_index_of(&old.to_ascii_lowercase())?;
        let key = new.to_ascii_lowercase();
        self.by_name.replace_index(index, key.clone()).ok()?;
        let user = &mut self.by_name[index];
        user.user_name = new.to_owned();
        self.by_id.insert(user.user_id.clone(), key);
        Some(&self.by_name[index])
    }

    /// Removes a user.
    pub fn remove(&mut self, name: &str) -> Option<User> {
        let user = self.by_name.shift_remove(&name.to_ascii_lowercase())?;
        self.by_id.remove(&user.user_id);
        Some(user)
    }

    /// Users in creation order from creation number `from_seq` on.
    pub fn from_seq(&self, from_seq: u64) -> impl Iterator<Item = &User> {
        // Creation numbers rise in listing order: a binary search finds the start.
        let start = self.by_name.partition_point(|_, u| u.seq < from_seq);
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
pub(super) const MAX_PASSWORD_HISTORY: usize = 24;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn users_of(names: &[&str]) -> Users {
        let mut users = Users::default();
        for (i, name) in names.iter().enumerate() {
            users.insert(User::new(format!("10000000000000{i:02}"), (*name).to_owned(), 0));
        }
        users
    }

    #[test]
    fn a_renamed_user_is_found_by_its_id_and_new_name_in_its_old_place() {
        let mut users = users_of(&["alice", "bob", "carol"]);
        users.rename("bob", "Robert");
        assert_eq!(
            users.by_id("1000000000000001").map(|u| u.user_name.as_str()),
            Some("Robert")
        );
        assert!(users.get("bob").is_none());
        let order: Vec<&str> = users.from_seq(0).map(|u| u.user_name.as_str()).collect();
        assert_eq!(order, ["alice", "Robert", "carol"]);
    }

    #[test]
    fn a_removed_user_is_no_longer_found_by_its_id() {
        let mut users = users_of(&["alice", "bob"]);
        users.remove("ALICE");
        assert!(users.by_id("1000000000000000").is_none());
        assert!(users.by_id("1000000000000001").is_some());
    }

    #[test]
    fn the_index_by_id_is_rebuilt_when_users_are_loaded() {
        let users = users_of(&["alice", "bob"]);
        let json = serde_json::to_string(&users).expect("serializes");
        assert!(!json.contains("by_id"), "the index is not stored: {json}");
        let loaded: Users = serde_json::from_str(&json).expect("parses");
        assert_eq!(
            loaded.by_id("1000000000000001").map(|u| u.user_name.as_str()),
            Some("bob")
        );
        assert_eq!(loaded, users);
    }

    #[test]
    fn listing_from_a_creation_number_starts_at_the_first_user_at_or_after_it() {
        let mut users = users_of(&["a", "b", "c", "d"]);
        users.remove("b");
        let names: Vec<&str> = users.from_seq(1).map(|u| u.user_name.as_str()).collect();
        assert_eq!(names, ["c", "d"]);
        assert_eq!(users.from_seq(9).count(), 0);
    }
}
