//! DocuSign's clock as this client sees it: the rate-limit resets DocuSign
//! sends are times on its clock, so waits for them are measured there too.
//! The offset comes from the `Date` header of the latest answer (an
//! IMF-fixdate, RFC 9110). Hosts whose clocks disagree thereby agree on when
//! a shared budget resets.

use std::sync::atomic::{AtomicI64, Ordering};

use super::rate_limit::unix_now;
use super::response::Response;

/// The largest offset believed (a day): a `Date` further off is a broken or
/// hostile server, and the local clock is used instead.
const MAX_OFFSET_SECS: i64 = 86_400;

/// The offset of DocuSign's clock from the local one, in seconds.
#[derive(Debug, Default)]
pub(crate) struct ServerClock {
    offset: AtomicI64,
}

impl ServerClock {
    /// Learns the offset from `response`'s `Date` header, if it has a
    /// believable one.
    pub(crate) fn observe(&self, response: &Response) {
        let Some(date) = response.header("Date").and_then(parse_http_date) else {
            return;
        };
        let offset = date.saturating_sub_unsigned(unix_now());
        if offset.abs() <= MAX_OFFSET_SECS {
            self.offset.store(offset, Ordering::Relaxed);
        }
    }

    /// Now on DocuSign's clock, in Unix seconds.
    pub(crate) fn now(&self) -> u64 {
        unix_now().saturating_add_signed(self.offset.load(Ordering::Relaxed))
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` → Unix seconds (the only form RFC 9110
/// lets servers send).
fn parse_http_date(text: &str) -> Option<i64> {
    let rest = text.trim().split_once(", ")?.1;
    let fields: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = fields[..] else {
        return None;
    };
    let month = 1 + [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month)? as i64;
    let number = |s: &str, digits: usize, max: i64| {
        let ok = s.len() == digits && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse::<i64>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (day, year) = (number(day, 2, 31)?, number(year, 4, 9999)?);
    let [h, m, s] = <[&str; 3]>::try_from(time.split(':').collect::<Vec<_>>()).ok()?;
    let (h, m, s) = (number(h, 2, 23)?, number(m, 2, 59)?, number(s, 2, 60)?);
    if day == 0 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_imf_fixdates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599)
        );
        assert_eq!(
            parse_http_date("Mon, 30 Nov 2026 15:20:00 GMT"),
            Some(1_796_052_000)
        );
    }

    #[test]
    fn refuses_other_forms() {
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 99999 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 +8:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    fn answer_dated(date: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("date".to_owned(), date.to_owned())],
            body: Vec::new(),
            url: String::new(),
        }
    }

    #[test]
    fn follows_the_server_and_ignores_what_is_not_believable() {
        let clock = ServerClock::default();
        assert!(clock.now().abs_diff(unix_now()) <= 1);
        clock.observe(&answer_dated("Thu, 01 Jan 1970 00:00:00 GMT"));
        assert!(
            clock.now().abs_diff(unix_now()) <= 1,
            "50 years off: ignored"
        );
        clock.observe(&answer_dated("not a date"));
        assert!(clock.now().abs_diff(unix_now()) <= 1);
    }
}
