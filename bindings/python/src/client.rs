//! `Client`: authenticated REST and SOAP calls, with the GIL released.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString, PyTuple, PyType};

use dsauth::client::{Method, Proxy, Request};
use dsauth::from_env::{self, ProcessEnvironment};
use dsauth::shared_state::RateReserve;
use dsauth::{Client, ClientOptions, Credentials, Environment, Error, PollingGuard};

use crate::credentials::{self, PyCredentials};
use crate::environment::{self, PyEnvironment, PySoapEndpoint};
use crate::errors::{python_layer_error, to_py_err, IntoPyResult};
use crate::fork::{self, ClientSlot};
use crate::interrupt;
use crate::oauth::{PyAuthorizationCodeGrant, PyPkce, PyToken, PyUserInfo};
use crate::pickle;
use crate::response::{PyAccount, PyResponse};
use crate::shared_state::PySharedState;
use crate::text;

/// The core's default largest response body (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 32 * 1024 * 1024;
// The defaults in `Client.__new__`'s signature are literals (so Python's
// `inspect.signature` and the stubs show them); a unit test below checks
// that they are the core's defaults.

fn invalid(name: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name,
        reason: reason.into(),
    }
}

/// Seconds as a `Duration` (the conversion needs a finite number from 0 to
/// a year; the core checks the value).
pub fn seconds(name: &'static str, value: f64) -> Result<Duration, Error> {
    if !(value.is_finite() && (0.0..=365.0 * 24.0 * 3600.0).contains(&value)) {
        return Err(invalid(
            name,
            "must be a finite number of seconds, at least 0 and at most a year",
        ));
    }
    Ok(Duration::from_secs_f64(value))
}

/// `polling_guard=` as the name of its mode (a literal, so that the
/// signature shows the default): `"enforce"`, `"warn"`, `"off"`, or `True`
/// (enforce) and `False` (off).
fn polling_guard_name(value: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    if let Ok(on) = value.cast::<PyBool>() {
        return Ok(if on.is_true() { "enforce" } else { "off" });
    }
    match value.extract::<String>().as_deref() {
        Ok("enforce") => Ok("enforce"),
        Ok("warn") => Ok("warn"),
        Ok("off") => Ok("off"),
        _ => Err(to_py_err(
            value.py(),
            invalid("polling_guard", "must be \"enforce\", \"warn\" or \"off\""),
        )),
    }
}

/// Performs authenticated REST and SOAP calls for one environment and one
/// set of credentials. Share one client between threads: calls release the
/// GIL and reuse connections. Use it as a context manager, or call
/// `close()`, to release its connections.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Client")]
pub struct PyClient {
    client: ClientSlot,
    environment: Environment,
    credentials: Credentials,
}

impl PyClient {
    /// The live client (a cheap clone sharing the pool), or
    /// `ClientClosedError`.
    fn live(&self, py: Python<'_>) -> PyResult<Client> {
        let slot = self.client.lock().unwrap_or_else(|e| e.into_inner());
        slot.clone()
            .ok_or_else(|| python_layer_error(py, "client_closed", "the client is closed"))
    }

    fn send(&self, py: Python<'_>, request: Request) -> PyResult<PyResponse> {
        let client = self.live(py)?;
        interrupt::run(py, move || client.send(&request)).map(PyResponse::new)
    }
}

/// `(name, value)` pairs from a mapping or an iterable of pairs.
fn pairs(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    name: &'static str,
    value_of: fn(Python<'_>, &Bound<'_, PyAny>, &'static str) -> PyResult<String>,
) -> PyResult<Vec<(String, String)>> {
    let items = if obj.hasattr("items")? {
        obj.call_method0("items")?
    } else {
        obj.clone()
    };
    let mut out = Vec::new();
    for item in items.try_iter()? {
        let item = item?;
        let pair = item
            .cast::<PyTuple>()
            .ok()
            .filter(|t| t.len() == 2)
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{name} must be a mapping or an iterable of (name, value) pairs"
                ))
            })?;
        let key = text::argument(py, &pair.get_item(0)?, name)?;
        let value = value_of(py, &pair.get_item(1)?, name)?;
        out.push((key, value));
    }
    Ok(out)
}

