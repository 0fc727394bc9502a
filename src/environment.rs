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
    /// `http` to a loopback host, with a port (if any) from 1 to 65535 and
    /// no `.`/`..` path segments; a path prefix is kept, a trailing `/` is
    /// dropped. The account server defaults to the same URL. Account
    /// discovery may only move calls to the scheme, host and port of one of
    /// the two (see [`Environment::check_discovered`]).
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

    /// Checks an account base URI that account discovery named (a
    /// `login_information` `baseUrl`, a userinfo `base_uri`), already
    /// checked by [`check_base_url`], before anything is sent to it. For
    /// the demo and production environments it must be https, on the
    /// default port, on a host under one of [`DOCUSIGN_HOST_DOMAINS`]. For a
    /// custom environment it must have the scheme, host and port of the
    /// base URL or of the account server: a stand-in or proxy never hands
    /// the credentials on to another host (it is refused, not rewritten:
    /// a rewritten URL could reach the wrong DocuSign site silently).
    /// [`Error::DiscoveredHostRefused`] otherwise.
    pub fn check_discovered(&self, url: &str) -> Result<()> {
        let refuse = |host: &str, reason: &str| Error::DiscoveredHostRefused {
            host: shown_host(host),
            reason: reason.to_owned(),
        };
        let Some(target) = Origin::of(url) else {
            return Err(refuse(crate::url::authority(url), "not a URL with a host"));
        };
        let refuse = |reason: &str| refuse(&target.host, reason);
        if self.is_docusign() {
            let on_docusign = DOCUSIGN_HOST_DOMAINS.iter().any(|domain| {
                target
                    .host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.is_empty() || sub.ends_with('.'))
            });
            if target.scheme != "https" || target.port != 443 || !on_docusign {
                return Err(refuse(
                    "DocuSign's account hosts are https hosts under docusign.net or docusign.com",
                ));
            }
            return Ok(());
        }
        let configured = [&self.base_url, &self.account_server];
        if !configured
            .iter()
            .any(|c| Origin::of(c) == Some(target.clone()))
        {
            return Err(refuse(
                "a custom environment's account host must have the scheme, host and port of its base URL or account server",
            ));
        }
        Ok(())
    }
}

/// The domains of DocuSign's account hosts, from DocuSign's documentation:
/// account base URIs are `https://{na1…na4,eu,au,ca,demo,…}.docusign.net`
/// (and hosts under `docusign.com`). The one list of hosts the demo and
/// production environments send credentials to after account discovery.
pub const DOCUSIGN_HOST_DOMAINS: &[&str] = &["docusign.net", "docusign.com"];

/// A URL's scheme, lower-cased host and port (the scheme's default when
/// none is given): what two URLs must share to be the same server.
#[derive(Clone, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(url: &str) -> Option<Origin> {
        let uri: Uri = url.parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let port = match uri.port_u16() {
            Some(port) => port,
            None if scheme == "https" => 443,
            None => 80,
        };
        Some(Origin {
            host: uri.host()?.to_ascii_lowercase(),
            scheme,
            port,
        })
    }
}

/// A host for a message: at most 255 characters (a DNS name has 253).
fn shown_host(host: &str) -> String {
    match host.char_indices().nth(255) {
        Some((cut, _)) => format!("{}…", &host[..cut]),
        None => host.to_owned(),
    }
}

/// Checks that `url` is `https://host[:port][/path]`, or `http://` to
/// loopback, with no query, fragment, user information or `.`/`..` path
/// segment and a port from 1 to 65535, and returns it without a trailing
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
    if !port_is_valid(uri.authority().map_or("", |a| a.as_str())) {
        return Err(invalid("the port must be a number from 1 to 65535"));
    }
    if has_dot_segment(uri.path()) {
        return Err(invalid(
            "a URL has no . or .. path segments (also not percent-encoded)",
        ));
    }
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if is_loopback(host) => {}
        Some("http") => return Err(Error::InsecureUrl { url: shown }),
        _ => return Err(invalid("the scheme must be https (or http to loopback)")),
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// True when the port of `authority` (`host[:port]`, `[v6][:port]`), if
/// it has one, is a number from 1 to 65535. (The URI parser takes any
/// digits, and a port it cannot read as a `u16` becomes the default port.)
pub(crate) fn port_is_valid(authority: &str) -> bool {
    let after_host = authority
        .rsplit_once(']')
        .map_or(authority, |(_, after)| after);
    match after_host.rsplit_once(':') {
        None => true,
        Some((_, port)) => {
            port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0)
        }
    }
}

