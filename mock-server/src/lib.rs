//! ramkit-mock: a stateful, in-memory mock of Alibaba Cloud's account-security
//! actions that verifies real signatures.

#![warn(missing_docs)]

pub mod api;
pub mod catalog;
pub mod clock;
pub mod error;
pub mod plane;
pub mod spec;
pub mod state;

/// The OpenAPI document, as committed under `openapi/ramkit.openapi.json`.
pub fn openapi_json() -> &'static str {
    spec::contract().json()
}

pub mod auth;
pub mod authorize;
pub mod dispatch;
mod embed;
pub mod normalize;
mod server;

pub use server::{MockServer, MockServerBuilder, app};
pub use state::Credentials;
