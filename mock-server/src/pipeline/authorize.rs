//! Stage 5, authorize: whether the principal that signed may call the action
//! (ram-contract.md §7 rows 12-15).
//!
//! - The root may do everything; root-only actions (the root account's own
//!   settings) refuse everyone else with `NoPermission`.
//! - A RAM user or a role session may do what its attached system policies
//!   allow ([`crate::policy`]).
//! - Beyond its policies, a RAM user may change its own password while
//!   `AllowUserToChangePassword` is on, and manage its own AccessKeys while
//!   `AllowUserToManageAccessKeys` is on.
//!
//! Everything else is `NoPermission` (403) with an `AccessDeniedDetail`.

use crate::contract::ActionSpec;
use crate::error::{AccessDeniedDetail, ApiError, ROOT_ONLY, gateway};
use crate::policy::system_policy;
use crate::state::{AccessKey, AccountState, Principal};

fn any_allows<'a>(mut policies: impl Iterator<Item = &'a str>, action: &ActionSpec) -> bool {
    policies.any(|p| system_policy(p).is_some_and(|p| p.allows(action)))
}

/// Self-service actions on a user's own AccessKeys.
const ACCESS_KEY_ACTIONS: &[&str] = &[
    "CreateAccessKey",
    "ListAccessKeys",
    "UpdateAccessKey",
    "DeleteAccessKey",
];

/// Whether the key's principal may call `action` with these (validated)
/// parameters.
pub(super) fn authorize(key: &AccessKey, action: &ActionSpec, params: &[(String, String)]) -> Result<(), ApiError> {
    let account = key.account();
    let denied = |principal_type: &str, name: &str| {
        gateway::NO_PERMISSION.err().with_access_denied(AccessDeniedDetail {
            auth_action: format!("{}:{}", action.product.to_ascii_lowercase(), action.action),
            auth_principal_type: principal_type.to_owned(),
            auth_principal_owner_id: account.id().to_owned(),
            auth_principal_display_name: name.to_owned(),
            policy_type: "AccountLevelIdentityBasedPolicy".to_owned(),
            no_permission_type: "ImplicitDeny".to_owned(),
        })
    };
    // The root account's own settings (ramkit's extension) refuse everyone
    // but the root, whatever their policies (ram-contract.md §7 rows 1-2).
    if action.root_only && *key.principal() != Principal::Root {
        return Err(ROOT_ONLY.err());
    }
    match key.principal() {
        Principal::Root => Ok(()),
        Principal::AssumedRole { role_name, policies } => {
            if any_allows(policies.iter().map(String::as_str), action) {
                Ok(())
            } else {
                Err(denied("AssumedRoleUser", role_name))
            }
        }
        Principal::User { user_id } => account.with_state(|state| {
            let user = state
                .users
                .by_id(user_id)
                .ok_or_else(|| gateway::ACCESS_KEY_NOT_FOUND.err())?;
            let by_policy = any_allows(user.policies.iter().map(|p| p.policy_name.as_str()), action);
            if by_policy || self_service(state, &user.user_name, action, params) {
                Ok(())
            } else {
                Err(denied("SubUser", &user.user_name))
            }
        }),
    }
}

/// What a RAM user may do for itself without any policy.
fn self_service(state: &AccountState, own_name: &str, action: &ActionSpec, params: &[(String, String)]) -> bool {
    let pref = &state.security_preference;
    if action.product != "Ram" {
        return false;
    }
    if action.action == "ChangePassword" {
        return pref.allow_user_to_change_password;
    }
    if ACCESS_KEY_ACTIONS.contains(&action.action) {
        let target = params.iter().find(|(k, _)| k == "UserName").map(|(_, v)| v.as_str());
        let own = target.is_none_or(|t| t.eq_ignore_ascii_case(own_name));
        return own && pref.allow_user_to_manage_access_keys;
    }
    false
}
