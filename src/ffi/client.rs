//! `dsauth_client`: the shared, thread-safe client, and `dsauth_account`,
//! the account it discovered.
//!
//! The client pointer is `Arc::into_raw` of an `Arc<dsauth::Client>`:
//! `dsauth_client_clone` adds a reference, `dsauth_client_free` drops one.
//! Each call takes its own `dsauth_error **error_out`, so threads sharing a
//! client never see each other's failures.

use std::ffi::{c_char, c_uint, CString};

use super::client_options::dsauth_client_options;
use super::credentials::dsauth_credentials;
use super::environment::dsauth_environment;
use super::error::{c_text, dsauth_error};
use super::handle::{
    arc_castable, arg_ref, box_castable, clone_arc, free_arc, free_box, to_arc, to_box, try_ref,
};
use super::request::dsauth_request;
use super::response::dsauth_response;
use super::result::dsauth_result;
use super::soap_endpoint::dsauth_soap_endpoint;
use super::{arg_str, guard, run, run_plain, Failure, OutPtr, TextOut};
use crate::client::{Account, ClientOptions};
use crate::{Client, Credentials};

/// An authenticated DocuSign client for one environment and one set of
/// credentials: REST and SOAP calls, account discovery (cached), OAuth
/// tokens (cached and renewed), a connection pool. Immutable and
/// reference-counted: one handle may be used by any number of threads at
/// once, and each call reports its own failure through its own `error_out`.
pub struct dsauth_client {
    _private: [u8; 0],
}

arc_castable!(dsauth_client => Client);
box_castable!(dsauth_account);

/// The account a client makes its calls for. One owner; immutable, so it
/// may be read by several threads at once while not freed. Every text read
/// from it stays valid until `dsauth_account_free`.
pub struct dsauth_account {
    id: CString,
    name: CString,
    rest_base: CString,
    is_default: bool,
}

impl dsauth_account {
    fn new(account: &Account) -> Self {
        dsauth_account {
            id: c_text(&account.account_id),
            name: c_text(&account.name),
            rest_base: c_text(&account.rest_base),
            is_default: account.is_default,
        }
    }
}

/// Builds a client. `options` may be NULL for the defaults (see
/// `dsauth_client_options_new`). No network traffic happens until the first
/// call.
///
/// Ownership: `environment`, `options` and `credentials` are copied (the
/// client's copy of any secret is wiped when the client is freed), so the
/// caller may free all three right away. On success `*out` receives a new
/// client the caller releases with `dsauth_client_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (an option is refused: account id,
/// API version, extra CA, CA file, the CAs of `SSL_CERT_FILE` /
/// `SSL_CERT_DIR`; the message names it); DSAUTH_RESULT_INVALID_URL (the
/// proxy URL, or a proxy environment variable, named); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_new(
    environment: *const dsauth_environment,
    credentials: *const dsauth_credentials,
    options: *const dsauth_client_options,
    out: *mut *const dsauth_client,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let environment = unsafe { arg_ref(environment, "environment") }?;
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let options = if options.is_null() {
            ClientOptions::default()
        } else {
            unsafe { arg_ref(options, "options") }?.clone()
        };
        let out = OutPtr::new(out, "out")?;
        // The core client owns its credentials; the C handle's are shared
        // and immutable, so the client keeps a copy (secrets are wiped when
        // each copy is dropped).
        let client = Client::new(
            environment.clone(),
            Credentials::clone(credentials),
            options,
        )?;
        unsafe { out.write(to_arc(client)) };
        Ok(())
    })
}

/// Adds a reference to `client`, for handing it to another owner or thread.
///
/// Ownership: the caller owns one more reference and releases it with
/// `dsauth_client_free`.
/// Threads: any thread, concurrently with any other use of the handle.
/// Returns: `client` itself; NULL when it is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_clone(client: *const dsauth_client) -> *const dsauth_client {
    // SAFETY: the header's contract on `client`.
    guard(|| unsafe { clone_arc(client) })
}

/// Releases one reference; the last one closes the connections, wipes the
/// secrets and tokens and frees the client. NULL is accepted and ignored.
/// Responses and accounts obtained from the client stay valid.
///
/// Ownership: the caller's reference is gone; the handle must not be used
/// through it again.
/// Threads: any thread, concurrently with uses of other references.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_free(client: *const dsauth_client) {
    // SAFETY: the header's contract on `client`.
    guard(|| unsafe { free_arc(client) })
}

