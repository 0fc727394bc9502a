//! `Environment` and `SoapEndpoint`.

use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};

use dsauth::{Environment, SoapEndpoint};

use crate::errors::IntoPyResult;
use crate::pickle;
use crate::text;

/// A SOAP API 3.0 endpoint.
#[pyclass(
    eq,
    eq_int,
    frozen,
    hash,
    from_py_object,
    module = "dsauth._dsauth",
    name = "SoapEndpoint"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PySoapEndpoint {
    /// `api.asmx`: authenticated by a WS-Security UsernameToken.
    #[pyo3(name = "API")]
    Api,
    /// `dsapi.asmx`: authenticated by the `X-DocuSign-Authentication` header.
    #[pyo3(name = "DSAPI")]
    DsApi,
    /// `accountmanagement.asmx`: authenticated by the HTTP header.
    #[pyo3(name = "ACCOUNT_MANAGEMENT")]
    AccountManagement,
}

impl From<PySoapEndpoint> for SoapEndpoint {
    fn from(endpoint: PySoapEndpoint) -> Self {
        match endpoint {
            PySoapEndpoint::Api => SoapEndpoint::Api,
            PySoapEndpoint::DsApi => SoapEndpoint::DsApi,
            PySoapEndpoint::AccountManagement => SoapEndpoint::AccountManagement,
        }
    }
}

#[pymethods]
impl PySoapEndpoint {
    /// The path below the base URL, e.g. `/api/3.0/api.asmx`.
    #[getter]
    fn path(&self) -> &'static str {
        SoapEndpoint::from(*self).path()
    }
}

/// A DocuSign environment: the eSignature base URL (REST below `/restapi`,
/// SOAP below `/api/3.0`) and the OAuth account server.
/// `Environment.DEMO`, `Environment.PRODUCTION`, or
/// `Environment.custom(base_url, account_server=None)`.
#[pyclass(frozen, eq, hash, module = "dsauth._dsauth", name = "Environment")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyEnvironment {
    pub inner: Environment,
}

/// The repr of an environment, for other classes' reprs.
pub fn describe(py: Python<'_>, env: &Environment) -> String {
    if *env == Environment::demo() {
        "Environment.DEMO".to_owned()
    } else if *env == Environment::production() {
        "Environment.PRODUCTION".to_owned()
    } else if env.account_server_url() == env.base_url() {
        format!("Environment.custom({})", text::repr(py, env.base_url()))
    } else {
        format!(
            "Environment.custom({}, account_server={})",
            text::repr(py, env.base_url()),
            text::repr(py, env.account_server_url())
        )
    }
}

#[pymethods]
impl PyEnvironment {
    /// The developer sandbox: `demo.docusign.net`, `account-d.docusign.com`.
    #[classattr]
    #[pyo3(name = "DEMO")]
    fn demo() -> Self {
        PyEnvironment {
            inner: Environment::demo(),
        }
    }

    /// Production: `www.docusign.net`, `account.docusign.com` (accounts live
    /// on other hosts: account discovery finds them).
    #[classattr]
    #[pyo3(name = "PRODUCTION")]
    fn production() -> Self {
        PyEnvironment {
            inner: Environment::production(),
        }
    }

    /// Any base URL (a proxy, the local stand-in): `https`, or `http` to a
    /// loopback host; a path prefix is kept, a trailing `/` dropped; a port
    /// is from 1 to 65535; no `.`/`..` path segments. The account server
    /// defaults to the same URL. Account discovery may only move calls to
    /// the scheme, host and port of one of the two (unless
    /// `Client(follow_discovered_hosts=True)`). Raises `InvalidUrlError` or
    /// `InsecureUrlError`.
    #[staticmethod]
    #[pyo3(signature = (base_url, account_server = None))]
    fn custom(
        py: Python<'_>,
        base_url: &Bound<'_, PyAny>,
        account_server: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let base_url = text::argument(py, base_url, "base_url")?;
        let mut inner = Environment::custom(&base_url).py(py)?;
        if let Some(server) = account_server {
            let server = text::argument(py, server, "account_server")?;
            inner = inner.with_account_server(&server).py(py)?;
        }
        Ok(PyEnvironment { inner })
    }

    /// The base URL, without a trailing `/`.
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// `<base>/restapi`, before account discovery narrows it to the
    /// account's own host.
    #[getter]
    fn rest_base(&self) -> String {
        self.inner.rest_base()
    }

    /// The OAuth account server's base URL.
    #[getter]
    fn account_server(&self) -> &str {
        self.inner.account_server_url()
    }

    /// The account server's bare host (`host[:port]`): the JWT `aud`.
    #[getter]
    fn account_server_host(&self) -> &str {
        self.inner.account_server_host()
    }

    /// True for DocuSign's demo and production environments.
    #[getter]
    fn is_docusign(&self) -> bool {
        self.inner.is_docusign()
    }

    /// True for production.
    #[getter]
    fn is_production(&self) -> bool {
        self.inner.is_production()
    }

    /// The URL of a SOAP endpoint.
    fn soap_url(&self, endpoint: PySoapEndpoint) -> String {
        self.inner.soap_url(endpoint.into())
    }

    /// Rebuilds a pickled environment.
    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        base_url: &str,
        account_server: &str,
    ) -> PyResult<Self> {
        let inner = Environment::custom(base_url)
            .and_then(|env| env.with_account_server(account_server))
            .py(py)?;
        Ok(PyEnvironment { inner })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let env = &slf.get().inner;
        pickle::restore_with(slf.as_any(), (env.base_url(), env.account_server_url()))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        describe(py, &self.inner)
    }
}
