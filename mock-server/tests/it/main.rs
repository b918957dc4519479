//! ramkit-mock's integration tests: one binary.

mod binary;
mod official_clients;
mod vectors;
