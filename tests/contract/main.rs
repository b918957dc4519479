//! Workspace contract tests: the real SDK against an in-process mock, the
//! raw wire against the mock, and the drift of the committed contract.

mod common;
mod control_plane;
mod embedding;
mod password_policy;
mod spec_drift;
mod wire_security;
