//! Access tokens: parsing the `/oauth/token` answer (and OAuth error
//! answers), and the arithmetic a token cache needs.

use std::fmt;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::client::api_error::{classify, AnswerContext};
use crate::error::{CredentialField, Error, Result};
use crate::redact::Redactor;
use crate::secret::Secret;
use crate::validate::check_token;

/// What [`Error::Transport`] names as the URL when a token answer is
/// malformed (the parser does not know the full URL).
const TOKEN_ENDPOINT: &str = "/oauth/token";

/// Longest token lifetime believed (a year); a larger `expires_in` is
/// capped so that expiry arithmetic cannot overflow.
const MAX_LIFETIME_SECS: u64 = 366 * 86_400;

/// An access token as issued by `/oauth/token`. `Debug` redacts the
/// tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The access token, sent as `Authorization: Bearer …`.
    pub access_token: Secret,
    /// `Bearer` (as the server spelled it).
    pub token_type: String,
    /// Lifetime from when the answer was received (DocuSign: 3600 s for
    /// the JWT grant, 8 hours for the authorization code grant).
    pub expires_in: Duration,
    /// The refresh token (authorization code grant only). DocuSign may
    /// issue a new one on each refresh: keep the latest.
    pub refresh_token: Option<Secret>,
    /// The granted scopes, space separated, when the server says.
    pub scope: Option<String>,
}

impl Token {
    /// When the token expires, given when its answer was received.
    pub fn expires_at(&self, received_at: Instant) -> Instant {
        let lifetime = self.expires_in.min(Duration::from_secs(MAX_LIFETIME_SECS));
        received_at.checked_add(lifetime).unwrap_or(received_at)
    }

    /// How long the token remains valid at `now` (zero once expired).
    pub fn remaining(&self, received_at: Instant, now: Instant) -> Duration {
        self.expires_at(received_at).saturating_duration_since(now)
    }

    /// True when less than `margin` remains at `now`, so a cache should get
    /// a new token before using this one. The margin is capped at half the
    /// token's lifetime, so that a token shorter than the margin (a test
    /// server's 5-second tokens) is still used for half its life instead of
    /// being replaced at every request.
    pub fn needs_refresh(&self, received_at: Instant, now: Instant, margin: Duration) -> bool {
        let margin = margin.min(self.expires_in / 2);
        self.remaining(received_at, now) <= margin
    }

    /// The value of the `Authorization` header: `Bearer <access token>`.
    pub fn authorization(&self) -> Secret {
        crate::headers::bearer(&self.access_token)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &self.access_token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &self.refresh_token)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Parses the answer of `/oauth/token`.
///
/// - 2xx: JSON with `access_token` (RFC 6750 token alphabet), `token_type`
///   (`Bearer`, any case), `expires_in` (a positive integer, or a string of
///   digits), and optionally `refresh_token` and `scope`.
/// - An OAuth error body `{"error","error_description"}` (any status):
///   [`Error::OAuth`]; `consent_url` is attached only when the error is
///   `consent_required` (kind [`ErrorKind::ConsentRequired`](crate::ErrorKind::ConsentRequired)).
/// - Another error status: [`Error::Api`] (DocuSign's REST error body, or
///   a bare [`ErrorKind::HttpStatus`](crate::ErrorKind::HttpStatus)).
/// - A 2xx answer that is not JSON or lacks a field:
///   [`Error::Transport`] with [`ErrorKind::MalformedResponse`](crate::ErrorKind::MalformedResponse). The body
///   is never quoted (it may hold a token).
pub fn parse_token_response(
    status: u16,
    body: &[u8],
    trace_token: Option<&str>,
    consent_url: Option<String>,
) -> Result<Token> {
    parse_token_answer(status, body, trace_token, consent_url, &Redactor::new())
}

/// [`parse_token_response`] with the secrets of the token request, which
/// are redacted from every text of the answer that enters an error.
pub(crate) fn parse_token_answer(
    status: u16,
    body: &[u8],
    trace_token: Option<&str>,
    consent_url: Option<String>,
    redactor: &Redactor,
) -> Result<Token> {
    let trace_token = trace_token.map(|t| redactor.clean(t, 256));
    let trace_token = trace_token.as_deref();
    let error_answer = |consent_url| error_answer(status, body, trace_token, consent_url, redactor);
    let malformed = |reason: &str| Error::malformed(TOKEN_ENDPOINT, reason, trace_token);
    if !(200..300).contains(&status) {
        return Err(error_answer(consent_url));
    }
    let mut map = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(malformed("the token answer is not a JSON object")),
        Err(_) => return Err(malformed("the token answer is not JSON")),
    };
    if !map.contains_key("access_token") && map.get("error").is_some_and(Value::is_string) {
        return Err(error_answer(consent_url));
    }
    let access_token = take_secret(&mut map, "access_token")
        .ok_or_else(|| malformed("the token answer has no access_token string"))?;
    check_token(CredentialField::AccessToken, access_token.expose()).map_err(|e| {
        malformed(&format!(
            "the access_token in the answer cannot be used: {e}"
        ))
    })?;
    let token_type = match map.get("token_type") {
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => t.clone(),
        Some(Value::String(t)) => {
            return Err(malformed(&format!(
                "token_type is {:?}, not Bearer",
                redactor.clean(t, 32)
            )))
        }
        _ => return Err(malformed("the token answer has no token_type string")),
    };
    let expires_in = match map.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        _ => None,
    }
    .filter(|&secs| secs > 0)
    .map(|secs| secs.min(MAX_LIFETIME_SECS))
    .ok_or_else(|| malformed("expires_in is missing or not a positive integer"))?;
    let refresh_token = match take_secret(&mut map, "refresh_token") {
        Some(rt) if rt.is_empty() => None,
        Some(rt) => {
            check_token(CredentialField::RefreshToken, rt.expose()).map_err(|e| {
                malformed(&format!(
                    "the refresh_token in the answer cannot be used: {e}"
                ))
            })?;
            Some(rt)
        }
        None => None,
    };
    let scope = match map.get("scope") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(Token {
        access_token,
        token_type,
        expires_in: Duration::from_secs(expires_in),
        refresh_token,
        scope,
    })
}

