//! The typed operations, one poem-openapi impl per action group. Handlers see
//! an authenticated, validated request: they never parse signatures and
//! only ever touch the caller's own account.

mod access_keys;
pub mod account;
mod console;
mod control;
mod control_clock;
mod control_faults;
mod control_state;
mod login_profiles;
mod outbox;
mod password_policy;
mod security_preference;
mod user_policies;
mod users;

use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{OpenApiService, Tags};

use crate::error::{ApiError, ram};
use crate::state::{Account, AccountState, Principal, Store, User};

pub use access_keys::AccessKeysApi;
pub use account::AccountApi;
pub use console::ConsoleApi;
pub use control::ControlApi;
pub use control_clock::ControlClockApi;
pub use control_faults::ControlFaultsApi;
pub use control_state::ControlStateApi;
pub use login_profiles::LoginProfilesApi;
pub use outbox::OutboxApi;
pub use password_policy::PasswordPolicyApi;
pub use security_preference::SecurityPreferenceApi;
pub use user_policies::UserPoliciesApi;
pub use users::UsersApi;

/// What the pipeline learned about a request, handed to the handler.
#[derive(Clone, Debug)]
pub struct RequestCtx {
    /// The request id, also in the response body.
    pub request_id: String,
    /// The caller's account.
    pub account: Arc<Account>,
    /// Who signed.
    pub principal: Principal,
    /// The whole store (clock, other indexes).
    pub store: Arc<Store>,
}

/// Tags grouping the document's operations.
#[derive(Debug, Tags)]
pub enum ApiTags {
    /// Resource Access Management, version 2015-05-01: the cloud's own actions.
    Ram,
    /// ramkit's own product for the root account's settings (logon email,
    /// mobile, password, basic information), version 2026-11-01: a ramkit
    /// extension, Alibaba Cloud publishes no API for these.
    RamkitAccount,
    /// ramkit-mock's control plane, outside the Alibaba contract (unsigned).
    Control,
}

/// All operations of the mock.
pub type Api = (
    PasswordPolicyApi,
    SecurityPreferenceApi,
    UsersApi,
    LoginProfilesApi,
    AccessKeysApi,
    UserPoliciesApi,
    ControlApi,
    ControlStateApi,
    ControlClockApi,
    ControlFaultsApi,
    ConsoleApi,
    AccountApi,
    OutboxApi,
);

/// The OpenAPI service whose document is the contract.
pub fn service() -> OpenApiService<Api, ()> {
    OpenApiService::new(
        (
            PasswordPolicyApi,
            SecurityPreferenceApi,
            UsersApi,
            LoginProfilesApi,
            AccessKeysApi,
            UserPoliciesApi,
            ControlApi,
            ControlStateApi,
            ControlClockApi,
            ControlFaultsApi,
            ConsoleApi,
            AccountApi,
            OutboxApi,
        ),
        "ramkit",
        env!("CARGO_PKG_VERSION"),
    )
    .description(include_str!("description.md"))
}

impl RequestCtx {
    /// The mock clock's time, Unix seconds.
    pub fn now(&self) -> i64 {
        self.store.clock().now_secs()
    }

    /// The response of an action that returns only its request id.
    pub fn done(&self) -> Json<users::EmptyResponse> {
        Json(users::EmptyResponse {
            request_id: self.request_id.clone(),
        })
    }
}

/// Partial update: a given value replaces, an absent one keeps.
pub(crate) fn set_if<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// The user with this name, or `EntityNotExist.User`.
pub(crate) fn user_mut<'a>(state: &'a mut AccountState, name: &str) -> Result<&'a mut User, ApiError> {
    state.users.get_mut(name).ok_or_else(|| ram::USER_NOT_FOUND.err())
}
