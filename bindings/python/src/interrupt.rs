//! Ctrl-C during a blocking call.
//!
//! Python runs signal handlers (and raises `KeyboardInterrupt`) on the main
//! thread only, between bytecodes: a main thread blocked in the core would
//! see Ctrl-C only once the call returned. So the main thread hands each
//! call to a worker thread and waits for it with the GIL released, running
//! the signal handlers every [`SIGNAL_CHECK`]. When a handler raises, the
//! call is cancelled (a rate-limit wait ends at once, nothing more is
//! sent) and abandoned: its worker reads the answer of a request already
//! sent, drops it and ends. The handler's exception propagates. Calls from
//! other threads, which no signal handler interrupts, run where they are.
//!
//! One worker waits for the main thread's next call. Only the main thread
//! touches it, with the GIL held, so `os.fork()` (which holds the GIL)
//! never finds its lock taken; a child process, where the worker's thread
//! does not exist, starts a worker of its own.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use dsauth::client::Cancel;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors::IntoPyResult;

/// How often the main thread runs the signal handlers while a call blocks.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

type Job = Box<dyn FnOnce() + Send>;

/// A thread running the jobs sent to it, one at a time, until its sender
/// is dropped.
struct Worker {
    jobs: mpsc::Sender<Job>,
    /// The process the thread runs in.
    pid: u32,
}

/// The worker waiting for the main thread's next call.
static IDLE: Mutex<Option<Worker>> = Mutex::new(None);

/// Runs the core call `call` with the GIL released and raises its error as
/// a `dsauth` exception; on the main thread, a signal handler that raises
/// (Ctrl-C) ends the wait within [`SIGNAL_CHECK`].
pub(crate) fn run<T: Send + 'static>(
    py: Python<'_>,
    call: impl FnOnce() -> Result<T, dsauth::Error> + Send + 'static,
) -> PyResult<T> {
    if !on_main_thread(py)? {
        return py.detach(call).py(py);
    }
    let Some(worker) = take_worker() else {
        // No thread to be had: the call blocks, as it would without us.
        return py.detach(call).py(py);
    };
    let cancel = Cancel::new();
    let (done, mut outcome) = mpsc::sync_channel(1);
    let job = {
        let cancel = cancel.clone();
        move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| cancel.run(call)));
            // Fails only when the call was abandoned: the result is dropped.
            let _ = done.send(result);
        }
    };
    worker
        .jobs
        .send(Box::new(job))
        .expect("a worker's thread runs as long as its sender lives");
    loop {
        let received;
        // The receiver goes to the detached closure and back (it is not
        // `Sync`, so it cannot be lent).
        (received, outcome) = py.detach(move || (outcome.recv_timeout(SIGNAL_CHECK), outcome));
        match received {
            Ok(result) => {
                put_back(worker);
                return result
                    .unwrap_or_else(|panic| panic::resume_unwind(panic))
                    .py(py);
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Err(raised) = py.check_signals() {
                    cancel.cancel();
                    // Dropping the worker's sender ends its thread once the
                    // abandoned call returns.
                    return Err(raised);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                unreachable!("a job sends its result before it ends")
            }
        }
    }
}

/// True on the thread Python runs signal handlers on.
fn on_main_thread(py: Python<'_>) -> PyResult<bool> {
    static MAIN_THREAD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static CURRENT_THREAD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let main = MAIN_THREAD
        .import(py, "threading", "main_thread")?
        .call0()?;
    let current = CURRENT_THREAD
        .import(py, "threading", "current_thread")?
        .call0()?;
    Ok(main.is(&current))
}

/// The idle worker of this process, or a new one (`None` when no thread
/// can be started).
fn take_worker() -> Option<Worker> {
    let idle = IDLE.lock().unwrap_or_else(PoisonError::into_inner).take();
    match idle {
        Some(worker) if worker.pid == std::process::id() => return Some(worker),
        // Inherited through fork: its thread lives in the parent only.
        // Forgotten, not dropped: the fork may have caught its channel
        // mid-operation.
        Some(inherited) => std::mem::forget(inherited),
        None => {}
    }
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("dsauth-call".into())
        .spawn(move || queue.into_iter().for_each(|job| job()))
        .ok()?;
    Some(Worker {
        jobs,
        pid: std::process::id(),
    })
}

/// Keeps `worker` for the next call, unless another came back first (a
/// call made by a signal handler while the main thread waited).
fn put_back(worker: Worker) {
    let mut idle = IDLE.lock().unwrap_or_else(PoisonError::into_inner);
    if idle.is_none() {
        *idle = Some(worker);
    }
}
