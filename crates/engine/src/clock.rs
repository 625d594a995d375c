//! Time as the engine sees it: instants passed in by the caller, never read from a clock.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An instant, as milliseconds since the Unix epoch (UTC).
///
/// Every time the engine uses is one of these, passed in by the caller: the engine reads no
/// clock. Serialized as a plain integer.
///
/// ```
/// use engine::Timestamp;
///
/// let start = Timestamp::from_unix_millis(1_764_000_000_000);
/// let later = start.plus(std::time::Duration::from_secs(90));
/// assert_eq!(later.since(start).as_secs(), 90);
/// assert_eq!(start.to_string(), "2025-11-24T16:00:00Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `millis` milliseconds after 1970-01-01T00:00:00Z.
    pub const fn from_unix_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// The instant `duration` later (saturating at the end of time).
    pub fn plus(self, duration: Duration) -> Timestamp {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(millis))
    }

    /// How long after `earlier` this instant is; zero when it is not later.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.millis_since(earlier))
    }

    /// Milliseconds after `earlier`, zero when not later.
    pub(crate) fn millis_since(self, earlier: Timestamp) -> u64 {
        u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0)
    }

    /// The same instant as an `OffsetDateTime` in UTC, when it is within `time`'s range.
    pub fn to_offset_date_time(self) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000).ok()
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Truncates to the millisecond.
    fn from(value: OffsetDateTime) -> Timestamp {
        let millis = value.unix_timestamp_nanos().div_euclid(1_000_000);
        Timestamp(i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX }))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC (`2026-12-01T09:30:00Z`), or the raw milliseconds when out of range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self
            .to_offset_date_time()
            .and_then(|t| t.format(&Rfc3339).ok())
        {
            Some(text) => f.write_str(&text),
            None => write!(f, "{} ms after the Unix epoch", self.0),
        }
    }
}

/// "1 h 05 min", "4 min 10 s" or "12 s": a duration for messages.
pub(crate) fn human(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min {s:02} s")
    } else {
        format!("{s} s")
    }
}
