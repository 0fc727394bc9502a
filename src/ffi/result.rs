//! `dsauth_result`: what every fallible function returns.

use std::ffi::{c_char, c_uint, CStr};

use super::{guard, static_cstr};
use crate::ErrorKind;

/// The outcome of a call. `DSAUTH_RESULT_OK` (0) is success; every other
/// value is a failure. Values are explicit, grouped by kind (1–99 the call
/// itself, 100s credentials, 200s URLs, 300s transport, 400s DocuSign's
/// answers, 500s OAuth) and never change; new ones are only appended.
/// The values from 4 up equal the Rust core's `ErrorKind::code()`.
///
/// Functions that receive a result from C take it as `unsigned int` and
/// accept values outside this list (see `dsauth_result_str`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_result {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A string argument is not valid UTF-8.
    InvalidUtf8 = 2,
    /// The caller's buffer is too small; the needed length was returned.
    InsufficientSize = 3,
    /// An argument is outside what the function accepts (e.g. an unknown
    /// enum value).
    InvalidArgument = 4,
    /// dsauth panicked: a bug in dsauth. The outcome is unknown (a request
    /// may have been sent).
    Panic = 5,
    /// The operation needs another kind of credentials (e.g. a SOAP
    /// username from an access token).
    WrongCredentialKind = 6,

    /// A credential field is empty.
    CredentialEmpty = 100,
    /// A credential field starts or ends with white space.
    CredentialWhitespace = 101,
    /// A credential field contains CR, LF, NUL or another control
    /// character.
    CredentialControlCharacter = 102,
    /// A credential field is longer than its bound (4 KiB; 16 KiB for
    /// tokens).
    CredentialTooLong = 103,
    /// A credential field contains a character that cannot be sent.
    CredentialInvalidCharacter = 104,
    /// A private key is not a usable unencrypted RSA key (PKCS#1 or PKCS#8
    /// PEM).
    InvalidPrivateKey = 105,

    /// A URL cannot be parsed or has no host.
    InvalidUrl = 200,
    /// A URL is plain http to a host that is not loopback.
    InsecureUrl = 201,

    /// The host name could not be resolved.
    Dns = 300,
    /// The TCP connection could not be made.
    Connect = 301,
    /// The TLS handshake failed.
    Tls = 302,
    /// A timeout passed.
    Timeout = 303,
    /// The response body is larger than the configured maximum.
    BodyTooLarge = 304,
    /// The response is not valid HTTP, or its body not the expected JSON or
    /// XML.
    MalformedResponse = 305,
    /// The connection closed before the whole response arrived.
    ConnectionLost = 306,
    /// The proxy refused or failed the connection.
    Proxy = 307,
    /// Another input/output failure.
    Io = 308,

    /// DocuSign answered with an error (errorCode and message).
    Api = 400,
    /// DocuSign refused the credentials.
    AuthenticationFailed = 401,
    /// An hourly, burst or polling rate limit was exceeded.
    RateLimited = 402,
    /// dsauth's polling guard refused a status GET that came too soon.
    PollingTooSoon = 403,
    /// Account discovery found no account to use.
    AccountNotFound = 404,
    /// A SOAP call answered with a fault.
    SoapFault = 405,
    /// An HTTP error status without a DocuSign error body.
    HttpStatus = 406,

    /// The OAuth server answered with an error.
    Oauth = 500,
    /// The user has not yet granted consent to the integration key.
    ConsentRequired = 501,
}

/// The values that exist only in the C ABI (no core `ErrorKind`).
const C_ONLY: &[dsauth_result] = &[
    dsauth_result::Ok,
    dsauth_result::NullArgument,
    dsauth_result::InvalidUtf8,
    dsauth_result::InsufficientSize,
    dsauth_result::Panic,
];

