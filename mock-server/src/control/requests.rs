//! The log of recent requests: who called what, and how it ended. Never a
//! parameter, a header or a body, so never a secret.

use std::borrow::Cow;

use compact_str::CompactString;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::state::Principal;

/// How many requests the log keeps; older ones fall off.
pub(super) const REQUEST_LOG_CAPACITY: usize = 1000;

/// One request in the log: no parameter, header or body, so no secret.
// `GET /_ramkit/requests` shows it as it is, as the schema `LoggedRequest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, poem_openapi::Object)]
#[oai(rename = "LoggedRequest", rename_all = "PascalCase")]
pub struct RequestRecord {
    /// When it arrived, milliseconds since the epoch on the mock clock.
    pub time_ms: i64,
    /// Its request id.
    pub request_id: String,
    /// The action, once known.
    pub action: Option<String>,
    /// The caller's account, once authenticated.
    pub account_id: Option<String>,
    /// `Root`, `User` or `AssumedRole`, once authenticated.
    pub principal_kind: Option<String>,
    /// The user id or role name (empty for the root), once authenticated.
    pub principal_name: Option<String>,
    /// The error code; absent when the action succeeded.
    pub code: Option<String>,
    /// The HTTP status of the answer.
    pub status: u16,
    /// Time spent handling it, in microseconds.
    pub latency_us: u64,
}

/// Describes a principal for the log: its kind and its name.
pub(crate) fn describe(principal: &Principal) -> (&'static str, CompactString) {
    match principal {
        Principal::Root => ("Root", CompactString::const_new("")),
        Principal::User { user_id } => ("User", CompactString::new(user_id)),
        Principal::AssumedRole { role_name, .. } => ("AssumedRole", CompactString::new(role_name)),
    }
}

/// A request as the log keeps it: what a [`RequestRecord`] shows, held so
/// that logging a request allocates nothing in the common case (the
/// action's name from the contract, ids of up to 24 bytes inline, the
/// request id as its 16 bytes). Records are made from it when read.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// When it arrived, milliseconds since the epoch on the mock clock.
    pub(crate) time_ms: i64,
    /// Its request id.
    pub(crate) request_id: uuid::Uuid,
    /// The action, once known.
    pub(crate) action: Option<Cow<'static, str>>,
    /// The caller's account, once authenticated.
    pub(crate) account_id: Option<CompactString>,
    /// The principal's kind and name, once authenticated (see [`describe`]).
    pub(crate) principal: Option<(&'static str, CompactString)>,
    /// The error code; absent when the action succeeded.
    pub(crate) code: Option<Cow<'static, str>>,
    /// The HTTP status of the answer.
    pub(crate) status: u16,
    /// Time spent handling it, in microseconds.
    pub(crate) latency_us: u64,
}

impl Entry {
    fn record(&self) -> RequestRecord {
        let (kind, name) = match &self.principal {
            Some((kind, name)) => (Some((*kind).to_owned()), Some(name.to_string())),
            None => (None, None),
        };
        RequestRecord {
            time_ms: self.time_ms,
            request_id: crate::error::format_request_id(self.request_id),
            action: self.action.as_deref().map(str::to_owned),
            account_id: self.account_id.as_deref().map(str::to_owned),
            principal_kind: kind,
            principal_name: name,
            code: self.code.as_deref().map(str::to_owned),
            status: self.status,
            latency_us: self.latency_us,
        }
    }
}

/// A bounded log of recent requests: a ring, each new entry written over
/// the oldest in place once it is full.
#[derive(Debug)]
pub(crate) struct RequestLog {
    ring: Mutex<Ring>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Ring {
    entries: Vec<Entry>,
    /// Where the next entry goes once `entries` is full: the oldest.
    next: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self::with_capacity(REQUEST_LOG_CAPACITY)
    }
}

impl RequestLog {
    /// A log keeping the last `capacity` requests (at least one).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            ring: Mutex::new(Ring {
                entries: Vec::with_capacity(capacity),
                next: 0,
            }),
            capacity,
        }
    }

    /// Adds a request, over the oldest when full.
    pub(crate) fn record(&self, entry: Entry) {
        let mut ring = self.ring.lock();
        if ring.entries.len() < self.capacity {
            ring.entries.push(entry);
        } else {
            let at = ring.next;
            ring.entries[at] = entry;
            ring.next = (at + 1) % self.capacity;
        }
    }

    /// The last `limit` requests (all kept when `None`), oldest first.
    pub(crate) fn recent(&self, limit: Option<usize>) -> Vec<RequestRecord> {
        let ring = self.ring.lock();
        let (newer, older) = ring.entries.split_at(ring.next);
        let skip = limit.map_or(0, |l| ring.entries.len().saturating_sub(l));
        older.iter().chain(newer).skip(skip).map(Entry::record).collect()
    }

    /// Forgets every request.
    pub(crate) fn clear(&self) {
        let mut ring = self.ring.lock();
        ring.entries.clear();
        ring.next = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u16) -> Entry {
        Entry {
            time_ms: 0,
            request_id: uuid::Uuid::nil(),
            action: None,
            account_id: None,
            principal: None,
            code: None,
            status: n,
            latency_us: 0,
        }
    }

    #[test]
    fn the_log_keeps_only_the_most_recent_requests() {
        let log = RequestLog::with_capacity(3);
        (0..5).for_each(|n| log.record(entry(n)));
        let kept: Vec<u16> = log.recent(None).into_iter().map(|r| r.status).collect();
        assert_eq!(kept, [2, 3, 4]);
        let last: Vec<u16> = log.recent(Some(1)).into_iter().map(|r| r.status).collect();
        assert_eq!(last, [4]);
    }

    #[test]
    fn the_log_keeps_its_order_across_many_wraps_and_after_a_clear() {
        let log = RequestLog::with_capacity(4);
        (0..11).for_each(|n| log.record(entry(n)));
        let kept: Vec<u16> = log.recent(None).into_iter().map(|r| r.status).collect();
        assert_eq!(kept, [7, 8, 9, 10]);
        let last: Vec<u16> = log.recent(Some(2)).into_iter().map(|r| r.status).collect();
        assert_eq!(last, [9, 10]);
        log.clear();
        assert!(log.recent(None).is_empty());
        (0..2).for_each(|n| log.record(entry(n)));
        let kept: Vec<u16> = log.recent(None).into_iter().map(|r| r.status).collect();
        assert_eq!(kept, [0, 1]);
    }

    #[test]
    fn a_record_shows_what_its_entry_holds() {
        let long_role = "r".repeat(64);
        let entry = Entry {
            time_ms: 7,
            request_id: uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
            action: Some(Cow::Borrowed("GetUser")),
            account_id: Some(CompactString::new("1234567890123456")),
            principal: Some(describe(&Principal::AssumedRole {
                role_name: long_role.clone(),
                policies: Vec::new(),
            })),
            code: Some(Cow::Borrowed("EntityNotExist.User")),
            status: 404,
            latency_us: 12,
        };
        let log = RequestLog::with_capacity(1);
        log.record(entry);
        let record = log.recent(None).remove(0);
        assert_eq!(
            record,
            RequestRecord {
                time_ms: 7,
                request_id: "01234567-89AB-CDEF-0123-456789ABCDEF".to_owned(),
                action: Some("GetUser".to_owned()),
                account_id: Some("1234567890123456".to_owned()),
                principal_kind: Some("AssumedRole".to_owned()),
                principal_name: Some(long_role),
                code: Some("EntityNotExist.User".to_owned()),
                status: 404,
                latency_us: 12,
            }
        );
    }
}
