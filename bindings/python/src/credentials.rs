//! `Credentials`, `HeaderFormat` and the rendered `Header`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use dsauth::{headers, soap, CredentialField, Credentials, Header, HeaderFormat};

use crate::errors::IntoPyResult;
use crate::text;

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
}

#[pymethods]
impl PyHeader {
    /// `X-DocuSign-Authentication` or `Authorization`.
    #[getter]
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    /// The value without the name (7-bit ASCII). Contains the secret.
    #[getter]
    fn value(&self) -> &str {
        self.inner.value()
    }

    /// `Name: value`, without CR LF. Contains the secret.
    #[getter]
    fn line(&self) -> String {
        self.inner.line().expose().to_owned()
    }

    /// `{name: value}`, e.g. for `requests.get(url, headers=h.as_dict())`.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item(self.inner.name(), self.inner.value())?;
        Ok(dict)
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
        Ok(PyCredentials { inner })
    }

    /// An OAuth access token obtained elsewhere, sent as
    /// `Authorization: Bearer`. RFC 6750 token characters, at most 16 KiB.
    #[staticmethod]
    fn access_token(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<Self> {
        let token = text::credential(py, token, "token", CredentialField::AccessToken)?;
        let inner = Credentials::access_token(&token).py(py)?;
        Ok(PyCredentials { inner })
    }

    /// `"legacy"` or `"access_token"`.
    #[getter]
    fn kind(&self) -> String {
        self.inner
            .kind_name()
            .to_ascii_lowercase()
            .replace(' ', "_")
    }

    /// The integrator key of legacy credentials, else `None`.
    #[getter]
    fn integrator_key(&self) -> Option<&str> {
        match &self.inner {
            Credentials::Legacy(legacy) => Some(legacy.integrator_key()),
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
    fn header(&self, py: Python<'_>, format: Option<PyHeaderFormat>) -> PyResult<PyHeader> {
        let format = match format {
            Some(format) => format.into(),
            None => match &self.inner {
                Credentials::Legacy(_) => HeaderFormat::Json,
                _ => HeaderFormat::Bearer,
            },
        };
        let inner = headers::render(&self.inner, format).py(py)?;
        Ok(PyHeader { inner })
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

    fn __repr__(&self, py: Python<'_>) -> String {
        describe(py, &self.inner)
    }
}