impl dsauth_result {
    /// The result for a core error kind.
    pub(crate) fn from_kind(kind: ErrorKind) -> Self {
        use dsauth_result as R;
        match kind {
            ErrorKind::InvalidArgument => R::InvalidArgument,
            ErrorKind::WrongCredentialKind => R::WrongCredentialKind,
            ErrorKind::CredentialEmpty => R::CredentialEmpty,
            ErrorKind::CredentialWhitespace => R::CredentialWhitespace,
            ErrorKind::CredentialControlCharacter => R::CredentialControlCharacter,
            ErrorKind::CredentialTooLong => R::CredentialTooLong,
            ErrorKind::CredentialInvalidCharacter => R::CredentialInvalidCharacter,
            ErrorKind::InvalidPrivateKey => R::InvalidPrivateKey,
            ErrorKind::InvalidUrl => R::InvalidUrl,
            ErrorKind::InsecureUrl => R::InsecureUrl,
            ErrorKind::Dns => R::Dns,
            ErrorKind::Connect => R::Connect,
            ErrorKind::Tls => R::Tls,
            ErrorKind::Timeout => R::Timeout,
            ErrorKind::BodyTooLarge => R::BodyTooLarge,
            ErrorKind::MalformedResponse => R::MalformedResponse,
            ErrorKind::ConnectionLost => R::ConnectionLost,
            ErrorKind::Proxy => R::Proxy,
            ErrorKind::Io => R::Io,
            ErrorKind::Api => R::Api,
            ErrorKind::AuthenticationFailed => R::AuthenticationFailed,
            ErrorKind::RateLimited => R::RateLimited,
            ErrorKind::PollingTooSoon => R::PollingTooSoon,
            ErrorKind::AccountNotFound => R::AccountNotFound,
            ErrorKind::SoapFault => R::SoapFault,
            ErrorKind::HttpStatus => R::HttpStatus,
            ErrorKind::OAuth => R::Oauth,
            ErrorKind::ConsentRequired => R::ConsentRequired,
        }
    }

    /// The core kind of this result; `None` for the C-only values.
    #[cfg(test)]
    fn kind(self) -> Option<ErrorKind> {
        use dsauth_result as R;
        Some(match self {
            R::Ok | R::NullArgument | R::InvalidUtf8 | R::InsufficientSize | R::Panic => {
                return None
            }
            R::InvalidArgument => ErrorKind::InvalidArgument,
            R::WrongCredentialKind => ErrorKind::WrongCredentialKind,
            R::CredentialEmpty => ErrorKind::CredentialEmpty,
            R::CredentialWhitespace => ErrorKind::CredentialWhitespace,
            R::CredentialControlCharacter => ErrorKind::CredentialControlCharacter,
            R::CredentialTooLong => ErrorKind::CredentialTooLong,
            R::CredentialInvalidCharacter => ErrorKind::CredentialInvalidCharacter,
            R::InvalidPrivateKey => ErrorKind::InvalidPrivateKey,
            R::InvalidUrl => ErrorKind::InvalidUrl,
            R::InsecureUrl => ErrorKind::InsecureUrl,
            R::Dns => ErrorKind::Dns,
            R::Connect => ErrorKind::Connect,
            R::Tls => ErrorKind::Tls,
            R::Timeout => ErrorKind::Timeout,
            R::BodyTooLarge => ErrorKind::BodyTooLarge,
            R::MalformedResponse => ErrorKind::MalformedResponse,
            R::ConnectionLost => ErrorKind::ConnectionLost,
            R::Proxy => ErrorKind::Proxy,
            R::Io => ErrorKind::Io,
            R::Api => ErrorKind::Api,
            R::AuthenticationFailed => ErrorKind::AuthenticationFailed,
            R::RateLimited => ErrorKind::RateLimited,
            R::PollingTooSoon => ErrorKind::PollingTooSoon,
            R::AccountNotFound => ErrorKind::AccountNotFound,
            R::SoapFault => ErrorKind::SoapFault,
            R::HttpStatus => ErrorKind::HttpStatus,
            R::Oauth => ErrorKind::OAuth,
            R::ConsentRequired => ErrorKind::ConsentRequired,
        })
    }

    /// The result with value `value`, if there is one.
    pub(crate) fn from_u32(value: u32) -> Option<Self> {
        if let Some(&r) = C_ONLY.iter().find(|r| **r as u32 == value) {
            return Some(r);
        }
        ErrorKind::ALL
            .iter()
            .find(|kind| kind.code() == value)
            .map(|&kind| Self::from_kind(kind))
    }