/// The account calls are made for: discovered on the first call that needs
/// it (`login_information` for legacy credentials, `/oauth/userinfo` for
/// OAuth), then cached; the configured account id, else the user's default
/// account.
///
/// Ownership: `client` is borrowed. On success `*out` receives a new account
/// the caller frees with `dsauth_account_free`. Detail: `error_out` (with
/// DocuSign's errorCode, status and trace token when DocuSign refused).
/// Threads: any thread; `client` may be shared. Concurrent first calls
/// discover once.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_AUTHENTICATION_FAILED; DSAUTH_RESULT_ACCOUNT_NOT_FOUND;
/// a transport result (DSAUTH_RESULT_DNS … _IO); DSAUTH_RESULT_API,
/// _RATE_LIMITED, _HTTP_STATUS; for OAuth DSAUTH_RESULT_OAUTH or
/// _CONSENT_REQUIRED; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_account(
    client: *const dsauth_client,
    out: *mut *mut dsauth_account,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let out = OutPtr::new(out, "out")?;
        let account = client.account()?;
        unsafe { out.write(to_box(dsauth_account::new(&account))) };
        Ok(())
    })
}

/// Writes a new response to `out` from a core call, under the boundary.
fn respond(
    out: OutPtr<*mut dsauth_response>,
    call: impl FnOnce() -> crate::error::Result<crate::Response>,
) -> Result<(), Failure> {
    let response = call()?;
    // SAFETY: `out` was checked by OutPtr::new and is valid by the header's
    // contract.
    unsafe { out.write(to_box(dsauth_response::new(response))) };
    Ok(())
}

/// Sends `request` with authentication (discovering the account first when
/// the path needs it). A 2xx answer is a success; any other answer is a
/// failure whose detail (DocuSign's errorCode and message, HTTP status,
/// trace token, hint, rate-limit reset) is in `*error_out`. A GET, HEAD,
/// PUT or DELETE that hits a rate limit is retried only when the options
/// allow it; a POST is never resent for a rate limit. Any method is resent
/// once after a 401 to an OAuth token the client obtained itself (DocuSign
/// refused it before processing it), with a new token.
///
/// Ownership: `client` and `request` are borrowed (the request may be sent
/// again or freed after). On success `*out` receives a new response the caller
/// frees with `dsauth_response_free`. Detail: `error_out`.
/// Threads: any thread; `client` may be shared; `request` may be sent by
/// several threads at once while nobody changes it.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (a bad path or header);
/// DSAUTH_RESULT_POLLING_TOO_SOON (nothing sent); a transport result
/// (DSAUTH_RESULT_DNS, _CONNECT, _TLS, _TIMEOUT, _BODY_TOO_LARGE,
/// _MALFORMED_RESPONSE, _CONNECTION_LOST, _PROXY, _IO); DocuSign's refusal
/// (DSAUTH_RESULT_API, _AUTHENTICATION_FAILED, _RATE_LIMITED,
/// _HTTP_STATUS, _ACCOUNT_NOT_FOUND); for OAuth DSAUTH_RESULT_OAUTH or
/// _CONSENT_REQUIRED; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_send(
    client: *const dsauth_client,
    request: *const dsauth_request,
    out: *mut *mut dsauth_response,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let request = unsafe { arg_ref(request, "request") }?;
        let out = OutPtr::new(out, "out")?;
        respond(out, || client.send(request))
    })
}

/// `GET path`: a shorthand for a request without query, headers or body
/// (see `dsauth_request_new` for the path forms; "" is the account itself).
///
/// Ownership: `client` and `path` are borrowed. On success `*out` receives a
/// new response the caller frees with `dsauth_response_free`. Detail:
/// `error_out`.
/// Threads: any thread; `client` may be shared.
/// Returns: as `dsauth_client_send`, and DSAUTH_RESULT_INVALID_UTF8.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_get(
    client: *const dsauth_client,
    path: *const c_char,
    out: *mut *mut dsauth_response,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let path = unsafe { arg_str(path, "path") }?;
        let out = OutPtr::new(out, "out")?;
        respond(out, || client.get(path))
    })
}

/// Calls the SOAP API 3.0 operation `operation` (e.g. "Ping") on `endpoint`
/// (a `DSAUTH_SOAP_ENDPOINT_*` value) with `body`, the operation element
/// (e.g. `<Ping xmlns="http://www.docusign.net/API/3.0"/>`). dsauth wraps
/// it in a SOAP 1.1 envelope, sets `SOAPAction`, and authenticates with the
/// WS-Security UsernameToken (DSAUTH_SOAP_ENDPOINT_API) or the
/// X-DocuSign-Authentication header (the others). Needs legacy
/// credentials. Never retried. The response body is the whole SOAP
/// envelope of the answer.
///
/// Ownership: `client` and the strings are borrowed. On success `*out` receives
/// a new response the caller frees with `dsauth_response_free`. Detail:
/// `error_out` (for a fault: the fault code as `dsauth_error_code`, the fault
/// string and detail in the message).
/// Threads: any thread; `client` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (unknown
/// endpoint, an operation that is not a plain name, a body that is not
/// well-formed XML); DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (not legacy
/// credentials); DSAUTH_RESULT_SOAP_FAULT; a transport result;
/// DSAUTH_RESULT_HTTP_STATUS; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_soap_call(
    client: *const dsauth_client,
    endpoint: c_uint,
    operation: *const c_char,
    body: *const c_char,
    out: *mut *mut dsauth_response,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let operation = unsafe { arg_str(operation, "operation") }?;
        let body = unsafe { arg_str(body, "body") }?;
        let out = OutPtr::new(out, "out")?;
        let endpoint = dsauth_soap_endpoint::parse(endpoint)?;
        respond(out, || client.soap_call(endpoint, operation, body))
    })
}

