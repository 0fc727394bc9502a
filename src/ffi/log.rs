//! `dsauth_set_log_callback`: the core's log records handed to a C
//! function.
//!
//! The core logs through the `log` facade; this file installs, once per
//! process, a `log` logger that forwards the records whose target is
//! `dsauth` or below it (`dsauth::client::transport`, …) to the callback.
//! Records of the crates dsauth uses (the HTTP, TLS and Redis clients,
//! whose trace records show raw request lines) never reach it.

use std::ffi::{c_char, c_uint, c_void, CString};
use std::sync::{OnceLock, RwLock};

use log::{Level, LevelFilter, Log, Metadata, Record};

use super::result::dsauth_result;
use super::{run_plain, Failure};

/// The severity of a log record, most severe first. `max_level` of
/// `dsauth_set_log_callback` takes it as `unsigned int` and returns
/// DSAUTH_RESULT_INVALID_ARGUMENT for any other value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_log_level {
    /// A call failed in a way the application should hear of.
    Error = 1,
    /// Something is wrong but the call goes on: the polling guard in warn
    /// mode, a shared state (Redis, a directory) that failed over to this
    /// process's memory.
    Warn = 2,
    /// What an operator wants to see: the account chosen, token requests
    /// and renewals, rate-limit waits longer than a second (before they
    /// start), a 401 answered by a renewal, polling guard refusals.
    Info = 3,
    /// Every request (method, URL without query values, status, duration,
    /// trace token), short waits, shared tokens reused.
    Debug = 4,
    /// Not used yet.
    Trace = 5,
}

/// Receives one log record: `level`, `target` (the core module that
/// logged, e.g. "dsauth::client::transport") and `message`, both
/// NUL-terminated UTF-8 valid only during the call. No record carries a
/// secret (no header value, body, token, password, assertion or key) nor a
/// query value; text a server sent is redacted as in errors.
///
/// Ownership: `target` and `message` are dsauth's, valid during the call
/// only; `user_data` is what was given to dsauth_set_log_callback.
/// Threads: any thread, several at once (see dsauth_set_log_callback).
/// Returns nothing.
pub type dsauth_log_callback = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        level: dsauth_log_level,
        target: *const c_char,
        message: *const c_char,
    ),
>;

/// The callback and its user data.
struct Sink {
    callback: unsafe extern "C" fn(*mut c_void, dsauth_log_level, *const c_char, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: the header requires a callback (and user data) that may be used
// from any thread, concurrently.
unsafe impl Send for Sink {}
unsafe impl Sync for Sink {}

/// The current sink. Held for reading while the callback runs, so that
/// replacing it waits for the calls in flight.
static SINK: RwLock<Option<Sink>> = RwLock::new(None);

/// Whether the forwarding logger is the process's `log` logger (false when
/// a Rust program installed its own first).
static INSTALLED: OnceLock<bool> = OnceLock::new();

struct CallbackLogger;

static LOGGER: CallbackLogger = CallbackLogger;

impl Log for CallbackLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        let target = metadata.target();
        target == "dsauth" || target.starts_with("dsauth::")
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let sink = SINK.read().unwrap_or_else(|e| e.into_inner());
        let Some(sink) = &*sink else {
            return;
        };
        let target = c_text(record.target().to_owned());
        let message = c_text(record.args().to_string());
        let level = match record.level() {
            Level::Error => dsauth_log_level::Error,
            Level::Warn => dsauth_log_level::Warn,
            Level::Info => dsauth_log_level::Info,
            Level::Debug => dsauth_log_level::Debug,
            Level::Trace => dsauth_log_level::Trace,
        };
        // SAFETY: the header's contract on the callback and its user data.
        unsafe { (sink.callback)(sink.user_data, level, target.as_ptr(), message.as_ptr()) };
    }

    fn flush(&self) {}
}

/// `text` as a C string (a NUL inside, which no record has, is dropped).
fn c_text(text: String) -> CString {
    CString::new(text).unwrap_or_else(|e| {
        let mut bytes = e.into_vec();
        bytes.retain(|&b| b != 0);
        CString::new(bytes).unwrap_or_default()
    })
}

/// Sends the log records of dsauth with a level up to `max_level` (a
/// `dsauth_log_level`) to `callback`, with `user_data` as its first
/// argument; a NULL `callback` stops them (the default: no records are
/// made, at the cost of one atomic load each). Process-wide: the last call
/// wins.
///
/// The callback runs on the thread that logs, inside the dsauth call that
/// logs, and may run on several threads at once: it must be thread-safe,
/// quick, and must not call any dsauth function (a call that logs would
/// wait for itself). When this function returns, the previous callback is
/// no longer running and will not be called again, so its `user_data` may
/// be freed.
///
/// Only dsauth's own records are forwarded (targets "dsauth" and
/// "dsauth::…"); none carries a secret.
///
/// Ownership: `user_data` is the caller's; dsauth only passes it on.
/// Threads: any thread; not from inside the callback.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_INVALID_ARGUMENT (an unknown
/// `max_level`, or a Rust program that linked dsauth installed its own
/// `log` logger, which then receives the records); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_set_log_callback(
    callback: dsauth_log_callback,
    user_data: *mut c_void,
    max_level: c_uint,
) -> dsauth_result {
    run_plain(|| {
        let filter = match max_level {
            1 => LevelFilter::Error,
            2 => LevelFilter::Warn,
            3 => LevelFilter::Info,
            4 => LevelFilter::Debug,
            5 => LevelFilter::Trace,
            _ => {
                return Err(Failure::invalid(
                    "max_level",
                    &format!("{max_level} is not a DSAUTH_LOG_LEVEL_* value"),
                ))
            }
        };
        if !*INSTALLED.get_or_init(|| log::set_logger(&LOGGER).is_ok()) {
            return Err(Failure::invalid(
                "callback",
                "this process has its own `log` logger",
            ));
        }
        let mut sink = SINK.write().unwrap_or_else(|e| e.into_inner());
        *sink = callback.map(|callback| Sink {
            callback,
            user_data,
        });
        log::set_max_level(if sink.is_some() {
            filter
        } else {
            LevelFilter::Off
        });
        Ok(())
    })
}
