//! The typed operations, one poem-openapi impl per action group. Handlers see
//! an authenticated, validated request: they never parse signatures and
//! only ever touch the caller's own account.

pub mod account;
mod control;
mod outbox;
mod password_policy;

use std::sync::Arc;

use poem_openapi::{OpenApiService, Tags};

use crate::state::{Account, Principal, Store};

pub use account::AccountApi;
pub use control::ControlApi;
pub use outbox::OutboxApi;
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
    /// ramkit's own product for the root account's settings (logon email,
    /// mobile, password, basic information), version 2026-11-01: a ramkit
    /// extension, Alibaba Cloud publishes no API for these.
    RamkitAccount,
    /// ramkit-mock's control plane, outside the Alibaba contract (unsigned).
    Control,
}

/// All operations of the mock.
pub type Api = (PasswordPolicyApi, ControlApi, AccountApi, OutboxApi);

/// The OpenAPI service whose document is the contract.
pub fn service() -> OpenApiService<Api, ()> {
    OpenApiService::new(
        (PasswordPolicyApi, ControlApi, AccountApi, OutboxApi),
        "ramkit",
        env!("CARGO_PKG_VERSION"),
    )
    .description(include_str!("description.md"))
}