/// Writes the OAuth access token the client uses now (for JWT and
/// authorization code grants), NUL-terminated, to `buf`: the cached token
/// while more than the renewal margin of its life remains, else a new one
/// (one request however many threads ask). For calls made outside dsauth
/// with the same token; dsauth's own calls add it themselves.
///
/// Buffer: on success the token and a NUL are written and `*out_n` is its
/// length without the NUL. When `len` is less than that length + 1,
/// DSAUTH_RESULT_INSUFFICIENT_SIZE is returned, `*out_n` receives the needed
/// length and `buf` is untouched; `buf` may be NULL when `len` is 0 (a size
/// query, which may itself obtain the token). A token renewed between the
/// size query and the second call may differ in length: repeat on
/// DSAUTH_RESULT_INSUFFICIENT_SIZE.
///
/// Ownership: `client` is borrowed; `buf` is the caller's. The text is a
/// secret: wipe the buffer when done. Detail: `error_out`.
/// Threads: any thread; `client` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_WRONG_CREDENTIAL_KIND
/// (legacy credentials or a ready access token: no grant to run);
/// DSAUTH_RESULT_OAUTH, _CONSENT_REQUIRED; a transport result;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_access_token(
    client: *const dsauth_client,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let token = client.token()?;
        unsafe { out.write(token.access_token.expose()) }
    })
}

/// Writes the newest refresh token of a client built from authorization
/// code credentials, NUL-terminated, to `buf`. DocuSign may issue a new
/// refresh token at each refresh, so this can differ from
/// `dsauth_credentials_refresh_token`: keep this one (safely) to build
/// credentials in a later session without the user.
///
/// Buffer: as `dsauth_credentials_render_header`.
/// Ownership: `client` is borrowed; `buf` is the caller's. The text is a
/// secret: wipe the buffer when done.
/// Threads: any thread; `client` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (not authorization code
/// credentials); DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_refresh_token(
    client: *const dsauth_client,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let token = client
            .refresh_token()
            .ok_or(crate::Error::WrongCredentialKind {
                operation: "the refresh token",
                needed: "authorization code",
                actual: client.credentials().kind_name(),
            })?;
        unsafe { out.write(token.expose()) }
    })
}

/// Frees an account. NULL is accepted and ignored.
///
/// Ownership: takes back `account`; it and every text read from it are
/// invalid afterwards.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_account_free(account: *mut dsauth_account) {
    // SAFETY: the header's contract on `account`.
    guard(|| unsafe { free_box(account) })
}

/// The account id used in REST paths (e.g. "18650243"; a GUID for OAuth).
///
/// Ownership: the text belongs to `account` and stays valid until
/// `dsauth_account_free(account)`.
/// Threads: any thread; an account may be read by several at once.
/// Returns: NUL-terminated text; NULL only when `account` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_account_id(account: *const dsauth_account) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(account) }.map_or(std::ptr::null(), |a| a.id.as_ptr())
    })
}

/// The account's name (may be empty).
///
/// Ownership: the text belongs to `account` and stays valid until
/// `dsauth_account_free(account)`.
/// Threads: any thread; an account may be read by several at once.
/// Returns: NUL-terminated text; NULL only when `account` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_account_name(account: *const dsauth_account) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(account) }.map_or(std::ptr::null(), |a| a.name.as_ptr())
    })
}

/// The REST base of the account's host, e.g.
/// "https://na3.docusign.net/restapi".
///
/// Ownership: the text belongs to `account` and stays valid until
/// `dsauth_account_free(account)`.
/// Threads: any thread; an account may be read by several at once.
/// Returns: NUL-terminated text; NULL only when `account` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_account_rest_base(account: *const dsauth_account) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(account) }.map_or(std::ptr::null(), |a| a.rest_base.as_ptr())
    })
}

/// Whether this is the user's default account.
///
/// Ownership: `account` is borrowed.
/// Threads: any thread; an account may be read by several at once.
/// Returns: true for the default account; false otherwise or when
/// `account` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_account_is_default(account: *const dsauth_account) -> bool {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(account) }.is_some_and(|a| a.is_default)
    })
}