    /// Static text describing the result.
    fn text(self) -> &'static CStr {
        use dsauth_result as R;
        match self {
            R::Ok => c"success",
            R::NullArgument => c"a required pointer argument was NULL",
            R::InvalidUtf8 => c"a string argument is not valid UTF-8",
            R::InsufficientSize => c"the buffer is too small",
            R::Panic => c"dsauth panicked (a bug in dsauth)",
            R::InvalidArgument => c"invalid argument",
            R::WrongCredentialKind => c"wrong kind of credentials for this operation",
            R::CredentialEmpty => c"credential field is empty",
            R::CredentialWhitespace => c"credential field has leading or trailing white space",
            R::CredentialControlCharacter => {
                c"credential field contains a control character (CR, LF, NUL, ...)"
            }
            R::CredentialTooLong => c"credential field is too long",
            R::CredentialInvalidCharacter => {
                c"credential field contains a character that cannot be sent"
            }
            R::InvalidPrivateKey => c"invalid RSA private key",
            R::InvalidUrl => c"invalid URL",
            R::InsecureUrl => c"plain http is only allowed to loopback hosts",
            R::Dns => c"host name could not be resolved",
            R::Connect => c"connection failed",
            R::Tls => c"TLS handshake failed",
            R::Timeout => c"timed out",
            R::BodyTooLarge => c"response body too large",
            R::MalformedResponse => c"malformed response",
            R::ConnectionLost => c"connection closed before the response was complete",
            R::Proxy => c"proxy failure",
            R::Io => c"input/output error",
            R::Api => c"DocuSign returned an error",
            R::AuthenticationFailed => c"DocuSign refused the credentials",
            R::RateLimited => c"DocuSign rate limit exceeded",
            R::PollingTooSoon => c"envelope polled again too soon",
            R::AccountNotFound => c"no matching DocuSign account",
            R::SoapFault => c"SOAP fault",
            R::HttpStatus => c"HTTP error status",
            R::Oauth => c"OAuth error",
            R::ConsentRequired => c"user consent required",
        }
    }
}

/// A short static description of `result` (any value; an unknown one gives
/// "unknown result").
///
/// Ownership: the returned text is static, NUL-terminated and never freed.
/// Threads: any thread.
/// Returns: never NULL.
#[no_mangle]
pub extern "C" fn dsauth_result_str(result: c_uint) -> *const c_char {
    guard(|| {
        static_cstr(dsauth_result::from_u32(result).map_or(c"unknown result", dsauth_result::text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_one_with_error_kinds() {
        for &kind in ErrorKind::ALL {
            let r = dsauth_result::from_kind(kind);
            assert_eq!(r as u32, kind.code(), "{kind:?}");
            assert_eq!(r.kind(), Some(kind));
            assert_eq!(dsauth_result::from_u32(kind.code()), Some(r));
        }
        let mut known = 0;
        for value in 0..=u16::MAX as u32 {
            let Some(r) = dsauth_result::from_u32(value) else {
                continue;
            };
            known += 1;
            assert_eq!(r as u32, value);
            match r.kind() {
                Some(kind) => assert_eq!(kind.code(), value),
                None => assert!(C_ONLY.contains(&r), "{r:?}"),
            }
        }
        assert_eq!(known, ErrorKind::ALL.len() + C_ONLY.len());
        assert_eq!(
            C_ONLY.iter().map(|r| *r as u32).collect::<Vec<_>>(),
            [0, 1, 2, 3, 5]
        );
    }

    #[test]
    fn texts() {
        let text = |v: u32| {
            unsafe { CStr::from_ptr(dsauth_result_str(v)) }
                .to_str()
                .unwrap()
        };
        assert_eq!(text(0), "success");
        assert_eq!(text(7), "unknown result");
        assert_eq!(text(u32::MAX), "unknown result");
        for &kind in ErrorKind::ALL {
            assert_eq!(text(kind.code()), kind.description(), "{kind:?}");
        }
    }
}
