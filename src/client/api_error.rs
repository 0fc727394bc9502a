//! DocuSign's error answers turned into typed errors.

use crate::client::polling::POLLING_INTERVAL;
use crate::client::rate_limit::{limit_kind, unix_now, LimitKind, RateLimit};
use crate::client::response::Response;
use crate::error::{ApiError, Error, ErrorKind, OAuthError};
use crate::redact::{Redactor, MAX_TEXT};
use crate::shared_state::{RateWindow, SlotRefused, BURST_WINDOW_SECS};

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

/// What is known about an error answer besides its status and body.
#[derive(Debug, Default)]
pub struct AnswerContext<'a> {
    /// The secrets of the call, replaced in every text of the answer.
    pub redactor: Option<&'a Redactor>,
    /// `Content-Type`, named in the message when the body is not
    /// DocuSign's.
    pub content_type: Option<&'a str>,
    /// `X-DocuSign-TraceToken`.
    pub trace_token: Option<&'a str>,
    /// The rate-limit headers.
    pub rate_limit: RateLimit,
    /// `Retry-After`, as Unix seconds.
    pub retry_after: Option<u64>,
    /// True when talking to production (sharpens hints).
    pub production: bool,
    /// True for a REST call made with legacy credentials.
    pub legacy_rest: bool,
    /// For the token endpoint: the consent URL, attached to a
    /// `consent_required` error.
    pub consent_url: Option<String>,
}

/// Why legacy credentials fail on REST in production.
const LEGACY_REST_IN_PRODUCTION: &str = "DocuSign production has refused the legacy \
     X-DocuSign-Authentication header on REST since 2022: use OAuth (the JWT grant with the \
     same integration key) for REST; the legacy header still works for SOAP, with an App \
     Password";

/// Longest body excerpt quoted in the message of an answer that is not
/// DocuSign's (the whole excerpt is in the error's `body`).
const MAX_QUOTED_BODY: usize = 512;

/// Longest error code kept.
const MAX_CODE: usize = 256;

/// The one classifier of error answers, for every endpoint: a REST
/// `{"errorCode","message"}` body becomes an [`Error::Api`] whose kind comes
/// from the errorCode first (rate limits whatever the status) and the
/// status second; an OAuth `{"error","error_description"}` body an
/// [`Error::OAuth`]; anything else a bare [`ErrorKind::HttpStatus`] whose
/// message names the status and content type and quotes the body.
///
/// Every text taken from the answer (fields, body excerpt, trace token) is
/// redacted with the context's [`Redactor`] and capped at 4 KiB.
pub fn classify(status: u16, body: &[u8], context: AnswerContext<'_>) -> Error {
    let none = Redactor::new();
    let redactor = context.redactor.unwrap_or(&none);
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str, max: usize| {
        let text = parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        redactor.clean(text, max)
    };
    let trace_token = context.trace_token.map(|t| redactor.clean(t, MAX_CODE));
    let body_excerpt = redactor.clean_bytes(body, MAX_TEXT);
    let error_code = field("errorCode", MAX_CODE);
    let oauth_error = field("error", MAX_CODE);
    if error_code.is_empty() && !oauth_error.is_empty() {
        let description = Some(field("error_description", MAX_TEXT)).filter(|d| !d.is_empty());
        let consent_url = context
            .consent_url
            .filter(|_| oauth_error == "consent_required");
        return Error::OAuth(Box::new(OAuthError {
            status,
            error: oauth_error,
            description,
            trace_token,
            consent_url,
            body: body_excerpt,
        }));
    }
    let mut message = field("message", MAX_TEXT);
    if error_code.is_empty() && message.is_empty() {
        message = foreign_body_message(status, context.content_type, &body_excerpt);
    }
    let kind = kind_of(status, &error_code);
    let now = unix_now();
    let retry_after = context.retry_after;
    let reset_at = match (kind, limit_kind(&error_code)) {
        (ErrorKind::RateLimited, Some(LimitKind::Hourly)) => {
            context.rate_limit.reset_at.or(retry_after)
        }
        (ErrorKind::RateLimited, Some(LimitKind::Burst)) => {
            retry_after.or(Some(now.saturating_add(BURST_WINDOW_SECS)))
        }
        (ErrorKind::RateLimited, Some(LimitKind::Polling)) => {
            retry_after.or(Some(now.saturating_add(POLLING_INTERVAL.as_secs())))
        }
        (ErrorKind::RateLimited, None) => retry_after.or(context.rate_limit.reset_at),
        _ => None,
    };
    let hint =
        if kind == ErrorKind::AuthenticationFailed && context.production && context.legacy_rest {
            Some(LEGACY_REST_IN_PRODUCTION.to_owned())
        } else {
            hint(&error_code, context.production)
        };
    Error::Api(Box::new(ApiError {
        kind,
        status,
        hint,
        error_code,
        message,
        trace_token,
        reset_at,
        body: body_excerpt,
    }))
}

