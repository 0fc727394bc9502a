//! `dsauth_request`: a REST request built by C, sent with
//! `dsauth_client_send`.
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth::Request>`: one owner.

use std::ffi::{c_char, c_uint};

use super::error::dsauth_error;
use super::handle::{arg_mut, box_castable, free_box, to_box};
use super::method::dsauth_method;
use super::result::dsauth_result;
use super::{arg_str, guard, run, Failure, OutPtr};
use crate::client::Request;

/// A REST request: method, path, query parameters, extra headers and an
/// optional body. The client adds authentication when it sends it. One
/// owner; not to be changed by two threads at once (it may be sent by
/// several threads at once while nobody changes it).
pub struct dsauth_request {
    _private: [u8; 0],
}

box_castable!(dsauth_request => Request);

/// Changes the request behind `request` with `change` under the panic
/// boundary. `change` converts its arguments before it changes anything,
/// and the core's setters leave the request unchanged when they refuse.
///
/// # Safety
/// The header's contract on `request` and `error_out`.
unsafe fn update(
    request: *mut dsauth_request,
    error_out: *mut *mut dsauth_error,
    change: impl FnOnce(&mut Request) -> Result<(), Failure>,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on `request`.
        change(unsafe { arg_mut(request, "request") }?)
    })
}

/// A new request. `method` is a `DSAUTH_METHOD_*` value. `path` is one of:
/// "" (the account itself); a path relative to the account such as
/// "/envelopes" or "/envelopes/<id>" (sent to
/// `<REST base>/v2.1/accounts/<account id>/envelopes…`); an absolute path
/// on the account's host starting with "/restapi/"; or a full https URL on
/// the environment's or the account's host. A path has no query (use
/// `dsauth_request_add_query`); it is checked when the request is sent.
///
/// Ownership: `path` is copied. On success `*out` receives a new request the
/// caller frees with `dsauth_request_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (unknown
/// method); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_new(
    method: c_uint,
    path: *const c_char,
    out: *mut *mut dsauth_request,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let path = unsafe { arg_str(path, "path") }?;
        let out = OutPtr::new(out, "out")?;
        let method = dsauth_method::parse(method)?;
        unsafe { out.write(to_box(Request::new(method, path))) };
        Ok(())
    })
}

/// Frees a request. NULL is accepted and ignored.
///
/// Ownership: takes back `request`; it must not be used again.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_free(request: *mut dsauth_request) {
    // SAFETY: the header's contract on `request`.
    guard(|| unsafe { free_box(request) })
}

/// Adds the query parameter `key=value` (both percent-encoded when sent;
/// pass them unencoded). Parameters are sent in the order added; a key may
/// repeat.
///
/// Ownership: `request` is borrowed and changed; the strings are copied.
/// Threads: one thread at a time per `request`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_PANIC. Detail: `error_out`; on
/// failure the request is unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_add_query(
    request: *mut dsauth_request,
    key: *const c_char,
    value: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        update(request, error_out, |r| {
            r.add_query(arg_str(key, "key")?, arg_str(value, "value")?);
            Ok(())
        })
    }
}

/// Adds the header `name: value`. The name must be a valid HTTP token and
/// the value free of control characters; `Authorization`,
/// `X-DocuSign-Authentication` and `Host` are refused because the client
/// sets them. The checks happen when the request is sent
/// (DSAUTH_RESULT_INVALID_ARGUMENT).
///
/// Ownership: `request` is borrowed and changed; the strings are copied.
/// Threads: one thread at a time per `request`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_PANIC. Detail: `error_out`; on
/// failure the request is unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_add_header(
    request: *mut dsauth_request,
    name: *const c_char,
    value: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        update(request, error_out, |r| {
            r.add_header(arg_str(name, "name")?, arg_str(value, "value")?);
            Ok(())
        })
    }
}

/// Sets the body: `len` bytes at `data` (NULL allowed when `len` is 0),
/// sent with `Content-Type: content_type` (e.g. "application/pdf"). Replaces
/// any earlier body.
///
/// Ownership: `request` is borrowed and changed; the bytes and the content
/// type are copied.
/// Threads: one thread at a time per `request`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`request` or
/// `content_type` NULL, or `data` NULL with `len` > 0);
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (an empty content
/// type, or one with a control character); DSAUTH_RESULT_PANIC. Detail:
/// `error_out`; on failure the request is unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_set_body(
    request: *mut dsauth_request,
    data: *const u8,
    len: usize,
    content_type: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        update(request, error_out, |r| {
            if data.is_null() && len > 0 {
                return Err(Failure::null("data"));
            }
            let content_type = arg_str(content_type, "content_type")?;
            let bytes = if len == 0 {
                Vec::new()
            } else {
                // SAFETY: `data` holds `len` bytes by the header's contract.
                std::slice::from_raw_parts(data, len).to_vec()
            };
            Ok(r.set_body(bytes, content_type)?)
        })
    }
}

/// Sets a JSON body (`Content-Type: application/json`), sent exactly as
/// given. Replaces any earlier body.
///
/// Ownership: `request` is borrowed and changed; `json` is copied.
/// Threads: one thread at a time per `request`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (not well-formed
/// JSON; the message says where); DSAUTH_RESULT_PANIC. Detail: `error_out`; on
/// failure the request is unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_request_set_json(
    request: *mut dsauth_request,
    json: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        update(request, error_out, |r| {
            Ok(r.set_json_text(arg_str(json, "json")?)?)
        })
    }
}
