//! DocuSign's rate-limit headers and error codes, and how long a
//! rate-limited call waits before it is retried.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::client::request::Method;
use crate::error::{Error, ErrorKind};

/// The rate-limit headers of one response. Absent headers are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: calls allowed per hour.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: calls left this hour.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the hourly count resets, Unix seconds.
    pub reset_at: Option<u64>,
    /// `X-BurstLimit-Limit`: calls allowed per burst window (30 s).
    pub burst_limit: Option<u64>,
    /// `X-BurstLimit-Remaining`: calls left in this burst window.
    pub burst_remaining: Option<u64>,
}

impl RateLimit {
    /// Reads the snapshot from response headers (names compared
    /// case-insensitively, unparsable values ignored).
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut snapshot = RateLimit::default();
        for (name, value) in headers {
            let number = value.trim().parse::<u64>().ok();
            let slot = match name.to_ascii_lowercase().as_str() {
                "x-ratelimit-limit" => &mut snapshot.limit,
                "x-ratelimit-remaining" => &mut snapshot.remaining,
                "x-ratelimit-reset" => &mut snapshot.reset_at,
                "x-burstlimit-limit" => &mut snapshot.burst_limit,
                "x-burstlimit-remaining" => &mut snapshot.burst_remaining,
                _ => continue,
            };
            *slot = number;
        }
        snapshot
    }

    /// True when no rate-limit header was present.
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }
}

/// Which limit an error code reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// `HOURLY_APIINVOCATION_LIMIT_EXCEEDED` (and other `APIINVOCATION` limits).
    Hourly,
    /// `BURST_APIINVOCATION_LIMIT_EXCEEDED`.
    Burst,
    /// A per-envelope polling limit (`…POLLING…LIMIT_EXCEEDED`).
    Polling,
}

/// Classifies DocuSign's `errorCode` (case-insensitively, whatever the HTTP
/// status: DocuSign used 400 for these before it used 429).
pub fn limit_kind(error_code: &str) -> Option<LimitKind> {
    let code = error_code.to_ascii_uppercase();
    match code.as_str() {
        "HOURLY_APIINVOCATION_LIMIT_EXCEEDED" => Some(LimitKind::Hourly),
        "BURST_APIINVOCATION_LIMIT_EXCEEDED" => Some(LimitKind::Burst),
        _ if code.contains("POLLING") && code.ends_with("LIMIT_EXCEEDED") => {
            Some(LimitKind::Polling)
        }
        _ if code.contains("APIINVOCATION") && code.ends_with("LIMIT_EXCEEDED") => {
            Some(LimitKind::Hourly)
        }
        _ => None,
    }
}

/// How long to wait before retrying after `error`, if a retry is allowed:
/// an idempotent method, a rate limit with a known reset, and the total
/// wait within `max` (`rate_limit_max_wait`; `None`: never retry).
pub(crate) fn retry_wait(
    max: Option<Duration>,
    method: Method,
    error: &Error,
    waited: Duration,
    now: u64,
) -> Option<Duration> {
    let max = max?;
    let Error::Api(api) = error else { return None };
    if api.kind != ErrorKind::RateLimited || !method.is_idempotent() {
        return None;
    }
    let reset_at = api.reset_at?;
    let wait = Duration::from_secs(reset_at.saturating_sub(now).max(1));
    (waited.saturating_add(wait) <= max).then_some(wait)
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_codes_case_insensitively() {
        assert_eq!(
            limit_kind("hourly_apiinvocation_limit_exceeded"),
            Some(LimitKind::Hourly)
        );
        assert_eq!(
            limit_kind("BURST_APIINVOCATION_LIMIT_EXCEEDED"),
            Some(LimitKind::Burst)
        );
        assert_eq!(
            limit_kind("Hourly_Envelope_Polling_Limit_Exceeded"),
            Some(LimitKind::Polling)
        );
        assert_eq!(limit_kind("ENVELOPE_DOES_NOT_EXIST"), None);
    }

    #[test]
    fn reads_headers() {
        let rl = RateLimit::from_headers([
            ("X-RateLimit-Limit", "1000"),
            ("x-ratelimit-remaining", "999"),
            ("X-RateLimit-Reset", "1700000000"),
            ("X-BurstLimit-Limit", "500"),
            ("X-BurstLimit-Remaining", "x"),
        ]);
        assert_eq!(rl.limit, Some(1000));
        assert_eq!(rl.remaining, Some(999));
        assert_eq!(rl.reset_at, Some(1_700_000_000));
        assert_eq!(rl.burst_limit, Some(500));
        assert_eq!(rl.burst_remaining, None);
    }
}
