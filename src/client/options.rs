//! Client settings and their defaults.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::shared_state::{RateReserve, SharedState};

/// Which proxy the client uses. `Debug` hides a password in the URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Proxy {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` and `NO_PROXY` from the
    /// environment, read when the client is built (the default).
    #[default]
    FromEnvironment,
    /// No proxy, whatever the environment says.
    None,
    /// This proxy URL (`http://host:port`, `socks5://host:port`, optionally
    /// with `user:password@`).
    Url(String),
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Proxy::FromEnvironment => f.write_str("FromEnvironment"),
            Proxy::None => f.write_str("None"),
            Proxy::Url(url) => f
                .debug_tuple("Url")
                .field(&crate::url::redact_userinfo(url))
                .finish(),
        }
    }
}

/// The longest rate-limit wait a client accepts (one hour: DocuSign's
/// hourly window).
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(3600);

/// Settings of a [`crate::client::Client`]. Build with `Default` and change
/// the fields you need.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// Time allowed to resolve and connect (default 10 s).
    pub connect_timeout: Duration,
    /// Time allowed for a whole call, connect to last body byte (default
    /// 60 s; never infinite).
    pub timeout: Duration,
    /// Largest response body accepted (default 32 MiB).
    pub max_response_body: u64,
    /// Proxy (default: from the environment).
    pub proxy: Proxy,
    /// Extra trusted certificate authorities, PEM, in addition to the
    /// Mozilla roots (for a local stand-in or a TLS-inspecting proxy).
    pub extra_ca_pem: Vec<u8>,
    /// `User-Agent` (default `dsauth/<version>`).
    pub user_agent: String,
    /// The account to use; default: the user's default account.
    pub account_id: Option<String>,
    /// REST API version used for account-relative paths (default `v2.1`).
    pub api_version: String,
    /// Refuse a second GET of the same envelope, or of the same envelope
    /// list query, within 15 minutes without sending it (default on).
    pub polling_guard: bool,
    /// When a GET, HEAD, PUT or DELETE hits a rate limit, wait for the
    /// reset and retry if that is at most this long (default: off; at most
    /// [`MAX_RATE_LIMIT_WAIT`]).
    pub rate_limit_max_wait: Option<Duration>,
    /// Renew an OAuth access token when less than this remains (default
    /// 10 minutes).
    pub token_renewal_margin: Duration,
    /// Calls of the account's hourly and burst budgets left unused for
    /// other applications on the same account (default 0 and 0).
    pub rate_reserve: RateReserve,
    /// Where tokens, userinfo answers, the rate budget and the polling
    /// guard live (default: this client's own memory); set with
    /// [`ClientOptions::shared_state`].
    shared_state: SharedState,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_response_body: 32 * 1024 * 1024,
            proxy: Proxy::FromEnvironment,
            extra_ca_pem: Vec::new(),
            user_agent: format!("dsauth/{}", crate::VERSION),
            account_id: None,
            api_version: "v2.1".to_owned(),
            polling_guard: true,
            rate_limit_max_wait: None,
            token_renewal_margin: Duration::from_secs(600),
            rate_reserve: RateReserve::default(),
            shared_state: SharedState::memory(),
        }
    }
}

impl ClientOptions {
    /// Shares tokens, userinfo answers, the rate budget and the polling
    /// guard through `state` with every client given the same state (or,
    /// for the file and Redis backends, the same directory or Redis).
    pub fn shared_state(mut self, state: SharedState) -> Self {
        self.shared_state = state;
        self
    }

    /// The state set with [`ClientOptions::shared_state`].
    pub fn state(&self) -> &SharedState {
        &self.shared_state
    }

    /// Checks the settings a client would refuse: an account id that is not
    /// a number or GUID, an API version other than `v2`/`v2.1`, zero
    /// timeouts. (Proxy URLs and CA certificates are checked when the
    /// client is built.)
    pub fn validate(&self) -> Result<()> {
        if let Some(id) = &self.account_id {
            let ok = !id.is_empty()
                && id.len() <= 64
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                return Err(Error::InvalidArgument {
                    name: "account_id",
                    reason: "an account id is a number or a GUID (letters, digits, -)".into(),
                });
            }
        }
        if !matches!(self.api_version.as_str(), "v2" | "v2.1") {
            return Err(Error::InvalidArgument {
                name: "api_version",
                reason: "the REST API version is v2 or v2.1".into(),
            });
        }
        if self
            .rate_limit_max_wait
            .is_some_and(|wait| wait > MAX_RATE_LIMIT_WAIT)
        {
            return Err(Error::InvalidArgument {
                name: "rate_limit_max_wait",
                reason: "the longest rate-limit wait is one hour".into(),
            });
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::InvalidArgument {
                name: "timeout",
                reason: "timeouts must be greater than zero".into(),
            });
        }
        Ok(())
    }
}
