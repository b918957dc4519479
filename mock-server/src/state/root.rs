//! The account owner's (root's) own logon identity.
//!
//! The root account settings (logon email, mobile, password; the ramkit
//! extension product) live here. Console logon of the root accepts the logon
//! email or the mobile with the password, once both exist.

use serde::{Deserialize, Serialize};

use super::PasswordHash;

/// The root identity of an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RootProfile {
    /// The logon email, unique across accounts.
    pub logon_email: Option<String>,
    /// The mobile, `<country code>-<number>`.
    pub mobile: Option<String>,
    /// The logon password.
    pub password: Option<PasswordHash>,
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
}
