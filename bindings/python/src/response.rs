//! `Response`, its `RateLimit` snapshot, and the discovered `Account`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyTuple, PyType};

use dsauth::client::RateLimit;
use dsauth::{Account, Error, ErrorKind, Response};

use crate::errors::{to_py_err, utc_datetime};
use crate::pickle;
use crate::text;

/// The rate-limit headers of one response (`None` where a header was
/// absent). Immutable, comparable, hashable.
#[pyclass(frozen, eq, hash, module = "dsauth._dsauth", name = "RateLimit")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyRateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset_at: Option<u64>,
    burst_limit: Option<u64>,
    burst_remaining: Option<u64>,
}

impl From<RateLimit> for PyRateLimit {
    fn from(rl: RateLimit) -> Self {
        PyRateLimit {
            limit: rl.limit,
            remaining: rl.remaining,
            reset_at: rl.reset_at,
            burst_limit: rl.burst_limit,
            burst_remaining: rl.burst_remaining,
        }
    }
}

fn opt<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| v.to_string())
}

#[pymethods]
impl PyRateLimit {
    /// `reset_at` must be a timezone-aware `datetime` (or `None`).
    #[new]
    #[pyo3(signature = (*, limit = None, remaining = None, reset_at = None, burst_limit = None, burst_remaining = None))]
    fn new(
        py: Python<'_>,
        limit: Option<u64>,
        remaining: Option<u64>,
        reset_at: Option<&Bound<'_, PyAny>>,
        burst_limit: Option<u64>,
        burst_remaining: Option<u64>,
    ) -> PyResult<Self> {
        let reset_at = match reset_at {
            None => None,
            Some(dt) => {
                let invalid = |reason: &str| {
                    to_py_err(
                        py,
                        Error::InvalidArgument {
                            name: "reset_at",
                            reason: reason.to_owned(),
                        },
                    )
                };
                if dt.getattr("tzinfo").map_or(true, |tz| tz.is_none()) {
                    return Err(invalid("must be a timezone-aware datetime"));
                }
                let seconds: f64 = dt.call_method0("timestamp")?.extract()?;
                // Up to the end of year 9999 UTC: `reset_at` and `repr`
                // convert it back to a `datetime`.
                if !(0.0..253_402_300_800.0).contains(&seconds) {
                    return Err(invalid("must be between 1970 and the end of 9999 UTC"));
                }
                Some(seconds.floor() as u64)
            }
        };
        Ok(PyRateLimit {
            limit,
            remaining,
            reset_at,
            burst_limit,
            burst_remaining,
        })
    }

    /// `X-RateLimit-Limit`: calls allowed per hour.
    #[getter]
    fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// `X-RateLimit-Remaining`: calls left this hour.
    #[getter]
    fn remaining(&self) -> Option<u64> {
        self.remaining
    }

    /// `X-RateLimit-Reset`: when the hourly count resets, an aware UTC
    /// `datetime`.
    #[getter]
    fn reset_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.reset_at.map(|secs| utc_datetime(py, secs)).transpose()
    }

    /// `X-BurstLimit-Limit`: calls allowed per burst window (30 s).
    #[getter]
    fn burst_limit(&self) -> Option<u64> {
        self.burst_limit
    }

    /// `X-BurstLimit-Remaining`: calls left in this burst window.
    #[getter]
    fn burst_remaining(&self) -> Option<u64> {
        self.burst_remaining
    }

    /// True when the response had no rate-limit header.
    #[getter]
    fn is_empty(&self) -> bool {
        self.limit.is_none()
            && self.remaining.is_none()
            && self.reset_at.is_none()
            && self.burst_limit.is_none()
            && self.burst_remaining.is_none()
    }

    /// Rebuilds a pickled snapshot (`reset_at` in Unix seconds).
    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, PyType>,
        limit: Option<u64>,
        remaining: Option<u64>,
        reset_at: Option<u64>,
        burst_limit: Option<u64>,
        burst_remaining: Option<u64>,
    ) -> Self {
        PyRateLimit {
            limit,
            remaining,
            reset_at,
            burst_limit,
            burst_remaining,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let rl = slf.get();
        pickle::restore_with(
            slf.as_any(),
            (
                rl.limit,
                rl.remaining,
                rl.reset_at,
                rl.burst_limit,
                rl.burst_remaining,
            ),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let reset_at = match self.reset_at {
            Some(secs) => utc_datetime(py, secs)?.repr()?.to_string(),
            None => "None".to_owned(),
        };
        Ok(format!(
            "RateLimit(limit={}, remaining={}, reset_at={}, burst_limit={}, burst_remaining={})",
            opt(self.limit),
            opt(self.remaining),
            reset_at,
            opt(self.burst_limit),
            opt(self.burst_remaining)
        ))
    }
}

/// The DocuSign account calls are made for.
#[pyclass(frozen, eq, module = "dsauth._dsauth", name = "Account")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyAccount {
    pub inner: Account,
}

