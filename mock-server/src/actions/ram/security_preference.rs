//! GetSecurityPreference and SetSecurityPreference (RAM 2015-05-01),
//! ram-contract.md §3.2.

use crate::actions::Reply;
use poem::web::Data;
use poem_openapi::param::Query;
use ramkit_mock_macros::{actions, model};

use crate::actions::params::{Bounded, NetworkMasks};
use crate::actions::{ActionCtx, set_if};
use crate::error::{ApiError, ram};
use crate::state::{self, parse_network_mask};

/// How many CIDR blocks `LoginNetworkMasks` may hold.
pub(super) const MAX_NETWORK_MASKS: usize = 40;

/// Console logon settings for RAM users.
#[model]
#[derive(Debug)]
pub(super) struct LoginProfilePreference {
    /// Whether RAM users may change their own password (default true).
    pub allow_user_to_change_password: bool,
    /// Whether an MFA check is remembered for 7 days (default false).
    #[oai(rename = "EnableSaveMFATicket")]
    pub enable_save_mfa_ticket: bool,
    /// Hours a console session lasts, 1-24 (default 6).
    pub login_session_duration: u32,
    /// `;`-separated CIDR blocks console logon is allowed from; empty means
    /// anywhere (default). Never applies to AccessKey-signed calls.
    pub login_network_masks: String,
}

/// AccessKey settings for RAM users.
#[model]
#[derive(Debug)]
pub(super) struct AccessKeyPreference {
    /// Whether RAM users may manage their own AccessKeys (default false).
    pub allow_user_to_manage_access_keys: bool,
}

/// MFA settings for RAM users.
#[model]
#[derive(Debug)]
pub(super) struct MfaPreference {
    /// Whether RAM users may manage their own MFA devices (default true).
    #[oai(rename = "AllowUserToManageMFADevices")]
    pub allow_user_to_manage_mfa_devices: bool,
}

/// SSH public key settings for RAM users (Japan site).
#[model]
#[derive(Debug)]
pub(super) struct PublicKeyPreference {
    /// Whether RAM users may manage their own SSH public keys (default false).
    pub allow_user_to_manage_public_keys: bool,
}

/// What RAM users may do for themselves, and how console logon behaves.
#[model]
#[derive(Debug)]
pub(super) struct SecurityPreference {
    /// Console logon.
    pub login_profile_preference: LoginProfilePreference,
    /// AccessKeys.
    pub access_key_preference: AccessKeyPreference,
    /// MFA devices.
    #[oai(rename = "MFAPreference")]
    pub mfa_preference: MfaPreference,
    /// SSH public keys.
    pub public_key_preference: PublicKeyPreference,
}

impl From<&state::SecurityPreference> for SecurityPreference {
    fn from(p: &state::SecurityPreference) -> Self {
        Self {
            login_profile_preference: LoginProfilePreference {
                allow_user_to_change_password: p.allow_user_to_change_password,
                enable_save_mfa_ticket: p.enable_save_mfa_ticket,
                login_session_duration: p.login_session_duration,
                login_network_masks: p.login_network_masks.clone(),
            },
            access_key_preference: AccessKeyPreference {
                allow_user_to_manage_access_keys: p.allow_user_to_manage_access_keys,
            },
            mfa_preference: MfaPreference {
                allow_user_to_manage_mfa_devices: p.allow_user_to_manage_mfa_devices,
            },
            public_key_preference: PublicKeyPreference {
                allow_user_to_manage_public_keys: p.allow_user_to_manage_public_keys,
            },
        }
    }
}

/// The response of GetSecurityPreference and SetSecurityPreference.
#[model]
#[derive(Debug)]
pub(super) struct SecurityPreferenceResponse {
    /// The id of the request.
    pub request_id: String,
    /// The account's security preference.
    pub security_preference: SecurityPreference,
}

/// GetSecurityPreference and SetSecurityPreference.
#[derive(Debug)]
pub(crate) struct SecurityPreferenceApi;

