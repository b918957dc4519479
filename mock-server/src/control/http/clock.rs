//! Control plane: the mock clock (`/_ramkit/clock…`, unsigned).

use std::sync::Arc;
use std::time::Duration;

use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::state::bad;
use crate::contract::ApiTags;
use crate::control::Control;
use crate::error::ApiError;

/// The mock clock's reading.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct ClockReading {
    /// Milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// The same instant, RFC 3339 in UTC.
    pub now: String,
    /// Whether the clock stands still.
    pub frozen: bool,
}

/// How far to move the clock.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct AdvanceClock {
    /// Seconds to move forward.
    pub seconds: u64,
}

/// Where to stop the clock.
#[derive(Debug, Object)]
#[oai(rename_all = "PascalCase")]
pub(super) struct FreezeClock {
    /// The instant to stand at, RFC 3339; now when neither this nor `AtMs` is given.
    pub at: Option<String>,
    /// The instant to stand at, milliseconds since the Unix epoch.
    pub at_ms: Option<i64>,
}

fn reading(control: &Control) -> Json<ClockReading> {
    let now_ms = control.now_ms();
    let now = OffsetDateTime::from_unix_timestamp_nanos(i128::from(now_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default();
    Json(ClockReading {
        now_ms,
        now,
        frozen: control.store().clock().is_frozen(),
    })
}

/// The mock clock: every time the mock reads (timestamp window, expiry of
/// STS tokens, passwords and codes, lockout windows) comes from it.
#[derive(Debug)]
pub(crate) struct ControlClockApi;

#[OpenApi(prefix_path = "/_ramkit", tag = "ApiTags::Control")]
impl ControlClockApi {
    /// Reads the clock.
    #[oai(path = "/clock", method = "get", operation_id = "Control_GetClock")]
    async fn get_clock(&self, control: Data<&Arc<Control>>) -> Json<ClockReading> {
        reading(&control)
    }

    /// Moves the clock forward.
    ///
    /// A running clock keeps running from the new time; a frozen one stands
    /// at the new time. Signed requests are checked against the mock clock:
    /// a client must sign with the mock's time (±15 minutes).
    #[oai(path = "/clock/advance", method = "post", operation_id = "Control_AdvanceClock")]
    async fn advance_clock(&self, control: Data<&Arc<Control>>, body: Json<AdvanceClock>) -> Json<ClockReading> {
        control.advance_clock(Duration::from_secs(body.0.seconds));
        reading(&control)
    }

    /// Freezes the clock, now or at a given instant.
    #[oai(path = "/clock/freeze", method = "post", operation_id = "Control_FreezeClock")]
    async fn freeze_clock(
        &self,
        control: Data<&Arc<Control>>,
        body: Json<FreezeClock>,
    ) -> Result<Json<ClockReading>, ApiError> {
        let at_ms = match (&body.0.at, body.0.at_ms) {
            (Some(_), Some(_)) => return Err(bad("InvalidClock", "give At or AtMs, not both")),
            (Some(text), None) => OffsetDateTime::parse(text, &Rfc3339)
                .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX))
                .map_err(|e| bad("InvalidClock", format!("At is not RFC 3339: {e}")))?,
            (None, Some(ms)) => ms,
            (None, None) => control.now_ms(),
        };
        control.freeze_clock_at(at_ms);
        Ok(reading(&control))
    }

    /// Lets a frozen clock run again from where it stands.
    #[oai(path = "/clock/unfreeze", method = "post", operation_id = "Control_UnfreezeClock")]
    async fn unfreeze_clock(&self, control: Data<&Arc<Control>>) -> Json<ClockReading> {
        control.unfreeze_clock();
        reading(&control)
    }
}
