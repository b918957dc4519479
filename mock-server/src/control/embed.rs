//! Typed control-plane helpers on [`MockServer`], for tests that embed the
//! mock: the same operations as `/_ramkit/…`, called in process.

use std::time::Duration;

use super::{ActiveFault, FaultEffect, FaultRule, FaultRuleError, FixtureError, LoadedAccount, RequestRecord};
use crate::MockServer;
use crate::state::{SentCode, Snapshot, SnapshotError};

impl MockServer {
    /// The mock clock's time, milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.control().now_ms()
    }

    /// Moves the mock clock forward.
    pub fn advance_clock(&self, by: Duration) {
        self.control().advance_clock(by);
    }

    /// Stops the mock clock where it stands.
    pub fn freeze_clock(&self) {
        let now = self.now_ms();
        self.freeze_clock_at(now);
    }

    /// Stops the mock clock at `at_ms` (milliseconds since the epoch).
    pub fn freeze_clock_at(&self, at_ms: i64) {
        self.control().freeze_clock_at(at_ms);
    }

    /// Lets a frozen mock clock run again from where it stands.
    pub fn unfreeze_clock(&self) {
        self.control().unfreeze_clock();
    }

    /// Adds a fault rule; see [`FaultRule`].
    pub fn inject_fault(&self, rule: FaultRule) -> Result<ActiveFault, FaultRuleError> {
        self.control().faults().add(rule)
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
        self.control().faults().list()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.control().faults().clear();
    }

    /// The requests the server handled recently (the last 1000), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.control().requests().recent(None)
    }

    /// Goes back to the state the server started with; clears fault rules
    /// and the request log.
    pub fn reset(&self) {
        self.control().reset();
    }

    /// Resets one account; false when there is no such account.
    pub fn reset_account(&self, account_id: &str) -> bool {
        self.control().reset_account(account_id)
    }

    /// The whole state.
    pub fn snapshot(&self) -> Snapshot {
        self.control().snapshot()
    }

    /// Replaces the whole state (nothing changes when it is refused).
    pub fn import(&self, snapshot: Snapshot) -> Result<(), SnapshotError> {
        self.control().import(snapshot)
    }

    /// Loads a fixture (YAML or JSON text), all or nothing.
    pub fn load_fixture(&self, text: &str) -> Result<Vec<LoadedAccount>, FixtureError> {
        self.control().load_fixture(text)
    }

    /// The verification codes sent to `address` (email any case, or
    /// mobile), newest first, as `GET /_ramkit/outbox` lists them.
    pub fn outbox(&self, address: &str) -> Vec<SentCode> {
        self.control().outbox(address)
    }

    /// The newest code sent to `address`, if any.
    pub fn latest_code(&self, address: &str) -> Option<String> {
        self.outbox(address).into_iter().next().map(|m| m.code)
    }

    /// An SDK client for this server, signing as the default account's root.
    /// It dates requests by the mock's clock, so moving the clock never
    /// makes its requests stale.
    #[cfg(feature = "client")]
    pub fn client(&self) -> ramkit::Client {
        self.client_for(self.credentials())
    }

    /// An SDK client for this server signing with `credentials` (a RAM
    /// user's key, another account's root, STS credentials).
    #[cfg(feature = "client")]
    pub fn client_for(&self, credentials: &crate::state::Credentials) -> ramkit::Client {
        let mut sdk_credentials =
            ramkit::Credentials::new(&credentials.access_key_id, credentials.access_key_secret.as_str());
        if let Some(token) = &credentials.security_token {
            sdk_credentials = sdk_credentials.with_security_token(token.as_str());
        }
        let store = std::sync::Arc::clone(self.store());
        let config = ramkit::Config::builder()
            .endpoint(self.endpoint())
            .credentials(sdk_credentials)
            .time_source(ramkit::TimeSource::new(move || store.clock().now_system_time()))
            .build()
            .expect("an http endpoint and static credentials always make a valid config");
        ramkit::Client::new(config).expect("a client for a valid config")
    }

    /// Creates a RAM user in the default account with the given system
    /// policies and one AccessKey, through the SDK as the root, and returns
    /// the key.
    #[cfg(feature = "client")]
    pub async fn create_user_with_key(
        &self,
        user_name: &str,
        policies: &[&str],
    ) -> Result<crate::state::Credentials, ramkit::Error> {
        let root = self.client();
        root.create_user().user_name(user_name).send().await?;
        for policy in policies {
            root.attach_policy_to_user()
                .policy_type("System")
                .policy_name(*policy)
                .user_name(user_name)
                .send()
                .await?;
        }
        let key = root.create_access_key().user_name(user_name).send().await?.access_key;
        Ok(crate::state::Credentials {
            access_key_id: key.access_key_id.clone(),
            access_key_secret: key.access_key_secret.clone(),
            security_token: None,
        })
    }
}
