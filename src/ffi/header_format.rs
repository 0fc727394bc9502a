//! `dsauth_header_format`: which authentication header to render.

use std::ffi::c_uint;

use super::Failure;
use crate::HeaderFormat;

/// An authentication header form. Functions take it as `unsigned int` and
/// return DSAUTH_RESULT_INVALID_ARGUMENT for any other value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_header_format {
    /// `X-DocuSign-Authentication: {"Username":…,"Password":…,"IntegratorKey":…}`
    /// (legacy credentials).
    Json = 0,
    /// `X-DocuSign-Authentication: <DocuSignCredentials>…</DocuSignCredentials>`
    /// (legacy credentials).
    Xml = 1,
    /// `Authorization: Bearer <token>` (an access token).
    Bearer = 2,
}

impl dsauth_header_format {
    /// The core format for a value received from C.
    pub(crate) fn parse(value: c_uint) -> Result<HeaderFormat, Failure> {
        match value {
            v if v == Self::Json as u32 => Ok(HeaderFormat::Json),
            v if v == Self::Xml as u32 => Ok(HeaderFormat::Xml),
            v if v == Self::Bearer as u32 => Ok(HeaderFormat::Bearer),
            _ => Err(Failure::invalid(
                "format",
                &format!("{value} is not a DSAUTH_HEADER_FORMAT_* value"),
            )),
        }
    }
}
