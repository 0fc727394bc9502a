//! SIGINT and SIGTERM as events on a thread of their own.

/// Blocks SIGINT and SIGTERM in this thread and in every thread started
/// after it (call it before any other thread exists), and calls
/// `on_signal` from a waiter thread each time one arrives. Children inherit
/// the mask: unblock the signals in the child (`run.rs` does).
#[cfg(unix)]
pub fn watch(mut on_signal: impl FnMut(libc::c_int) + Send + 'static) {
    // SAFETY: plain libc calls on a local, initialised sigset.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    };
    std::thread::spawn(move || loop {
        let mut sig: libc::c_int = 0;
        // SAFETY: `set` is initialised and `sig` is a valid out-pointer.
        if unsafe { libc::sigwait(&set, &mut sig) } == 0 {
            on_signal(sig);
        }
    });
}

#[cfg(not(unix))]
pub fn watch(_on_signal: impl FnMut(i32) + Send + 'static) {}