/// True when `path` has a `.` or `..` segment, also percent-encoded
/// (`%2e`), with `;` parameters, or between backslashes (which some
/// servers read as `/`): a server would resolve it to another path than
/// the one checked.
pub(crate) fn has_dot_segment(path: &str) -> bool {
    path.split(['/', '\\']).any(|segment| {
        let segment = segment.split(';').next().unwrap_or(segment);
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
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
        assert_eq!(demo.base_url(), "https://demo.docusign.net");
        assert_eq!(prod.account_server_url(), "https://account.docusign.com");
        assert_eq!(
            SoapEndpoint::AccountManagement.path(),
            "/api/3.0/accountmanagement.asmx"
        );
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

    #[test]
    fn ports_outside_1_to_65535_are_refused() {
        for url in [
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65616",
            "http://127.0.0.1:70000",
            "http://127.0.0.1:0",
            "http://127.0.0.1:",
            "https://h:+443",
        ] {
            let err = Environment::custom(url).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{url}");
        }
        assert!(Environment::custom("http://127.0.0.1:65535").is_ok());
        assert!(Environment::custom("https://h:1/x").is_ok());
    }

    #[test]
    fn dot_segments_are_refused() {
        for url in [
            "https://h/restapi/../oauth",
            "https://h/a/./b",
            "https://h/a/%2e%2E/b",
            "https://h/a/.%2e",
            "https://h/..;x/b",
            "https://h/..",
        ] {
            let err = Environment::custom(url).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{url}");
        }
        assert!(Environment::custom("https://h/a.b/...x/.well").is_ok());
        assert!(has_dot_segment("/a\\..\\b"));
    }

    #[test]
    fn discovered_hosts_follow_the_host_policy() {
        let refused = |env: &Environment, url: &str| match env.check_discovered(url) {
            Err(Error::DiscoveredHostRefused { host, .. }) => host,
            other => panic!("{url}: {other:?}"),
        };
        for env in [Environment::demo(), Environment::production()] {
            for ok in [
                "https://na3.docusign.net/restapi",
                "https://demo.docusign.net",
                "https://EU.DocuSign.NET:443/restapi",
                "https://x.docusign.com",
            ] {
                env.check_discovered(ok).unwrap();
            }
            assert_eq!(
                refused(&env, "https://attacker.example/restapi"),
                "attacker.example"
            );
            assert_eq!(
                refused(&env, "https://evildocusign.net"),
                "evildocusign.net"
            );
            refused(&env, "https://docusign.net.attacker.example");
            refused(&env, "https://na3.docusign.net:8443/restapi");
            refused(&env, "http://127.0.0.1/restapi");
        }
        let env = Environment::custom("http://127.0.0.1:8080/prefix")
            .unwrap()
            .with_account_server("https://localhost:9000")
            .unwrap();
        env.check_discovered("http://127.0.0.1:8080/restapi")
            .unwrap();
        env.check_discovered("https://LOCALHOST:9000").unwrap();
        assert_eq!(refused(&env, "http://127.0.0.1:8081/restapi"), "127.0.0.1");
        refused(&env, "https://127.0.0.1:8080/restapi");
        refused(&env, "https://demo.docusign.net/restapi");
        let env = Environment::custom("https://proxy.example").unwrap();
        env.check_discovered("https://proxy.example:443/restapi")
            .unwrap();
        let env = Environment::custom("http://localhost").unwrap();
        env.check_discovered("http://localhost:80/restapi").unwrap();
        refused(&env, "http://localhost:443/restapi");
        let long = format!("https://{}.example", "a".repeat(1000));
        assert!(refused(&env, &long).chars().count() <= 256);
    }
}