/// The message of an answer without DocuSign's error body:
/// `HTTP 400 (text/plain): 5 is not of type 'string'`, white space
/// collapsed, the excerpt cut at [`MAX_QUOTED_BODY`].
fn foreign_body_message(status: u16, content_type: Option<&str>, excerpt: &str) -> String {
    let content_type = content_type
        .map(|t| crate::redact::cap(t.trim()).into_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "no content type".to_owned());
    let quoted: String = excerpt
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if quoted.is_empty() {
        return format!("HTTP {status} ({content_type}) with an empty body");
    }
    let shown = truncate(&quoted, MAX_QUOTED_BODY);
    let more = if shown.len() < quoted.len() {
        "…"
    } else {
        ""
    };
    format!("HTTP {status} ({content_type}): {shown}{more}")
}

/// The typed error for an error answer, with its trace token, rate-limit
/// headers and `Retry-After`, every text redacted with `redactor`.
pub(crate) fn from_response(
    response: &Response,
    redactor: &Redactor,
    production: bool,
    legacy_rest: bool,
    consent_url: Option<String>,
) -> Error {
    let retry_after = response
        .header("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(crate::client::rate_limit::server_retry_after);
    classify(
        response.status,
        &response.body,
        AnswerContext {
            redactor: Some(redactor),
            content_type: response.header("Content-Type"),
            trace_token: response.trace_token(),
            rate_limit: response.rate_limit(),
            retry_after,
            production,
            legacy_rest,
            consent_url,
        },
    )
}

/// The rate-limit error of a call the account's rate budget kept back:
/// status 0 (nothing was sent), DocuSign's error code of the spent window,
/// and when it resets.
pub(crate) fn refused_locally(refused: SlotRefused) -> Error {
    let (error_code, window) = match refused.window {
        RateWindow::Hourly => ("HOURLY_APIINVOCATION_LIMIT_EXCEEDED", "hourly"),
        RateWindow::Burst => ("BURST_APIINVOCATION_LIMIT_EXCEEDED", "30-second burst"),
    };
    Error::Api(Box::new(ApiError {
        kind: ErrorKind::RateLimited,
        status: 0,
        error_code: error_code.to_owned(),
        message: format!(
            "the account's {window} budget (learned from DocuSign's rate-limit headers, less \
             the configured reserve) is spent; the call was not sent"
        ),
        trace_token: None,
        hint: hint(error_code, false),
        reset_at: Some(refused.reset_at),
        body: String::new(),
    }))
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> ErrorKind {
        classify(status, body.as_bytes(), AnswerContext::default()).kind()
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
        let oauth = r#"{"error":"invalid_grant","error_description":"x"}"#;
        assert_eq!(kind(400, oauth), ErrorKind::OAuth);
        assert_eq!(
            kind(400, r#"{"error":"consent_required"}"#),
            ErrorKind::ConsentRequired
        );
    }

    #[test]
    fn partner_failure_explains_production() {
        let err = classify(
            401,
            br#"{"errorCode":"PARTNER_AUTHENTICATION_FAILED","message":"The specified Integrator Key was not found or is disabled."}"#,
            AnswerContext {
                trace_token: Some("trace-1"),
                production: true,
                ..AnswerContext::default()
            },
        );
        let text = err.to_string();
        assert!(text.contains("PARTNER_AUTHENTICATION_FAILED"), "{text}");
        assert!(text.contains("trace-1"), "{text}");
        assert!(text.contains("only exists on demo"), "{text}");

        let legacy_rest = classify(
            401,
            br#"{"errorCode":"USER_AUTHENTICATION_FAILED","message":"x"}"#,
            AnswerContext {
                production: true,
                legacy_rest: true,
                ..AnswerContext::default()
            },
        );
        assert!(
            legacy_rest.to_string().contains("since 2022"),
            "{legacy_rest}"
        );
    }
}
