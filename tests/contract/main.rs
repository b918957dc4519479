//! Workspace contract tests: the real SDK against an in-process mock, the
//! raw wire against the mock, and the drift of the committed contract.

mod common;
mod concurrency;
mod console;
mod control_plane;
mod embedding;
mod password_policy;
mod passwords;
mod permissions;
mod root_account;
mod security_preference;
mod spec_drift;
mod users;
mod wire_security;
