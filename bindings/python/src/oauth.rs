//! OAuth: the authorization code grant, PKCE, tokens, userinfo, and the
//! consent URL. (JWT grant credentials are built with `Credentials.jwt`.)

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;

use dsauth::oauth::{self, AuthorizationCodeGrant, Pkce, Token, UserInfo};
use dsauth::{CredentialField, Error};

use crate::environment::PyEnvironment;
use crate::errors::{to_py_err, utc_datetime, IntoPyResult};
use crate::pickle;
use crate::text;

/// Scopes from Python: a sequence of `str`.
pub fn scopes(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if obj.cast::<pyo3::types::PyString>().is_ok() {
        return Err(to_py_err(
            py,
            Error::InvalidArgument {
                name: "scopes",
                reason: "give a list of scopes, e.g. [\"signature\", \"impersonation\"]".into(),
            },
        ));
    }
    obj.try_iter()?
        .map(|item| text::argument(py, &item?, "scopes"))
        .collect()
}

/// An application using the authorization code grant: integration key,
/// redirect URI (registered for the key), optional client secret (a
/// confidential client; without one, a public client that must use PKCE),
/// scopes (default `["signature"]`). `repr()` never shows the secret.
#[pyclass(frozen, module = "dsauth._dsauth", name = "AuthorizationCodeGrant")]
pub struct PyAuthorizationCodeGrant {
    pub inner: AuthorizationCodeGrant,
}

#[pymethods]
impl PyAuthorizationCodeGrant {
    #[new]
    #[pyo3(signature = (integration_key, redirect_uri, *, client_secret = None, scopes = None))]
    fn new(
        py: Python<'_>,
        integration_key: &Bound<'_, PyAny>,
        redirect_uri: &Bound<'_, PyAny>,
        client_secret: Option<&Bound<'_, PyAny>>,
        scopes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key = text::credential(
            py,
            integration_key,
            "integration_key",
            CredentialField::IntegratorKey,
        )?;
        let redirect = text::argument(py, redirect_uri, "redirect_uri")?;
        let mut grant = AuthorizationCodeGrant::new(&key, &redirect).py(py)?;
        if let Some(secret) = client_secret {
            let secret =
                text::credential(py, secret, "client_secret", CredentialField::ClientSecret)?;
            grant = grant.with_client_secret(&secret).py(py)?;
        }
        if let Some(list) = scopes {
            grant = grant.with_scopes(&self::scopes(py, list)?).py(py)?;
        }
        Ok(PyAuthorizationCodeGrant { inner: grant })
    }

    #[getter]
    fn integration_key(&self) -> &str {
        self.inner.integration_key()
    }

    #[getter]
    fn redirect_uri(&self) -> &str {
        self.inner.redirect_uri()
    }

    #[getter]
    fn scopes(&self) -> Vec<String> {
        self.inner.scopes().to_vec()
    }

    /// True for a confidential client (it has a client secret).
    #[getter]
    fn has_client_secret(&self) -> bool {
        self.inner.client_secret().is_some()
    }

    /// Where to send the user to log in and consent:
    /// `<account server>/oauth/auth?response_type=code&scope=…&client_id=…&redirect_uri=…`
    /// with `state` and the PKCE challenge when given. Check `state` when
    /// the redirect comes back.
    #[pyo3(signature = (environment, *, state = None, pkce = None))]
    fn authorization_url(
        &self,
        environment: &Bound<'_, PyEnvironment>,
        state: Option<&str>,
        pkce: Option<&Bound<'_, PyPkce>>,
    ) -> String {
        self.inner.authorization_url(
            &environment.get().inner,
            state,
            pkce.map(|p| &p.get().inner),
        )
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "AuthorizationCodeGrant",
            "it may hold a client secret, which a pickle would keep in clear; build \
             it in each process",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        describe_grant(py, &self.inner)
    }
}

