//! ramkit-mock's integration tests: one binary.

mod binary;
mod official_clients;
mod outbox_log;
mod vectors;
