//! Control plane: fault injection and the request log (`/_ramkit/…`, unsigned).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Enum, Object, OpenApi};

use super::state::{bad, not_found};
use crate::contract::ApiTags;
use crate::control::{ActiveFault, Control, FaultEffect, FaultRule, RequestRecord};
use crate::error::ApiError;

/// What a fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub(super) enum FaultKind {
    /// Answer `Throttling.User` (HTTP 400), as the cloud's flow control does.
    Throttle,
    /// Answer with `Code`, `Status` and `Message` instead of running the action.
    Fail,
    /// Wait `LatencyMs` milliseconds, then handle the call as usual.
    Latency,
}

/// A fault rule: which signed calls it matches and what it does to them.
/// Faults apply after the request is authenticated, its parameters are
/// validated and its caller authorized, just before the action runs: a
/// badly signed, malformed or forbidden call is refused as usual.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct NewFault {
    /// The action it applies to (case-sensitive), or every action when absent.
    pub action: Option<String>,
    /// The account it applies to, or every account when absent.
    pub account_id: Option<String>,
    /// What it does.
    pub kind: FaultKind,
    /// For `Fail`: the error code, e.g. `ServiceUnavailable`.
    pub code: Option<String>,
    /// For `Fail`: the HTTP status, 400-599.
    pub status: Option<u16>,
    /// For `Fail`: the message (a generic one when absent).
    pub message: Option<String>,
    /// For `Latency`: milliseconds of real time to wait.
    pub latency_ms: Option<u64>,
    /// Apply to the next `Times` matching calls it fires on, then go away;
    /// until cleared when absent.
    #[oai(validator(minimum(value = "1")))]
    pub times: Option<u32>,
    /// Probability, 0.0-1.0, that it fires on a matching call (1.0 when absent).
    #[oai(validator(minimum(value = "0.0"), maximum(value = "1.0")))]
    pub rate: Option<f64>,
}

/// A fault rule in force.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct Fault {
    /// Its id, to remove it by.
    pub id: u64,
    /// The action it applies to, or every action when absent.
    pub action: Option<String>,
    /// The account it applies to, or every account when absent.
    pub account_id: Option<String>,
    /// What it does.
    pub kind: FaultKind,
    /// For `Fail`: the error code.
    pub code: Option<String>,
    /// For `Fail`: the HTTP status.
    pub status: Option<u16>,
    /// For `Fail`: the message.
    pub message: Option<String>,
    /// For `Latency`: milliseconds.
    pub latency_ms: Option<u64>,
    /// How many more calls it applies to, when limited.
    pub remaining: Option<u32>,
    /// Probability that it fires, when not 1.0.
    pub rate: Option<f64>,
}

impl From<ActiveFault> for Fault {
    fn from(a: ActiveFault) -> Self {
        let (kind, code, status, message, latency_ms) = match a.rule.effect {
            FaultEffect::Throttle => (FaultKind::Throttle, None, None, None, None),
            FaultEffect::Fail { code, status, message } => (FaultKind::Fail, Some(code), Some(status), message, None),
            FaultEffect::Latency { millis } => (FaultKind::Latency, None, None, None, Some(millis)),
        };
        Self {
            id: a.id,
            action: a.rule.action,
            account_id: a.rule.account_id,
            kind,
            code,
            status,
            message,
            latency_ms,
            remaining: a.remaining,
            rate: a.rule.rate,
        }
    }
}

impl NewFault {
    fn into_rule(self) -> Result<FaultRule, ApiError> {
        let effect = match self.kind {
            FaultKind::Throttle => FaultEffect::Throttle,
            FaultKind::Fail => FaultEffect::Fail {
                code: self
                    .code
                    .ok_or_else(|| bad("InvalidFault", "a Fail fault needs Code"))?,
                status: self
                    .status
                    .ok_or_else(|| bad("InvalidFault", "a Fail fault needs Status"))?,
                message: self.message,
            },
            FaultKind::Latency => FaultEffect::Latency {
                millis: self
                    .latency_ms
                    .ok_or_else(|| bad("InvalidFault", "a Latency fault needs LatencyMs"))?,
            },
        };
        Ok(FaultRule {
            action: self.action,
            account_id: self.account_id,
            effect,
            times: self.times,
            rate: self.rate,
        })
    }
}

/// How many rules or entries were removed.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct Cleared {
    /// How many.
    pub removed: u64,
}

/// Fault injection and the request log.
#[derive(Debug)]
pub(crate) struct ControlFaultsApi;

#[OpenApi(prefix_path = "/_ramkit", tag = "ApiTags::Control")]
impl ControlFaultsApi {
    /// Lists the fault rules in force, oldest first.
    #[oai(path = "/faults", method = "get", operation_id = "Control_ListFaults")]
    async fn list_faults(&self, control: Data<&Arc<Control>>) -> Json<Vec<Fault>> {
        Json(control.faults().list().into_iter().map(Into::into).collect())
    }

    /// Adds a fault rule.
    ///
    /// Rules are checked in the order they were added: latency rules add
    /// up, and the first `Throttle` or `Fail` rule that fires decides the
    /// answer.
    #[oai(path = "/faults", method = "post", operation_id = "Control_AddFault")]
    async fn add_fault(&self, control: Data<&Arc<Control>>, body: Json<NewFault>) -> Result<Json<Fault>, ApiError> {
        let rule = body.0.into_rule()?;
        let active = control.faults().add(rule).map_err(|e| bad("InvalidFault", e))?;
        Ok(Json(active.into()))
    }

    /// Removes every fault rule.
    #[oai(path = "/faults", method = "delete", operation_id = "Control_ClearFaults")]
    async fn clear_faults(&self, control: Data<&Arc<Control>>) -> Json<Cleared> {
        let faults = control.faults();
        let removed = faults.list().len() as u64;
        faults.clear();
        Json(Cleared { removed })
    }

    /// Removes one fault rule.
    #[oai(path = "/faults/:id", method = "delete", operation_id = "Control_RemoveFault")]
    async fn remove_fault(
        &self,
        control: Data<&Arc<Control>>,
        /// The rule's id.
        id: Path<u64>,
    ) -> Result<Json<Cleared>, ApiError> {
        if control.faults().remove(id.0) {
            Ok(Json(Cleared { removed: 1 }))
        } else {
            Err(not_found("FaultNotFound", format!("no fault rule {}", id.0)))
        }
    }

    /// Lists recent requests (the last 1000 at most), oldest first.
    #[oai(path = "/requests", method = "get", operation_id = "Control_ListRequests")]
    async fn list_requests(
        &self,
        control: Data<&Arc<Control>>,
        /// Only the last `limit` requests.
        #[oai(validator(minimum(value = "1")))]
        limit: Query<Option<u32>>,
    ) -> Json<Vec<RequestRecord>> {
        let limit = limit.0.map(|l| l as usize);
        Json(control.requests().recent(limit))
    }

    /// Forgets the logged requests.
    #[oai(path = "/requests", method = "delete", operation_id = "Control_ClearRequests")]
    async fn clear_requests(&self, control: Data<&Arc<Control>>) -> Json<Cleared> {
        let log = control.requests();
        let removed = log.recent(None).len() as u64;
        log.clear();
        Json(Cleared { removed })
    }
}