pub fn describe_grant(py: Python<'_>, grant: &AuthorizationCodeGrant) -> String {
    format!(
        "AuthorizationCodeGrant({}, {}{}, scopes={:?})",
        text::repr(py, grant.integration_key()),
        text::repr(py, grant.redirect_uri()),
        if grant.client_secret().is_some() {
            ", client_secret=<redacted>"
        } else {
            ""
        },
        grant.scopes()
    )
}

/// A PKCE verifier and its S256 challenge (RFC 7636). `repr()` shows only
/// the challenge.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Pkce")]
pub struct PyPkce {
    pub inner: Pkce,
}

#[pymethods]
impl PyPkce {
    /// A fresh random verifier (43 characters).
    #[staticmethod]
    fn generate(py: Python<'_>) -> PyResult<Self> {
        Ok(PyPkce {
            inner: Pkce::generate().py(py)?,
        })
    }

    /// A verifier chosen elsewhere: 43 to 128 of `A-Z a-z 0-9 - . _ ~`.
    #[staticmethod]
    fn from_verifier(py: Python<'_>, verifier: &Bound<'_, PyAny>) -> PyResult<Self> {
        let verifier = text::argument(py, verifier, "verifier")?;
        Ok(PyPkce {
            inner: Pkce::from_verifier(&verifier).py(py)?,
        })
    }

    /// The `code_verifier` for the code exchange (keep it secret).
    #[getter]
    fn verifier(&self) -> &str {
        self.inner.verifier().expose()
    }

    /// The `code_challenge`: base64url(SHA-256(verifier)).
    #[getter]
    fn challenge(&self) -> &str {
        self.inner.challenge()
    }

    /// `"S256"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method()
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "Pkce",
            "it holds the PKCE verifier, a secret a pickle would keep in clear; keep \
             the verifier where your secrets live and use Pkce.from_verifier()",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Pkce(challenge={}, verifier=<redacted>)",
            text::repr(py, self.inner.challenge())
        )
    }
}

/// An OAuth access token. `repr()` shows no token.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Token")]
pub struct PyToken {
    pub inner: Token,
    /// When it expires, in Unix seconds (rounded down).
    expires_at: u64,
}

impl PyToken {
    /// `inner`, which expires at `expires_at` (system clock).
    pub fn new(inner: Token, expires_at: SystemTime) -> Self {
        let expires_at = expires_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        PyToken { inner, expires_at }
    }
}

#[pymethods]
impl PyToken {
    /// The access token (sent as `Authorization: Bearer …`).
    #[getter]
    fn access_token(&self) -> &str {
        self.inner.access_token.expose()
    }

    /// `"Bearer"`.
    #[getter]
    fn token_type(&self) -> &str {
        &self.inner.token_type
    }

    /// The lifetime the server gave, in seconds from when it was issued.
    #[getter]
    fn expires_in(&self) -> f64 {
        self.inner.expires_in.as_secs_f64()
    }

    /// When the token expires: a UTC `datetime`, to the second (rounded
    /// down), `expires_in` counted from when its answer was received.
    #[getter]
    fn expires_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        utc_datetime(py, self.expires_at)
    }

    /// The refresh token (authorization code grant only).
    #[getter]
    fn refresh_token(&self) -> Option<&str> {
        self.inner.refresh_token.as_ref().map(|t| t.expose())
    }

    /// The granted scopes, space separated, when the server said.
    #[getter]
    fn scope(&self) -> Option<&str> {
        self.inner.scope.as_deref()
    }

    /// The `Authorization: Bearer` header for this token.
    fn header(&self, py: Python<'_>) -> PyResult<crate::credentials::PyHeader> {
        let credentials =
            dsauth::Credentials::access_token(self.inner.access_token.expose()).py(py)?;
        let inner = dsauth::headers::render(&credentials, dsauth::HeaderFormat::Bearer).py(py)?;
        Ok(crate::credentials::PyHeader::new(py, inner))
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "Token",
            "it holds an access token (a bearer secret), which a pickle would keep \
             in clear; share tokens between processes through a SharedState, which \
             seals them",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Token(token_type={}, expires_in={}, scope={}, access_token=<redacted>{})",
            text::repr(py, &self.inner.token_type),
            self.inner.expires_in.as_secs(),
            self.inner
                .scope
                .as_deref()
                .map_or_else(|| "None".to_owned(), |s| text::repr(py, s)),
            if self.inner.refresh_token.is_some() {
                ", refresh_token=<redacted>"
            } else {
                ""
            }
        )
    }
}

