//! `Credentials`, `HeaderFormat` and the rendered `Header`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

use std::time::Duration;

use dsauth::from_env::{self, ProcessEnvironment};
use dsauth::oauth::{AuthorizationCodeCredentials, JwtGrant};
use dsauth::{headers, soap, CredentialField, Credentials, Error, Header, HeaderFormat};
use zeroize::Zeroizing;

use crate::environment::PyEnvironment;
use crate::errors::{to_py_err, IntoPyResult};
use crate::oauth::{describe_grant, scopes, PyAuthorizationCodeGrant};
use crate::pickle;
use crate::text;

/// PEM bytes from `bytes`, `bytearray` or `str`, in memory wiped on drop.
fn pem_bytes(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Zeroizing<Vec<u8>>> {
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyByteArray>() {
        return Ok(Zeroizing::new(b.to_vec()));
    }
    if obj.cast::<pyo3::types::PyString>().is_ok() {
        // Not a credential field of its own: report a bad key, not a field.
        let text = text::argument(py, obj, "private_key")?;
        return Ok(Zeroizing::new(text.into_bytes()));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "private_key must be bytes or str (PEM)",
    ))
}

/// Whole seconds from a float, for the JWT grant's settings.
fn whole_seconds(py: Python<'_>, name: &'static str, value: f64) -> PyResult<Duration> {
    if !value.is_finite() || !(0.0..=1.0e9).contains(&value) || value.fract() != 0.0 {
        return Err(to_py_err(
            py,
            Error::InvalidArgument {
                name,
                reason: "must be a whole, non-negative number of seconds".into(),
            },
        ));
    }
    Ok(Duration::from_secs(value as u64))
}

/// Which authentication header to render.
#[pyclass(
    eq,
    eq_int,
    frozen,
    hash,
    from_py_object,
    module = "dsauth._dsauth",
    name = "HeaderFormat"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PyHeaderFormat {
    /// `X-DocuSign-Authentication: {"Username":…,"Password":…,"IntegratorKey":…}`
    #[pyo3(name = "JSON")]
    Json,
    /// `X-DocuSign-Authentication: <DocuSignCredentials>…</DocuSignCredentials>`
    #[pyo3(name = "XML")]
    Xml,
    /// `Authorization: Bearer <token>`
    #[pyo3(name = "BEARER")]
    Bearer,
}

impl From<PyHeaderFormat> for HeaderFormat {
    fn from(format: PyHeaderFormat) -> Self {
        match format {
            PyHeaderFormat::Json => HeaderFormat::Json,
            PyHeaderFormat::Xml => HeaderFormat::Xml,
            PyHeaderFormat::Bearer => HeaderFormat::Bearer,
        }
    }
}

#[pymethods]
impl PyHeaderFormat {
    /// The header's name: `X-DocuSign-Authentication` or `Authorization`.
    #[getter]
    fn header_name(&self) -> &'static str {
        HeaderFormat::from(*self).header_name()
    }
}

/// A rendered header. `value` and `line` hold the secret; `repr()` and
/// `str()` show only the name.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Header")]
pub struct PyHeader {
    inner: Header,
    /// `X-DocuSign-Authentication` or `Authorization`.
    #[pyo3(get)]
    name: Py<PyString>,
    /// The value without the name (7-bit ASCII). Contains the secret.
    #[pyo3(get)]
    value: Py<PyString>,
    /// `line` as a Python string, made on first use.
    line: PyOnceLock<Py<PyString>>,
}

impl PyHeader {
    /// Makes the name and value strings once: reading them (struct members
    /// of a frozen class) then costs no call into Rust.
    pub fn new(py: Python<'_>, inner: Header) -> Self {
        PyHeader {
            name: PyString::intern(py, inner.name()).unbind(),
            value: PyString::new(py, inner.value()).unbind(),
            line: PyOnceLock::new(),
            inner,
        }
    }
}

#[pymethods]
impl PyHeader {
    /// `Name: value`, without CR LF. Contains the secret.
    #[getter]
    fn line(&self, py: Python<'_>) -> Py<PyString> {
        self.line
            .get_or_init(py, || {
                PyString::new(py, self.inner.line().expose()).unbind()
            })
            .clone_ref(py)
    }

