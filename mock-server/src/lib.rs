//! ramkit-mock: a stateful, in-memory mock of Alibaba Cloud's account-security
//! actions that verifies real signatures.
//!
//! Start it in a test with [`MockServer::start`], or run the `ramkit-mock`
//! binary. The layout of the crate is its request path:
//!
//! - `server`: the route table, [`MockServer`] and its builder;
//! - `pipeline`: the stages every signed request goes through, in order
//!   (normalize, authenticate, resolve, validate, authorize, faults, invoke);
//! - `contract`: the catalogue of actions, the parameter rules and the
//!   document, all derived from the typed operations;
//! - `actions`: the typed operations of each product, one declaration each;
//! - `policy`: the system policies and what they allow;
//! - `control`: the `/_ramkit` plane, one façade with an HTTP face and an
//!   in-process face (the helpers on [`MockServer`]);
//! - [`state`]: accounts, users, keys, sessions, the outbox; it knows no
//!   HTTP and no control plane;
//! - `error`: every code and how a refusal is rendered (imports nothing of
//!   the mock's own).

#![warn(missing_docs, unreachable_pub)]

mod actions;
mod clock;
mod contract;
mod control;
mod error;
mod pipeline;
mod policy;
mod server;
mod service;
pub mod state;

pub use control::{ActiveFault, FaultEffect, FaultRule, FaultRuleError, FixtureError, LoadedAccount, RequestRecord};
pub use pipeline::MAX_BODY_BYTES;
pub use server::{MockServer, MockServerBuilder, app};
pub use state::Credentials;

/// The OpenAPI document, as committed under `openapi/ramkit.openapi.json`.
pub fn openapi_json() -> &'static str {
    service::document_json()
}

/// Builds, once per process, what the first request needs (the contract's
/// parameter rules, every pattern compiled, and the operations' endpoints),
/// so that a caller can do it ahead of time, e.g. on another thread while a
/// binary starts. Idempotent.
pub fn warm_up() {
    let _ = service::contract();
    pipeline::warm_up();
    let _ = service::control_endpoint();
}

/// The actions the mock serves, as `(product, version, action)`, in
/// document order.
pub fn actions() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    service::catalogue().iter().map(|a| (a.product, a.version, a.action))
}
