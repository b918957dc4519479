//! The mock's clock. Every stage that needs the time (timestamp window, nonce
//! memory, password age, code expiry) reads it here, so tests can move it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NOT_FROZEN: i64 = i64::MIN;

/// A clock that follows the system clock shifted by an offset, or stands still.
///
/// Lock-free: two atomics, read on every request.
#[derive(Debug)]
pub struct Clock {
    offset_ms: AtomicI64,
    frozen_at_ms: AtomicI64,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            offset_ms: AtomicI64::new(0),
            frozen_at_ms: AtomicI64::new(NOT_FROZEN),
        }
    }
}

impl Clock {
    /// The mock's current time, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match self.frozen_at_ms.load(Ordering::Acquire) {
            NOT_FROZEN => system_now_ms().saturating_add(self.offset_ms.load(Ordering::Acquire)),
            frozen => frozen,
        }
    }

    /// The mock's current time, in whole seconds since the Unix epoch.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// The mock's current time as a `SystemTime`, e.g. for an SDK client's
    /// time source in a test that moves the clock.
    pub fn now_system_time(&self) -> SystemTime {
        let ms = self.now_ms();
        if ms >= 0 {
            UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
        }
    }

    /// Moves the clock forward (or back, with a negative amount).
    pub fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(by, Ordering::AcqRel);
        let _ = self
            .frozen_at_ms
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |f| {
                (f != NOT_FROZEN).then(|| f.saturating_add(by))
            });
    }

    /// Stops the clock at `at_ms` (milliseconds since the epoch).
    pub fn freeze_at(&self, at_ms: i64) {
        self.frozen_at_ms.store(at_ms, Ordering::Release);
    }

    /// Lets a frozen clock run again from where it stands.
    pub fn unfreeze(&self) {
        let frozen = self.frozen_at_ms.swap(NOT_FROZEN, Ordering::AcqRel);
        if frozen != NOT_FROZEN {
            self.offset_ms.store(frozen - system_now_ms(), Ordering::Release);
        }
    }
}

/// The cloud's date format, `yyyy-MM-ddTHH:mm:ssZ` (responses, `Timestamp`,
/// `x-acs-date`).
pub(crate) const ACS_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Unix seconds as the cloud writes dates: [`ACS_DATE`]. Written digit by
/// digit (a response may carry a date per user listed: `time`'s general
/// formatter costs a microsecond each); years outside 0-9999 go through it.
pub(crate) fn format_secs(secs: i64) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(secs) else {
        return String::new();
    };
    let Ok(year) = u32::try_from(t.year()) else {
        return t.format(ACS_DATE).unwrap_or_default();
    };
    if year > 9999 {
        return t.format(ACS_DATE).unwrap_or_default();
    }
    let mut text = *b"0000-00-00T00:00:00Z";
    let fields = [
        (0..4, year),
        (5..7, u32::from(u8::from(t.month()))),
        (8..10, u32::from(t.day())),
        (11..13, u32::from(t.hour())),
        (14..16, u32::from(t.minute())),
        (17..19, u32::from(t.second())),
    ];
    for (range, mut n) in fields {
        for digit in text[range].iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    text.iter().map(|&b| char::from(b)).collect()
}

/// [`ACS_DATE`] text (`x-acs-date`, `Timestamp`) → Unix seconds; `None`
/// when it is not a valid date of that form. Read digit by digit: every
/// signed request carries one, and `time`'s general parser costs more than
/// the rest of the timestamp check.
pub(crate) fn parse_secs(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let form = b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z';
    if !form {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .try_fold(0u16, |n, &d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0')))
    };
    let date = time::Date::from_calendar_date(
        i32::from(number(0..4)?),
        time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?,
        u8::try_from(number(8..10)?).ok()?,
    )
    .ok()?;
    let hms = |range| number(range).and_then(|n| u8::try_from(n).ok());
    let at = time::Time::from_hms(hms(11..13)?, hms(14..16)?, hms(17..19)?).ok()?;
    Some(date.with_time(at).assume_utc().unix_timestamp())
}

/// A clock's setting, as snapshots keep it: the offset from the system
/// clock, and the instant it stands still at, if frozen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClockState {
    /// Milliseconds added to the system clock while the clock runs.
    pub offset_ms: i64,
    /// Milliseconds since the epoch the clock stands at, when frozen.
    pub frozen_at_ms: Option<i64>,
}

