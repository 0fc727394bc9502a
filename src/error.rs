//! The one error type of dsauth, and its stable kinds.
//!
//! Every [`Error`] has an [`ErrorKind`]; the kinds are numbered, the numbers
//! never change and are grouped by what went wrong (credentials 100s, URLs
//! 200s, transport 300s, DocuSign's answers 400s, OAuth 500s, the caller's
//! own 600s: cancellation, settings), and each has a stable name; both come
//! from the one table in `error/kind.rs`, which the C ABI and the Python
//! module read too. Error text never contains a secret: fields are named, their values are not
//! quoted.

use std::fmt;

use crate::redact::{cap, shown_url};

pub(crate) mod kind;

pub use kind::ErrorKind;

/// Which credential field an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialField {
    /// The integrator (integration) key.
    IntegratorKey,
    /// The legacy username (email or API user GUID).
    Username,
    /// The legacy password.
    Password,
    /// The `SendOnBehalfOf` user.
    SendOnBehalfOf,
    /// An OAuth access token.
    AccessToken,
    /// The user GUID of a JWT grant.
    UserId,
    /// The client secret of an authorization code grant.
    ClientSecret,
    /// An OAuth refresh token.
    RefreshToken,
    /// An authorization code to exchange.
    AuthorizationCode,
    /// A redirect URI.
    RedirectUri,
    /// An OAuth scope.
    Scope,
    /// An account id.
    AccountId,
}

impl CredentialField {
    /// The field's name as DocuSign spells it.
    pub fn name(self) -> &'static str {
        match self {
            CredentialField::IntegratorKey => "IntegratorKey",
            CredentialField::Username => "Username",
            CredentialField::Password => "Password",
            CredentialField::SendOnBehalfOf => "SendOnBehalfOf",
            CredentialField::AccessToken => "AccessToken",
            CredentialField::UserId => "UserId",
            CredentialField::ClientSecret => "ClientSecret",
            CredentialField::RefreshToken => "RefreshToken",
            CredentialField::AuthorizationCode => "AuthorizationCode",
            CredentialField::RedirectUri => "RedirectUri",
            CredentialField::Scope => "Scope",
            CredentialField::AccountId => "AccountId",
        }
    }
}

impl fmt::Display for CredentialField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a credential field. Positions are byte offsets; the
/// offending text itself is never included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialProblem {
    /// The field is empty.
    Empty,
    /// The field starts or ends with white space.
    SurroundingWhitespace,
    /// A control character (CR, LF, NUL, tab, …).
    ControlCharacter {
        /// Its byte offset.
        at: usize,
    },
    /// The field is longer than allowed.
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A character that cannot be sent in this field.
    InvalidCharacter {
        /// Its byte offset.
        at: usize,
    },
}

impl CredentialProblem {
    /// The [`ErrorKind`] of this problem.
    pub fn kind(self) -> ErrorKind {
        match self {
            CredentialProblem::Empty => ErrorKind::CredentialEmpty,
            CredentialProblem::SurroundingWhitespace => ErrorKind::CredentialWhitespace,
            CredentialProblem::ControlCharacter { .. } => ErrorKind::CredentialControlCharacter,
            CredentialProblem::TooLong { .. } => ErrorKind::CredentialTooLong,
            CredentialProblem::InvalidCharacter { .. } => ErrorKind::CredentialInvalidCharacter,
        }
    }
}

impl fmt::Display for CredentialProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialProblem::Empty => f.write_str("is empty"),
            CredentialProblem::SurroundingWhitespace => f.write_str(
                "has leading or trailing white space (DocuSign would report a bad key)",
            ),
            CredentialProblem::ControlCharacter { at } => write!(
                f,
                "contains a control character (CR, LF, NUL, tab, ...) at byte {at}, which cannot be sent in a header"
            ),
            CredentialProblem::TooLong { len, max } => {
                write!(f, "is {len} bytes long, more than the {max} allowed")
            }
            CredentialProblem::InvalidCharacter { at } => write!(
                f,
                "contains a character at byte {at} that cannot be sent (not allowed in XML, or in this field)"
            ),
        }
    }
}