    /// `{name: value}`, e.g. for `requests.get(url, headers=h.as_dict())`.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item(&self.name, &self.value)?;
        Ok(dict)
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "Header",
            "it holds a secret (the header value), which a pickle would keep in \
             clear; render it where it is sent",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Header(name={}, value=<redacted>)",
            text::repr(py, self.inner.name())
        )
    }
}

/// Validated, immutable credentials. Build with `Credentials.legacy(...)`
/// or `Credentials.access_token(...)`; every field is checked once, so every
/// header rendered from them can be sent as is. `repr()` shows the
/// integrator key and username, never the password or token.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Credentials")]
pub struct PyCredentials {
    pub inner: Credentials,
    /// The `Header` of each format (JSON, XML, Bearer), made on first use
    /// and then handed out again.
    headers: [PyOnceLock<Py<PyHeader>>; 3],
}

impl PyCredentials {
    pub fn new(inner: Credentials) -> Self {
        PyCredentials {
            inner,
            headers: std::array::from_fn(|_| PyOnceLock::new()),
        }
    }
}

/// The repr of credentials: the key and username, never the password or
/// token.
pub fn describe(py: Python<'_>, credentials: &Credentials) -> String {
    match credentials {
        Credentials::Legacy(legacy) => {
            let mut text = format!(
                "Credentials.legacy(integrator_key={}, username={}",
                text::repr(py, legacy.integrator_key()),
                text::repr(py, legacy.username())
            );
            if let Some(sobo) = legacy.send_on_behalf_of() {
                text.push_str(&format!(", send_on_behalf_of={}", text::repr(py, sobo)));
            }
            text.push_str(", password=<redacted>)");
            text
        }
        Credentials::AccessToken(_) => "Credentials.access_token(<redacted>)".to_owned(),
        Credentials::Jwt(grant) => format!(
            "Credentials.jwt(integration_key={}, user_id={}, private_key=<redacted {} bits>, scopes={:?})",
            text::repr(py, grant.integration_key()),
            text::repr(py, grant.user_id()),
            grant.private_key().bits(),
            grant.scopes()
        ),
        Credentials::AuthorizationCode(code) => format!(
            "Credentials.authorization_code({}, refresh_token=<redacted>)",
            describe_grant(py, code.grant())
        ),
        other => format!(
            "Credentials(kind={}, <redacted>)",
            text::repr(py, other.kind_name())
        ),
    }
}

#[pymethods]
impl PyCredentials {
    /// Legacy header credentials: integrator (integration) key, username
    /// (email or API user GUID), password (or App Password), and optionally
    /// the user to send on behalf of. Raises `CredentialError` naming the
    /// first bad field: empty, surrounding white space, a control character,
    /// too long (4 KiB), or `[`/`]` in the key.
    #[staticmethod]
    #[pyo3(signature = (*, integrator_key, username, password, send_on_behalf_of = None))]
    fn legacy(
        py: Python<'_>,
        integrator_key: &Bound<'_, PyAny>,
        username: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
        send_on_behalf_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key = text::credential(
            py,
            integrator_key,
            "integrator_key",
            CredentialField::IntegratorKey,
        )?;
        let user = text::credential(py, username, "username", CredentialField::Username)?;
        let pass = text::credential(py, password, "password", CredentialField::Password)?;
        let sobo = send_on_behalf_of
            .map(|s| text::credential(py, s, "send_on_behalf_of", CredentialField::SendOnBehalfOf))
            .transpose()?;
        let inner =
            Credentials::legacy(&key, &user, &pass, sobo.as_deref().map(|s| s.as_str())).py(py)?;
        Ok(PyCredentials::new(inner))
    }

