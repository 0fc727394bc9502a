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
    /// case-insensitively). A value that is not a decimal number, a count
    /// above `MAX_COUNT` and a reset beyond `RESET_HORIZON` read as absent
    /// ([`RateLimit::sane`]).
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
        snapshot.sane()
    }

    /// The snapshot without the numbers no server can mean: counts above
    /// `MAX_COUNT` and resets beyond `RESET_HORIZON` become `None`.
    /// Whatever reads a snapshot (the rate budget, the faces' date
    /// conversions) can then do arithmetic on it without overflow.
    pub fn sane(self) -> RateLimit {
        let count = |n: Option<u64>| n.filter(|n| *n <= MAX_COUNT);
        RateLimit {
            limit: count(self.limit),
            remaining: count(self.remaining),
            reset_at: self.reset_at.and_then(server_reset),
            burst_limit: count(self.burst_limit),
            burst_remaining: count(self.burst_remaining),
        }
    }

    /// True when no rate-limit header was present.
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }
}

/// Largest call count believed from a server (DocuSign's limits are in the
/// thousands); it stays exact in the Redis budget script's doubles.
pub(crate) const MAX_COUNT: u64 = u32::MAX as u64;

/// How far ahead a reset time from a server is believed: DocuSign's
/// windows end within the hour, and a clock may be off; a later time
/// (year 10000, `u64::MAX`) is unknown. An earlier one is harmless: it
/// has passed, so nothing waits for it.
pub(crate) const RESET_HORIZON: Duration = Duration::from_secs(24 * 3600);

/// A reset time a server sent (`X-RateLimit-Reset`, Unix seconds), or
/// `None` when it lies more than `RESET_HORIZON` ahead. The one check
/// every reset and `Retry-After` from a server goes through, so that no
/// face converts, waits for or stores a time no server can mean.
pub(crate) fn server_reset(unix_seconds: u64) -> Option<u64> {
    (unix_seconds <= unix_now().saturating_add(RESET_HORIZON.as_secs())).then_some(unix_seconds)
}

/// The time `Retry-After: {seconds}` names, or `None` when it lies beyond
/// `RESET_HORIZON`.
pub(crate) fn server_retry_after(seconds: u64) -> Option<u64> {
    server_reset(unix_now().saturating_add(seconds))
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
        "BURST_APIINVOCATION_LIMIT_EXCEEDED" => Some(LimitKind::Burst),
        _ if code.contains("POLLING") && code.ends_with("LIMIT_EXCEEDED") => {
            Some(LimitKind::Polling)
        }
        // HOURLY_APIINVOCATION_LIMIT_EXCEEDED and the other invocation limits.
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

    #[test]
    fn hostile_numbers_read_as_absent() {
        let now = unix_now();
        let day = RESET_HORIZON.as_secs();
        for reset in [
            "18446744073709551615".to_owned(),
            "253402300800".to_owned(),
            "99999999999999999999999".to_owned(),
            "-1".to_owned(),
            (now + day + 60).to_string(),
        ] {
            let rl = RateLimit::from_headers([
                ("X-RateLimit-Reset", reset.as_str()),
                ("X-RateLimit-Limit", "18446744073709551615"),
                ("X-RateLimit-Remaining", "-5"),
                ("X-BurstLimit-Limit", "4294967296"),
                ("X-BurstLimit-Remaining", "1e3"),
            ]);
            assert!(rl.is_empty(), "{reset}: {rl:?}");
        }
        let edge = (now + day - 5).to_string();
        let rl = RateLimit::from_headers([
            ("X-RateLimit-Reset", edge.as_str()),
            ("X-RateLimit-Limit", "4294967295"),
        ]);
        assert_eq!(rl.reset_at, Some(now + day - 5));
        assert_eq!(rl.limit, Some(MAX_COUNT));
        assert_eq!(server_retry_after(u64::MAX), None);
        assert_eq!(server_retry_after(1_000_000_000_000_000_000), None);
        assert!(server_retry_after(30).is_some_and(|at| at >= now + 30));
    }

    #[test]
    fn reads_every_header_and_knows_when_none_came() {
        let rl = RateLimit::from_headers([("X-BurstLimit-Remaining", "29")]);
        assert_eq!(rl.burst_remaining, Some(29));
        assert!(!rl.is_empty());
        assert!(RateLimit::from_headers([("Content-Type", "text/plain")]).is_empty());
        // The clock is the real one (after 2023-11-14).
        assert!(unix_now() > 1_700_000_000);
        // A reset a few hours ahead is believed (the horizon is a day).
        let later = unix_now() + 5 * 3600;
        let rl = RateLimit::from_headers([("X-RateLimit-Reset", later.to_string().as_str())]);
        assert_eq!(rl.reset_at, Some(later));
        assert_eq!(RESET_HORIZON, Duration::from_secs(86_400));
    }

    #[test]
    fn classifies_by_both_parts_of_the_code() {
        assert_eq!(
            limit_kind("DAILY_APIINVOCATION_LIMIT_EXCEEDED"),
            Some(LimitKind::Hourly)
        );
        assert_eq!(limit_kind("APIINVOCATION_NOT_ALLOWED"), None);
        assert_eq!(limit_kind("ENVELOPE_POLLING_DISABLED"), None);
        assert_eq!(limit_kind("ENVELOPE_LIMIT_EXCEEDED"), None);
    }

    #[test]
    fn retries_idempotent_rate_limited_calls_within_the_wait() {
        let error = |kind, reset_at| {
            Error::Api(Box::new(crate::error::ApiError {
                kind,
                status: 429,
                error_code: "HOURLY_APIINVOCATION_LIMIT_EXCEEDED".into(),
                message: String::new(),
                trace_token: None,
                hint: None,
                reset_at,
                body: String::new(),
            }))
        };
        let limited = error(ErrorKind::RateLimited, Some(1_030));
        let (max, now, secs) = (Some(Duration::from_secs(60)), 1_000, Duration::from_secs);
        let wait = |method, error: &Error, waited| retry_wait(max, method, error, waited, now);
        assert_eq!(wait(Method::Get, &limited, secs(0)), Some(secs(30)));
        assert_eq!(wait(Method::Delete, &limited, secs(30)), Some(secs(30)));
        assert_eq!(wait(Method::Get, &limited, secs(31)), None);
        assert_eq!(wait(Method::Post, &limited, secs(0)), None);
        let passed = error(ErrorKind::RateLimited, Some(900));
        assert_eq!(wait(Method::Put, &passed, secs(0)), Some(secs(1)));
        assert_eq!(
            wait(Method::Get, &error(ErrorKind::RateLimited, None), secs(0)),
            None
        );
        assert_eq!(
            wait(Method::Get, &error(ErrorKind::Api, Some(1_030)), secs(0)),
            None
        );
        assert_eq!(retry_wait(None, Method::Get, &limited, secs(0), now), None);
    }
}