/// A query value: `str`, `int`, or `bool` (sent as `true`/`false`).
fn query_value(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &'static str) -> PyResult<String> {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if obj.cast::<PyInt>().is_ok() {
        return Ok(obj.str()?.to_string());
    }
    if obj.cast::<PyString>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "{name} values must be str, int or bool"
        )));
    }
    text::argument(py, obj, name)
}

/// `bytes`, `bytearray` or `str` (UTF-8) as bytes.
fn bytes_of(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.cast::<PyString>().is_ok() {
        return Ok(text::argument(py, obj, name)?.into_bytes());
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be bytes, bytearray or str"
    )))
}

/// The settings shared by `Client(...)` and the code exchange.
#[allow(clippy::too_many_arguments)]
fn transport_options(
    py: Python<'_>,
    options: &mut ClientOptions,
    timeout: f64,
    connect_timeout: f64,
    proxy: Option<&Bound<'_, PyAny>>,
    trust_env: bool,
    extra_ca_pem: Option<&Bound<'_, PyAny>>,
    ca_file: Option<PathBuf>,
    use_system_trust: bool,
    user_agent: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    options.timeout = seconds("timeout", timeout).py(py)?;
    options.connect_timeout = seconds("connect_timeout", connect_timeout).py(py)?;
    options.proxy = match proxy {
        Some(url) => Proxy::Url(text::argument(py, url, "proxy")?),
        None if trust_env => Proxy::FromEnvironment,
        None => Proxy::None,
    };
    if let Some(pem) = extra_ca_pem {
        options
            .add_trusted_ca_pem(&bytes_of(py, pem, "extra_ca_pem")?)
            .py(py)?;
    }
    options.ca_file = ca_file;
    options.use_system_trust = use_system_trust;
    if let Some(agent) = user_agent {
        options.user_agent = text::argument(py, agent, "user_agent")?;
    }
    Ok(())
}

/// A REST request from `Client.request`'s arguments.
#[allow(clippy::too_many_arguments)]
fn build_request(
    py: Python<'_>,
    method: &str,
    path: &Bound<'_, PyAny>,
    query: Option<&Bound<'_, PyAny>>,
    json: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    content_type: Option<&Bound<'_, PyAny>>,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<Request> {
    let method = Method::parse(&method.to_ascii_uppercase()).py(py)?;
    let path = text::argument(py, path, "path")?;
    let mut request = Request::new(method, &path);
    if let Some(query) = query {
        for (k, v) in pairs(py, query, "query", query_value)? {
            request.add_query(&k, &v);
        }
    }
    if let Some(headers) = headers {
        for (n, v) in pairs(py, headers, "headers", text::argument)? {
            request.add_header(&n, &v);
        }
    }
    let content_type = content_type
        .map(|ct| text::argument(py, ct, "content_type"))
        .transpose()?;
    match (json, body) {
        (Some(_), Some(_)) => {
            return Err(to_py_err(
                py,
                invalid("json", "give either json or body, not both"),
            ))
        }
        (Some(value), None) => {
            static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let dumps = DUMPS.import(py, "json", "dumps")?;
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("ensure_ascii", false)?;
            kwargs.set_item("allow_nan", false)?;
            kwargs.set_item("separators", (",", ":"))?;
            let encoded = dumps.call((value,), Some(&kwargs))?;
            let encoded = text::argument(py, &encoded, "json")?;
            let ct = content_type.as_deref().unwrap_or("application/json");
            request.set_body(encoded.into_bytes(), ct).py(py)?;
        }
        (None, Some(body)) => {
            let default_ct = if body.cast::<PyString>().is_ok() {
                "text/plain; charset=utf-8"
            } else {
                "application/octet-stream"
            };
            let bytes = bytes_of(py, body, "body")?;
            request
                .set_body(bytes, content_type.as_deref().unwrap_or(default_ct))
                .py(py)?;
        }
        (None, None) => {
            if content_type.is_some() {
                return Err(to_py_err(
                    py,
                    invalid("content_type", "a content type needs a body or json"),
                ));
            }
        }
    }
    Ok(request)
}

