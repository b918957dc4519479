//! The account owner's (root's) own logon identity and profile.
//!
//! The root account settings (logon email, mobile, password, basic
//! information; the `RamkitAccount` extension product) live here. Console
//! logon of the root accepts the logon email or the mobile with the
//! password, once both exist: find the account with
//! [`Store::account_by_logon_email`](super::Store::account_by_logon_email)
//! (or the accounts of a mobile with
//! [`Store::accounts_by_mobile`](super::Store::accounts_by_mobile)), then ask
//! [`RootProfile::accepts_logon`].

use serde::{Deserialize, Serialize};

use super::PasswordHash;
use super::verification::{PendingCodes, TotpSecret};

/// The country/region code a new account registers in.
pub(super) const DEFAULT_COUNTRY_CODE: &str = "86";

/// The root identity of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RootProfile {
    /// The logon email, unique across accounts.
    pub logon_email: Option<String>,
    /// The mobile, `<country code>-<number>`.
    pub mobile: Option<String>,
    /// The logon password.
    pub password: Option<PasswordHash>,
    /// Personal or enterprise.
    pub account_type: AccountType,
    /// The country/region calling code chosen at registration (`86`); a new
    /// mobile must carry it.
    pub registration_country_code: String,
    /// Whether the owner's identity (real name) is verified.
    pub identity_verification: IdentityVerification,
    /// The profile picture's background colour.
    pub avatar_color: AvatarColor,
    /// The TOTP secret, for accounts that bound an authenticator app.
    pub totp: Option<TotpSecret>,
    /// Verification codes sent and not yet forgotten.
    pub codes: PendingCodes,
}

impl Default for RootProfile {
    fn default() -> Self {
        Self {
            logon_email: None,
            mobile: None,
            password: None,
            account_type: AccountType::default(),
            registration_country_code: DEFAULT_COUNTRY_CODE.to_owned(),
            identity_verification: IdentityVerification::default(),
            avatar_color: AvatarColor::default(),
            totp: None,
            codes: PendingCodes::default(),
        }
    }
}

impl RootProfile {
    /// Whether `logon_id` (the logon email, any case, or the mobile) and
    /// `password` identify the root.
    pub fn accepts_logon(&self, logon_id: &str, password: &str) -> bool {
        let named = self
            .logon_email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(logon_id))
            || self.mobile.as_deref() == Some(logon_id);
        named && self.password.as_ref().is_some_and(|p| p.matches(password))
    }

    /// The profile picture's letter: the logon email's first letter or digit, upper-case.
    pub fn avatar_initial(&self) -> String {
        self.logon_email
            .as_deref()
            .and_then(|e| e.chars().find(char::is_ascii_alphanumeric))
            .map(|c| c.to_ascii_uppercase().to_string())
            .unwrap_or_default()
    }
}

/// The kind of account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountType {
    /// An individual's account.
    #[default]
    Personal,
    /// An enterprise's (or government's, public institution's) account.
    Enterprise,
}

/// Identity (real-name) verification status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityVerification {
    /// Not verified yet.
    #[default]
    Unverified,
    /// Verified.
    Verified,
}

/// The fixed palette of profile picture background colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AvatarColor {
    /// The default.
    #[default]
    Blue,
    /// Green.
    Green,
    /// Orange.
    Orange,
    /// Red.
    Red,
    /// Purple.
    Purple,
    /// Cyan.
    Cyan,
    /// Gray.
    Gray,
}

impl AvatarColor {
    /// Every colour, in palette order.
    pub const ALL: [AvatarColor; 7] = [
        Self::Blue,
        Self::Green,
        Self::Orange,
        Self::Red,
        Self::Purple,
        Self::Cyan,
        Self::Gray,
    ];

    /// The colour's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Self::Blue => "Blue",
            Self::Green => "Green",
            Self::Orange => "Orange",
            Self::Red => "Red",
            Self::Purple => "Purple",
            Self::Cyan => "Cyan",
            Self::Gray => "Gray",
        }
    }

    /// The colour with this wire name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::CodePurpose;

    #[test]
    fn a_root_profile_round_trips_through_a_snapshot_and_old_snapshots_get_defaults() {
        let mut root = RootProfile {
            logon_email: Some("owner@example.com".into()),
            password: Some(PasswordHash::new("Secret#Pass1")),
            totp: Some(TotpSecret::generate()),
            ..RootProfile::default()
        };
        let code = root.codes.issue("owner@example.com", CodePurpose::Identity, 0);
        let json = serde_json::to_string(&root).expect("serializes");
        assert!(!json.contains("Secret#Pass1") && !json.contains(&format!("\"{code}\"")));
        let back: RootProfile = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, root);
        let old: RootProfile = serde_json::from_str(r#"{"logon_email":"a@b.io"}"#).expect("an older snapshot");
        assert_eq!(old.registration_country_code, DEFAULT_COUNTRY_CODE);
        assert_eq!(old.avatar_color, AvatarColor::Blue);
    }

    #[test]
    fn the_avatar_initial_is_the_logon_emails_first_letter() {
        let root = RootProfile {
            logon_email: Some("owner@example.com".into()),
            ..RootProfile::default()
        };
        assert_eq!(root.avatar_initial(), "O");
    }
}
