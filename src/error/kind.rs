//! [`ErrorKind`] and the one table of kinds it is made from.

/// The one table of error kinds. A row is the kind's doc, its variant, its
/// code, its name and a short description. Codes never change and are
/// grouped by what went wrong (credentials 100s, URLs 200s, transport 300s,
/// DocuSign's answers 400s, OAuth 500s, the caller's own 600s: cancellation,
/// settings); names are the stable snake_case names the faces show. New kinds are only appended.
///
/// `error_kinds!(then! { extra… })` expands to
/// `then! { { extra… } { rows… } }`: the core defines [`ErrorKind`] from it,
/// and a face builds its own list from the same rows plus rows of its own.
macro_rules! error_kinds {
    ($then:ident! { $($extra:tt)* }) => {
        $then! {
            { $($extra)* }
            {
                /// An argument is outside what the function accepts (for example an unknown
                /// enum value).
                InvalidArgument = 4, "invalid_argument", "invalid argument";
                /// The operation needs another kind of credentials (for example a SOAP username
                /// from an access token).
                WrongCredentialKind = 6, "wrong_credential_kind",
                    "wrong kind of credentials for this operation";

                /// A credential field is empty.
                CredentialEmpty = 100, "credential_empty", "credential field is empty";
                /// A credential field starts or ends with white space.
                CredentialWhitespace = 101, "credential_whitespace",
                    "credential field has leading or trailing white space";
                /// A credential field contains CR, LF, NUL or another control character.
                CredentialControlCharacter = 102, "credential_control_character",
                    "credential field contains a control character (CR, LF, NUL, ...)";
                /// A credential field is longer than its bound (4 KiB; 16 KiB for tokens).
                CredentialTooLong = 103, "credential_too_long", "credential field is too long";
                /// A credential field contains a character that cannot be sent.
                CredentialInvalidCharacter = 104, "credential_invalid_character",
                    "credential field contains a character that cannot be sent";
                /// A private key is not an unencrypted RSA key in PKCS#1 or PKCS#8 PEM of a
                /// usable size.
                InvalidPrivateKey = 105, "invalid_private_key", "invalid RSA private key";

                /// A URL cannot be parsed or has no host.
                InvalidUrl = 200, "invalid_url", "invalid URL";
                /// A URL is plain `http` to a host that is not loopback.
                InsecureUrl = 201, "insecure_url", "plain http is only allowed to loopback hosts";
                /// Account discovery named an account host that credentials must not go to
                /// (for DocuSign's environments: not https on DocuSign's hosts; for a custom
                /// environment: not its scheme, host and port). Nothing was sent to it.
                DiscoveredHostRefused = 202, "discovered_host_refused",
                    "discovered account host refused";

                /// The host name could not be resolved.
                Dns = 300, "dns", "host name could not be resolved";
                /// The TCP connection could not be made.
                Connect = 301, "connect", "connection failed";
                /// The TLS handshake failed (for example an untrusted certificate).
                Tls = 302, "tls", "TLS handshake failed";
                /// The connect timeout or the overall timeout passed.
                Timeout = 303, "timeout", "timed out";
                /// The response body is larger than the configured maximum.
                BodyTooLarge = 304, "body_too_large", "response body too large";
                /// The response is not valid HTTP, or its body not the expected JSON or XML.
                MalformedResponse = 305, "malformed_response", "malformed response";
                /// The connection closed before the whole response arrived.
                ConnectionLost = 306, "connection_lost",
                    "connection closed before the response was complete";
                /// The proxy refused or failed the connection.
                Proxy = 307, "proxy", "proxy failure";
                /// Another input/output failure.
                Io = 308, "io", "input/output error";

                /// DocuSign answered with an error (`errorCode` and `message`).
                Api = 400, "api", "DocuSign returned an error";
                /// DocuSign refused the credentials (unknown or disabled integrator key, wrong
                /// username or password, invalid or expired token).
                AuthenticationFailed = 401, "authentication_failed",
                    "DocuSign refused the credentials";
                /// An hourly, burst or polling rate limit was exceeded.
                RateLimited = 402, "rate_limited", "DocuSign rate limit exceeded";
                /// dsauth's polling guard refused to send a status GET that DocuSign would
                /// count against the 15-minute polling rule.
                PollingTooSoon = 403, "polling_too_soon", "envelope polled again too soon";
                /// Account discovery found no account to use.
                AccountNotFound = 404, "account_not_found", "no matching DocuSign account";
                /// A SOAP call answered with a fault.
                SoapFault = 405, "soap_fault", "SOAP fault";
                /// An HTTP error status without a DocuSign error body.
                HttpStatus = 406, "http_status", "HTTP error status";

                /// The OAuth server answered with an error (`error`, `error_description`).
                OAuth = 500, "oauth", "OAuth error";
                /// The user has not yet granted consent to the integration key.
                ConsentRequired = 501, "consent_required", "user consent required";

                /// The caller cancelled the call before it finished; nothing more was
                /// sent.
                Cancelled = 600, "cancelled", "the call was cancelled";

                /// A setting (a `DSAUTH_*` variable) is missing, set twice (`X` and
                /// `X_FILE`), or names a file that cannot be read.
                Configuration = 601, "configuration",
                    "a setting is missing, set twice or unreadable";
            }
        }
    };
}
pub(crate) use error_kinds;

/// Defines [`ErrorKind`] from the rows of [`error_kinds!`].
macro_rules! define_error_kind {
    ({} { $( $(#[doc = $doc:literal])* $Kind:ident = $code:literal, $name:literal, $text:literal; )* }) => {
        /// A stable, numbered classification of an [`Error`](super::Error).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #[repr(u32)]
        pub enum ErrorKind {
            $( $(#[doc = $doc])* $Kind = $code, )*
        }

        impl ErrorKind {
            /// Every kind, in code order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$Kind),*];

            /// The stable number of this kind.
            pub fn code(self) -> u32 {
                self as u32
            }

            /// The stable snake_case name of this kind, e.g.
            /// `"authentication_failed"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$Kind => $name,)*
                }
            }

            /// A short, static description of this kind.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorKind::$Kind => $text,)*
                }
            }
        }
    };
}

self::error_kinds!(define_error_kind! {});

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn codes_ascend_and_names_are_distinct_snake_case() {
        let codes: Vec<u32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        let mut names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        for name in &names {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(ErrorKind::ConnectionLost.name(), "connection_lost");
        assert_eq!(ErrorKind::OAuth.code(), 500);
    }
}