#[pymethods]
impl PyClient {
    /// A client for `environment` authenticating with `credentials`. No
    /// network traffic happens until the first call.
    ///
    /// - `account_id`: the account to use (default: the user's default).
    /// - `timeout`, `connect_timeout`: seconds for a whole call and for
    ///   resolving + connecting.
    /// - `max_response_body`: largest body accepted, bytes (default 32 MiB).
    /// - `proxy`: a proxy URL; when `None`, `trust_env` decides whether
    ///   `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` are read.
    /// - `extra_ca_pem`: extra trusted CA certificates (PEM), added to the
    ///   Mozilla roots.
    /// - `ca_file`: a PEM file of extra trusted CAs (`str` or path), read
    ///   when the client is built. The CAs of `SSL_CERT_FILE` and
    ///   `SSL_CERT_DIR` are trusted too whenever those are set.
    /// - `use_system_trust`: also trust the operating system's CA store.
    /// - `follow_discovered_hosts`: send credentials to whatever account
    ///   host discovery names. Off (the default), it must be an https host
    ///   under docusign.net or docusign.com for `Environment.DEMO` and
    ///   `Environment.PRODUCTION`, and the configured scheme, host and port
    ///   for a custom environment; another raises `InvalidUrlError` of kind
    ///   `discovered_host_refused` before anything is sent to it.
    /// - `polling_guard`: what a second status GET of an envelope within 15
    ///   minutes (DocuSign's polling rule) does: `"enforce"` (the default)
    ///   raises `PollingTooSoonError` without sending it, `"warn"` logs a
    ///   WARNING on the `dsauth.client.polling` logger and sends it,
    ///   `"off"` sends it. `True` and `False` mean `"enforce"` and `"off"`.
    /// - `rate_limit_max_wait`: retry a rate-limited GET/HEAD/PUT/DELETE
    ///   when the limit resets within this many seconds (default: never).
    /// - `user_agent`: default `dsauth/<version>`.
    /// - `api_version`: `"v2.1"` (default) or `"v2"`.
    /// - `shared_state`: where OAuth tokens, userinfo answers, the rate
    ///   budget and the polling guard live, shared with every client given
    ///   the same state (default: this client's own memory).
    /// - `rate_reserve`: `(hourly, burst)` calls of the account's budgets
    ///   left unused for other applications (default none); when the
    ///   rest is spent a call waits (`rate_limit_max_wait`) or raises
    ///   `RateLimitError` without being sent.
    #[new]
    #[pyo3(signature = (
        environment,
        credentials,
        *,
        account_id = None,
        timeout = 60.0,
        connect_timeout = 10.0,
        max_response_body = 33554432,
        proxy = None,
        trust_env = true,
        extra_ca_pem = None,
        ca_file = None,
        use_system_trust = false,
        follow_discovered_hosts = false,
        polling_guard = "enforce",
        rate_limit_max_wait = None,
        user_agent = None,
        api_version = "v2.1",
        shared_state = None,
        rate_reserve = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        environment: &Bound<'_, PyEnvironment>,
        credentials: &Bound<'_, PyCredentials>,
        account_id: Option<&Bound<'_, PyAny>>,
        timeout: f64,
        connect_timeout: f64,
        max_response_body: u64,
        proxy: Option<&Bound<'_, PyAny>>,
        trust_env: bool,
        extra_ca_pem: Option<&Bound<'_, PyAny>>,
        ca_file: Option<PathBuf>,
        use_system_trust: bool,
        follow_discovered_hosts: bool,
        #[pyo3(from_py_with = polling_guard_name)] polling_guard: &'static str,
        rate_limit_max_wait: Option<f64>,
        user_agent: Option<&Bound<'_, PyAny>>,
        api_version: &str,
        shared_state: Option<&Bound<'_, PySharedState>>,
        rate_reserve: Option<(u64, u64)>,
    ) -> PyResult<Self> {
        let mut options = match shared_state {
            Some(state) => ClientOptions::default().shared_state(state.get().inner.clone()),
            None => ClientOptions::default(),
        };
        if let Some((hourly, burst)) = rate_reserve {
            options.rate_reserve = RateReserve { hourly, burst };
        }
        options.account_id = account_id
            .map(|id| text::argument(py, id, "account_id"))
            .transpose()?;
        transport_options(
            py,
            &mut options,
            timeout,
            connect_timeout,
            proxy,
            trust_env,
            extra_ca_pem,
            ca_file,
            use_system_trust,
            user_agent,
        )?;
        options.follow_discovered_hosts = follow_discovered_hosts;
        options.max_response_body = max_response_body;
        options.polling_guard = match polling_guard {
            "warn" => PollingGuard::Warn,
            "off" => PollingGuard::Off,
            _ => PollingGuard::Enforce,
        };
        options.rate_limit_max_wait = rate_limit_max_wait
            .map(|s| seconds("rate_limit_max_wait", s))
            .transpose()
            .py(py)?;
        options.api_version = api_version.to_owned();
        let environment = environment.get().inner.clone();
        let credentials = credentials.get().inner.clone();
        // Building reads the CA PEM and the proxy variables: no network.
        let client = Client::new(environment.clone(), credentials.clone(), options).py(py)?;
        let slot = ClientSlot::new(Mutex::new(Some(client)));
        fork::register(&slot);
        Ok(PyClient {
            client: slot,
            environment,
            credentials,
        })
    }

    /// A client from the `DSAUTH_*` variables, read as the `dsauth` command
    /// reads them: the credentials (`Credentials.from_env()`), the
    /// environment (`DSAUTH_BASE_URL`: `demo`, the default, `production` or
    /// a base URL), `DSAUTH_CA_FILE` and `DSAUTH_ACCOUNT_ID`. `options` are
    /// `Client`'s keywords; `account_id` and `ca_file` given here win.
    /// Raises `ConfigurationError` naming every variable that would supply
    /// a missing setting.
    #[classmethod]
    #[pyo3(signature = (**options))]
    fn from_env<'py>(
        cls: &Bound<'py, PyType>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = cls.py();
        let vars = ProcessEnvironment;
        let (environment, credentials, settings) = py
            .detach(|| {
                Ok::<_, Error>((
                    from_env::environment(&vars)?,
                    from_env::credentials(&vars)?,
                    from_env::client_options(&vars)?,
                ))
            })
            .py(py)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("account_id", settings.account_id)?;
        kwargs.set_item("ca_file", settings.ca_file)?;
        if let Some(options) = options {
            kwargs.update(options.as_mapping())?;
        }
        let args = (
            PyEnvironment { inner: environment },
            PyCredentials::new(credentials),
        );
        cls.call(args, Some(&kwargs))
    }

    /// The environment this client calls.
    #[getter]
    fn environment(&self) -> PyEnvironment {
        PyEnvironment {
            inner: self.environment.clone(),
        }
    }

    /// The credentials this client authenticates with.
    #[getter]
    fn credentials(&self) -> PyCredentials {
        PyCredentials::new(self.credentials.clone())
    }

    /// The account calls are made for: discovered on first use
    /// (`login_information`), then cached. Performs a network call the
    /// first time (with the GIL released).
    #[getter]
    fn account(&self, py: Python<'_>) -> PyResult<PyAccount> {
        let client = self.live(py)?;
        let inner = interrupt::run(py, move || client.account())?;
        Ok(PyAccount { inner })
    }

    /// The OAuth access token the client uses now (JWT or authorization
    /// code grant): the cached one while enough of its life remains, else
    /// a new one. Network call and RSA signature run with the GIL released.
    fn token(&self, py: Python<'_>) -> PyResult<PyToken> {
        let client = self.live(py)?;
        let (inner, expires_at) = interrupt::run(py, move || client.token_with_expiry())?;
        Ok(PyToken::new(inner, expires_at))
    }

    /// DocuSign answered 401 to `token`, sent by another HTTP library:
    /// drops it (here and in the shared state) if it is still the current
    /// one, so that the next `token()` obtains a new one.
    fn token_refused(&self, py: Python<'_>, token: &Bound<'_, PyToken>) -> PyResult<()> {
        let client = self.live(py)?;
        let token = token.get().inner.clone();
        // The shared state may be a file or Redis: no GIL while it is told.
        interrupt::run(py, move || {
            client.token_refused(&token);
            Ok(())
        })
    }

    /// The user and accounts behind OAuth credentials (`/oauth/userinfo`),
    /// fetched once and cached. Network call with the GIL released.
    #[getter]
    fn user_info(&self, py: Python<'_>) -> PyResult<PyUserInfo> {
        let client = self.live(py)?;
        let inner = interrupt::run(py, move || client.user_info())?;
        Ok(PyUserInfo { inner })
    }

    /// Trades the `code` of the authorization redirect for tokens at the
    /// account server of `environment`, and returns the credentials to
    /// build a `Client` with (they carry the fresh access token and the
    /// refresh token). Give the `pkce` used in the authorization URL (a
    /// public client must). The transport settings are those of `Client`.
    #[staticmethod]
    #[pyo3(signature = (
        environment,
        grant,
        code,
        *,
        pkce = None,
        timeout = 60.0,
        connect_timeout = 10.0,
        proxy = None,
        trust_env = true,
        extra_ca_pem = None,
        ca_file = None,
        use_system_trust = false,
        user_agent = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn exchange_authorization_code(
        py: Python<'_>,
        environment: &Bound<'_, PyEnvironment>,
        grant: &Bound<'_, PyAuthorizationCodeGrant>,
        code: &Bound<'_, PyAny>,
        pkce: Option<&Bound<'_, PyPkce>>,
        timeout: f64,
        connect_timeout: f64,
        proxy: Option<&Bound<'_, PyAny>>,
        trust_env: bool,
        extra_ca_pem: Option<&Bound<'_, PyAny>>,
        ca_file: Option<PathBuf>,
        use_system_trust: bool,
        user_agent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCredentials> {
        let mut options = ClientOptions::default();
        transport_options(
            py,
            &mut options,
            timeout,
            connect_timeout,
            proxy,
            trust_env,
            extra_ca_pem,
            ca_file,
            use_system_trust,
            user_agent,
        )?;
        let code = text::credential(py, code, "code", dsauth::CredentialField::AuthorizationCode)?;
        let env = environment.get().inner.clone();
        let grant = grant.get().inner.clone();
        let verifier = pkce.map(|p| p.get().inner.verifier().clone());
        let credentials = interrupt::run(py, move || {
            Client::exchange_authorization_code(
                &env,
                grant,
                &code,
                verifier.as_ref().map(|v| v.expose()),
                &options,
            )
        })?;
        Ok(PyCredentials::new(Credentials::authorization_code(
            credentials,
        )))
    }

    /// Sends an authenticated REST request and returns the 2xx `Response`
    /// (DocuSign's error answers are raised).
    ///
    /// `path` is `""` (the account itself), `/envelopes/...` (relative to
    /// the account), `/restapi/...` (absolute on the account's host) or a
    /// full `https://` URL on the environment's or account's host. `query`
    /// and `headers` are mappings or iterables of pairs; give `json` (any
    /// JSON-serialisable value) or `body` (`bytes`/`str`, with
    /// `content_type`), not both.
    #[pyo3(signature = (method, path, *, query = None, json = None, body = None, content_type = None, headers = None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &Bound<'_, PyAny>,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyResponse> {
        let request = build_request(py, method, path, query, json, body, content_type, headers)?;
        self.send(py, request)
    }

    /// `GET path` (see `request`).
    #[pyo3(signature = (path, *, query = None, headers = None))]
    fn get(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        query: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyResponse> {
        let request = build_request(py, "GET", path, query, None, None, None, headers)?;
        self.send(py, request)
    }

    /// `POST path` (see `request`). Never retried.
    #[pyo3(signature = (path, *, query = None, json = None, body = None, content_type = None, headers = None))]
    #[allow(clippy::too_many_arguments)]
    fn post(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyResponse> {
        let request = build_request(py, "POST", path, query, json, body, content_type, headers)?;
        self.send(py, request)
    }

    /// `PUT path` (see `request`).
    #[pyo3(signature = (path, *, query = None, json = None, body = None, content_type = None, headers = None))]
    #[allow(clippy::too_many_arguments)]
    fn put(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyResponse> {
        let request = build_request(py, "PUT", path, query, json, body, content_type, headers)?;
        self.send(py, request)
    }

    /// `DELETE path` (see `request`; DocuSign takes a JSON body on some
    /// DELETEs).
    #[pyo3(signature = (path, *, query = None, json = None, body = None, content_type = None, headers = None))]
    #[allow(clippy::too_many_arguments)]
    fn delete(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyResponse> {
        let request = build_request(py, "DELETE", path, query, json, body, content_type, headers)?;
        self.send(py, request)
    }

    /// Calls a SOAP API 3.0 `operation` with `body`, the operation element
    /// (e.g. `<Ping xmlns="http://www.docusign.net/API/3.0"/>`). Needs
    /// legacy credentials. A fault is raised as `SoapFaultError`. Never
    /// retried.
    fn soap_call(
        &self,
        py: Python<'_>,
        endpoint: PySoapEndpoint,
        operation: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<PyResponse> {
        let operation = text::argument(py, operation, "operation")?;
        let body = text::argument(py, body, "body")?;
        let client = self.live(py)?;
        interrupt::run(py, move || {
            client.soap_call(endpoint.into(), &operation, &body)
        })
        .map(PyResponse::new)
    }

    /// Releases the client's connections. Calls afterwards raise
    /// `ClientClosedError`; calls already running finish normally.
    /// Closing twice is harmless.
    fn close(&self, py: Python<'_>) {
        let client = self.client.lock().unwrap_or_else(|e| e.into_inner()).take();
        // Dropping the pool may close sockets: do it without the GIL.
        py.detach(move || drop(client));
    }

    /// True after `close()`.
    #[getter]
    fn closed(&self) -> bool {
        self.client
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (_exc_type, _exc_value, _traceback))]
    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: &Bound<'_, PyAny>,
        _exc_value: &Bound<'_, PyAny>,
        _traceback: &Bound<'_, PyAny>,
    ) {
        self.close(py);
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "Client",
            "it holds network connections, which cannot cross processes, and secrets \
             (its credentials and tokens); build one in each process, e.g. with \
             Client.from_env(), and share tokens through a SharedState",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Client({}, {}{})",
            environment::describe(py, &self.environment),
            credentials::describe(py, &self.credentials),
            if self.closed() { ", closed" } else { "" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_defaults_are_the_core_defaults() {
        let core = ClientOptions::default();
        assert_eq!(core.timeout, Duration::from_secs(60));
        assert_eq!(core.connect_timeout, Duration::from_secs(10));
        assert_eq!(core.max_response_body, DEFAULT_MAX_RESPONSE_BODY);
        assert_eq!(DEFAULT_MAX_RESPONSE_BODY, 33554432);
        assert_eq!(core.api_version, "v2.1");
        assert_eq!(core.polling_guard, PollingGuard::Enforce);
        assert!(!core.use_system_trust && !core.follow_discovered_hosts);
        assert_eq!(core.ca_file, None);
        assert_eq!(core.rate_limit_max_wait, None);
    }

    #[test]
    fn seconds_are_converted() {
        assert!(seconds("timeout", 0.5).is_ok());
        assert!(seconds("timeout", 0.0).is_ok());
        assert!(seconds("timeout", f64::NAN).is_err());
        assert!(seconds("timeout", -1.0).is_err());
        assert!(seconds("timeout", f64::INFINITY).is_err());
        assert!(seconds("timeout", 1e12).is_err());
    }
}
