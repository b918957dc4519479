//! Fixtures: accounts, their root AccessKeys and password policies, written
//! by hand in YAML or JSON and loaded at start (`--fixture FILE`) or at run
//! time (`POST /_ramkit/fixture`). The schema is in the README, section
//! "Control plane".
//!
//! ```yaml
//! accounts:
//!   - id: "1234567890123456"          # optional: generated when absent
//!     root_access_keys:               # at least one
//!       - id: LTAI5tFixtureRoot000001
//!         secret: fixture-root-secret-000000001
//!     password_policy:                # optional: a new account's defaults otherwise
//!       minimum_password_length: 12
//!       require_symbols: true
//!     users:
//!       - name: alice
//!         display_name: Alice
//!         password: "Initial#Pass1"      # a login profile; none when absent
//!         password_reset_required: true
//!         access_keys: [{id: LTAI5tAliceKey00000001, secret: alice-secret}]
//!         policies: [AliyunRAMReadOnlyAccess]
//! ```

use serde::Deserialize;

use crate::state::{
    AccountSnapshot, AccountState, AttachedPolicy, KeyRecord, KeySnapshot, KeyStatus, LoginProfile, MAX_USER_KEYS,
    MAX_USER_POLICIES, PasswordPolicy, Principal, Store, User,
};

/// A fixture file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fixture {
    /// Accounts to create.
    #[serde(default)]
    pub accounts: Vec<FixtureAccount>,
}

/// One account to create.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureAccount {
    /// The 16-digit account id; generated when absent.
    pub id: Option<String>,
    /// The root's AccessKeys (at least one).
    #[serde(default)]
    pub root_access_keys: Vec<FixtureKey>,
    /// The password policy; a new account's defaults when absent. Fields
    /// left out keep their default.
    pub password_policy: Option<PasswordPolicy>,
    /// RAM users.
    #[serde(default)]
    pub users: Vec<FixtureUser>,
}

/// An AccessKey given by the fixture.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureKey {
    /// The AccessKey id.
    pub id: String,
    /// The AccessKey secret.
    pub secret: String,
    /// `Active` (default) or `Inactive`.
    #[serde(default = "active")]
    pub status: KeyStatus,
}

fn active() -> KeyStatus {
    KeyStatus::Active
}

impl std::fmt::Debug for FixtureKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixtureKey")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// A RAM user given by the fixture.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureUser {
    /// The user name.
    pub name: String,
    /// The display name (the name when absent).
    pub display_name: Option<String>,
    /// The console password; no login profile when absent.
    pub password: Option<String>,
    /// The user must change the password at next logon.
    #[serde(default)]
    pub password_reset_required: bool,
    /// The user's AccessKeys.
    #[serde(default)]
    pub access_keys: Vec<FixtureKey>,
    /// Names of attached system policies, e.g. `AliyunRAMReadOnlyAccess`.
    #[serde(default)]
    pub policies: Vec<String>,
}

impl std::fmt::Debug for FixtureUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixtureUser")
            .field("name", &self.name)
            .field("access_keys", &self.access_keys)
            .field("policies", &self.policies)
            .finish_non_exhaustive()
    }
}

/// Why a fixture was refused. Nothing was created.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    /// Not YAML or JSON of the fixture's shape.
    #[error("the fixture cannot be read: {0}")]
    Malformed(String),
    /// An invalid value, with where it is.
    #[error("accounts[{index}]: {problem}")]
    Invalid {
        /// Which account.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// An id is taken or repeated.
    #[error(transparent)]
    Conflict(#[from] crate::state::SnapshotError),
}

/// An account a fixture created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedAccount {
    /// Its id.
    pub account_id: String,
    /// Its root AccessKey ids.
    pub access_key_ids: Vec<String>,
}

impl Fixture {
    /// Reads a fixture from YAML or JSON text (JSON is YAML).
    pub(crate) fn parse(text: &str) -> Result<Self, FixtureError> {
        serde_yaml_ng::from_str(text).map_err(|e| FixtureError::Malformed(e.to_string()))
    }

