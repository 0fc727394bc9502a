//! `dsauth_method`: the HTTP methods of a request.

use std::ffi::c_uint;

use super::Failure;
use crate::client::Method;

/// An HTTP method of DocuSign's REST API. Functions take it as
/// `unsigned int` and return DSAUTH_RESULT_INVALID_ARGUMENT for any other
/// value. Values are explicit and append-only.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum dsauth_method {
    Get = 0,
    Head = 1,
    Post = 2,
    Put = 3,
    Patch = 4,
    Delete = 5,
}

impl dsauth_method {
    const ALL: &'static [(dsauth_method, Method)] = &[
        (Self::Get, Method::Get),
        (Self::Head, Method::Head),
        (Self::Post, Method::Post),
        (Self::Put, Method::Put),
        (Self::Patch, Method::Patch),
        (Self::Delete, Method::Delete),
    ];

    /// The core method for a value received from C.
    pub(crate) fn parse(value: c_uint) -> Result<Method, Failure> {
        Self::ALL
            .iter()
            .find(|(c, _)| *c as u32 == value)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                Failure::invalid("method", &format!("{value} is not a DSAUTH_METHOD_* value"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        for (i, (c, m)) in dsauth_method::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
            assert_eq!(dsauth_method::parse(i as u32).unwrap(), *m);
        }
        assert!(dsauth_method::parse(6).is_err());
        assert_eq!(dsauth_method::parse(2).unwrap().as_str(), "POST");
    }
}
