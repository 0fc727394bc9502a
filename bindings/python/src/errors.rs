//! Core errors raised as the exceptions of `dsauth.exceptions`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use dsauth::redact::{cap, shown_url};
use dsauth::{Error, ErrorKind};

/// Every kind of the core, as `(name, code)` in code order.
#[pyfunction]
pub fn error_kinds() -> Vec<(&'static str, u32)> {
    ErrorKind::ALL
        .iter()
        .map(|&kind| (kind.name(), kind.code()))
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

/// An exception of kind `kind` raised by this layer itself (not by the
/// core), e.g. `client_closed`.
pub fn python_layer_error(py: Python<'_>, kind: &str, text: &str) -> PyErr {
    match instantiate(py, kind, 0, text, &PyDict::new(py)) {
        Ok(err) | Err(err) => err,
    }
}

/// Instantiates the class `dsauth.exceptions.EXCEPTION_FOR_KIND` gives for
/// `kind` (built from the core's table, so it knows every core kind).
fn instantiate(
    py: Python<'_>,
    kind: &str,
    code: u32,
    text: &str,
    fields: &Bound<'_, PyDict>,
) -> PyResult<PyErr> {
    static EXCEPTION_FOR_KIND: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = EXCEPTION_FOR_KIND
        .import(py, "dsauth.exceptions", "EXCEPTION_FOR_KIND")?
        .get_item(kind)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", kind)?;
    kwargs.set_item("code", code)?;
    kwargs.update(fields.as_mapping())?;
    Ok(PyErr::from_value(class.call((text,), Some(&kwargs))?))
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let kind = error.kind();
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
            kwargs.set_item("url", shown_url(url))?;
            kwargs.set_item("reason", reason)?;
        }
        Error::InsecureUrl { url } => {
            kwargs.set_item("url", shown_url(url))?;
            kwargs.set_item(
                "reason",
                "plain http is only allowed to loopback hosts; use https",
            )?;
        }
        Error::DiscoveredHostRefused { host, reason } => {
            kwargs.set_item("url", host)?;
            kwargs.set_item("reason", reason)?;
        }
        Error::InvalidPrivateKey { reason } => {
            kwargs.set_item("reason", reason)?;
        }
        Error::Transport { url, reason, .. } => {
            kwargs.set_item("url", shown_url(url))?;
            kwargs.set_item("reason", &*cap(reason))?;
        }
        Error::Api(api) => {
            kwargs.set_item("status", api.status)?;
            kwargs.set_item("error_code", &api.error_code)?;
            kwargs.set_item("message", &api.message)?;
            kwargs.set_item("trace_token", api.trace_token.as_deref())?;
            kwargs.set_item("hint", api.hint.as_deref())?;
            kwargs.set_item("body", api.body())?;
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
            kwargs.set_item("body", &oauth.body)?;
            if oauth.kind() == ErrorKind::ConsentRequired {
                kwargs.set_item("consent_url", oauth.consent_url.as_deref())?;
            }
        }
        // A variant added to the core later: kind, code and text only.
        _ => {}
    }
    instantiate(py, kind.name(), kind.code(), &error.to_string(), &kwargs)
}