/// Everything that can go wrong in dsauth. `Display` and `Debug` show URLs
/// without user information or query values, and cap every text at 4 KiB:
/// a hostile base URL or account list cannot make a huge message.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A credential field was refused when the credentials were built.
    #[error("invalid {field}: {problem}")]
    Credential {
        /// The refused field.
        field: CredentialField,
        /// What is wrong with it.
        problem: CredentialProblem,
    },

    /// The operation needs other credentials than the ones given.
    #[error("{operation} needs {needed} credentials, but these are {actual} credentials")]
    WrongCredentialKind {
        /// What was asked for.
        operation: &'static str,
        /// The kind of credentials it needs.
        needed: &'static str,
        /// The kind given.
        actual: &'static str,
    },

    /// An argument is outside what the function accepts.
    #[error("invalid argument {name}: {}", cap(reason))]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// A URL could not be used.
    #[error("invalid URL {:?}: {}", shown_url(url), cap(reason))]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },

    /// A plain-http URL pointed at a host that is not loopback.
    #[error(
        "refusing plain http to {:?}: https is required except on loopback hosts",
        shown_url(url)
    )]
    InsecureUrl {
        /// The URL as given.
        url: String,
    },

    /// Account discovery named an account host the environment's host
    /// policy refuses (see [`crate::Environment::check_discovered`]).
    /// Nothing was sent to it.
    #[error(
        "refusing the account host {} named by account discovery: {}; nothing was sent to it",
        cap(host),
        cap(reason)
    )]
    DiscoveredHostRefused {
        /// The refused host (at most 255 characters).
        host: String,
        /// Which rule refused it.
        reason: String,
    },

    /// A private key could not be used for RS256.
    #[error("invalid RSA private key: {}", cap(reason))]
    InvalidPrivateKey {
        /// Why (never the key's content).
        reason: String,
    },

    /// The request did not get a complete HTTP response. `kind` is one of
    /// the transport kinds (300s).
    #[error("{} calling {}: {}", kind.description(), shown_url(url), cap(reason))]
    Transport {
        /// Which transport failure (connect, TLS, timeout, …).
        kind: ErrorKind,
        /// The URL called (without its query).
        url: String,
        /// What went wrong, from the transport.
        reason: String,
    },

    /// DocuSign answered with an error.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The polling guard refused a status GET that came too soon.
    #[error("{} was already fetched less than 15 minutes ago (DocuSign allows one status GET per envelope every 15 minutes); try again in {retry_after_secs} s or turn the polling guard off", cap(what))]
    PollingTooSoon {
        /// The envelope or envelope-list query.
        what: String,
        /// Seconds until the guard allows it again.
        retry_after_secs: u64,
    },

    /// Account discovery found no account to use.
    #[error("{}", cap(.0))]
    AccountNotFound(String),

    /// The OAuth server answered with an error.
    #[error("{0}")]
    OAuth(Box<OAuthError>),

    /// The call was cancelled ([`Cancel`](crate::client::Cancel)); nothing
    /// more was sent.
    #[error("the call was cancelled")]
    Cancelled,

    /// A setting is missing, set twice or unreadable (see
    /// [`crate::from_env`]). The text names variables and files, never a
    /// value.
    #[error("{}", cap(.0))]
    Configuration(String),
}

/// An error answer from DocuSign: REST `{"errorCode","message"}`, a SOAP
/// fault, or a bare HTTP error status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// [`ErrorKind::Api`], [`ErrorKind::AuthenticationFailed`],
    /// [`ErrorKind::RateLimited`], [`ErrorKind::SoapFault`] or
    /// [`ErrorKind::HttpStatus`].
    pub kind: ErrorKind,
    /// The HTTP status; 0 when dsauth refused the call itself without
    /// sending it (the account's shared rate budget is spent).
    pub status: u16,
    /// DocuSign's `errorCode` (the fault code for SOAP; empty for a bare
    /// HTTP status).
    pub error_code: String,
    /// DocuSign's `message` (the fault string for SOAP).
    pub message: String,
    /// `X-DocuSign-TraceToken`, to quote to DocuSign support.
    pub trace_token: Option<String>,
    /// What usually causes this error, when dsauth knows.
    pub hint: Option<String>,
    /// For rate limits: when the limit resets (Unix seconds), from
    /// `X-RateLimit-Reset`.
    pub reset_at: Option<u64>,
    /// The start of the answer's body (at most 4 KiB, as UTF-8 with invalid
    /// bytes replaced, every secret of the call replaced by `<redacted>`);
    /// empty when there was none.
    pub body: String,
}

