//! Typed control-plane helpers on [`MockServer`], for tests that embed the
//! mock: the same operations as `/_ramkit/…`, called in process.

use std::time::Duration;

use crate::MockServer;
use crate::plane::{
    ActiveFault, FaultEffect, FaultRule, FaultRuleError, Fixture, FixtureError, LoadedAccount, RequestRecord,
};
use crate::state::{Snapshot, SnapshotError};

impl MockServer {
    /// The mock clock's time, milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.store().clock().now_ms()
    }

    /// Moves the mock clock forward.
    pub fn advance_clock(&self, by: Duration) {
        self.store().clock().advance(by);
        self.store().plane().changed();
    }

    /// Stops the mock clock where it stands.
    pub fn freeze_clock(&self) {
        let now = self.now_ms();
        self.freeze_clock_at(now);
    }

    /// Stops the mock clock at `at_ms` (milliseconds since the epoch).
    pub fn freeze_clock_at(&self, at_ms: i64) {
        self.store().clock().freeze_at(at_ms);
        self.store().plane().changed();
    }

    /// Lets a frozen mock clock run again from where it stands.
    pub fn unfreeze_clock(&self) {
        self.store().clock().unfreeze();
        self.store().plane().changed();
    }

    /// Adds a fault rule; see [`FaultRule`].
    pub fn inject_fault(&self, rule: FaultRule) -> Result<ActiveFault, FaultRuleError> {
        self.store().plane().faults().add(rule)
    }

    /// Throttles the next `times` calls of `action` (any account).
    pub fn throttle_next(&self, action: &str, times: u32) -> ActiveFault {
        let rule = FaultRule {
            action: Some(action.to_owned()),
            account_id: None,
            effect: FaultEffect::Throttle,
            times: Some(times.max(1)),
            rate: None,
        };
        self.inject_fault(rule)
            .expect("a throttle rule with a positive count and no rate is valid")
    }

    /// The fault rules in force.
    pub fn faults(&self) -> Vec<ActiveFault> {
        self.store().plane().faults().list()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.store().plane().faults().clear();
    }

    /// The requests the server handled recently (the last 1000), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.store().plane().requests().recent(None)
    }

    /// Goes back to the state the server started with; clears fault rules
    /// and the request log.
    pub fn reset(&self) {
        self.store().reset();
    }

    /// Resets one account; false when there is no such account.
    pub fn reset_account(&self, account_id: &str) -> bool {
        self.store().reset_account(account_id)
    }

    /// The whole state.
    pub fn snapshot(&self) -> Snapshot {
        self.store().snapshot()
    }

    /// Replaces the whole state (nothing changes when it is refused).
    pub fn import(&self, snapshot: Snapshot) -> Result<(), SnapshotError> {
        self.store().import(snapshot)
    }

    /// Loads a fixture (YAML or JSON text), all or nothing.
    pub fn load_fixture(&self, text: &str) -> Result<Vec<LoadedAccount>, FixtureError> {
        Fixture::parse(text)?.apply(self.store())
    }

    /// An SDK client for this server, signing as the default account's root.
    #[cfg(feature = "client")]
    pub fn client(&self) -> ramkit::Client {
        let creds = self.credentials();
        let config = ramkit::Config::builder()
            .endpoint(self.endpoint())
            .credentials(ramkit::Credentials::new(
                &creds.access_key_id,
                creds.access_key_secret.as_str(),
            ))
            .build()
            .expect("an http endpoint and static credentials always make a valid config");
        ramkit::Client::new(config).expect("a client for a valid config")
    }
}
