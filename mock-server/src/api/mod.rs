//! The typed operations, one poem-openapi impl per action group. Handlers see
//! an authenticated, validated request: they never parse signatures and
//! only ever touch the caller's own account.

mod control;
mod control_clock;
mod control_faults;
mod control_state;
mod password_policy;

use std::sync::Arc;

use poem_openapi::{OpenApiService, Tags};

use crate::state::{Account, Principal, Store};

pub use control::ControlApi;
pub use control_clock::ControlClockApi;
pub use control_faults::ControlFaultsApi;
pub use control_state::ControlStateApi;
pub use password_policy::PasswordPolicyApi;

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
    /// ramkit-mock's control plane, outside the Alibaba contract (unsigned).
    Control,
}

/// All operations of the mock.
pub type Api = (
    PasswordPolicyApi,
    ControlApi,
    ControlStateApi,
    ControlClockApi,
    ControlFaultsApi,
);

/// The OpenAPI service whose document is the contract.
pub fn service() -> OpenApiService<Api, ()> {
    let api = (
        PasswordPolicyApi,
        ControlApi,
        ControlStateApi,
        ControlClockApi,
        ControlFaultsApi,
    );
    OpenApiService::new(api, "ramkit", env!("CARGO_PKG_VERSION")).description(include_str!("description.md"))
}
