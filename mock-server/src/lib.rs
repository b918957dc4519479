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

/// Builds, once per process, what the first request needs (the contract's
/// parameter rules and the operations' router), so that a caller can do it
/// ahead of time, e.g. on another thread while a binary starts. Idempotent.
pub fn warm_up() {
    let _ = spec::contract();
    let _ = dispatch::operations();
}
pub use state::Credentials;