impl ApiError {
    /// The start of the answer's body (the `body` field).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == ErrorKind::HttpStatus {
            // The message names the status and the content type.
            f.write_str(&self.message)?;
        } else if self.status == 0 {
            f.write_str("refused locally before sending")?;
        } else {
            write!(f, "DocuSign answered HTTP {}", self.status)?;
        }
        if !self.error_code.is_empty() {
            write!(f, " {}", self.error_code)?;
        }
        if !self.message.is_empty() && self.kind != ErrorKind::HttpStatus {
            write!(f, ": {}", self.message)?;
        }
        if let Some(reset_at) = self.reset_at {
            write!(f, " (limit resets at Unix time {reset_at})")?;
        }
        if let Some(token) = &self.trace_token {
            write!(f, " [trace token {token}]")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, ". Hint: {hint}")?;
        }
        Ok(())
    }
}

/// An error answer from the OAuth account server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// The HTTP status; 0 when dsauth refused the call itself without
    /// sending it (the account's shared rate budget is spent).
    pub status: u16,
    /// OAuth's `error`, e.g. `consent_required`, `invalid_grant`.
    pub error: String,
    /// OAuth's `error_description`, when given.
    pub description: Option<String>,
    /// `X-DocuSign-TraceToken`, when given.
    pub trace_token: Option<String>,
    /// For `consent_required`: the URL the user must open once to grant
    /// consent.
    pub consent_url: Option<String>,
    /// The start of the answer's body, as [`ApiError::body`] (the
    /// description is in the body too).
    pub body: String,
}

impl OAuthError {
    /// [`ErrorKind::ConsentRequired`] or [`ErrorKind::OAuth`].
    pub fn kind(&self) -> ErrorKind {
        if self.error == "consent_required" {
            ErrorKind::ConsentRequired
        } else {
            ErrorKind::OAuth
        }
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "OAuth server answered HTTP {} {}",
            self.status, self.error
        )?;
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        if let Some(token) = &self.trace_token {
            write!(f, " [trace token {token}]")?;
        }
        if let Some(url) = &self.consent_url {
            write!(f, ". The user must grant consent once by opening {url}")?;
        }
        Ok(())
    }
}

/// The kind and the message: the fields of some variants (a URL given by
/// the caller) are shown only as `Display` shows them.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("message", &self.to_string())
            .finish()
    }
}

impl Error {
    /// For a transport error, the same error naming `url` as the URL (the
    /// OAuth parsers only know the endpoint's path); others unchanged.
    pub fn with_url(self, url: &str) -> Error {
        match self {
            Error::Transport { kind, reason, .. } => Error::Transport {
                kind,
                url: url.to_owned(),
                reason,
            },
            other => other,
        }
    }

    /// A [`ErrorKind::MalformedResponse`] transport error for an answer
    /// from `url`, quoting the trace token when there is one (never the
    /// body, which may hold a token).
    pub(crate) fn malformed(url: &str, reason: &str, trace_token: Option<&str>) -> Error {
        let reason = match trace_token {
            Some(t) => format!("{reason} [trace token {t}]"),
            None => reason.to_owned(),
        };
        Error::Transport {
            kind: ErrorKind::MalformedResponse,
            url: url.to_owned(),
            reason,
        }
    }

    /// The HTTP status of an answer DocuSign gave (API, SOAP or OAuth
    /// error), if this error is one.
    pub fn status_code(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::OAuth(oauth) => Some(oauth.status),
            _ => None,
        }
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Credential { problem, .. } => problem.kind(),
            Error::WrongCredentialKind { .. } => ErrorKind::WrongCredentialKind,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::InvalidUrl { .. } => ErrorKind::InvalidUrl,
            Error::InsecureUrl { .. } => ErrorKind::InsecureUrl,
            Error::DiscoveredHostRefused { .. } => ErrorKind::DiscoveredHostRefused,
            Error::InvalidPrivateKey { .. } => ErrorKind::InvalidPrivateKey,
            Error::Transport { kind, .. } => *kind,
            Error::Api(api) => api.kind,
            Error::PollingTooSoon { .. } => ErrorKind::PollingTooSoon,
            Error::AccountNotFound(_) => ErrorKind::AccountNotFound,
            Error::OAuth(oauth) => oauth.kind(),
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Configuration(_) => ErrorKind::Configuration,
        }
    }
}

/// `Result` with dsauth's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
