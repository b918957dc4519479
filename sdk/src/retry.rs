//! When and how long to wait before trying again.
//!
//! Alibaba's official SDKs do not retry by default and disagree between
//! languages on what they retry. ramkit retries by default, by the cloud's
//! codes rather than HTTP status alone, and is conservative with writes:
//!
//! | failure | read-only action | action that changes state |
//! | --- | --- | --- |
//! | `Throttling*` (HTTP 400 on this cloud) | retry | retry |
//! | `ServiceUnavailable`, HTTP 503 | retry | retry (refused before processing) |
//! | `InternalError`, other 5xx | retry | no: it may have been applied |
//! | cannot connect | retry | retry (never sent) |
//! | timeout or broken connection after sending | retry | no: it may have been applied |
//! | anything else | no | no |
//!
//! A positive `x-acs-retry-after` answer header (milliseconds) sets the delay
//! for the next attempt; otherwise the delay grows exponentially with jitter.

use std::time::Duration;

use crate::error::Error;

/// How a client retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
}

impl Default for RetryConfig {
    /// 3 attempts, 200 ms doubling up to 20 s, with jitter.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter: true,
        }
    }
}

impl RetryConfig {
    /// One attempt only.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry; it doubles for each next one.
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest delay between two attempts (also caps `x-acs-retry-after`).
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Whether delays are jittered (on by default; off makes them exact).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before retry number `retry` (1 for the first retry), given a
    /// random sample in `[0, 1)` used only when jitter is on.
    pub fn delay(&self, retry: u32, sample: f64) -> Duration {
        backoff(
            retry,
            self.initial_backoff,
            self.max_backoff,
            self.jitter.then_some(sample),
        )
    }

    /// The delay the server asked for, capped.
    pub(crate) fn capped(&self, asked: Duration) -> Duration {
        asked.min(self.max_backoff)
    }
}

/// Exponential backoff, pure: `initial × 2^(retry-1)`, capped at `max`; with
/// a jitter sample `r` in `[0, 1)`, "equal jitter": half the delay plus `r`
/// times the other half, so retries spread out but never come back at once.
pub fn backoff(retry: u32, initial: Duration, max: Duration, jitter: Option<f64>) -> Duration {
    let exp = initial
        .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
        .min(max);
    match jitter {
        None => exp,
        Some(r) => exp / 2 + exp.div_f64(2.0).mul_f64(r.clamp(0.0, 1.0)),
    }
}

/// Whether a failed attempt may be tried again.
pub(crate) fn should_retry(error: &Error, read_only: bool) -> bool {
    match error {
        Error::Service(e) => {
            let code = e.code();
            if code.starts_with("Throttling") || code == "ServiceUnavailable" || e.http_status() == 503 {
                true
            } else {
                read_only && (code == "InternalError" || e.http_status() >= 500)
            }
        }
        Error::Transport(e) => read_only || !e.may_have_been_sent(),
        Error::Timeout(_) => read_only,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn backoff_doubles_from_the_initial_delay_up_to_the_cap() {
        let delays: Vec<Duration> = (1..=6).map(|n| backoff(n, 100 * MS, 1000 * MS, None)).collect();
        assert_eq!(delays, [100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS]);
    }

    #[test]
    fn jitter_keeps_the_delay_between_half_and_all_of_the_backoff() {
        assert_eq!(backoff(2, 100 * MS, 1000 * MS, Some(0.0)), 100 * MS);
        assert_eq!(backoff(2, 100 * MS, 1000 * MS, Some(0.5)), 150 * MS);
        assert!(backoff(2, 100 * MS, 1000 * MS, Some(0.999)) < 200 * MS);
    }

    #[test]
    fn huge_retry_numbers_saturate_at_the_cap() {
        assert_eq!(backoff(1000, 100 * MS, 1000 * MS, None), 1000 * MS);
    }

    fn transport(sent: bool) -> Error {
        Error::Transport(crate::error::TransportError::new("t", sent, None))
    }

    #[test]
    fn a_request_that_never_left_is_retried_even_for_a_write() {
        assert!(should_retry(&transport(false), false));
        assert!(!should_retry(&transport(true), false));
        assert!(should_retry(&transport(true), true));
    }

    #[test]
    fn a_config_never_allows_fewer_than_one_attempt() {
        assert_eq!(RetryConfig::default().with_max_attempts(0).max_attempts(), 1);
    }
}