/// Moves a string out of the map into a [`Secret`] without copying it.
fn take_secret(map: &mut Map<String, Value>, name: &str) -> Option<Secret> {
    match map.remove(name)? {
        Value::String(s) => Some(Secret::new(s)),
        _ => None,
    }
}

/// The error for an error answer of the account server (token or
/// userinfo endpoint), from the one classifier every endpoint shares.
pub(crate) fn error_answer(
    status: u16,
    body: &[u8],
    trace_token: Option<&str>,
    consent_url: Option<String>,
    redactor: &Redactor,
) -> Error {
    classify(
        status,
        body,
        AnswerContext {
            redactor: Some(redactor),
            trace_token,
            consent_url,
            ..AnswerContext::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const CONSENT: &str = "https://account-d.docusign.com/oauth/auth?response_type=code";

    fn parse(status: u16, body: &str) -> Result<Token> {
        parse_token_response(
            status,
            body.as_bytes(),
            Some("trace-1"),
            Some(CONSENT.into()),
        )
    }

    #[test]
    fn jwt_grant_answer() {
        let t = parse(
            200,
            r#"{"access_token":"eyJ0eXAi.eyJzdWIi.sig-_","token_type":"Bearer","expires_in":3600}"#,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "eyJ0eXAi.eyJzdWIi.sig-_");
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_in, Duration::from_secs(3600));
        assert_eq!(t.refresh_token, None);
        assert_eq!(t.scope, None);
        assert_eq!(t.authorization().expose(), "Bearer eyJ0eXAi.eyJzdWIi.sig-_");
        let shown = format!("{t:?}");
        assert!(!shown.contains("eyJ"), "{shown}");
    }

    #[test]
    fn code_grant_answer() {
        let t = parse(
            200,
            r#"{"access_token":"a1","token_type":"bearer","refresh_token":"r1+/=","expires_in":"28800","scope":"signature"}"#,
        )
        .unwrap();
        assert_eq!(t.refresh_token.as_ref().unwrap().expose(), "r1+/=");
        assert_eq!(t.expires_in, Duration::from_secs(28800));
        assert_eq!(t.scope.as_deref(), Some("signature"));
        assert!(!format!("{t:?}").contains("r1+/="));
    }

    #[test]
    fn malformed_answers() {
        let check = |body: &str, needle: &str| {
            let e = parse(200, body).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedResponse, "{body}");
            let text = e.to_string();
            assert!(text.contains(needle), "{text}");
            assert!(text.contains("trace token trace-1"), "{text}");
            assert!(!text.contains("s3cr3t"), "{text}");
        };
        check("<html>s3cr3t</html>", "not JSON");
        check(r#"["s3cr3t"]"#, "not a JSON object");
        check(
            r#"{"token_type":"Bearer","expires_in":1}"#,
            "no access_token",
        );
        check(r#"{"access_token":5}"#, "no access_token");
        check(
            r#"{"access_token":"s3cr3t","expires_in":1}"#,
            "no token_type",
        );
        check(
            r#"{"access_token":"s3cr3t","token_type":"MAC","expires_in":1}"#,
            "\"MAC\", not Bearer",
        );
        check(
            r#"{"access_token":"s3cr3t","token_type":"Bearer"}"#,
            "expires_in",
        );
        check(
            r#"{"access_token":"s3cr3t","token_type":"Bearer","expires_in":0}"#,
            "expires_in",
        );
        check(
            r#"{"access_token":"s3cr3t","token_type":"Bearer","expires_in":-5}"#,
            "expires_in",
        );
        check(
            r#"{"access_token":"s3cr3t","token_type":"Bearer","expires_in":1.5}"#,
            "expires_in",
        );
        check(
            r#"{"access_token":"s3cr3t x","token_type":"Bearer","expires_in":1}"#,
            "access_token in the answer cannot be used",
        );
        check(
            r#"{"access_token":"","token_type":"Bearer","expires_in":1}"#,
            "access_token in the answer cannot be used",
        );
        check(
            r#"{"access_token":"a","refresh_token":"s3cr3t\n","token_type":"Bearer","expires_in":1}"#,
            "refresh_token",
        );
    }

    #[test]
    fn oauth_errors() {
        let e = parse(400, r#"{"error":"consent_required"}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConsentRequired);
        let Error::OAuth(o) = &e else { panic!() };
        assert_eq!(o.status, 400);
        assert_eq!(o.consent_url.as_deref(), Some(CONSENT));
        assert_eq!(o.trace_token.as_deref(), Some("trace-1"));
        assert_eq!(o.description, None);
        assert!(e.to_string().contains(CONSENT));

        let e = parse(
            400,
            r#"{"error":"invalid_grant","error_description":"no_valid_keys_or_signatures"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OAuth);
        let Error::OAuth(o) = &e else { panic!() };
        assert_eq!(o.error, "invalid_grant");
        assert_eq!(
            o.description.as_deref(),
            Some("no_valid_keys_or_signatures")
        );
        assert_eq!(o.consent_url, None, "only consent_required carries the URL");
        assert_eq!(
            e.to_string(),
            "OAuth server answered HTTP 400 invalid_grant: no_valid_keys_or_signatures [trace token trace-1]"
        );

        // An error body with a 200 status is still an error.
        assert_eq!(
            parse(200, r#"{"error":"invalid_request"}"#)
                .unwrap_err()
                .kind(),
            ErrorKind::OAuth
        );

        let e = parse(
            401,
            r#"{"errorCode":"PARTNER_AUTHENTICATION_FAILED","message":"m"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AuthenticationFailed);
        let e = parse(502, "<html>bad gateway</html>").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::HttpStatus);
        let Error::Api(a) = &e else { panic!() };
        assert_eq!((a.status, a.trace_token.as_deref()), (502, Some("trace-1")));
        assert_eq!(
            e.to_string(),
            "HTTP 502 (no content type): <html>bad gateway</html> [trace token trace-1]"
        );
        assert_eq!(a.body, "<html>bad gateway</html>");
    }

    #[test]
    fn cache_arithmetic() {
        let t = parse(
            200,
            r#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#,
        )
        .unwrap();
        let at = Instant::now();
        let min = |m: u64| Duration::from_secs(60 * m);
        assert_eq!(t.expires_at(at), at + min(60));
        assert_eq!(t.remaining(at, at + min(70)), Duration::ZERO);
        assert!(!t.needs_refresh(at, at + min(49), min(10)));
        assert!(t.needs_refresh(at, at + min(50), min(10)));
        let short = parse(
            200,
            r#"{"access_token":"a","token_type":"Bearer","expires_in":4}"#,
        )
        .unwrap();
        let s = Duration::from_secs;
        assert!(!short.needs_refresh(at, at + s(1), min(10)));
        assert!(short.needs_refresh(at, at + s(2), min(10)));
    }
}
