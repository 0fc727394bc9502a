//! dsauth's log records into Python's `logging`, through pyo3-log: the
//! core's targets (`dsauth::client::transport`, …) become the loggers
//! `dsauth.client.transport`, …, children of `logging.getLogger("dsauth")`.
//! Records of the crates under the core (HTTP, TLS, Redis) are dropped:
//! their trace records show raw request lines.
//!
//! pyo3-log caches each logger's effective level the first time a record
//! of its target is made, so that a disabled level costs no GIL and no
//! call into Python afterwards; `refresh_logging()` drops that cache after
//! the levels changed at run time.

use std::sync::OnceLock;

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3_log::{Caching, Logger, ResetHandle};

static RESET: OnceLock<ResetHandle> = OnceLock::new();

/// Installs the bridge (once per process) and adds `refresh_logging`.
pub fn install(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let logger = Logger::new(m.py(), Caching::LoggersAndLevels)?
        .filter(LevelFilter::Off)
        .filter_target("dsauth".to_owned(), LevelFilter::Debug);
    // Fails only when a logger is installed already: this module was
    // initialised before in this process, and its bridge stays.
    if let Ok(handle) = logger.install() {
        let _ = RESET.set(handle);
    }
    m.add_function(wrap_pyfunction!(refresh_logging, m)?)
}

/// Makes dsauth read the levels of its loggers (``dsauth`` and its
/// children) again. dsauth asks Python for a logger's effective level the
/// first time it logs there and remembers it, so that disabled records cost
/// nothing; call this after changing levels while the program runs
/// (``setLevel``, ``logging.basicConfig``, ``dictConfig``). Levels set
/// before the first call of dsauth need nothing.
#[pyfunction]
fn refresh_logging() {
    if let Some(handle) = RESET.get() {
        handle.reset();
    }
}
