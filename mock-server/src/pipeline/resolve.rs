//! Stage 3: the action and version a request names, to the contract's
//! operation and the endpoint of its typed operation. Two hash lookups;
//! an unknown action is `InvalidAction.NotFound`, an unknown version
//! `InvalidVersion`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use poem::endpoint::BoxEndpoint;

use crate::actions;
use crate::contract::{Contract, Operation};
use crate::error::{ApiError, gateway};
use crate::service;

/// An action the pipeline can run: its contract and its operation.
pub(super) struct Target {
    pub(super) operation: &'static Operation,
    pub(super) endpoint: BoxEndpoint<'static>,
}

/// Every action's target, by version and action, built once per process.
#[derive(Clone)]
pub(super) struct Operations {
    contract: &'static Contract,
    targets: Arc<HashMap<&'static str, HashMap<&'static str, Target>>>,
}

impl Operations {
    /// The targets, shared by every server of the process.
    pub(super) fn shared() -> Self {
        static TARGETS: OnceLock<Arc<HashMap<&'static str, HashMap<&'static str, Target>>>> = OnceLock::new();
        let contract = service::contract();
        let targets = TARGETS.get_or_init(|| {
            let mut endpoints = actions::endpoints();
            let mut targets: HashMap<&'static str, HashMap<&'static str, Target>> = HashMap::new();
            for operation in contract.operations() {
                let endpoint = endpoints
                    .remove(&operation.path)
                    .unwrap_or_else(|| panic!("no operation is served at {}", operation.path));
                targets
                    .entry(operation.spec.version)
                    .or_default()
                    .insert(operation.spec.action, Target { operation, endpoint });
            }
            Arc::new(targets)
        });
        Self {
            contract,
            targets: Arc::clone(targets),
        }
    }

    /// The target of `action` in `version`.
    pub(super) fn resolve(&self, version: &str, action: &str) -> Result<&Target, ApiError> {
        self.targets
            .get(version)
            .and_then(|actions| actions.get(action))
            .ok_or_else(|| {
                if self.contract.knows_version(version) {
                    gateway::ACTION_NOT_FOUND.err()
                } else {
                    gateway::INVALID_VERSION.err()
                }
            })
    }
}

/// Builds the targets ahead of the first request (see [`crate::warm_up`]).
pub(super) fn warm_up() {
    let _ = Operations::shared();
}