#[pymethods]
impl PyAccount {
    /// The account id used in REST paths.
    #[getter]
    fn account_id(&self) -> &str {
        &self.inner.account_id
    }

    /// The account's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The REST base of the account's host, e.g.
    /// `https://na3.docusign.net/restapi`.
    #[getter]
    fn rest_base(&self) -> &str {
        &self.inner.rest_base
    }

    /// True for the user's default account.
    #[getter]
    fn is_default(&self) -> bool {
        self.inner.is_default
    }

    /// Rebuilds a pickled account.
    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, PyType>,
        account_id: String,
        name: String,
        rest_base: String,
        is_default: bool,
    ) -> Self {
        PyAccount {
            inner: Account {
                account_id,
                name,
                rest_base,
                is_default,
            },
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let account = &slf.get().inner;
        pickle::restore_with(
            slf.as_any(),
            (
                &account.account_id,
                &account.name,
                &account.rest_base,
                account.is_default,
            ),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Account(account_id={}, name={}, rest_base={}, is_default={})",
            text::repr(py, &self.inner.account_id),
            text::repr(py, &self.inner.name),
            text::repr(py, &self.inner.rest_base),
            if self.inner.is_default {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// The answer to a call: status, headers, the whole body, DocuSign's trace
/// token and the rate-limit snapshot. Only 2xx answers become a `Response`;
/// errors are raised as `ApiError` and its subclasses.
#[pyclass(frozen, module = "dsauth._dsauth", name = "Response")]
pub struct PyResponse {
    inner: Response,
    body: PyOnceLock<Py<PyBytes>>,
}

impl PyResponse {
    pub fn new(inner: Response) -> Self {
        PyResponse {
            inner,
            body: PyOnceLock::new(),
        }
    }

    fn body_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.body
            .get_or_init(py, || PyBytes::new(py, self.inner.body()).unbind())
            .bind(py)
            .clone()
    }
}

#[pymethods]
impl PyResponse {
    /// The HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.inner.status()
    }

    /// Every header as `(name, value)`, in the order received, names as
    /// sent (use `header()` for a case-insensitive lookup).
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.inner.headers().to_vec()
    }

    /// The first header called `name` (case-insensitive), or `None`.
    fn header(&self, name: &str) -> Option<&str> {
        self.inner.header(name)
    }

    /// The whole body.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.body_bytes(py)
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    #[getter]
    fn text(&self) -> String {
        String::from_utf8_lossy(self.inner.body()).into_owned()
    }

    /// The body parsed as JSON (with Python's `json`); raises
    /// `MalformedResponseError` when it is not JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let loads = LOADS.import(py, "json", "loads")?;
        loads.call1((self.body_bytes(py),)).map_err(|err| {
            let reason = err
                .value(py)
                .str()
                .map(|s| s.to_string())
                .unwrap_or_default();
            to_py_err(
                py,
                Error::Transport {
                    kind: ErrorKind::MalformedResponse,
                    url: self.inner.url().to_owned(),
                    reason: format!("response body is not valid JSON: {reason}"),
                },
            )
        })
    }

    /// `X-DocuSign-TraceToken`, to quote to DocuSign support.
    #[getter]
    fn trace_token(&self) -> Option<&str> {
        self.inner.trace_token()
    }

    /// The rate-limit headers of this response.
    #[getter]
    fn rate_limit(&self) -> PyRateLimit {
        self.inner.rate_limit().into()
    }

    /// The URL that was called (without the query).
    #[getter]
    fn url(&self) -> &str {
        self.inner.url()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Response(status={}, url={})",
            self.inner.status(),
            text::repr(py, self.inner.url())
        )
    }
}
