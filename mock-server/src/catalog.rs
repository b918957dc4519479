//! The actions the mock serves: their wire identity and the codes each can
//! return besides the gateway's. Adding an action means one line here and one
//! poem-openapi operation at `/{product}/{version}/{Action}`.

use crate::api::account::codes;
use crate::error::{ErrorCode, ram};

/// One action's wire identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionSpec {
    /// Product code as the cloud writes it (`Ram`); lower-cased in the path.
    pub product: &'static str,
    /// API version.
    pub version: &'static str,
    /// Action name, case-sensitive.
    pub action: &'static str,
    /// True when the action changes nothing.
    pub read_only: bool,
    /// Codes the action itself can return (validation codes are derived
    /// from its parameters, gateway codes are common to all).
    pub errors: &'static [ErrorCode],
    /// Only the account's root principal may call it: RAM users and role
    /// sessions get `NoPermission`, whatever their policies.
    pub root_only: bool,
    /// ramkit's own action: Alibaba Cloud publishes no API for it. The
    /// document marks it `x-ramkit-extension: true`.
    pub extension: bool,
}

impl ActionSpec {
    /// The routable path of the operation in the document.
    pub fn path(&self) -> String {
        format!(
            "/{}/{}/{}",
            self.product.to_ascii_lowercase(),
            self.version,
            self.action
        )
    }
}

const fn ram(action: &'static str, read_only: bool, errors: &'static [ErrorCode]) -> ActionSpec {
    ActionSpec {
        product: "Ram",
        version: "2015-05-01",
        action,
        read_only,
        errors,
        root_only: false,
        extension: false,
    }
}

/// An action of `RamkitAccount` 2026-11-01, ramkit's own product for the
/// root account's settings (ram-contract.md §5): root only, an extension.
const fn account(action: &'static str, read_only: bool, errors: &'static [ErrorCode]) -> ActionSpec {
    ActionSpec {
        product: "RamkitAccount",
        version: "2026-11-01",
        action,
        read_only,
        errors,
        root_only: true,
        extension: true,
    }
}

/// Every action, in document order.
pub const ACTIONS: &[ActionSpec] = &[
    ram("GetPasswordPolicy", true, &[]),
    ram("SetPasswordPolicy", false, &[]),
    ram("GetSecurityPreference", true, &[]),
    ram(
        "SetSecurityPreference",
        false,
        &[ram::NETWORK_MASKS_FORMAT, ram::NETWORK_MASKS_COUNT],
    ),
    ram("CreateUser", false, &[ram::USER_EXISTS, ram::USER_LIMIT]),
    ram("GetUser", true, &[ram::USER_NOT_FOUND]),
    ram("UpdateUser", false, &[ram::USER_NOT_FOUND, ram::USER_EXISTS]),
    ram("ListUsers", true, &[ram::MARKER]),
    ram("DeleteUser", false, &[ram::USER_NOT_FOUND, ram::DELETE_CONFLICT_POLICY]),
    ram(
        "CreateLoginProfile",
        false,
        &[ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_EXISTS, ram::PASSWORD_TOO_WEAK],
    ),
    ram(
        "GetLoginProfile",
        true,
        &[ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_NOT_FOUND],
    ),
    ram(
        "UpdateLoginProfile",
        false,
        &[
            ram::USER_NOT_FOUND,
            ram::LOGIN_PROFILE_NOT_FOUND,
            ram::PASSWORD_TOO_WEAK,
            ram::PASSWORD_REUSED,
        ],
    ),
    ram(
        "DeleteLoginProfile",
        false,
        &[ram::USER_NOT_FOUND, ram::LOGIN_PROFILE_NOT_FOUND],
    ),
    ram(
        "ChangePassword",
        false,
        &[
            ram::NOT_SUB_USER,
            ram::LOGIN_PROFILE_NOT_FOUND,
            ram::OLD_PASSWORD_INCORRECT,
            ram::NEW_PASSWORD_TOO_WEAK,
            ram::NEW_PASSWORD_REUSED,
        ],
    ),
    ram("CreateAccessKey", false, &[ram::USER_NOT_FOUND, ram::ACCESS_KEY_LIMIT]),
    ram("ListAccessKeys", true, &[ram::USER_NOT_FOUND]),
    ram(
        "UpdateAccessKey",
        false,
        &[ram::USER_NOT_FOUND, ram::ACCESS_KEY_NOT_FOUND],
    ),
    ram(
        "DeleteAccessKey",
        false,
        &[ram::USER_NOT_FOUND, ram::ACCESS_KEY_NOT_FOUND],
    ),
    ram(
        "AttachPolicyToUser",
        false,
        &[
            ram::POLICY_TYPE,
            ram::USER_NOT_FOUND,
            ram::POLICY_NOT_FOUND,
            ram::POLICY_ATTACHED,
            ram::POLICY_LIMIT,
        ],
    ),
    ram(
        "DetachPolicyFromUser",
        false,
        &[
            ram::POLICY_TYPE,
            ram::USER_NOT_FOUND,
            ram::POLICY_NOT_FOUND,
            ram::POLICY_NOT_ATTACHED,
        ],
    ),
    ram("ListPoliciesForUser", true, &[ram::USER_NOT_FOUND]),
    account("SendAccountVerificationCode", false, codes::SEND),
    account("ModifyAccountEmail", false, codes::MODIFY_EMAIL),
    account("ModifyAccountMobile", false, codes::MODIFY_MOBILE),
    account("ModifyAccountPassword", false, codes::MODIFY_PASSWORD),
    account("GetAccountBasicInfo", true, codes::GET_BASIC_INFO),
    account("ModifyAccountProfileColor", false, codes::MODIFY_COLOR),
];

/// The products and versions the mock knows, for `InvalidVersion`.
pub fn known_version(version: &str) -> bool {
    ACTIONS.iter().any(|a| a.version == version)
}
