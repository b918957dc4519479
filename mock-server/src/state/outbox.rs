//! The outbox: verification codes "sent" by email or SMS, kept for the
//! control plane (`GET /_ramkit/outbox`) and logged, so that tests and
//! people can complete a flow.
//!
//! The codes are in the clear here by design: a code is a short-lived,
//! single-use proof meant to be read by whoever drives the mock, not a
//! long-lived secret. `Debug` still hides them, and the accounts themselves
//! keep only salted hashes.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use super::Store;

/// How many messages the outbox keeps per address (the oldest go first).
pub(super) const OUTBOX_CAPACITY: usize = 100;

/// A code may be sent to one address at most once in this many seconds.
pub const RESEND_INTERVAL_SECS: i64 = 60;

/// An address whose newest code is older than this is forgotten at the next sweep.
const FORGET_AFTER_SECS: i64 = 24 * 60 * 60;

/// How many deliveries pass between sweeps of forgotten addresses.
const SWEEP_EVERY: u64 = 1024;

/// How a code travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// To an email address.
    Email,
    /// By SMS to a mobile.
    Sms,
}

/// One sent code.
#[derive(Clone, PartialEq, Eq)]
pub struct SentCode {
    /// The address, as the request gave it.
    pub address: String,
    /// Email or SMS.
    pub channel: Channel,
    /// The 6-digit code.
    pub code: String,
    /// The account that sent it.
    pub account_id: String,
    /// Why it was sent (`Identity` or `NewAddress`).
    pub purpose: &'static str,
    /// Unix seconds on the mock clock.
    pub sent_at: i64,
    /// Unix seconds on the mock clock.
    pub expires_at: i64,
}

impl std::fmt::Debug for SentCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentCode")
            .field("address", &self.address)
            .field("channel", &self.channel)
            .field("code", &"** redacted **")
            .field("account_id", &self.account_id)
            .field("purpose", &self.purpose)
            .field("sent_at", &self.sent_at)
            .finish_non_exhaustive()
    }
}

/// Sent codes per address, newest last, and when the address last got one.
///
/// Sharded by address (no global lock on the request path), at most
/// `OUTBOX_CAPACITY` (100) messages per address; addresses that got nothing for
/// a day are swept away.
#[derive(Debug, Default)]
pub struct Outbox {
    mailboxes: DashMap<String, Mailbox>,
    deliveries: AtomicU64,
}

#[derive(Debug, Default)]
struct Mailbox {
    last_sent: Option<i64>,
    messages: VecDeque<SentCode>,
}

impl Outbox {
    /// Reserves a send to `address` at `now`; false when it got a code less
    /// than [`RESEND_INTERVAL_SECS`] ago.
    pub fn reserve(&self, address: &str, now: i64) -> bool {
        let mut mailbox = self.mailboxes.entry(address.to_ascii_lowercase()).or_default();
        if mailbox.last_sent.is_some_and(|at| at + RESEND_INTERVAL_SECS > now) {
            return false;
        }
        mailbox.last_sent = Some(now);
        true
    }

    /// Records a sent code and logs it for the developer reading the mock's output.
    pub fn deliver(&self, message: SentCode) {
        tracing::info!(
            address = %message.address,
            channel = ?message.channel,
            code = %message.code,
            account_id = %message.account_id,
            purpose = message.purpose,
            "verification code sent"
        );
        let now = message.sent_at;
        match self.mailboxes.entry(message.address.to_ascii_lowercase()) {
            Entry::Occupied(mut e) => {
                let messages = &mut e.get_mut().messages;
                if messages.len() >= OUTBOX_CAPACITY {
                    messages.pop_front();
                }
                messages.push_back(message);
            }
            Entry::Vacant(e) => {
                e.insert(Mailbox {
                    last_sent: Some(now),
                    messages: VecDeque::from([message]),
                });
            }
        }
        if self.deliveries.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.mailboxes
                .retain(|_, m| m.last_sent.is_some_and(|at| at + FORGET_AFTER_SECS > now));
        }
    }

    /// The codes sent to `address` (any case), newest first.
    pub fn to_address(&self, address: &str) -> Vec<SentCode> {
        self.mailboxes
            .get(&address.to_ascii_lowercase())
            .map(|m| m.messages.iter().rev().cloned().collect())
            .unwrap_or_default()
    }
}

impl Store {
    /// The outbox of sent verification codes.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(address: &str, code: &str, at: i64) -> SentCode {
        SentCode {
            address: address.into(),
            channel: Channel::Email,
            code: code.into(),
            account_id: "1".into(),
            purpose: "Identity",
            sent_at: at,
            expires_at: at + 300,
        }
    }

    #[test]
    fn an_address_may_get_one_code_a_minute() {
        let outbox = Outbox::default();
        assert!(outbox.reserve("a@b.io", 0));
        assert!(!outbox.reserve("A@B.io", 59));
        assert!(outbox.reserve("other@b.io", 59));
        assert!(outbox.reserve("a@b.io", 60));
    }

    #[test]
    fn messages_are_listed_newest_first_and_the_oldest_fall_out() {
        let outbox = Outbox::default();
        for i in 0..=OUTBOX_CAPACITY as i64 {
            outbox.deliver(sent("a@b.io", &format!("{i:06}"), i));
        }
        outbox.deliver(sent("other@b.io", "999999", 0));
        let list = outbox.to_address("A@b.io");
        assert_eq!(list.len(), OUTBOX_CAPACITY);
        assert_eq!(list[0].code, format!("{OUTBOX_CAPACITY:06}"));
        assert_eq!(list[OUTBOX_CAPACITY - 1].code, "000001");
        assert!(!format!("{:?}", list[0]).contains(&list[0].code));
    }

    #[test]
    fn addresses_quiet_for_a_day_are_forgotten() {
        let outbox = Outbox::default();
        outbox.deliver(sent("old@b.io", "111111", 0));
        for i in 0..SWEEP_EVERY as i64 {
            outbox.deliver(sent("new@b.io", "222222", FORGET_AFTER_SECS + i));
        }
        assert!(outbox.to_address("old@b.io").is_empty());
        assert!(!outbox.to_address("new@b.io").is_empty());
    }
}
