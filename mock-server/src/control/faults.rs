//! Fault injection: rules that throttle, fail or slow down matching calls.
//!
//! The pipeline asks [`Faults::check`] once per authenticated request. With
//! no rule it reads one atomic flag and returns; rules live behind a small
//! mutex that only requests meet while rules exist.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use parking_lot::Mutex;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, gateway};

/// What a rule does to a call it matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultEffect {
    /// Answer `Throttling.User` (HTTP 400), as the cloud's flow control does.
    Throttle,
    /// Answer with this error instead of running the action.
    Fail {
        /// The error code, e.g. `ServiceUnavailable`.
        code: String,
        /// The HTTP status, 400-599.
        status: u16,
        /// The message (a generic one when absent).
        message: Option<String>,
    },
    /// Wait this long, then handle the call as usual.
    Latency {
        /// Milliseconds of real (not mock) time.
        millis: u64,
    },
}

/// A fault rule: which calls it matches and what it does to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The action it applies to (case-sensitive), or every action when absent.
    pub action: Option<String>,
    /// The account it applies to, or every account when absent.
    pub account_id: Option<String>,
    /// What it does.
    pub effect: FaultEffect,
    /// Applies to the next `times` matching calls that it fires on, then
    /// goes away; applies until cleared when absent.
    pub times: Option<u32>,
    /// The probability, 0.0-1.0, that it fires on a matching call (1.0 when absent).
    pub rate: Option<f64>,
}

/// Why a rule was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FaultRuleError {
    /// The rate is not within 0.0-1.0.
    #[error("rate must be between 0.0 and 1.0")]
    Rate,
    /// The status is not an error status.
    #[error("status must be between 400 and 599")]
    Status,
    /// The code is empty.
    #[error("code must not be empty")]
    Code,
    /// `times` is zero.
    #[error("times must be at least 1 when given")]
    Times,
}

impl FaultRule {
    fn validate(&self) -> Result<(), FaultRuleError> {
        if self.rate.is_some_and(|rate| !(0.0..=1.0).contains(&rate)) {
            return Err(FaultRuleError::Rate);
        }
        if self.times == Some(0) {
            return Err(FaultRuleError::Times);
        }
        if let FaultEffect::Fail { code, status, .. } = &self.effect {
            if !(400..=599).contains(status) {
                return Err(FaultRuleError::Status);
            }
            if code.is_empty() {
                return Err(FaultRuleError::Code);
            }
        }
        Ok(())
    }

    fn matches(&self, action: &str, account_id: &str) -> bool {
        self.action.as_deref().is_none_or(|a| a == action) && self.account_id.as_deref().is_none_or(|a| a == account_id)
    }
}

/// A rule in force, with its id and what is left of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActiveFault {
    /// The id to remove it by.
    pub id: u64,
    /// The rule.
    pub rule: FaultRule,
    /// How many more calls it applies to, when limited.
    pub remaining: Option<u32>,
}

/// What the faults decided for one call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FaultDecision {
    /// Wait this long first.
    pub delay: Duration,
    /// Then answer with this error instead of running the action.
    pub error: Option<ApiError>,
}

/// The rules in force.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    present: AtomicBool,
    next_id: AtomicU64,
    rules: Mutex<Vec<ActiveFault>>,
}

impl Faults {
    /// Adds a rule; returns it with its id.
    pub(crate) fn add(&self, rule: FaultRule) -> Result<ActiveFault, FaultRuleError> {
        rule.validate()?;
        let active = ActiveFault {
            id: self.next_id.fetch_add(1, Ordering::Relaxed) + 1,
            remaining: rule.times,
            rule,
        };
        let mut rules = self.rules.lock();
        rules.push(active.clone());
        self.present.store(true, Ordering::Release);
        Ok(active)
    }

    /// The rules in force, oldest first.
    pub(crate) fn list(&self) -> Vec<ActiveFault> {
        self.rules.lock().clone()
    }

