//! The security preference (ram-contract.md §3.2).

use serde::{Deserialize, Serialize};

/// Account-wide switches for what RAM users may do for themselves, and how
/// console logon behaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityPreference {
    /// RAM users may change their own password (ChangePassword).
    pub allow_user_to_change_password: bool,
    /// Remember an MFA check for 7 days.
    pub enable_save_mfa_ticket: bool,
    /// Hours a console session lasts, 1-24.
    pub login_session_duration: u32,
    /// `;`-separated CIDRs console logon is allowed from; empty means anywhere.
    pub login_network_masks: String,
    /// RAM users may manage their own AccessKeys.
    pub allow_user_to_manage_access_keys: bool,
    /// RAM users may manage their own MFA devices.
    pub allow_user_to_manage_mfa_devices: bool,
    /// RAM users may manage their own SSH public keys (Japan site).
    pub allow_user_to_manage_public_keys: bool,
}

/// One entry of `LoginNetworkMasks`: a CIDR block, or a bare address as a
/// one-host block. `None` when it is neither.
pub fn parse_network_mask(text: &str) -> Option<ipnet::IpNet> {
    text.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| text.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

impl Default for SecurityPreference {
    fn default() -> Self {
        Self {
            allow_user_to_change_password: true,
            enable_save_mfa_ticket: false,
            login_session_duration: 6,
            login_network_masks: String::new(),
            allow_user_to_manage_access_keys: false,
            allow_user_to_manage_mfa_devices: true,
            allow_user_to_manage_public_keys: false,
        }
    }
}
