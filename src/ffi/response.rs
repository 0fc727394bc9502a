//! `dsauth_response`: the answer to a call, and `dsauth_rate_limit`, its
//! rate-limit snapshot.
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth_response>`, which
//! holds the response in C form (NUL-terminated texts, the body followed by
//! a NUL) so every accessor returns a view without allocating.

use std::ffi::{c_char, CString};
use std::ptr;

use super::error::c_text;
use super::handle::{arg_ref, box_castable, free_box, try_ref};
use super::result::dsauth_result;
use super::{arg_str, guard, run_plain, Failure, OutPtr};
use crate::client::{RateLimit, Response};

/// The answer to a call: HTTP status, headers, the whole body, DocuSign's
/// trace token and the rate-limit snapshot. One owner; immutable, so it may
/// be read by several threads at once while not freed. Every pointer read
/// from it stays valid until `dsauth_response_free`.
pub struct dsauth_response {
    status: u16,
    headers: Vec<(CString, CString)>,
    /// The body followed by one NUL (not counted in its length).
    body: Vec<u8>,
    trace_token: Option<CString>,
    url: CString,
    rate_limit: RateLimit,
}

/// DocuSign's rate-limit headers of one response. A plain struct the caller
/// allocates (e.g. on the stack) and `dsauth_response_rate_limit` fills.
/// Each value comes with a flag that says whether its header was present
/// (and a number); an absent value is 0.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dsauth_rate_limit {
    /// `X-RateLimit-Limit`: calls allowed per hour.
    pub limit: u64,
    /// `X-RateLimit-Remaining`: calls left this hour.
    pub remaining: u64,
    /// `X-RateLimit-Reset`: when the hourly count resets, Unix seconds.
    pub reset_at: u64,
    /// `X-BurstLimit-Limit`: calls allowed per burst window (30 s).
    pub burst_limit: u64,
    /// `X-BurstLimit-Remaining`: calls left in this burst window.
    pub burst_remaining: u64,
    /// `limit` is present.
    pub has_limit: bool,
    /// `remaining` is present.
    pub has_remaining: bool,
    /// `reset_at` is present.
    pub has_reset_at: bool,
    /// `burst_limit` is present.
    pub has_burst_limit: bool,
    /// `burst_remaining` is present.
    pub has_burst_remaining: bool,
}

impl From<RateLimit> for dsauth_rate_limit {
    fn from(r: RateLimit) -> Self {
        dsauth_rate_limit {
            limit: r.limit.unwrap_or(0),
            remaining: r.remaining.unwrap_or(0),
            reset_at: r.reset_at.unwrap_or(0),
            burst_limit: r.burst_limit.unwrap_or(0),
            burst_remaining: r.burst_remaining.unwrap_or(0),
            has_limit: r.limit.is_some(),
            has_remaining: r.remaining.is_some(),
            has_reset_at: r.reset_at.is_some(),
            has_burst_limit: r.burst_limit.is_some(),
            has_burst_remaining: r.burst_remaining.is_some(),
        }
    }
}

/// A static empty body, so an empty response still gives a valid pointer.
static EMPTY: [u8; 1] = [0];

impl dsauth_response {
    /// The C form of a core response.
    pub(crate) fn new(response: Response) -> Self {
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (c_text(n), c_text(v)))
            .collect();
        let mut body = Vec::with_capacity(response.body().len() + 1);
        body.extend_from_slice(response.body());
        body.push(0);
        dsauth_response {
            status: response.status(),
            headers,
            body,
            trace_token: response.trace_token().map(c_text),
            url: c_text(response.url()),
            rate_limit: response.rate_limit(),
        }
    }
}

box_castable!(dsauth_response);

/// Frees a response. NULL is accepted and ignored.
///
/// Ownership: takes back `response`; it and every pointer read from it
/// (body, headers, texts) are invalid afterwards.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_free(response: *mut dsauth_response) {
    // SAFETY: the header's contract on `response`.
    guard(|| unsafe { free_box(response) })
}

/// The HTTP status (e.g. 200, 201).
///
/// Ownership: `response` is borrowed.
/// Threads: any thread; a response may be read by several at once.
/// Returns: the status; 0 when `response` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_status(response: *const dsauth_response) -> u16 {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(response) }.map_or(0, |r| r.status)
    })
}

/// The whole body, as a view: `*data` receives a pointer to its bytes and
/// `*len` their number. The bytes are followed by a NUL that `*len` does not
/// count, so a text body (JSON, XML) can be used as a C string as long as
/// it holds no NUL itself. An empty body gives `*len` 0 and a valid `*data`.
///
/// Ownership: the bytes belong to `response` and stay valid until
/// `dsauth_response_free(response)`; never free them.
/// Threads: any thread; a response may be read by several at once.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (any argument
/// NULL; outputs untouched); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_body(
    response: *const dsauth_response,
    data: *mut *const u8,
    len: *mut usize,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let response = unsafe { arg_ref(response, "response") }?;
        let data = OutPtr::new(data, "data")?;
        let len = OutPtr::new(len, "len")?;
        let bytes = &response.body[..response.body.len() - 1];
        let p = if bytes.is_empty() {
            EMPTY.as_ptr()
        } else {
            response.body.as_ptr()
        };
        unsafe {
            data.write(p);
            len.write(bytes.len());
        }
        Ok(())
    })
}

/// Looks up the first header called `name` (compared case-insensitively,
/// e.g. "content-type"). `*value` receives a view of its value, or NULL
/// when the response has no such header.
///
/// Ownership: `name` is borrowed; the value belongs to `response` and stays
/// valid until `dsauth_response_free(response)`.
/// Threads: any thread; a response may be read by several at once.
/// Returns: DSAUTH_RESULT_OK (found or not); DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8 (`name`); DSAUTH_RESULT_PANIC. `*value` is
/// written only with DSAUTH_RESULT_OK.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_header(
    response: *const dsauth_response,
    name: *const c_char,
    value: *mut *const c_char,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let response = unsafe { arg_ref(response, "response") }?;
        let name = unsafe { arg_str(name, "name") }?;
        let value = OutPtr::new(value, "value")?;
        let found = response
            .headers
            .iter()
            .find(|(n, _)| n.to_bytes().eq_ignore_ascii_case(name.as_bytes()))
            .map_or(ptr::null(), |(_, v)| v.as_ptr());
        unsafe { value.write(found) };
        Ok(())
    })
}

/// The number of headers of the response (every header line, in the order
/// received; a repeated name counts once per line).
///
/// Ownership: `response` is borrowed.
/// Threads: any thread; a response may be read by several at once.
/// Returns: the number; 0 when `response` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_header_count(response: *const dsauth_response) -> usize {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(response) }.map_or(0, |r| r.headers.len())
    })
}

/// The header at `index` (0 to `dsauth_response_header_count` − 1):
/// `*name` and `*value` receive views of its name (lower case, as HTTP/2
/// and ureq normalise it) and its value.
///
/// Ownership: the texts belong to `response` and stay valid until
/// `dsauth_response_free(response)`.
/// Threads: any thread; a response may be read by several at once.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (`index` out of range; outputs
/// untouched); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_header_at(
    response: *const dsauth_response,
    index: usize,
    name: *mut *const c_char,
    value: *mut *const c_char,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let response = unsafe { arg_ref(response, "response") }?;
        let name = OutPtr::new(name, "name")?;
        let value = OutPtr::new(value, "value")?;
        let (n, v) = response.headers.get(index).ok_or_else(|| {
            Failure::invalid(
                "index",
                &format!(
                    "{index} is not below the header count {}",
                    response.headers.len()
                ),
            )
        })?;
        unsafe {
            name.write(n.as_ptr());
            value.write(v.as_ptr());
        }
        Ok(())
    })
}

/// DocuSign's `X-DocuSign-TraceToken` of the response, to quote to DocuSign
/// support.
///
/// Ownership: the text belongs to `response` and stays valid until
/// `dsauth_response_free(response)`.
/// Threads: any thread; a response may be read by several at once.
/// Returns: NUL-terminated text; NULL when the response has none or
/// `response` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_trace_token(
    response: *const dsauth_response,
) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(response) }
            .and_then(|r| r.trace_token.as_ref())
            .map_or(ptr::null(), |t| t.as_ptr())
    })
}

/// The URL that was called, without its query string.
///
/// Ownership: the text belongs to `response` and stays valid until
/// `dsauth_response_free(response)`.
/// Threads: any thread; a response may be read by several at once.
/// Returns: NUL-terminated text; NULL only when `response` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_url(response: *const dsauth_response) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(response) }.map_or(ptr::null(), |r| r.url.as_ptr())
    })
}

/// Copies the rate-limit snapshot of the response (DocuSign's
/// `X-RateLimit-*` and `X-BurstLimit-*` headers) into the caller's `*out`.
/// Absent or unparsable headers have their `has_*` flag false and value 0.
///
/// Ownership: `response` is borrowed; `*out` is the caller's.
/// Threads: any thread; a response may be read by several at once.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`*out` untouched);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_response_rate_limit(
    response: *const dsauth_response,
    out: *mut dsauth_rate_limit,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let response = unsafe { arg_ref(response, "response") }?;
        let out = OutPtr::new(out, "out")?;
        unsafe { out.write(response.rate_limit.into()) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::handle::to_box;
    use super::*;
    use std::ffi::CStr;

    fn response(body: &[u8]) -> *mut dsauth_response {
        to_box(dsauth_response::new(Response {
            status: 204,
            headers: vec![
                ("x-docusign-tracetoken".into(), "t-1".into()),
                ("x-ratelimit-limit".into(), "1000".into()),
                ("x-a".into(), "first".into()),
                ("X-A".into(), "second".into()),
            ],
            body: body.to_vec(),
            url: "https://h/restapi".into(),
        }))
    }

    #[test]
    fn views() {
        let r = response(b"");
        let mut data: *const u8 = ptr::null();
        let mut len = 9;
        let mut value: *const c_char = ptr::null();
        unsafe {
            assert_eq!(
                dsauth_response_body(r, &mut data, &mut len),
                dsauth_result::Ok
            );
            assert!(!data.is_null());
            assert_eq!((len, *data), (0, 0));
            assert_eq!(dsauth_response_status(r), 204);
            assert_eq!(
                dsauth_response_header(r, c"X-a".as_ptr(), &mut value),
                dsauth_result::Ok
            );
            assert_eq!(CStr::from_ptr(value).to_str(), Ok("first"));
            assert_eq!(dsauth_response_header_count(r), 4);
            let trace = CStr::from_ptr(dsauth_response_trace_token(r));
            assert_eq!(trace.to_str(), Ok("t-1"));
            let mut rl = dsauth_rate_limit::default();
            assert_eq!(dsauth_response_rate_limit(r, &mut rl), dsauth_result::Ok);
            assert!(rl.has_limit && !rl.has_remaining);
            dsauth_response_free(r);

            let r = response(b"{\"a\":1}");
            assert_eq!(
                dsauth_response_body(r, &mut data, &mut len),
                dsauth_result::Ok
            );
            assert_eq!(len, 7);
            assert_eq!(CStr::from_ptr(data.cast()).to_str(), Ok("{\"a\":1}"));
            dsauth_response_free(r);
        }
    }

    #[test]
    fn rate_limit_flags() {
        let r = dsauth_rate_limit::from(RateLimit {
            limit: Some(1000),
            remaining: None,
            reset_at: Some(0),
            burst_limit: None,
            burst_remaining: Some(3),
        });
        assert!(r.has_limit && r.limit == 1000);
        assert!(!r.has_remaining && r.remaining == 0);
        assert!(r.has_reset_at && r.reset_at == 0);
        assert!(!r.has_burst_limit);
        assert!(r.has_burst_remaining && r.burst_remaining == 3);
    }
}
