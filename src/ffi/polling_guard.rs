//! `dsauth_polling_guard`: what the polling guard does with a status GET
//! made again within 15 minutes.

use std::ffi::c_uint;

use super::Failure;
use crate::PollingGuard;

/// A polling guard mode. Functions take it as `unsigned int` and return
/// DSAUTH_RESULT_INVALID_ARGUMENT for any other value. OFF is 0 and ENFORCE
/// is 1, so `false` and `true` keep the meaning the setter gave them when
/// it took a `bool`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_polling_guard {
    /// Send it; no marks are kept.
    Off = 0,
    /// Refuse it without sending (DSAUTH_RESULT_POLLING_TOO_SOON; the
    /// default).
    Enforce = 1,
    /// Log a WARN record (target `dsauth::client::polling`, see
    /// dsauth_set_log_callback) and send it.
    Warn = 2,
}

impl dsauth_polling_guard {
    /// The core mode for a value received from C.
    pub(crate) fn parse(value: c_uint) -> Result<PollingGuard, Failure> {
        match value {
            v if v == Self::Off as u32 => Ok(PollingGuard::Off),
            v if v == Self::Enforce as u32 => Ok(PollingGuard::Enforce),
            v if v == Self::Warn as u32 => Ok(PollingGuard::Warn),
            _ => Err(Failure::invalid(
                "mode",
                &format!("{value} is not a DSAUTH_POLLING_GUARD_* value"),
            )),
        }
    }
}
