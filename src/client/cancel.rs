//! [`Cancel`]: stopping a call from another thread, e.g. on Ctrl-C.
//!
//! The flag in force is per thread ([`Cancel::run`]) rather than a
//! parameter of every call: the waits it ends sit deep below the public
//! methods (account discovery inside a request, retries inside the send
//! loop), and a call runs on one thread from start to end.

use std::cell::RefCell;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::error::{Error, Result};

/// Stops the calls run under it at the next point where stopping leaves
/// nothing half done: a rate-limit wait ends at once, and no request (a
/// first attempt or a retry) goes out after [`cancel`](Self::cancel). A
/// request already sent is not interrupted; its answer is read and, if the
/// call was cancelled, nothing more is sent. A stopped call fails with
/// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled). Clones share the
/// flag.
#[derive(Clone, Default)]
pub struct Cancel {
    flag: Arc<Flag>,
}

#[derive(Default)]
struct Flag {
    cancelled: Mutex<bool>,
    changed: Condvar,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

thread_local! {
    /// The flag of the call running on this thread, if it has one.
    static CURRENT: RefCell<Option<Cancel>> = const { RefCell::new(None) };
}

impl Cancel {
    /// A flag not yet raised.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Stops the calls running under this flag (from any thread), and every
    /// later one.
    pub fn cancel(&self) {
        *self.lock() = true;
        self.flag.changed.notify_all();
    }

    /// True once [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        *self.lock()
    }

    /// Runs `call` on this thread with this flag in force: the calls of any
    /// [`Client`](crate::Client) it makes stop once the flag is raised.
    pub fn run<T>(&self, call: impl FnOnce() -> T) -> T {
        /// Puts back the flag that was in force, also when `call` panics.
        struct Restore(Option<Cancel>);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|current| *current.borrow_mut() = self.0.take());
            }
        }
        let _restore = Restore(CURRENT.with(|current| current.replace(Some(self.clone()))));
        call()
    }

    fn lock(&self) -> MutexGuard<'_, bool> {
        self.flag
            .cancelled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// The flag in force on this thread, if any.
fn current() -> Option<Cancel> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Fails when the call running on this thread was cancelled.
pub(crate) fn check() -> Result<()> {
    match current() {
        Some(cancel) if cancel.is_cancelled() => Err(Error::Cancelled),
        _ => Ok(()),
    }
}

/// Waits `duration`, or fails as soon as the call running on this thread
/// is cancelled.
pub(crate) fn sleep(duration: Duration) -> Result<()> {
    let Some(cancel) = current() else {
        std::thread::sleep(duration);
        return Ok(());
    };
    let guard = cancel.lock();
    let (cancelled, _) = cancel
        .flag
        .changed
        .wait_timeout_while(guard, duration, |cancelled| !*cancelled)
        .unwrap_or_else(|e| e.into_inner());
    if *cancelled {
        return Err(Error::Cancelled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_wait_ends_when_cancelled_from_another_thread() {
        let cancel = Cancel::new();
        let canceller = cancel.clone();
        let started = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            canceller.cancel();
        });
        let slept = cancel.run(|| sleep(Duration::from_secs(60)));
        assert_eq!(slept.unwrap_err().kind(), ErrorKind::Cancelled);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(cancel.is_cancelled());
        assert_eq!(cancel.run(check).unwrap_err().kind(), ErrorKind::Cancelled);
    }

    #[test]
    fn only_the_calls_run_under_a_flag_stop() {
        let cancel = Cancel::new();
        cancel.cancel();
        assert!(check().is_ok(), "no flag in force outside run");
        assert!(sleep(Duration::from_millis(1)).is_ok());
        let other = Cancel::new();
        cancel.run(|| {
            assert!(check().is_err());
            // An inner run puts the outer flag back when it ends.
            other.run(|| assert!(check().is_ok()));
            assert!(check().is_err());
        });
        assert!(check().is_ok());
        assert!(other.run(|| sleep(Duration::from_millis(1))).is_ok());
    }
}
