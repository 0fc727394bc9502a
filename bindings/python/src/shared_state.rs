//! `SharedState`: where clients keep tokens, userinfo answers, the rate
//! budget and the polling guard, shared by clients, processes and hosts.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use zeroize::Zeroizing;

use dsauth::shared_state::{FileOptions, RedisOptions, SealKey};
use dsauth::SharedState;

use crate::client::seconds;
use crate::errors::IntoPyResult;
use crate::pickle;
use crate::text;

/// Tokens, userinfo answers, rate budgets and polling marks shared by the
/// clients given the same state (`Client(..., shared_state=...)`): in this
/// process (`memory`), by the processes of one host (`file`), or by every
/// host using one Redis (`redis`). Build it before forking workers, or in
/// each worker: the file and Redis states reach the same storage either
/// way.
#[pyclass(frozen, module = "dsauth._dsauth", name = "SharedState")]
pub struct PySharedState {
    pub inner: SharedState,
}

/// The seal key: `bytes` or `bytearray` of exactly 32 bytes (the core
/// checks the length).
fn seal_key(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SealKey>> {
    let Some(obj) = obj else { return Ok(None) };
    let bytes = if let Ok(b) = obj.cast::<PyBytes>() {
        Zeroizing::new(b.as_bytes().to_vec())
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Zeroizing::new(b.to_vec())
    } else {
        return Err(PyTypeError::new_err(
            "seal_key must be bytes or bytearray (32 bytes, e.g. os.urandom(32))",
        ));
    };
    SealKey::new(&bytes).py(py).map(Some)
}

#[pymethods]
impl PySharedState {
    /// State kept in this process: the clients given it share one token
    /// per grant, one rate budget and one polling guard.
    #[staticmethod]
    fn memory() -> Self {
        PySharedState {
            inner: SharedState::memory(),
        }
    }

    /// State in the directory `path` (created 0700 when missing; files
    /// 0600, atomic renames, advisory locks), shared by the processes of
    /// this host. Tokens and userinfo answers are sealed with AES-256-GCM
    /// under `seal_key` (32 bytes); without a key the state is refused
    /// (`InvalidArgumentError`) unless `allow_plaintext_tokens=True`. A
    /// value that does not open under the key reads as "no cached token".
    /// Raises `TransportError` (kind `io`) when the directory cannot be
    /// created or locked.
    #[staticmethod]
    #[pyo3(signature = (path, *, seal_key = None, allow_plaintext_tokens = false))]
    fn file(
        py: Python<'_>,
        path: PathBuf,
        seal_key: Option<&Bound<'_, PyAny>>,
        allow_plaintext_tokens: bool,
    ) -> PyResult<Self> {
        let options = FileOptions {
            seal_key: self::seal_key(py, seal_key)?,
            allow_plaintext_tokens,
        };
        let inner = py.detach(move || SharedState::file(path, options)).py(py)?;
        Ok(PySharedState { inner })
    }

    /// State in Redis at `url` (`redis://` or `rediss://`,
    /// `[user:password@]host[:port][/db]`), shared by every process and
    /// host using the same Redis and `namespace` (keys `dsauth:<namespace>:…`,
    /// each with a TTL). Sealing as for `file`. `timeout`: seconds allowed
    /// for connecting and for each read and write. Nothing is sent yet; while
    /// Redis is unreachable calls go on with per-process state. Raises
    /// `InvalidUrlError` (never showing the password) or
    /// `InvalidArgumentError`.
    #[staticmethod]
    #[pyo3(signature = (
        url,
        *,
        namespace = "dsauth",
        seal_key = None,
        allow_plaintext_tokens = false,
        timeout = 0.2,
    ))]
    fn redis(
        py: Python<'_>,
        url: &Bound<'_, PyAny>,
        namespace: &str,
        seal_key: Option<&Bound<'_, PyAny>>,
        allow_plaintext_tokens: bool,
        timeout: f64,
    ) -> PyResult<Self> {
        let url = Zeroizing::new(text::argument(py, url, "url")?);
        let options = RedisOptions {
            namespace: namespace.to_owned(),
            seal_key: self::seal_key(py, seal_key)?,
            allow_plaintext_tokens,
            timeout: seconds("timeout", timeout).py(py)?,
        };
        let inner = SharedState::redis(&url, options).py(py)?;
        Ok(PySharedState { inner })
    }

    /// The backend, without the seal key or a Redis password.
    fn __reduce__(&self) -> PyResult<()> {
        Err(pickle::refused(
            "SharedState",
            "it holds a seal key or a Redis connection; build it in each process \
             (file and Redis states reach the same storage)",
        ))
    }

    fn __repr__(&self) -> String {
        format!("<{:?}>", self.inner)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redis_defaults_match_the_core() {
        let core = dsauth::shared_state::RedisOptions::default();
        // The literals of `SharedState.redis`'s signature.
        assert_eq!(core.namespace, "dsauth");
        assert_eq!(core.timeout, std::time::Duration::from_millis(200));
    }
}
