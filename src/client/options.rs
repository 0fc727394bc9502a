//! Client settings and their defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

use super::polling::PollingGuard;
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
    /// A PEM file of extra trusted certificate authorities, read when the
    /// client is built (checked by [`ClientOptions::validate`] too). The
    /// CAs named by `SSL_CERT_FILE` and `SSL_CERT_DIR` are trusted as well
    /// whenever those variables are set.
    pub ca_file: Option<PathBuf>,
    /// Also trust the operating system's certificate store (default off):
    /// the system's PEM bundle on Unix, the keychain on macOS, the
    /// certificate store on Windows, read when the client is built.
    pub use_system_trust: bool,
    /// Send credentials to any account host that account discovery names
    /// (default off). Off, a discovered host must be one of DocuSign's
    /// (https under `docusign.net` or `docusign.com`) for the demo and
    /// production environments, and the configured scheme, host and port
    /// for a custom one (see [`crate::Environment::check_discovered`]).
    pub follow_discovered_hosts: bool,
    /// `User-Agent` (default `dsauth/<version>`).
    pub user_agent: String,
    /// The account to use; default: the user's default account.
    pub account_id: Option<String>,
    /// REST API version used for account-relative paths (default `v2.1`).
    pub api_version: String,
    /// What happens to a second GET of the same envelope, or of the same
    /// envelope list query, within 15 minutes (default: refused unsent).
    pub polling_guard: PollingGuard,
    /// When a GET, HEAD, PUT or DELETE hits a rate limit, wait for the
    /// reset and retry if that is at most this long (default: off; at most
    /// one hour).
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
            ca_file: None,
            use_system_trust: false,
            follow_discovered_hosts: false,
            user_agent: format!("dsauth/{}", crate::VERSION),
            account_id: None,
            api_version: "v2.1".to_owned(),
            polling_guard: PollingGuard::Enforce,
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
    /// Options carry their state along when cloned: clients built from one
    /// options value (or its clones) share their state, also the default
    /// memory one.
    pub fn shared_state(mut self, state: SharedState) -> Self {
        self.shared_state = state;
        self
    }

    /// The state set with [`ClientOptions::shared_state`].
    pub fn state(&self) -> &SharedState {
        &self.shared_state
    }

    /// Checks the settings a client would refuse: an account id that is not
    /// a number or GUID, an API version other than `v2`/`v2.1`, a rate-limit
    /// wait above one hour, zero timeouts, a zero body limit, an empty or
    /// control-character user agent, an empty proxy URL. (Whether a proxy
    /// URL is usable is checked when the client is built; CA certificates by
    /// [`ClientOptions::add_trusted_ca_pem`] and when the client is built.)
    pub fn validate(&self) -> Result<()> {
        if let Some(id) = &self.account_id {
            let ok = !id.is_empty()
                && id.len() <= 64
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                return Err(invalid(
                    "account_id",
                    "an account id is a number or a GUID (letters, digits, -)",
                ));
            }
        }
        if !matches!(self.api_version.as_str(), "v2" | "v2.1") {
            return Err(invalid("api_version", "the REST API version is v2 or v2.1"));
        }
        if self
            .rate_limit_max_wait
            .is_some_and(|wait| wait > MAX_RATE_LIMIT_WAIT)
        {
            return Err(invalid(
                "rate_limit_max_wait",
                "the longest rate-limit wait is one hour",
            ));
        }
        if self.timeout.is_zero() {
            return Err(invalid("timeout", "must be greater than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(invalid("connect_timeout", "must be greater than zero"));
        }
        if self.max_response_body == 0 {
            return Err(invalid("max_response_body", "must be at least 1 byte"));
        }
        if self.user_agent.is_empty() || self.user_agent.chars().any(char::is_control) {
            return Err(invalid(
                "user_agent",
                "a user agent is not empty and has no control characters",
            ));
        }
        if self.proxy == Proxy::Url(String::new()) {
            return Err(invalid("proxy", "a proxy url is not empty"));
        }
        if let Some(path) = &self.ca_file {
            ca_file_certificates(path)?;
        }
        Ok(())
    }

    /// Trusts the certificate authorities in `pem` (one or more CERTIFICATE
    /// blocks) in addition to the Mozilla roots and to earlier calls. Refused
    /// (the options unchanged) when `pem` holds no certificate or a damaged
    /// one.
    pub fn add_trusted_ca_pem(&mut self, pem: &[u8]) -> Result<()> {
        ca_certificates(pem)?;
        if !self.extra_ca_pem.is_empty() && !self.extra_ca_pem.ends_with(b"\n") {
            self.extra_ca_pem.push(b'\n');
        }
        self.extra_ca_pem.extend_from_slice(pem);
        Ok(())
    }
}

/// The certificates of `pem`: at least one CERTIFICATE block, each one
/// valid base64.
pub(crate) fn ca_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| invalid("extra_ca_pem", format!("not a PEM certificate: {e}")))?;
    if certs.is_empty() {
        return Err(invalid(
            "extra_ca_pem",
            "no CERTIFICATE block in the PEM data",
        ));
    }
    Ok(certs)
}

/// The certificates of the PEM file at `path` (see [`ca_certificates`]).
pub(crate) fn ca_file_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let pem = std::fs::read(path).map_err(|e| {
        invalid(
            "ca_file",
            format!("cannot read the CA file {}: {e}", path.display()),
        )
    })?;
    ca_certificates(&pem).map_err(|e| match e {
        Error::InvalidArgument { reason, .. } => {
            invalid("ca_file", format!("{}: {reason}", path.display()))
        }
        other => other,
    })
}

fn invalid(name: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name,
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_cas_are_checked_and_appended() {
        let mut options = ClientOptions::default();
        let pem = b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----";
        options.add_trusted_ca_pem(pem).unwrap();
        assert!(options.add_trusted_ca_pem(b"garbage").is_err());
        assert!(options.add_trusted_ca_pem(b"").is_err());
        options.add_trusted_ca_pem(pem).unwrap();
        assert_eq!(
            options.extra_ca_pem.len(),
            2 * pem.len() + 1,
            "a line end separates the two"
        );
    }

    #[test]
    fn every_setting_is_checked() {
        let refused = |change: fn(&mut ClientOptions)| {
            let mut options = ClientOptions::default();
            change(&mut options);
            match options.validate() {
                Err(Error::InvalidArgument { name, .. }) => name,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(refused(|o| o.timeout = Duration::ZERO), "timeout");
        assert_eq!(
            refused(|o| o.connect_timeout = Duration::ZERO),
            "connect_timeout"
        );
        assert_eq!(refused(|o| o.max_response_body = 0), "max_response_body");
        assert_eq!(refused(|o| o.user_agent = "a\nb".into()), "user_agent");
        assert_eq!(refused(|o| o.user_agent = String::new()), "user_agent");
        assert_eq!(refused(|o| o.proxy = Proxy::Url(String::new())), "proxy");
        assert_eq!(refused(|o| o.api_version = "v3".into()), "api_version");
        assert_eq!(refused(|o| o.account_id = Some("1/2".into())), "account_id");
        assert!(ClientOptions::default().validate().is_ok());
    }
}
