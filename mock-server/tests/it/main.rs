//! ramkit-mock's integration tests: one binary.

mod vectors;
