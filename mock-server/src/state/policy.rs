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