    /// Creates the fixture's accounts, all or none.
    pub(crate) fn apply(&self, store: &Store) -> Result<Vec<LoadedAccount>, FixtureError> {
        let now = store.clock().now_secs();
        let mut accounts = Vec::new();
        let mut keys = Vec::new();
        let mut loaded = Vec::new();
        for (index, a) in self.accounts.iter().enumerate() {
            let invalid = |problem: &str| FixtureError::Invalid {
                index,
                problem: problem.to_owned(),
            };
            let account_id = match &a.id {
                Some(id) if id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit()) => id.clone(),
                Some(_) => return Err(invalid("id must be 16 digits")),
                None => crate::state::generate_account_id(),
            };
            if a.root_access_keys.is_empty() {
                return Err(invalid("root_access_keys must list at least one key"));
            }
            if let Some(k) = a.root_access_keys.iter().find(|k| !valid_key(k)) {
                return Err(invalid(&format!(
                    "AccessKey {:?}: the id must be 1-128 letters, digits, '.', '_' or '-' and the secret non-empty",
                    k.id
                )));
            }
            let mut state = AccountState::default();
            if let Some(policy) = &a.password_policy {
                check_policy(policy).map_err(|p| invalid(&p))?;
                state.password_policy = policy.clone();
            }
            state.root_access_keys = a
                .root_access_keys
                .iter()
                .map(|k| KeyRecord {
                    access_key_id: k.id.clone(),
                    create_date: now,
                })
                .collect();
            keys.extend(a.root_access_keys.iter().map(|k| KeySnapshot {
                access_key_id: k.id.clone(),
                account_id: account_id.clone(),
                principal: Principal::Root,
                secret: k.secret.clone(),
                status: k.status,
                security_token: None,
            }));
            let mut user_names = std::collections::HashSet::new();
            for u in &a.users {
                check_user(u).map_err(|p| invalid(&format!("user {:?}: {p}", u.name)))?;
                if u.password.as_deref().is_some_and(|p| !state.password_policy.admits(p)) {
                    return Err(invalid(&format!(
                        "user {:?}: the password does not meet the account's password policy",
                        u.name
                    )));
                }
                if !user_names.insert(u.name.to_ascii_lowercase()) {
                    return Err(invalid(&format!("user {:?} appears twice", u.name)));
                }
                let user = new_user(u, state.users.unused_id(), now);
                keys.extend(u.access_keys.iter().map(|k| KeySnapshot {
                    access_key_id: k.id.clone(),
                    account_id: account_id.clone(),
                    principal: Principal::User {
                        user_id: user.user_id.clone(),
                    },
                    secret: k.secret.clone(),
                    status: k.status,
                    security_token: None,
                }));
                state.users.insert(user);
            }
            loaded.push(LoadedAccount {
                account_id: account_id.clone(),
                access_key_ids: a.root_access_keys.iter().map(|k| k.id.clone()).collect(),
            });
            accounts.push(AccountSnapshot { account_id, state });
        }
        store.add_accounts(accounts, keys)?;
        Ok(loaded)
    }
}

fn check_user(u: &FixtureUser) -> Result<(), String> {
    let name_ok = (1..=64).contains(&u.name.len())
        && u.name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !name_ok {
        return Err("name must be 1-64 letters, digits, '.', '_' or '-'".into());
    }
    if u.display_name
        .as_ref()
        .is_some_and(|d| !(1..=128).contains(&d.chars().count()))
    {
        return Err("display_name must be 1-128 characters".into());
    }
    if u.password.as_ref().is_some_and(|p| p.is_empty()) {
        return Err("password must not be empty".into());
    }
    if u.access_keys.len() > MAX_USER_KEYS {
        return Err(format!("a user has at most {MAX_USER_KEYS} AccessKeys"));
    }
    if let Some(k) = u.access_keys.iter().find(|k| !valid_key(k)) {
        return Err(format!(
            "AccessKey {:?}: the id must be 1-128 letters, digits, '.', '_' or '-' and the secret non-empty",
            k.id
        ));
    }
    if let Some(p) = u.policies.iter().find(|p| crate::policy::system_policy(p).is_none()) {
        return Err(format!("{p:?} is not a system policy the mock knows"));
    }
    if u.policies.len() > MAX_USER_POLICIES {
        return Err(format!("a user has at most {MAX_USER_POLICIES} system policies"));
    }
    Ok(())
}

