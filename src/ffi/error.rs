//! `dsauth_error`: the detail of one failure, owned by the caller.
//!
//! GError style: a fallible function takes a last `dsauth_error **error_out`
//! (the contract is stated once, at the top of the header: cbindgen.toml).
//! No global or thread-local state is involved, so threads sharing one
//! object never see each other's errors.

use std::ffi::{c_char, CString};
use std::ptr;

use super::credential_field::dsauth_credential_field;
use super::handle::{box_castable, free_box, try_ref};
use super::result::dsauth_result;
use super::{guard, Failure};
use crate::Error;

/// The detail of one failure: its result, a message for people, and what
/// DocuSign said (HTTP status, errorCode, trace token, …) when it said
/// anything. Opaque; read it with the `dsauth_error_*` accessors.
///
/// Messages never contain a password, token, secret or rendered header.
pub struct dsauth_error {
    result: dsauth_result,
    message: CString,
    field: dsauth_credential_field,
    status: u16,
    code: Option<CString>,
    trace_token: Option<CString>,
    hint: Option<CString>,
    reset_at: u64,
    consent_url: Option<CString>,
    body: Option<CString>,
}

/// A C string of `text`; a NUL inside (possible only in text DocuSign sent)
/// becomes U+FFFD so the rest is not cut off.
pub(crate) fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

fn c_opt(text: Option<&str>) -> Option<CString> {
    text.filter(|t| !t.is_empty()).map(c_text)
}

box_castable!(dsauth_error);

impl dsauth_error {
    fn bare(result: dsauth_result, message: &str) -> Self {
        dsauth_error {
            result,
            message: c_text(message),
            field: dsauth_credential_field::None,
            status: 0,
            code: None,
            trace_token: None,
            hint: None,
            reset_at: 0,
            consent_url: None,
            body: None,
        }
    }
}

/// Converts a core error into its `dsauth_result` and, when `want_detail`,
/// the `dsauth_error` describing it. Client and OAuth exports use this (or
/// simply `?` on a core `Result` inside [`super::run`]).
pub(crate) fn convert(err: &Error, want_detail: bool) -> (dsauth_result, Option<dsauth_error>) {
    let result = dsauth_result::from_kind(err.kind());
    if !want_detail {
        return (result, None);
    }
    let mut detail = dsauth_error::bare(result, &err.to_string());
    match err {
        Error::Credential { field, .. } => {
            detail.field = dsauth_credential_field::from_core(*field);
        }
        Error::Api(api) => {
            detail.status = api.status;
            detail.code = c_opt(Some(&api.error_code));
            detail.trace_token = c_opt(api.trace_token.as_deref());
            detail.hint = c_opt(api.hint.as_deref());
            detail.reset_at = api.reset_at.unwrap_or(0);
            detail.body = c_opt(Some(&api.body));
        }
        Error::OAuth(oauth) => {
            detail.status = oauth.status;
            detail.code = c_opt(Some(&oauth.error));
            detail.trace_token = c_opt(oauth.trace_token.as_deref());
            detail.consent_url = c_opt(oauth.consent_url.as_deref());
            detail.body = c_opt(Some(&oauth.body));
        }
        _ => {}
    }
    (result, Some(detail))
}

/// The `dsauth_error` for a failure of an export.
pub(crate) fn convert_failure(failure: Failure) -> dsauth_error {
    match failure {
        Failure::Core(err) => match convert(&err, true) {
            (_, Some(detail)) => detail,
            (result, None) => dsauth_error::bare(result, &err.to_string()),
        },
        Failure::Ffi { result, message } => dsauth_error::bare(result, &message),
    }
}

fn opt_ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(ptr::null(), |t| t.as_ptr())
}

/// Frees an error. NULL is accepted and ignored.
///
/// Ownership: takes back the error `err`; it and every text read from it
/// are invalid afterwards.
/// Threads: any thread, once no other thread uses `err`.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_free(err: *mut dsauth_error) {
    // SAFETY: the header's contract on `err`.
    guard(|| unsafe { free_box(err) })
}

/// The result the failing call returned.
///
/// Ownership: `err` is borrowed.
/// Threads: an error may be read from any thread, and from several at once;
/// not while it is freed.
/// Returns: the result, or DSAUTH_RESULT_NULL_ARGUMENT when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_result(err: *const dsauth_error) -> dsauth_result {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(dsauth_result::NullArgument, |e| e.result)
    })
}

/// A message for people: what failed and why, naming the argument or field
/// (never quoting a secret), with DocuSign's errorCode, message, trace token
/// and a hint when there are some.
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated UTF-8; NULL only when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_message(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| e.message.as_ptr())
    })
}

/// Which credential field the error is about, for the credential results
/// (100–104).
///
/// Ownership: `err` is borrowed.
/// Threads: as `dsauth_error_result`.
/// Returns: a `DSAUTH_CREDENTIAL_FIELD_*` value; `DSAUTH_CREDENTIAL_FIELD_NONE`
/// when the error is not about one field or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_field(err: *const dsauth_error) -> dsauth_credential_field {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(dsauth_credential_field::None, |e| e.field)
    })
}

/// The HTTP status of DocuSign's (or the OAuth server's) error answer.
///
/// Ownership: `err` is borrowed.
/// Threads: as `dsauth_error_result`.
/// Returns: the status; 0 when there was no HTTP answer or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_status(err: *const dsauth_error) -> u16 {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(0, |e| e.status)
    })
}

/// DocuSign's `errorCode` (e.g. "PARTNER_AUTHENTICATION_FAILED"), the SOAP
/// fault code, or the OAuth `error` (e.g. "consent_required").
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated text, or NULL when there is none or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_code(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| opt_ptr(&e.code))
    })
}

