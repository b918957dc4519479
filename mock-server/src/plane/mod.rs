//! The control plane's runtime: fault rules, the request log, change
//! notifications (for the state file) and the state a server started with
//! (for reset). The HTTP face is in `api::control*`; fixtures and the
//! state file are here too.

pub mod faults;
pub mod fixture;
pub mod persist;
pub mod requests;

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use tokio::sync::Notify;

pub use faults::{ActiveFault, FaultDecision, FaultEffect, FaultRule, FaultRuleError, Faults};
pub use fixture::{Fixture, FixtureError, LoadedAccount};
pub use requests::{RequestLog, RequestRecord};

use crate::state::Snapshot;

/// The control plane's runtime, one per store.
#[derive(Debug, Default)]
pub struct Plane {
    faults: Faults,
    requests: RequestLog,
    changes: Notify,
    watched: AtomicBool,
    baseline: Mutex<Option<Snapshot>>,
    default_key: Mutex<Option<String>>,
}

impl Plane {
    /// The fault rules.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The log of recent requests.
    pub fn requests(&self) -> &RequestLog {
        &self.requests
    }

    /// Signals that the state changed (a write action succeeded, a fixture
    /// or snapshot was loaded, the state was reset). Costs one relaxed load
    /// when nobody watches (no state file).
    pub fn changed(&self) {
        if self.watched.load(Ordering::Relaxed) {
            self.changes.notify_one();
        }
    }

    /// From now on, [`Plane::changed`] wakes [`Plane::next_change`].
    pub fn watch_changes(&self) {
        self.watched.store(true, Ordering::Release);
    }

    /// Resolves at the next change (or at once, if one was signalled since
    /// the last wait). Only one waiter (the state-file writer) is woken.
    pub async fn next_change(&self) {
        self.changes.notified().await;
    }

    /// The state to go back to on reset.
    pub fn baseline(&self) -> Option<Snapshot> {
        self.baseline.lock().clone()
    }

    /// Sets the state to go back to on reset.
    pub fn set_baseline(&self, snapshot: Snapshot) {
        *self.baseline.lock() = Some(snapshot);
    }

    /// The AccessKey id of the server's default account's root, if any.
    pub fn default_key(&self) -> Option<String> {
        self.default_key.lock().clone()
    }

    /// Records the default account's root AccessKey id.
    pub fn set_default_key(&self, id: Option<String>) {
        *self.default_key.lock() = id;
    }
}
