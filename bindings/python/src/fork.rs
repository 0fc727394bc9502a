//! Fork safety for pre-fork servers (gunicorn, uWSGI, Celery prefork,
//! multiprocessing): after `os.fork()` the child drops the connections it
//! inherited from every client, through `os.register_at_fork`.
//!
//! The core already notices a new process on its next call; this hook only
//! closes the inherited sockets at once. The registry is touched with the
//! GIL held only (client construction, the hook), and `os.fork()` holds the
//! GIL, so no thread can hold its lock when a process forks.

use std::sync::{Arc, Mutex, Weak};

use dsauth::Client;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A client's slot (`None` once closed), as `PyClient` holds it.
pub(crate) type ClientSlot = Arc<Mutex<Option<Client>>>;

/// The slots of the clients alive in this process.
static LIVE: Mutex<Vec<Weak<Mutex<Option<Client>>>>> = Mutex::new(Vec::new());

/// Records a new client's slot, forgetting those of freed clients.
pub(crate) fn register(slot: &ClientSlot) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.retain(|weak| weak.strong_count() > 0);
    live.push(Arc::downgrade(slot));
}

/// Runs in the child after `os.fork()`: every live client drops its pool.
#[pyfunction]
fn after_fork_in_child() {
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    for slot in live.iter().filter_map(Weak::upgrade) {
        if let Some(client) = &*slot.lock().unwrap_or_else(|e| e.into_inner()) {
            client.reset_connections();
        }
    }
}

/// Registers [`after_fork_in_child`] with `os.register_at_fork` (POSIX only).
pub(crate) fn install(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let os = py.import("os")?;
    if !os.hasattr("register_at_fork")? {
        return Ok(());
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("after_in_child", wrap_pyfunction!(after_fork_in_child, m)?)?;
    os.call_method("register_at_fork", (), Some(&kwargs))?;
    Ok(())
}