/// One account in a userinfo answer.
#[pyclass(frozen, eq, module = "dsauth._dsauth", name = "OAuthAccount")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyOAuthAccount {
    inner: oauth::OAuthAccount,
}

#[pymethods]
impl PyOAuthAccount {
    /// The API account id (GUID).
    #[getter]
    fn account_id(&self) -> &str {
        &self.inner.account_id
    }

    #[getter]
    fn account_name(&self) -> &str {
        &self.inner.account_name
    }

    #[getter]
    fn is_default(&self) -> bool {
        self.inner.is_default
    }

    /// The account's host, e.g. `https://na3.docusign.net`.
    #[getter]
    fn base_uri(&self) -> &str {
        &self.inner.base_uri
    }

    /// `base_uri + "/restapi"`.
    #[getter]
    fn rest_base(&self) -> String {
        self.inner.rest_base()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "OAuthAccount(account_id={}, account_name={}, is_default={}, base_uri={})",
            text::repr(py, &self.inner.account_id),
            text::repr(py, &self.inner.account_name),
            if self.inner.is_default {
                "True"
            } else {
                "False"
            },
            text::repr(py, &self.inner.base_uri)
        )
    }
}

/// The user behind OAuth credentials, from `/oauth/userinfo`.
#[pyclass(frozen, module = "dsauth._dsauth", name = "UserInfo")]
pub struct PyUserInfo {
    pub inner: UserInfo,
}

#[pymethods]
impl PyUserInfo {
    /// The user id (GUID).
    #[getter]
    fn sub(&self) -> &str {
        &self.inner.sub
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn email(&self) -> &str {
        &self.inner.email
    }

    #[getter]
    fn accounts(&self) -> Vec<PyOAuthAccount> {
        self.inner
            .accounts
            .iter()
            .map(|a| PyOAuthAccount { inner: a.clone() })
            .collect()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "UserInfo(sub={}, name={}, email={}, accounts={})",
            text::repr(py, &self.inner.sub),
            text::repr(py, &self.inner.name),
            text::repr(py, &self.inner.email),
            self.inner.accounts.len()
        )
    }
}

/// A random `state` for an authorization URL (22 characters).
#[pyfunction]
pub fn generate_state(py: Python<'_>) -> PyResult<String> {
    oauth::generate_state().py(py)
}

/// The page where a user grants consent to an integration key once (JWT
/// grant) or logs in (authorization code grant):
/// `<account server>/oauth/auth?response_type=code&scope=…&client_id=…&redirect_uri=…[&state=…]`.
/// `scopes` defaults to `["signature", "impersonation"]`.
#[pyfunction]
#[pyo3(signature = (environment, integration_key, redirect_uri, *, scopes = None, state = None))]
pub fn consent_url(
    py: Python<'_>,
    environment: &Bound<'_, PyEnvironment>,
    integration_key: &str,
    redirect_uri: &str,
    scopes: Option<&Bound<'_, PyAny>>,
    state: Option<&str>,
) -> PyResult<String> {
    let scopes = match scopes {
        Some(list) => self::scopes(py, list)?,
        None => oauth::DEFAULT_JWT_SCOPES
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    };
    Ok(oauth::consent_url(
        &environment.get().inner,
        integration_key,
        &scopes,
        redirect_uri,
        state,
    ))
}
