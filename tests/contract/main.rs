//! Workspace contract tests: the real SDK against an in-process mock, the
//! raw wire against the mock, and the drift of the committed contract.

mod common;
mod password_policy;
mod root_account;
mod spec_drift;
mod wire_security;