    /// An OAuth access token obtained elsewhere, sent as
    /// `Authorization: Bearer`. RFC 6750 token characters, at most 16 KiB.
    #[staticmethod]
    fn access_token(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<Self> {
        let token = text::credential(py, token, "token", CredentialField::AccessToken)?;
        let inner = Credentials::access_token(&token).py(py)?;
        Ok(PyCredentials::new(inner))
    }

    /// OAuth JWT grant: the client signs RS256 assertions with
    /// `private_key` (PEM, PKCS#1 or PKCS#8, RSA 2048-4096 bits) and gets
    /// and renews access tokens itself. `user_id` is the user's API user
    /// GUID. `scopes` must include `impersonation` (default
    /// `["signature", "impersonation"]`); `assertion_lifetime` is 1-3600 s;
    /// `clock_skew` backdates `iat` (0-600 s); `consent_redirect_uri` (a
    /// redirect URI registered for the key) makes `consent_required`
    /// errors carry the consent URL. Raises `InvalidPrivateKeyError` for an
    /// unusable key.
    #[staticmethod]
    #[pyo3(signature = (*, integration_key, user_id, private_key, scopes = None, assertion_lifetime = 3600.0, clock_skew = 0.0, consent_redirect_uri = None))]
    #[allow(clippy::too_many_arguments)]
    fn jwt(
        py: Python<'_>,
        integration_key: &Bound<'_, PyAny>,
        user_id: &Bound<'_, PyAny>,
        private_key: &Bound<'_, PyAny>,
        scopes: Option<&Bound<'_, PyAny>>,
        assertion_lifetime: f64,
        clock_skew: f64,
        consent_redirect_uri: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key = text::credential(
            py,
            integration_key,
            "integration_key",
            CredentialField::IntegratorKey,
        )?;
        let user = text::credential(py, user_id, "user_id", CredentialField::UserId)?;
        let pem = pem_bytes(py, private_key)?;
        // Parsing the key is CPU work on secret material: no GIL needed.
        let mut grant = py.detach(|| JwtGrant::from_pem(&key, &user, &pem)).py(py)?;
        if let Some(list) = scopes {
            grant = grant.with_scopes(&self::scopes(py, list)?).py(py)?;
        }
        let lifetime = whole_seconds(py, "assertion_lifetime", assertion_lifetime)?;
        let skew = whole_seconds(py, "clock_skew", clock_skew)?;
        grant = grant.with_clock_skew(skew).py(py)?;
        grant = grant.with_assertion_lifetime(lifetime).py(py)?;
        if let Some(uri) = consent_redirect_uri {
            let uri = text::argument(py, uri, "consent_redirect_uri")?;
            grant = grant.with_consent_redirect_uri(&uri).py(py)?;
        }
        Ok(PyCredentials::new(Credentials::Jwt(grant)))
    }

    /// OAuth authorization code grant from a refresh token kept from an
    /// earlier session (the client refreshes before its first call). After
    /// a fresh login use `Client.exchange_authorization_code(...)`, which
    /// returns these credentials.
    #[staticmethod]
    #[pyo3(signature = (grant, *, refresh_token))]
    fn authorization_code(
        py: Python<'_>,
        grant: &Bound<'_, PyAuthorizationCodeGrant>,
        refresh_token: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let token = text::credential(
            py,
            refresh_token,
            "refresh_token",
            CredentialField::RefreshToken,
        )?;
        let inner =
            AuthorizationCodeCredentials::from_refresh_token(grant.get().inner.clone(), &token)
                .py(py)?;
        Ok(PyCredentials::new(Credentials::authorization_code(inner)))
    }

    /// The credentials the `DSAUTH_*` variables describe, read as the
    /// `dsauth` command reads them: the first of `DSAUTH_ACCESS_TOKEN`,
    /// `DSAUTH_PRIVATE_KEY` (JWT grant), `DSAUTH_REFRESH_TOKEN`
    /// (authorization code grant), `DSAUTH_USERNAME`/`DSAUTH_PASSWORD`
    /// (legacy), each secret also as `…_FILE`. Raises `ConfigurationError`
    /// naming every variable that would supply a missing setting.
    #[staticmethod]
    fn from_env(py: Python<'_>) -> PyResult<Self> {
        let inner = py
            .detach(|| from_env::credentials(&ProcessEnvironment))
            .py(py)?;
        Ok(PyCredentials::new(inner))
    }

    /// The user id (GUID) of JWT grant credentials, else `None`.
    #[getter]
    fn user_id(&self) -> Option<&str> {
        match &self.inner {
            Credentials::Jwt(grant) => Some(grant.user_id()),
            _ => None,
        }
    }

    /// True for the kinds sent as `Authorization: Bearer`.
    #[getter]
    fn is_oauth(&self) -> bool {
        self.inner.is_oauth()
    }

    /// A signed JWT grant assertion for `environment` (its account server
    /// host is the `aud`), valid from now: for callers who POST to
    /// `/oauth/token` themselves. The RSA signature is computed with the
    /// GIL released. Contains no secret, but is a bearer credential until
    /// it expires.
    fn jwt_assertion(
        &self,
        py: Python<'_>,
        environment: &Bound<'_, PyEnvironment>,
    ) -> PyResult<String> {
        let Credentials::Jwt(grant) = &self.inner else {
            return Err(to_py_err(
                py,
                Error::WrongCredentialKind {
                    operation: "a JWT assertion",
                    needed: "JWT grant",
                    actual: self.inner.kind_name(),
                },
            ));
        };
        let env = environment.get().inner.clone();
        let grant = grant.clone();
        let assertion = py
            .detach(move || grant.assertion(&env, std::time::SystemTime::now()))
            .py(py)?;
        Ok(assertion.expose().to_owned())
    }

    /// For JWT grant credentials with a `consent_redirect_uri`: the page
    /// where the user grants consent once. Else `None`.
    #[pyo3(signature = (environment, *, state = None))]
    fn consent_url(
        &self,
        environment: &Bound<'_, PyEnvironment>,
        state: Option<&str>,
    ) -> Option<String> {
        match &self.inner {
            Credentials::Jwt(grant) => grant.consent_url(&environment.get().inner, state),
            _ => None,
        }
    }

    /// `"legacy"`, `"access_token"`, `"jwt_grant"` or
    /// `"authorization_code_grant"`.
    #[getter]
    fn kind(&self) -> String {
        self.inner
            .kind_name()
            .to_ascii_lowercase()
            .replace(' ', "_")
    }

    /// The integrator (integration) key, `None` for a bare access token.
    #[getter]
    fn integrator_key(&self) -> Option<&str> {
        match &self.inner {
            Credentials::Legacy(legacy) => Some(legacy.integrator_key()),
            Credentials::Jwt(grant) => Some(grant.integration_key()),
            Credentials::AuthorizationCode(code) => Some(code.grant().integration_key()),
            _ => None,
        }
    }

    /// The username of legacy credentials, else `None`.
    #[getter]
    fn username(&self) -> Option<&str> {
        match &self.inner {
            Credentials::Legacy(legacy) => Some(legacy.username()),
            _ => None,
        }
    }

    /// The send-on-behalf-of user of legacy credentials, if any.
    #[getter]
    fn send_on_behalf_of(&self) -> Option<&str> {
        match &self.inner {
            Credentials::Legacy(legacy) => legacy.send_on_behalf_of(),
            _ => None,
        }
    }

    /// Renders an authentication header. `format` defaults to JSON for
    /// legacy credentials and BEARER for a token; JSON and XML need legacy
    /// credentials, BEARER a token (else `WrongCredentialKindError`).
    #[pyo3(signature = (format = None))]
    fn header(&self, py: Python<'_>, format: Option<PyHeaderFormat>) -> PyResult<Py<PyHeader>> {
        let format = match format {
            Some(format) => format.into(),
            None => match &self.inner {
                Credentials::Legacy(_) => HeaderFormat::Json,
                _ => HeaderFormat::Bearer,
            },
        };
        let slot = match format {
            HeaderFormat::Json => &self.headers[0],
            HeaderFormat::Xml => &self.headers[1],
            HeaderFormat::Bearer => &self.headers[2],
        };
        let header = slot.get_or_try_init(py, || {
            let inner = headers::render(&self.inner, format).py(py)?;
            Py::new(py, PyHeader::new(py, inner))
        })?;
        Ok(header.clone_ref(py))
    }

    /// The SOAP username `[IntegratorKey]username` (legacy credentials).
    fn soap_username(&self, py: Python<'_>) -> PyResult<String> {
        soap::username(&self.inner).py(py)
    }

    /// The `<wsse:Security>` element with a UsernameToken for `api.asmx`,
    /// escaped, ready for a SOAP header (legacy credentials). Contains the
    /// password.
    fn soap_security(&self, py: Python<'_>) -> PyResult<String> {
        Ok(soap::security_header(&self.inner)
            .py(py)?
            .expose()
            .to_owned())
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "Credentials",
            "it holds secrets (a password, private key, client secret or token), \
             which a pickle would keep in clear; build them in each process, e.g. \
             with Credentials.from_env()",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        describe(py, &self.inner)
    }
}