impl Clock {
    /// Whether the clock stands still.
    pub fn is_frozen(&self) -> bool {
        self.frozen_at_ms.load(Ordering::Acquire) != NOT_FROZEN
    }

    /// The clock's setting.
    pub fn state(&self) -> ClockState {
        let frozen = self.frozen_at_ms.load(Ordering::Acquire);
        ClockState {
            offset_ms: self.offset_ms.load(Ordering::Acquire),
            frozen_at_ms: (frozen != NOT_FROZEN).then_some(frozen),
        }
    }

    /// Sets the clock as `state` describes.
    pub fn restore(&self, state: ClockState) {
        self.offset_ms.store(state.offset_ms, Ordering::Release);
        self.frozen_at_ms
            .store(state.frozen_at_ms.unwrap_or(NOT_FROZEN), Ordering::Release);
    }
}

/// The one place that reads the system clock.
#[allow(clippy::disallowed_methods)]
fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_the_general_formatter_writes_them() {
        let step = 86_400 * 37 + 3_607;
        for secs in (-62_135_596_800_i64..253_402_300_799)
            .step_by(step as usize)
            .chain([0, 1_764_662_400])
        {
            let expected = time::OffsetDateTime::from_unix_timestamp(secs)
                .expect("in range")
                .format(ACS_DATE)
                .expect("formats");
            assert_eq!(format_secs(secs), expected, "{secs}");
        }
    }

    #[test]
    fn dates_are_read_as_the_general_parser_reads_them() {
        let parse = |text: &str| {
            time::PrimitiveDateTime::parse(text, ACS_DATE)
                .ok()
                .map(|t| t.assume_utc().unix_timestamp())
        };
        let step = 86_400 * 37 + 3_607;
        for secs in (-62_135_596_800_i64..253_402_300_799).step_by(step as usize) {
            let text = format_secs(secs);
            assert_eq!(parse_secs(&text), Some(secs), "{text}");
        }
        for text in [
            "2026-12-02T10:00:00Z",
            "2026-02-29T10:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-12-32T10:00:00Z",
            "2026-12-02T24:00:00Z",
            "2026-12-02T10:60:00Z",
            "2026-12-02T10:00:60Z",
            "2026-12-02 10:00:00Z",
            "2026-12-02T10:00:00",
            "2026-12-02T10:00:00+08:00",
            "+026-12-02T10:00:00Z",
            "2026-1a-02T10:00:00Z",
            "",
            "２026-12-02T10:00:0Z",
        ] {
            assert_eq!(parse_secs(text), parse(text), "{text}");
        }
    }

    #[test]
    fn a_frozen_clock_stands_still_and_moves_only_when_advanced() {
        let clock = Clock::default();
        clock.freeze_at(1_000_000);
        assert_eq!(clock.now_ms(), 1_000_000);
        clock.advance(Duration::from_secs(60));
        assert_eq!(clock.now_ms(), 1_060_000);
    }

    #[test]
    fn a_restored_state_reads_back_the_same() {
        let clock = Clock::default();
        clock.freeze_at(42_000);
        let other = Clock::default();
        other.restore(clock.state());
        assert_eq!(other.now_ms(), 42_000);
        assert!(other.is_frozen());
        other.restore(ClockState::default());
        assert!(!other.is_frozen());
    }

    #[test]
    fn advancing_a_running_clock_shifts_it() {
        let clock = Clock::default();
        let before = clock.now_ms();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now_ms() >= before + 3_600_000);
    }
}