/// The user as CreateUser, CreateLoginProfile, CreateAccessKey and
/// AttachPolicyToUser would leave it, all at `now`.
fn new_user(u: &FixtureUser, user_id: String, now: i64) -> User {
    let mut user = User::new(user_id, u.name.clone(), now);
    if let Some(display_name) = &u.display_name {
        user.display_name = display_name.clone();
    }
    user.login_profile = u
        .password
        .as_deref()
        .map(|password| LoginProfile::new(password, u.password_reset_required, false, now));
    user.policies = u
        .policies
        .iter()
        .map(|name| AttachedPolicy {
            policy_name: name.clone(),
            policy_type: "System".into(),
            attach_date: now,
        })
        .collect();
    user.access_keys = u
        .access_keys
        .iter()
        .map(|k| KeyRecord {
            access_key_id: k.id.clone(),
            create_date: now,
        })
        .collect();
    user
}

fn valid_key(k: &FixtureKey) -> bool {
    (1..=128).contains(&k.id.len())
        && k.id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !k.secret.is_empty()
}

/// The ranges SetPasswordPolicy enforces.
fn check_policy(p: &PasswordPolicy) -> Result<(), String> {
    let checks = [
        ("minimum_password_length", p.minimum_password_length, 8, 32),
        ("max_password_age", p.max_password_age, 0, 1095),
        ("password_reuse_prevention", p.password_reuse_prevention, 0, 24),
        ("max_login_attempts", p.max_login_attempts, 0, 32),
    ];
    for (name, value, min, max) in checks {
        if !(min..=max).contains(&value) {
            return Err(format!("password_policy.{name} must be {min}-{max}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
accounts:
  - id: "1234567890123456"
    root_access_keys:
      - id: LTAI5tFixtureRoot000001
        secret: fixture-root-secret-000000001
    password_policy:
      minimum_password_length: 12
      require_symbols: true
"#;

    #[test]
    fn a_yaml_fixture_creates_its_account_key_and_policy() {
        let store = Store::default();
        let loaded = Fixture::parse(YAML).expect("parses").apply(&store).expect("applies");
        assert_eq!(loaded[0].account_id, "1234567890123456");
        let key = store.access_key("LTAI5tFixtureRoot000001").expect("the key exists");
        assert_eq!(key.secret(), "fixture-root-secret-000000001");
        let policy = key.account().with_state(|s| s.password_policy.clone());
        assert_eq!(policy.minimum_password_length, 12);
        assert!(policy.require_symbols && !policy.require_numbers);
    }

    #[test]
    fn a_fixture_user_gets_a_hashed_password_its_keys_and_policies() {
        let text = format!(
            "{YAML}    users:\n      - name: Alice\n        password: \"Initial#Pass1\"\n        password_reset_required: true\n        access_keys: [{{id: LTAI5tAliceKey00000001, secret: alice-secret}}]\n        policies: [AliyunRAMReadOnlyAccess]\n"
        );
        let store = Store::default();
        Fixture::parse(&text).expect("parses").apply(&store).expect("applies");
        let key = store.access_key("LTAI5tAliceKey00000001").expect("the user's key");
        let user = key
            .account()
            .with_state(|s| s.users.get("alice").cloned())
            .expect("the user");
        assert_eq!(
            key.principal(),
            &Principal::User {
                user_id: user.user_id.clone()
            }
        );
        assert_eq!(user.display_name, "Alice");
        let profile = user.login_profile.expect("a login profile");
        assert!(profile.password.matches("Initial#Pass1") && profile.password_reset_required);
        assert_eq!(user.policies[0].policy_name, "AliyunRAMReadOnlyAccess");
        assert_eq!(user.access_keys[0].access_key_id, "LTAI5tAliceKey00000001");
    }

    #[test]
    fn a_fixture_with_the_same_user_twice_in_an_account_is_refused() {
        let text = format!("{YAML}    users:\n      - name: bob\n      - name: BOB\n");
        let err = Fixture::parse(&text)
            .expect("parses")
            .apply(&Store::default())
            .expect_err("refused");
        assert!(err.to_string().contains("appears twice"), "{err}");
    }

    #[test]
    fn a_fixture_with_an_unknown_field_is_refused_with_its_name() {
        let err = Fixture::parse("accounts:\n  - idd: 1\n").expect_err("refused");
        assert!(err.to_string().contains("idd"), "{err}");
    }

    #[test]
    fn a_fixture_whose_second_account_is_invalid_creates_nothing() {
        let text = format!("{YAML}  - root_access_keys: []\n");
        let store = Store::default();
        let err = Fixture::parse(&text)
            .expect("parses")
            .apply(&store)
            .expect_err("refused");
        assert!(err.to_string().starts_with("accounts[1]"), "{err}");
        assert_eq!(store.account_count(), 0);
    }
}