#[actions(Ram)]
impl SecurityPreferenceApi {
    /// Reads the security preference.
    ///
    /// A new account lets RAM users change their own password and manage
    /// their MFA devices, not their AccessKeys; console sessions last 6 hours
    /// from anywhere.
    #[action(read)]
    async fn get_security_preference(
        &self,
        ctx: Data<&ActionCtx>,
    ) -> Result<Reply<SecurityPreferenceResponse>, ApiError> {
        let preference = ctx
            .account
            .with_state(|s| SecurityPreference::from(&s.security_preference));
        Ok(Reply(SecurityPreferenceResponse {
            request_id: ctx.request_id.clone(),
            security_preference: preference,
        }))
    }

    /// Changes the security preference.
    ///
    /// Only the parameters given change. `AllowUserToChangePassword` and
    /// `AllowUserToManageAccessKeys` decide what a RAM user without any policy
    /// may do for itself; `LoginSessionDuration` applies to sessions opened
    /// from now on; `LoginNetworkMasks` restricts console logon (never
    /// AccessKey-signed calls) to at most 40 CIDR blocks.
    #[action(write, errors(ram::NETWORK_MASKS_FORMAT, ram::NETWORK_MASKS_COUNT))]
    #[allow(clippy::too_many_arguments)]
    async fn set_security_preference(
        &self,
        ctx: Data<&ActionCtx>,
        /// Whether RAM users may change their own password.
        allow_user_to_change_password: Query<Option<bool>>,
        /// Whether an MFA check is remembered for 7 days.
        #[oai(name = "EnableSaveMFATicket")]
        enable_save_mfa_ticket: Query<Option<bool>>,
        /// Hours a console session lasts, 1-24.
        login_session_duration: Query<Option<Bounded<1, 24>>>,
        /// `;`-separated CIDR blocks (IPv4 or IPv6), at most 40 and 512
        /// characters; empty removes the restriction.
        login_network_masks: Query<Option<NetworkMasks>>,
        /// Whether RAM users may manage their own AccessKeys.
        allow_user_to_manage_access_keys: Query<Option<bool>>,
        /// Whether RAM users may manage their own MFA devices.
        #[oai(name = "AllowUserToManageMFADevices")]
        allow_user_to_manage_mfa_devices: Query<Option<bool>>,
        /// Whether RAM users may manage their own SSH public keys.
        allow_user_to_manage_public_keys: Query<Option<bool>>,
    ) -> Result<Reply<SecurityPreferenceResponse>, ApiError> {
        let masks = login_network_masks.0.map(|m| normalize_masks(&m)).transpose()?;
        let preference = ctx.account.with_state(|s| {
            let p = &mut s.security_preference;
            set_if(&mut p.allow_user_to_change_password, allow_user_to_change_password.0);
            set_if(&mut p.enable_save_mfa_ticket, enable_save_mfa_ticket.0);
            set_if(&mut p.login_session_duration, login_session_duration.0);
            set_if(&mut p.login_network_masks, masks);
            set_if(
                &mut p.allow_user_to_manage_access_keys,
                allow_user_to_manage_access_keys.0,
            );
            set_if(
                &mut p.allow_user_to_manage_mfa_devices,
                allow_user_to_manage_mfa_devices.0,
            );
            set_if(
                &mut p.allow_user_to_manage_public_keys,
                allow_user_to_manage_public_keys.0,
            );
            SecurityPreference::from(&*p)
        });
        Ok(Reply(SecurityPreferenceResponse {
            request_id: ctx.request_id.clone(),
            security_preference: preference,
        }))
    }
}

/// Checks `;`-separated CIDR blocks (a bare address is one host) and
/// writes them back canonically (trimmed, empty entries dropped).
fn normalize_masks(text: &str) -> Result<String, ApiError> {
    let masks: Vec<&str> = text.split(';').map(str::trim).filter(|m| !m.is_empty()).collect();
    if masks.len() > MAX_NETWORK_MASKS {
        return Err(ram::NETWORK_MASKS_COUNT.err());
    }
    if let Some(bad) = masks.iter().find(|m| parse_network_mask(m).is_none()) {
        return Err(
            ram::NETWORK_MASKS_FORMAT.with_message(format!("{} Got \"{bad}\".", ram::NETWORK_MASKS_FORMAT.message))
        );
    }
    Ok(masks.join(";"))
}
