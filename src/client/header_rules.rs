//! Which headers a request may carry: the ones the client sets itself are
//! refused, and names and values must be valid HTTP.

use crate::error::{Error, Result};

/// Headers the client sets itself; a request may not carry them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "x-docusign-authentication",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "proxy-authorization",
];

pub(super) fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

pub(super) fn check_request_headers(headers: &[(String, String)], has_body: bool) -> Result<()> {
    if has_body && has_header(headers, "content-type") {
        return Err(Error::InvalidArgument {
            name: "header",
            reason: "Content-Type comes with the body; do not set it as a header too".into(),
        });
    }
    for (name, value) in headers {
        if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(Error::InvalidArgument {
                name: "header",
                reason: format!("{name} is set by the client itself"),
            });
        }
        let bad_name = name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if bad_name || value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(Error::InvalidArgument {
                name: "header",
                reason: format!(
                    "header {name:?} has an invalid name or a control character in its value"
                ),
            });
        }
    }
    Ok(())
}
