//! DocuSign's error answers turned into typed errors.

use crate::client::polling::POLLING_INTERVAL;
use crate::client::rate_limit::{limit_kind, LimitKind, RateLimit};

/// DocuSign's burst window, when an answer does not say when to retry.
const BURST_WINDOW_SECS: u64 = 30;
use crate::error::{ApiError, Error, ErrorKind};

/// What dsauth knows about the usual causes of an error code.
fn hint(error_code: &str, production: bool) -> Option<String> {
    let hint = match error_code.to_ascii_uppercase().as_str() {
        "PARTNER_AUTHENTICATION_FAILED" if production => {
            "the integrator key is unknown or disabled here; in production this usually means a \
             key that only exists on demo (it must pass go-live review and be promoted), or a key \
             that was never migrated to this production account"
        }
        "PARTNER_AUTHENTICATION_FAILED" => {
            "the integrator key is unknown, disabled, or missing; check it in Apps and Keys of \
             this environment (demo and production keys are distinct)"
        }
        "USER_AUTHENTICATION_FAILED" => {
            "the username (email or API user id) or password is wrong; accounts that sign in \
             with SSO or two-factor need an App Password for the API"
        }
        "AUTHORIZATION_INVALID_TOKEN" | "USER_AUTHENTICATION_FAILED_TOKEN_EXPIRED" => {
            "the access token is expired, revoked or malformed; obtain a new one"
        }
        "HOURLY_APIINVOCATION_LIMIT_EXCEEDED" => {
            "the hourly API call limit of the account is spent; wait until the reset time"
        }
        "BURST_APIINVOCATION_LIMIT_EXCEEDED" => {
            "too many calls in a 30-second burst window; slow down"
        }
        code if code.contains("POLLING") => {
            "an envelope's status may be fetched at most once every 15 minutes; use Connect \
             webhooks instead of polling"
        }
        _ => return None,
    };
    Some(hint.to_owned())
}

/// The kind of an error answer, from its code first and its status second.
fn kind_of(status: u16, error_code: &str) -> ErrorKind {
    if limit_kind(error_code).is_some() {
        return ErrorKind::RateLimited;
    }
    match error_code.to_ascii_uppercase().as_str() {
        "PARTNER_AUTHENTICATION_FAILED"
        | "USER_AUTHENTICATION_FAILED"
        | "AUTHORIZATION_INVALID_TOKEN"
        | "USER_AUTHENTICATION_FAILED_TOKEN_EXPIRED" => ErrorKind::AuthenticationFailed,
        "" if status == 429 => ErrorKind::RateLimited,
        "" if status == 401 => ErrorKind::AuthenticationFailed,
        "" => ErrorKind::HttpStatus,
        _ => ErrorKind::Api,
    }
}

/// Turns a non-2xx answer into an [`Error::Api`] (REST `errorCode` body or
/// bare status) or an [`Error::OAuth`] (`error` body). `production`
/// sharpens the hints.
pub fn api_error(
    status: u16,
    body: &[u8],
    trace_token: Option<String>,
    rate_limit: &RateLimit,
    retry_after: Option<u64>,
    production: bool,
) -> Error {
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let error_code = field("errorCode");
    if error_code.is_empty() && !field("error").is_empty() {
        // The account server's OAuth error shape.
        return crate::oauth::token::error_answer(status, body, trace_token.as_deref(), None);
    }
    let mut message = field("message");
    if error_code.is_empty() && message.is_empty() {
        message = format!("HTTP status {status} without a DocuSign error body");
    }
    let kind = kind_of(status, &error_code);
    let now = crate::client::rate_limit::unix_now();
    let reset_at = match (kind, limit_kind(&error_code)) {
        (ErrorKind::RateLimited, Some(LimitKind::Hourly)) => rate_limit.reset_at.or(retry_after),
        (ErrorKind::RateLimited, Some(LimitKind::Burst)) => {
            retry_after.or(Some(now + BURST_WINDOW_SECS))
        }
        (ErrorKind::RateLimited, Some(LimitKind::Polling)) => {
            retry_after.or(Some(now + POLLING_INTERVAL.as_secs()))
        }
        (ErrorKind::RateLimited, None) => retry_after.or(rate_limit.reset_at),
        _ => None,
    };
    Error::Api(Box::new(ApiError {
        kind,
        status,
        hint: hint(&error_code, production),
        error_code,
        message,
        trace_token,
        reset_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> ErrorKind {
        api_error(
            status,
            body.as_bytes(),
            None,
            &RateLimit::default(),
            None,
            false,
        )
        .kind()
    }

    #[test]
    fn classifies_by_code_not_status() {
        let hourly = r#"{"errorCode":"HOURLY_APIINVOCATION_LIMIT_EXCEEDED","message":"x"}"#;
        assert_eq!(kind(400, hourly), ErrorKind::RateLimited);
        assert_eq!(kind(429, hourly), ErrorKind::RateLimited);
        let partner = r#"{"errorCode":"PARTNER_AUTHENTICATION_FAILED","message":"x"}"#;
        assert_eq!(kind(401, partner), ErrorKind::AuthenticationFailed);
        assert_eq!(kind(400, partner), ErrorKind::AuthenticationFailed);
        let other = r#"{"errorCode":"ENVELOPE_DOES_NOT_EXIST","message":"x"}"#;
        assert_eq!(kind(404, other), ErrorKind::Api);
        assert_eq!(kind(502, "<html>bad gateway</html>"), ErrorKind::HttpStatus);
        assert_eq!(kind(429, ""), ErrorKind::RateLimited);
    }

    #[test]
    fn partner_failure_explains_production() {
        let err = api_error(
            401,
            br#"{"errorCode":"PARTNER_AUTHENTICATION_FAILED","message":"The specified Integrator Key was not found or is disabled."}"#,
            Some("trace-1".into()),
            &RateLimit::default(),
            None,
            true,
        );
        let text = err.to_string();
        assert!(text.contains("PARTNER_AUTHENTICATION_FAILED"), "{text}");
        assert!(text.contains("trace-1"), "{text}");
        assert!(text.contains("only exists on demo"), "{text}");
    }
}
