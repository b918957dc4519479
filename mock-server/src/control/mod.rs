//! The control plane under `/_ramkit/`, outside the Alibaba contract: one
//! component with one façade, [`Control`], over the store and the plane's
//! own runtime (fault rules, the request log, the state a server started
//! with). It has two faces over that façade: its HTTP face ([`http`],
//! unsigned operations in the document under the tag `Control`) and its
//! in-process face (the helpers on `MockServer`, in `embed`). Fixtures and
//! the state file are here too. The state knows nothing of it.

mod embed;
mod faults;
mod fixture;
pub(crate) mod http;
pub(crate) mod persist;
mod requests;

use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;

pub use faults::{ActiveFault, FaultEffect, FaultRule, FaultRuleError};
pub use fixture::{FixtureError, LoadedAccount};
pub use requests::RequestRecord;

pub(crate) use faults::Faults;
pub(crate) use fixture::Fixture;
pub(crate) use requests::{Entry, RequestLog, describe};

use crate::state::{SentCode, Snapshot, SnapshotError, Store};

/// The control plane of one server.
#[derive(Debug)]
pub(crate) struct Control {
    store: Arc<Store>,
    faults: Faults,
    requests: RequestLog,
    baseline: Mutex<Option<Snapshot>>,
}

impl Control {
    /// The control plane over `store`, with no fault rule, an empty log and
    /// no start state recorded yet.
    pub(crate) fn new(store: Arc<Store>) -> Self {
        Self {
            store,
            faults: Faults::default(),
            requests: RequestLog::default(),
            baseline: Mutex::new(None),
        }
    }

    /// The state it controls.
    pub(crate) fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The fault rules.
    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The log of recent requests.
    pub(crate) fn requests(&self) -> &RequestLog {
        &self.requests
    }

    /// Records the current state as the one to go back to on reset.
    pub(crate) fn record_baseline(&self) {
        *self.baseline.lock() = Some(self.store.snapshot());
    }

    /// Goes back to the state the server started with; clears fault rules
    /// and the request log.
    pub(crate) fn reset(&self) {
        let baseline = self.baseline.lock().clone();
        self.store.reset_to(baseline);
        self.faults.clear();
        self.requests.clear();
    }

    /// Puts one account back as the server started with it (a later account:
    /// as new, with its root keys). False when there is no such account.
    pub(crate) fn reset_account(&self, account_id: &str) -> bool {
        let baseline = self.baseline.lock();
        self.store.reset_account(account_id, baseline.as_ref())
    }

    /// Loads a fixture (YAML or JSON text), all or nothing.
    pub(crate) fn load_fixture(&self, text: &str) -> Result<Vec<LoadedAccount>, FixtureError> {
        self.apply_fixture(&Fixture::parse(text)?)
    }

    /// Creates a parsed fixture's accounts, all or nothing.
    pub(crate) fn apply_fixture(&self, fixture: &Fixture) -> Result<Vec<LoadedAccount>, FixtureError> {
        fixture.apply(&self.store)
    }

    /// The whole state.
    pub(crate) fn snapshot(&self) -> Snapshot {
        self.store.snapshot()
    }

    /// Replaces the whole state (nothing changes when it is refused).
    pub(crate) fn import(&self, snapshot: Snapshot) -> Result<(), SnapshotError> {
        self.store.import(snapshot)
    }

    /// The mock clock's time, milliseconds since the Unix epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        self.store.clock().now_ms()
    }

    /// Moves the mock clock forward.
    pub(crate) fn advance_clock(&self, by: Duration) {
        self.store.clock().advance(by);
        self.store.changed();
    }

    /// Stops the mock clock at `at_ms` (milliseconds since the epoch).
    pub(crate) fn freeze_clock_at(&self, at_ms: i64) {
        self.store.clock().freeze_at(at_ms);
        self.store.changed();
    }

    /// Lets a frozen mock clock run again from where it stands.
    pub(crate) fn unfreeze_clock(&self) {
        self.store.clock().unfreeze();
        self.store.changed();
    }

    /// The verification codes sent to `address` (email any case, or
    /// mobile), newest first.
    pub(crate) fn outbox(&self, address: &str) -> Vec<SentCode> {
        self.store.outbox().to_address(address)
    }
}
