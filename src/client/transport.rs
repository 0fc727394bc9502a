//! HTTP over ureq: one agent (connection pool) per client and process, and
//! ureq's errors mapped onto dsauth's transport kinds.
//!
//! Fork safety: a pooled connection inherited across `fork()` is one socket
//! shared by two processes, whose responses then cross. The transport
//! remembers the process that made its pool; a call from another process
//! drops the inherited pool (closing only this process's copies of the
//! sockets: nothing is written to them) and starts a new one.

use std::io;
use std::sync::Mutex;
use std::time::Instant;

use ureq::tls::TlsConfig;
use ureq::Agent;

use crate::client::dns::CachingResolver;
use crate::client::options::{ClientOptions, Proxy};
use crate::client::request::Method;
use crate::client::response::Response;
use crate::client::trust;
use crate::error::{Error, ErrorKind, Result};
use crate::redact::Redactor;

/// The most bytes of a trace token a log record shows (DocuSign's are GUIDs).
const MAX_TRACE_TOKEN: usize = 64;

/// The HTTP agent and the limits it enforces.
pub struct Transport {
    /// The agent of the process that uses it now.
    pool: Mutex<ProcessPool>,
    /// What a new agent is made of (after a fork).
    config: ureq::config::Config,
    max_body: u64,
}

/// An agent and the process it belongs to.
struct ProcessPool {
    pid: u32,
    agent: Agent,
}

impl Transport {
    pub fn new(options: &ClientOptions) -> Result<Self> {
        let mut tls = TlsConfig::builder();
        if let Some(roots) = trust::roots(options)? {
            tls = tls.root_certs(roots);
        }
        let proxy = match &options.proxy {
            Proxy::FromEnvironment => proxy_from_environment()?,
            Proxy::None => None,
            Proxy::Url(url) => Some(proxy(url).map_err(|reason| Error::InvalidUrl {
                url: crate::url::redact_userinfo(url),
                reason,
            })?),
        };
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .user_agent(options.user_agent.as_str())
            .max_redirects(0)
            .proxy(proxy)
            .tls_config(tls.build())
            .build();
        Ok(Transport {
            pool: Mutex::new(ProcessPool {
                pid: std::process::id(),
                agent: new_agent(&config),
            }),
            config,
            max_body: options.max_response_body,
        })
    }

    /// The agent for this process: the current one, or, in a process forked
    /// after the pool was made, a new one (the inherited pool is dropped).
    fn agent(&self) -> Agent {
        let pid = std::process::id();
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.pid != pid {
            *pool = ProcessPool {
                pid,
                agent: new_agent(&self.config),
            };
        }
        pool.agent.clone()
    }

    /// Drops every pooled connection; the next call opens a new one.
    pub fn reset(&self) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        *pool = ProcessPool {
            pid: std::process::id(),
            agent: new_agent(&self.config),
        };
    }

    /// Sends one request and reads the whole response. `url` must already
    /// carry its query string. Logs the exchange at DEBUG: method, URL
    /// without query values, status, duration and the trace token, cleaned
    /// by the redactor `secrets` returns (the secrets of the call, which a
    /// server may echo; asked only when the record is logged).
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        secrets: &dyn Fn() -> Redactor,
    ) -> Result<Response> {
        let started = Instant::now();
        let result = self.exchange(method, url, headers, body);
        let shown = || crate::url::without_query_values(url);
        let ms = started.elapsed().as_millis();
        match &result {
            Ok(response) => log::debug!(
                "{} {}: {} in {ms} ms, trace token {}",
                method.as_str(),
                shown(),
                response.status,
                response.trace_token().map_or_else(
                    || "none".to_owned(),
                    |t| secrets().clean(t, MAX_TRACE_TOKEN)
                ),
            ),
            Err(error) => log::debug!(
                "{} {}: failed after {ms} ms ({})",
                method.as_str(),
                shown(),
                error.kind().name()
            ),
        }
        result
    }

    fn exchange(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Response> {
        let mut builder = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let bare_url = url.split('?').next().unwrap_or(url).to_owned();
        let invalid = |e: ureq::http::Error| Error::InvalidArgument {
            name: "request",
            reason: format!("cannot build the HTTP request: {e}"),
        };
        let agent = self.agent();
        let result = match body {
            Some(bytes) => agent.run(builder.body(bytes).map_err(invalid)?),
            None => agent.run(builder.body(()).map_err(invalid)?),
        };
        let mut response = result.map_err(|e| transport_error(e, &bare_url))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body)
            .read_to_vec()
            .map_err(|e| transport_error(e, &bare_url))?;
        Ok(Response {
            status,
            headers,
            body,
            url: bare_url,
        })
    }
}

