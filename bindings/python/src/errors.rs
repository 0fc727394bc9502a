//! Core errors raised as the exceptions of `dsauth.exceptions`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use dsauth::{Error, ErrorKind};

/// The stable Python name of a core error kind.
pub fn kind_name(kind: ErrorKind) -> String {
    let name = match kind {
        ErrorKind::InvalidArgument => "invalid_argument",
        ErrorKind::WrongCredentialKind => "wrong_credential_kind",
        ErrorKind::CredentialEmpty => "credential_empty",
        ErrorKind::CredentialWhitespace => "credential_whitespace",
        ErrorKind::CredentialControlCharacter => "credential_control_character",
        ErrorKind::CredentialTooLong => "credential_too_long",
        ErrorKind::CredentialInvalidCharacter => "credential_invalid_character",
        ErrorKind::InvalidPrivateKey => "invalid_private_key",
        ErrorKind::InvalidUrl => "invalid_url",
        ErrorKind::InsecureUrl => "insecure_url",
        ErrorKind::Dns => "dns",
        ErrorKind::Connect => "connect",
        ErrorKind::Tls => "tls",
        ErrorKind::Timeout => "timeout",
        ErrorKind::BodyTooLarge => "body_too_large",
        ErrorKind::MalformedResponse => "malformed_response",
        ErrorKind::ConnectionLost => "connection_lost",
        ErrorKind::Proxy => "proxy",
        ErrorKind::Io => "io",
        ErrorKind::Api => "api",
        ErrorKind::AuthenticationFailed => "authentication_failed",
        ErrorKind::RateLimited => "rate_limited",
        ErrorKind::PollingTooSoon => "polling_too_soon",
        ErrorKind::AccountNotFound => "account_not_found",
        ErrorKind::SoapFault => "soap_fault",
        ErrorKind::HttpStatus => "http_status",
        ErrorKind::OAuth => "oauth",
        ErrorKind::ConsentRequired => "consent_required",
        // A kind added to the core after this list: snake_case its name.
        other => return snake_case(&format!("{other:?}")),
    };
    name.to_owned()
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every kind of the core, as `(name, code)` in code order.
#[pyfunction]
pub fn error_kinds() -> Vec<(String, u32)> {
    ErrorKind::ALL
        .iter()
        .map(|&kind| (kind_name(kind), kind.code()))
        .collect()
}

/// `datetime` for Unix seconds, in UTC.
pub fn utc_datetime(py: Python<'_>, unix_seconds: u64) -> PyResult<Bound<'_, PyAny>> {
    static FROM_TIMESTAMP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let utc = UTC.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("datetime")?
            .getattr("timezone")?
            .getattr("utc")?
            .unbind())
    })?;
    let from_timestamp = FROM_TIMESTAMP.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("datetime")?
            .getattr("datetime")?
            .getattr("fromtimestamp")?
            .unbind())
    })?;
    from_timestamp
        .bind(py)
        .call1((unix_seconds as f64, utc.bind(py)))
}

/// The exception for `error`, with the fields the core reported.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match build(py, &error) {
        Ok(err) | Err(err) => err,
    }
}

/// Raises core errors as `dsauth` exceptions: `result.map_err(...)` helper.
pub trait IntoPyResult<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Error> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}

/// An exception of kind `kind_name` raised by this layer itself (not by
/// the core), e.g. `client_closed`.
pub fn python_layer_error(py: Python<'_>, kind: &str, text: &str) -> PyErr {
    match instantiate(py, kind, 0, text, &PyDict::new(py)) {
        Ok(err) | Err(err) => err,
    }
}

/// The class for `kind`, or `None` when `dsauth.exceptions` does not know
/// the kind (a core newer than the Python package).
fn exception_class<'py>(py: Python<'py>, kind: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    static EXCEPTION_FOR_KIND: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let map = EXCEPTION_FOR_KIND.import(py, "dsauth.exceptions", "EXCEPTION_FOR_KIND")?;
    let class = map.call_method1("get", (kind,))?;
    Ok((!class.is_none()).then_some(class))
}

/// Instantiates the exception for `kind`; an unknown kind becomes a plain
/// `DsauthError` with only its kind and code.
fn instantiate(
    py: Python<'_>,
    kind: &str,
    code: u32,
    text: &str,
    fields: &Bound<'_, PyDict>,
) -> PyResult<PyErr> {
    static DSAUTH_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", kind)?;
    kwargs.set_item("code", code)?;
    let class = match exception_class(py, kind)? {
        Some(class) => {
            kwargs.update(fields.as_mapping())?;
            class
        }
        None => DSAUTH_ERROR
            .import(py, "dsauth.exceptions", "DsauthError")?
            .clone(),
    };
    Ok(PyErr::from_value(class.call((text,), Some(&kwargs))?))
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let kind = error.kind();
    let name = kind_name(kind);
    let kwargs = PyDict::new(py);
    match error {
        Error::Credential { field, problem } => {
            kwargs.set_item("field", field.name())?;
            kwargs.set_item("reason", problem.to_string())?;
        }
        Error::WrongCredentialKind {
            operation,
            needed,
            actual,
        } => {
            kwargs.set_item("operation", *operation)?;
            kwargs.set_item("needed", *needed)?;
            kwargs.set_item("actual", *actual)?;
        }
        Error::InvalidArgument { name, reason } => {
            kwargs.set_item("argument", *name)?;
            kwargs.set_item("reason", reason)?;
        }
        Error::InvalidUrl { url, reason } => {
            kwargs.set_item("url", url)?;
            kwargs.set_item("reason", reason)?;
        }
        Error::InsecureUrl { url } => {
            kwargs.set_item("url", url)?;
            kwargs.set_item(
                "reason",
                "plain http is only allowed to loopback hosts; use https",
            )?;
        }
        Error::InvalidPrivateKey { reason } => {
            kwargs.set_item("reason", reason)?;
        }
        Error::Transport { url, reason, .. } => {
            kwargs.set_item("url", url)?;
            kwargs.set_item("reason", reason)?;
        }
        Error::Api(api) => {
            kwargs.set_item("status", api.status)?;
            kwargs.set_item("error_code", &api.error_code)?;
            kwargs.set_item("message", &api.message)?;
            kwargs.set_item("trace_token", api.trace_token.as_deref())?;
            kwargs.set_item("hint", api.hint.as_deref())?;
            if api.kind == ErrorKind::RateLimited {
                let reset_at = match api.reset_at {
                    Some(secs) => Some(utc_datetime(py, secs)?),
                    None => None,
                };
                kwargs.set_item("reset_at", reset_at)?;
            }
        }
        Error::PollingTooSoon {
            what,
            retry_after_secs,
        } => {
            kwargs.set_item("resource", what)?;
            kwargs.set_item("retry_after", *retry_after_secs)?;
        }
        Error::AccountNotFound(_) => {}
        Error::OAuth(oauth) => {
            kwargs.set_item("error", &oauth.error)?;
            kwargs.set_item("description", oauth.description.as_deref())?;
            kwargs.set_item("status", oauth.status)?;
            kwargs.set_item("trace_token", oauth.trace_token.as_deref())?;
            if oauth.kind() == ErrorKind::ConsentRequired {
                kwargs.set_item("consent_url", oauth.consent_url.as_deref())?;
            }
        }
        // A variant added to the core later: kind, code and text only.
        _ => {}
    }
    instantiate(py, &name, kind.code(), &error.to_string(), &kwargs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_name() {
        let names: std::collections::HashSet<String> =
            ErrorKind::ALL.iter().map(|&k| kind_name(k)).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(snake_case("ConnectionLost"), "connection_lost");
    }
}