    /// Removes one rule; false when there was none with this id.
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut rules = self.rules.lock();
        let before = rules.len();
        rules.retain(|r| r.id != id);
        self.present.store(!rules.is_empty(), Ordering::Release);
        rules.len() != before
    }

    /// Removes every rule.
    pub(crate) fn clear(&self) {
        let mut rules = self.rules.lock();
        rules.clear();
        self.present.store(false, Ordering::Release);
    }

    /// What to do with a call of `action` in `account_id`. Latency rules
    /// add up; the first error rule that fires decides the answer.
    pub(crate) fn check(&self, action: &str, account_id: &str) -> FaultDecision {
        let mut decision = FaultDecision::default();
        if !self.present.load(Ordering::Acquire) {
            return decision;
        }
        let mut rules = self.rules.lock();
        let mut spent = false;
        for active in rules.iter_mut() {
            let rule = &active.rule;
            if !rule.matches(action, account_id) {
                continue;
            }
            let is_error = !matches!(rule.effect, FaultEffect::Latency { .. });
            if is_error && decision.error.is_some() {
                continue;
            }
            if rule.rate.is_some_and(|rate| rand::rng().random::<f64>() >= rate) {
                continue;
            }
            match &rule.effect {
                FaultEffect::Throttle => decision.error = Some(gateway::THROTTLING_USER.err()),
                FaultEffect::Fail { code, status, message } => {
                    decision.error = Some(ApiError::new(
                        *status,
                        code.clone(),
                        message.clone().unwrap_or_else(|| "Injected by ramkit-mock.".to_owned()),
                    ));
                }
                FaultEffect::Latency { millis } => decision.delay += Duration::from_millis(*millis),
            }
            if let Some(left) = active.remaining.as_mut() {
                *left -= 1;
                spent |= *left == 0;
            }
        }
        if spent {
            rules.retain(|r| r.remaining != Some(0));
            self.present.store(!rules.is_empty(), Ordering::Release);
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(action: Option<&str>, account: Option<&str>, times: Option<u32>) -> FaultRule {
        FaultRule {
            action: action.map(str::to_owned),
            account_id: account.map(str::to_owned),
            effect: FaultEffect::Throttle,
            times,
            rate: None,
        }
    }

    #[test]
    fn a_limited_rule_applies_to_the_next_n_matching_calls_then_goes_away() {
        let faults = Faults::default();
        faults.add(throttle(Some("A"), None, Some(2))).expect("valid");
        assert!(faults.check("B", "1").error.is_none());
        assert!(faults.check("A", "1").error.is_some());
        assert!(faults.check("A", "2").error.is_some());
        assert!(faults.check("A", "1").error.is_none());
        assert!(faults.list().is_empty());
    }

    #[test]
    fn a_rule_for_one_account_leaves_the_others_alone() {
        let faults = Faults::default();
        faults.add(throttle(None, Some("1"), None)).expect("valid");
        assert!(faults.check("A", "2").error.is_none());
        assert!(faults.check("A", "1").error.is_some());
        assert!(faults.check("A", "1").error.is_some(), "unlimited until cleared");
    }

    #[test]
    fn a_rule_at_rate_zero_never_fires_and_at_rate_one_always_does() {
        let faults = Faults::default();
        let mut never = throttle(None, None, None);
        never.rate = Some(0.0);
        faults.add(never).expect("valid");
        assert!((0..50).all(|_| faults.check("A", "1").error.is_none()));
        faults.clear();
        let mut always = throttle(None, None, None);
        always.rate = Some(1.0);
        faults.add(always).expect("valid");
        assert!((0..50).all(|_| faults.check("A", "1").error.is_some()));
    }

    #[test]
    fn latency_rules_add_up_and_do_not_stop_an_error_rule() {
        let faults = Faults::default();
        for _ in 0..2 {
            faults
                .add(FaultRule {
                    effect: FaultEffect::Latency { millis: 5 },
                    ..throttle(None, None, None)
                })
                .expect("valid");
        }
        faults.add(throttle(None, None, None)).expect("valid");
        let d = faults.check("A", "1");
        assert_eq!(d.delay, Duration::from_millis(10));
        assert_eq!(d.error.map(|e| e.code().to_owned()).as_deref(), Some("Throttling.User"));
    }

    #[test]
    fn rules_out_of_range_are_refused() {
        let faults = Faults::default();
        let mut r = throttle(None, None, None);
        r.rate = Some(1.5);
        assert_eq!(faults.add(r), Err(FaultRuleError::Rate));
        assert_eq!(faults.add(throttle(None, None, Some(0))), Err(FaultRuleError::Times));
        let fail = FaultRule {
            effect: FaultEffect::Fail {
                code: "X".into(),
                status: 200,
                message: None,
            },
            ..throttle(None, None, None)
        };
        assert_eq!(faults.add(fail), Err(FaultRuleError::Status));
    }
}