fn new_agent(config: &ureq::config::Config) -> Agent {
    Agent::with_parts(
        config.clone(),
        ureq::unversioned::transport::DefaultConnector::new(),
        CachingResolver::default(),
    )
}

/// The proxy variables ureq reads, in the order it reads them.
const PROXY_VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// The proxy the environment names (with `NO_PROXY`), failing closed: a
/// proxy variable that is set but not a usable proxy URL is an error naming
/// it, never a silent direct connection. An empty variable counts as unset.
fn proxy_from_environment() -> Result<Option<ureq::Proxy>> {
    for name in PROXY_VARIABLES {
        let Some(value) = std::env::var_os(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let refused = |url: String, reason: String| Error::InvalidUrl {
            url,
            reason: format!("the environment variable {name} is not a usable proxy URL: {reason}"),
        };
        let value = value
            .into_string()
            .map_err(|_| refused(String::new(), "not valid UTF-8".into()))?;
        proxy(&value).map_err(|reason| refused(crate::url::redact_userinfo(&value), reason))?;
    }
    // Every variable set is usable: ureq picks the first one.
    Ok(ureq::Proxy::try_from_env())
}

/// A proxy for `url`, or why it is not usable.
fn proxy(url: &str) -> std::result::Result<ureq::Proxy, String> {
    let proxy = ureq::Proxy::new(url).map_err(|e| format!("not a usable proxy URL: {e}"))?;
    let authority = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    if !crate::environment::port_is_valid(host_port) {
        return Err("the port must be a number from 1 to 65535".into());
    }
    Ok(proxy)
}

/// Maps ureq's error onto a transport kind, keeping its text as the reason.
fn transport_error(error: ureq::Error, url: &str) -> Error {
    let kind = match &error {
        ureq::Error::HostNotFound => ErrorKind::Dns,
        ureq::Error::ConnectionFailed => ErrorKind::Connect,
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::BodyExceedsLimit(_) => ErrorKind::BodyTooLarge,
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => ErrorKind::Tls,
        ureq::Error::TlsRequired => ErrorKind::Tls,
        ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => ErrorKind::Proxy,
        ureq::Error::Protocol(_)
        | ureq::Error::LargeResponseHeader(..)
        | ureq::Error::TooManyRedirects
        | ureq::Error::RedirectFailed => ErrorKind::MalformedResponse,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => ErrorKind::InvalidUrl,
        ureq::Error::Io(io) => io_kind(io),
        _ => ErrorKind::Io,
    };
    Error::Transport {
        kind,
        url: url.to_owned(),
        reason: error.to_string(),
    }
}

fn io_kind(error: &io::Error) -> ErrorKind {
    // rustls reports its failures (a handshake alert, a protocol version
    // the peer does not speak, a bad record) inside an I/O error.
    if error
        .get_ref()
        .is_some_and(|inner| inner.is::<rustls::Error>())
    {
        return ErrorKind::Tls;
    }
    // The standard resolver reports a failed lookup as an uncategorized
    // error; its text is the only sign.
    if error.to_string().contains("failed to lookup address") {
        return ErrorKind::Dns;
    }
    match error.kind() {
        io::ErrorKind::ConnectionRefused | io::ErrorKind::AddrNotAvailable => ErrorKind::Connect,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => ErrorKind::Timeout,
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => ErrorKind::ConnectionLost,
        io::ErrorKind::InvalidData => {
            let text = error.to_string().to_ascii_lowercase();
            if text.contains("certificate") || text.contains("tls") {
                ErrorKind::Tls
            } else {
                ErrorKind::MalformedResponse
            }
        }
        _ => ErrorKind::Io,
    }
}
