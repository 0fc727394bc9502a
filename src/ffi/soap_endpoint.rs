//! `dsauth_soap_endpoint`: the SOAP API 3.0 endpoints.

use std::ffi::c_uint;

use super::Failure;
use crate::SoapEndpoint;

/// A SOAP API 3.0 endpoint. Functions take it as `unsigned int` and return
/// DSAUTH_RESULT_INVALID_ARGUMENT for any other value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_soap_endpoint {
    /// `/api/3.0/api.asmx`: authenticated by the WS-Security UsernameToken
    /// (`dsauth_credentials_soap_security`).
    Api = 0,
    /// `/api/3.0/dsapi.asmx`: authenticated by the X-DocuSign-Authentication
    /// header.
    Dsapi = 1,
    /// `/api/3.0/accountmanagement.asmx`: authenticated by the
    /// X-DocuSign-Authentication header.
    AccountManagement = 2,
}

impl dsauth_soap_endpoint {
    /// The core endpoint for a value received from C.
    pub(crate) fn parse(value: c_uint) -> Result<SoapEndpoint, Failure> {
        match value {
            v if v == Self::Api as u32 => Ok(SoapEndpoint::Api),
            v if v == Self::Dsapi as u32 => Ok(SoapEndpoint::DsApi),
            v if v == Self::AccountManagement as u32 => Ok(SoapEndpoint::AccountManagement),
            _ => Err(Failure::invalid(
                "endpoint",
                &format!("{value} is not a DSAUTH_SOAP_ENDPOINT_* value"),
            )),
        }
    }
}
