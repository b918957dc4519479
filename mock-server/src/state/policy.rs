//! The password policy (ram-contract.md §3.1).

/// The account's password policy for RAM users. Defaults are those of a new
/// account on the current cloud: 8 characters, no class required, no expiry,
/// no reuse prevention, no lockout.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    /// 8-32.
    pub minimum_password_length: u32,
    /// At least one `a-z`.
    pub require_lowercase_characters: bool,
    /// At least one `A-Z`.
    pub require_uppercase_characters: bool,
    /// At least one `0-9`.
    pub require_numbers: bool,
    /// At least one printable ASCII character that is not a letter or digit.
    pub require_symbols: bool,
    /// An expired password blocks logon until an administrator resets it.
    pub hard_expiry: bool,
    /// Days a password stays valid, 0-1095; 0 = never expires.
    pub max_password_age: u32,
    /// How many previous passwords may not be reused, 0-24.
    pub password_reuse_prevention: u32,
    /// Wrong passwords allowed within an hour before a one-hour lock, 0-32; 0 = no limit.
    pub max_login_attempts: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_password_length: 8,
            require_lowercase_characters: false,
            require_uppercase_characters: false,
            require_numbers: false,
            require_symbols: false,
            hard_expiry: false,
            max_password_age: 0,
            password_reuse_prevention: 0,
            max_login_attempts: 0,
        }
    }
}

impl PasswordPolicy {
    /// Whether `password` meets the policy's length and character classes.
    pub fn admits(&self, password: &str) -> bool {
        let has = |f: fn(&char) -> bool| password.chars().any(|c| f(&c));
        password.chars().count() >= self.minimum_password_length as usize
            && (!self.require_lowercase_characters || has(char::is_ascii_lowercase))
            && (!self.require_uppercase_characters || has(char::is_ascii_uppercase))
            && (!self.require_numbers || has(char::is_ascii_digit))
            && (!self.require_symbols || has(|c| c.is_ascii_graphic() && !c.is_ascii_alphanumeric()))
    }

    /// Whether a password set at `set_at` has expired at `now` (Unix seconds).
    pub fn expired(&self, set_at: i64, now: i64) -> bool {
        self.max_password_age > 0 && now >= set_at + i64::from(self.max_password_age) * 86_400
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_admits_any_eight_characters() {
        let p = PasswordPolicy::default();
        assert!(p.admits("abcdefgh"));
        assert!(!p.admits("abcdefg"));
    }

    #[test]
    fn each_required_class_is_checked() {
        let p = PasswordPolicy {
            require_lowercase_characters: true,
            require_uppercase_characters: true,
            require_numbers: true,
            require_symbols: true,
            ..PasswordPolicy::default()
        };
        assert!(p.admits("Abcdef1!"));
        assert!(!p.admits("abcdef1!"), "no upper case");
        assert!(!p.admits("ABCDEF1!"), "no lower case");
        assert!(!p.admits("Abcdefg!"), "no digit");
        assert!(!p.admits("Abcdefg1"), "no symbol");
    }

    #[test]
    fn a_password_expires_after_max_password_age_days() {
        let p = PasswordPolicy {
            max_password_age: 1,
            ..PasswordPolicy::default()
        };
        assert!(!p.expired(0, 86_399));
        assert!(p.expired(0, 86_400));
        assert!(!PasswordPolicy::default().expired(0, i64::MAX / 2), "0 never expires");
    }
}
