//! The log of recent requests: who called what, and how it ended. Never a
//! parameter, a header or a body, so never a secret.

use std::collections::VecDeque;

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
pub(crate) fn describe(principal: &Principal) -> (&'static str, String) {
    match principal {
        Principal::Root => ("Root", String::new()),
        Principal::User { user_id } => ("User", user_id.clone()),
        Principal::AssumedRole { role_name, .. } => ("AssumedRole", role_name.clone()),
    }
}

/// A bounded log of recent requests.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: Mutex<VecDeque<RequestRecord>>,
    capacity: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self::with_capacity(REQUEST_LOG_CAPACITY)
    }
}

impl RequestLog {
    /// A log keeping the last `capacity` requests.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
        }
    }

    /// Adds a request, dropping the oldest when full.
    pub(crate) fn record(&self, record: RequestRecord) {
        let mut entries = self.entries.lock();
        if entries.len() == self.capacity {
            entries.pop_front();
        }
        entries.push_back(record);
    }

    /// The last `limit` requests (all kept when `None`), oldest first.
    pub(crate) fn recent(&self, limit: Option<usize>) -> Vec<RequestRecord> {
        let entries = self.entries.lock();
        let skip = limit.map_or(0, |l| entries.len().saturating_sub(l));
        entries.iter().skip(skip).cloned().collect()
    }

    /// Forgets every request.
    pub(crate) fn clear(&self) {
        self.entries.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: usize) -> RequestRecord {
        RequestRecord {
            time_ms: 0,
            request_id: n.to_string(),
            action: None,
            account_id: None,
            principal_kind: None,
            principal_name: None,
            code: None,
            status: 200,
            latency_us: 0,
        }
    }

    #[test]
    fn the_log_keeps_only_the_most_recent_requests() {
        let log = RequestLog::with_capacity(3);
        (0..5).for_each(|n| log.record(record(n)));
        let ids: Vec<String> = log.recent(None).into_iter().map(|r| r.request_id).collect();
        assert_eq!(ids, ["2", "3", "4"]);
        let last: Vec<String> = log.recent(Some(1)).into_iter().map(|r| r.request_id).collect();
        assert_eq!(last, ["4"]);
    }
}
