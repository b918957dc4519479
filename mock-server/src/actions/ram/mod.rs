//! RAM 2015-05-01: the cloud's own actions, by group.

mod access_keys;
mod login_profiles;
mod password_policy;
mod security_preference;
mod user_policies;
mod users;

use access_keys::AccessKeysApi;
use login_profiles::LoginProfilesApi;
use password_policy::PasswordPolicyApi;
use security_preference::SecurityPreferenceApi;
use user_policies::UserPoliciesApi;
use users::UsersApi;

use crate::contract::{ActionGroup, ActionSpec};

/// Declares RAM's action groups once: the tuple poem-openapi serves, its
/// value, and the catalogue of their actions, all in document order.
macro_rules! groups {
    ($($group:ident),* $(,)?) => {
        /// RAM's action groups, in document order.
        pub(crate) type RamApi = ($($group,)*);

        /// RAM's action groups.
        pub(super) fn api() -> RamApi {
            ($($group,)*)
        }

        /// RAM's actions, in document order.
        pub(super) fn catalogue() -> impl Iterator<Item = &'static ActionSpec> {
            [$($group::ACTIONS),*].into_iter().flatten()
        }
    };
}

groups!(
    PasswordPolicyApi,
    SecurityPreferenceApi,
    UsersApi,
    LoginProfilesApi,
    AccessKeysApi,
    UserPoliciesApi,
);