/// The `X-DocuSign-TraceToken` of the failing answer, to quote to DocuSign
/// support.
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated text, or NULL when there is none or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_trace_token(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| opt_ptr(&e.trace_token))
    })
}

/// What usually causes this error, when dsauth knows (e.g. a demo-only
/// integrator key used in production).
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated text, or NULL when there is none or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_hint(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| opt_ptr(&e.hint))
    })
}

/// For DSAUTH_RESULT_RATE_LIMITED: when the limit resets, in Unix seconds
/// (from `X-RateLimit-Reset`).
///
/// Ownership: `err` is borrowed.
/// Threads: as `dsauth_error_result`.
/// Returns: the time; 0 when unknown or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_reset_at(err: *const dsauth_error) -> u64 {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(0, |e| e.reset_at)
    })
}

/// For DSAUTH_RESULT_CONSENT_REQUIRED: the URL the user must open once to
/// grant consent to the integration key.
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated text, or NULL when there is none or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_consent_url(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| opt_ptr(&e.consent_url))
    })
}

/// The start of the body of the failing answer (DocuSign's, the OAuth
/// server's, or a gateway's): at most 4 KiB, as UTF-8 with invalid bytes
/// and NULs replaced by U+FFFD, every secret of the call replaced by
/// `<redacted>`, ending with "…" when cut.
///
/// Ownership: the text belongs to `err` and stays valid until
/// `dsauth_error_free(err)`.
/// Threads: as `dsauth_error_result`.
/// Returns: NUL-terminated text, or NULL when there was no answer, its body
/// was empty, or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_error_body(err: *const dsauth_error) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(err) }.map_or(ptr::null(), |e| opt_ptr(&e.body))
    })
}

#[cfg(test)]
mod tests {
    use super::super::handle::to_box;
    use super::*;
    use crate::{ApiError, ErrorKind, OAuthError};
    use std::ffi::CStr;

    fn text(p: *const c_char) -> Option<String> {
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned())
    }

    #[test]
    fn api_error_detail() {
        let err = Error::Api(Box::new(ApiError {
            kind: ErrorKind::RateLimited,
            status: 429,
            error_code: "HOURLY_APIINVOCATION_LIMIT_EXCEEDED".into(),
            message: "The maximum number of hourly API invocations has been exceeded.".into(),
            trace_token: Some("abc-123".into()),
            hint: None,
            reset_at: Some(1_700_000_000),
            body: "{\"errorCode\":\"HOURLY_APIINVOCATION_LIMIT_EXCEEDED\"}".into(),
        }));
        let (result, detail) = convert(&err, true);
        assert_eq!(result, dsauth_result::RateLimited);
        let e: *mut dsauth_error = to_box(detail.unwrap());
        unsafe {
            assert_eq!(dsauth_error_result(e), dsauth_result::RateLimited);
            assert_eq!(dsauth_error_status(e), 429);
            assert_eq!(
                text(dsauth_error_code(e)).unwrap(),
                "HOURLY_APIINVOCATION_LIMIT_EXCEEDED"
            );
            assert_eq!(text(dsauth_error_trace_token(e)).unwrap(), "abc-123");
            assert_eq!(text(dsauth_error_hint(e)), None);
            assert_eq!(dsauth_error_reset_at(e), 1_700_000_000);
            assert_eq!(text(dsauth_error_consent_url(e)), None);
            assert_eq!(
                text(dsauth_error_body(e)).unwrap(),
                "{\"errorCode\":\"HOURLY_APIINVOCATION_LIMIT_EXCEEDED\"}"
            );
            assert_eq!(dsauth_error_field(e), dsauth_credential_field::None);
            assert_eq!(text(dsauth_error_message(e)).unwrap(), err.to_string());
            dsauth_error_free(e);
        }
        assert_eq!(convert(&err, false).1.map(|_| ()), None);
    }

    #[test]
    fn oauth_error_detail() {
        let err = Error::OAuth(Box::new(OAuthError {
            status: 400,
            error: "consent_required".into(),
            description: None,
            trace_token: None,
            consent_url: Some("https://account-d.docusign.com/oauth/auth?x=1".into()),
            body: String::new(),
        }));
        let (result, detail) = convert(&err, true);
        assert_eq!(result, dsauth_result::ConsentRequired);
        let e: *mut dsauth_error = to_box(detail.unwrap());
        unsafe {
            assert_eq!(dsauth_error_status(e), 400);
            assert_eq!(text(dsauth_error_code(e)).unwrap(), "consent_required");
            assert_eq!(
                text(dsauth_error_consent_url(e)).unwrap(),
                "https://account-d.docusign.com/oauth/auth?x=1"
            );
            assert_eq!(text(dsauth_error_trace_token(e)), None);
            assert_eq!(text(dsauth_error_body(e)), None);
            dsauth_error_free(e);
        }
    }

    #[test]
    fn null_error_accessors() {
        unsafe {
            let null = ptr::null();
            assert_eq!(dsauth_error_result(null), dsauth_result::NullArgument);
            assert!(dsauth_error_message(null).is_null());
            assert_eq!(dsauth_error_field(null), dsauth_credential_field::None);
            assert_eq!(dsauth_error_status(null), 0);
            assert_eq!(dsauth_error_reset_at(null), 0);
            assert!(dsauth_error_body(null).is_null());
            dsauth_error_free(ptr::null_mut());
        }
    }

    #[test]
    fn nul_in_message_is_replaced() {
        assert_eq!(c_text("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }
}
