//! Where DocuSign is: demo, production, or any base URL.

use ureq::http::Uri;

use crate::error::{Error, Result};

/// SOAP API 3.0 endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapEndpoint {
    /// `api.asmx`: authenticated by a WS-Security UsernameToken.
    Api,
    /// `dsapi.asmx`: authenticated by the `X-DocuSign-Authentication` header.
    DsApi,
    /// `accountmanagement.asmx`: authenticated by the HTTP header.
    AccountManagement,
}

impl SoapEndpoint {
    /// The path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            SoapEndpoint::Api => "/api/3.0/api.asmx",
            SoapEndpoint::DsApi => "/api/3.0/dsapi.asmx",
            SoapEndpoint::AccountManagement => "/api/3.0/accountmanagement.asmx",
        }
    }
}

/// A DocuSign environment: the eSignature base URL (REST below `/restapi`,
/// SOAP below `/api/3.0`) and the OAuth account server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Environment {
    base_url: String,
    account_server: String,
}

impl Environment {
    /// The developer sandbox: `demo.docusign.net`, `account-d.docusign.com`.
    pub fn demo() -> Self {
        Environment {
            base_url: "https://demo.docusign.net".into(),
            account_server: "https://account-d.docusign.com".into(),
        }
    }

    /// Production: `www.docusign.net`, `account.docusign.com`. Accounts live
    /// on other hosts (na2, eu1, …): account discovery finds them.
    pub fn production() -> Self {
        Environment {
            base_url: "https://www.docusign.net".into(),
            account_server: "https://account.docusign.com".into(),
        }
    }

    /// Any base URL (a proxy, the local stand-in). It must be `https`, or
    /// `http` to a loopback host; a path prefix is kept, a trailing `/` is
    /// dropped. The account server defaults to the same URL.
    pub fn custom(base_url: &str) -> Result<Self> {
        let base_url = check_base_url(base_url)?;
        Ok(Environment {
            account_server: base_url.clone(),
            base_url,
        })
    }

    /// The same environment with another OAuth account server URL (same
    /// rules as [`Environment::custom`]).
    pub fn with_account_server(mut self, url: &str) -> Result<Self> {
        self.account_server = check_base_url(url)?;
        Ok(self)
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The REST base, `<base>/restapi`, before account discovery narrows it
    /// to the account's own host.
    pub fn rest_base(&self) -> String {
        format!("{}/restapi", self.base_url)
    }

    /// The URL of a SOAP endpoint.
    pub fn soap_url(&self, endpoint: SoapEndpoint) -> String {
        format!("{}{}", self.base_url, endpoint.path())
    }

    /// The account server's base URL, e.g. `https://account-d.docusign.com`.
    pub fn account_server_url(&self) -> &str {
        &self.account_server
    }

    /// The account server's bare host (with `:port` when it has one): the
    /// JWT `aud` claim.
    pub fn account_server_host(&self) -> &str {
        crate::url::authority(&self.account_server)
    }

    /// True for the two environments DocuSign runs.
    pub fn is_docusign(&self) -> bool {
        *self == Environment::demo() || *self == Environment::production()
    }

    /// True for production (`www.docusign.net`).
    pub fn is_production(&self) -> bool {
        *self == Environment::production()
    }
}

/// Checks that `url` is `https://host[:port][/path]`, or `http://` to
/// loopback, with no query or fragment, and returns it without a trailing
/// `/`.
pub fn check_base_url(url: &str) -> Result<String> {
    let shown = crate::url::redact_userinfo(url);
    let invalid = |reason: &str| Error::InvalidUrl {
        url: shown.clone(),
        reason: reason.to_owned(),
    };
    let uri: Uri = url
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| invalid(&e.to_string()))?;
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| invalid("no host"))?;
    if url.contains(['?', '#']) {
        return Err(invalid("a base URL has no query or fragment"));
    }
    if url.contains('@') {
        return Err(invalid("user information in a URL is not supported"));
    }
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if is_loopback(host) => {}
        Some("http") => return Err(Error::InsecureUrl { url: shown }),
        _ => return Err(invalid("the scheme must be https (or http to loopback)")),
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn known_environments() {
        let demo = Environment::demo();
        assert_eq!(demo.rest_base(), "https://demo.docusign.net/restapi");
        assert_eq!(
            demo.soap_url(SoapEndpoint::Api),
            "https://demo.docusign.net/api/3.0/api.asmx"
        );
        assert_eq!(demo.account_server_host(), "account-d.docusign.com");
        let prod = Environment::production();
        assert_eq!(prod.rest_base(), "https://www.docusign.net/restapi");
        assert_eq!(
            prod.soap_url(SoapEndpoint::DsApi),
            "https://www.docusign.net/api/3.0/dsapi.asmx"
        );
        assert_eq!(prod.account_server_host(), "account.docusign.com");
        assert!(prod.is_production() && !demo.is_production());
    }

    #[test]
    fn custom_urls() {
        let env = Environment::custom("http://127.0.0.1:8080/").unwrap();
        assert_eq!(env.rest_base(), "http://127.0.0.1:8080/restapi");
        assert_eq!(env.account_server_host(), "127.0.0.1:8080");
        let env = Environment::custom("https://proxy.example/ds").unwrap();
        assert_eq!(env.rest_base(), "https://proxy.example/ds/restapi");
        assert!(Environment::custom("http://[::1]:99").is_ok());
        assert!(Environment::custom("http://localhost").is_ok());
        let kind = |u| Environment::custom(u).unwrap_err().kind();
        assert_eq!(kind("http://example.com"), ErrorKind::InsecureUrl);
        assert_eq!(kind("http://127.0.0.1.example.com"), ErrorKind::InsecureUrl);
        assert_eq!(kind("ftp://example.com"), ErrorKind::InvalidUrl);
        assert_eq!(kind("example.com"), ErrorKind::InvalidUrl);
        assert_eq!(kind("https://"), ErrorKind::InvalidUrl);
        assert_eq!(kind("https://a b"), ErrorKind::InvalidUrl);
        assert_eq!(kind("https://x/?q=1"), ErrorKind::InvalidUrl);
        assert_eq!(kind("https://u:p@x/"), ErrorKind::InvalidUrl);
    }
}
