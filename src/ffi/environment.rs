//! `dsauth_environment`: where DocuSign is (demo, production, or a custom
//! base URL such as a proxy or the local stand-in).
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth::Environment>`: one
//! owner, immutable after construction. Objects that use an environment
//! (the client) keep a copy.

use std::ffi::{c_char, c_uint};

use super::error::dsauth_error;
use super::handle::{arg_ref, box_castable, free_box, to_box};
use super::result::dsauth_result;
use super::soap_endpoint::dsauth_soap_endpoint;
use super::{arg_opt_str, arg_str, guard, run, run_plain, Failure, OutPtr, TextOut};
use crate::Environment;

/// A DocuSign environment: the eSignature base URL (REST below `/restapi`,
/// SOAP below `/api/3.0`) and the OAuth account server. Immutable: it may be
/// read by several threads at once; it has one owner, who frees it with
/// `dsauth_environment_free` once no thread uses it. Objects built from it
/// keep their own copy, so it may be freed right after.
pub struct dsauth_environment {
    _private: [u8; 0],
}

box_castable!(dsauth_environment => Environment);

/// The developer sandbox: `https://demo.docusign.net`, account server
/// `account-d.docusign.com`.
///
/// Ownership: on success `*out` receives a new environment the caller frees
/// with `dsauth_environment_free`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`out` NULL);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_new_demo(
    out: *mut *mut dsauth_environment,
) -> dsauth_result {
    run_plain(|| {
        let out = OutPtr::new(out, "out")?;
        // SAFETY: the header's contract on `out`.
        unsafe { out.write(to_box(Environment::demo())) };
        Ok(())
    })
}

/// Production: `https://www.docusign.net`, account server
/// `account.docusign.com`. Accounts live on other hosts (na2, eu1, …) that
/// account discovery finds.
///
/// Ownership: on success `*out` receives a new environment the caller frees
/// with `dsauth_environment_free`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`out` NULL);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_new_production(
    out: *mut *mut dsauth_environment,
) -> dsauth_result {
    run_plain(|| {
        let out = OutPtr::new(out, "out")?;
        // SAFETY: the header's contract on `out`.
        unsafe { out.write(to_box(Environment::production())) };
        Ok(())
    })
}

/// Any base URL (a proxy, the local stand-in), e.g.
/// "http://127.0.0.1:8080". It must be `https://host[:port][/path]`, or
/// `http://` to a loopback host (localhost, 127.0.0.0/8, [::1]), without
/// user information, query, fragment or `.`/`..` path segments, with a
/// port (if any) from 1 to 65535; a trailing `/` is dropped.
/// `account_server_url` (same rules) may be NULL: the account server is
/// then the base URL itself. Account discovery may only move calls to the
/// scheme, host and port of one of these two URLs (see
/// `dsauth_client_options_set_follow_discovered_hosts`).
///
/// Ownership: the strings are copied. On success `*out` receives a new
/// environment the caller frees with `dsauth_environment_free`. Detail:
/// `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_URL;
/// DSAUTH_RESULT_INSECURE_URL (plain http to a host that is not loopback);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_new_custom(
    base_url: *const c_char,
    account_server_url: *const c_char,
    out: *mut *mut dsauth_environment,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let base_url = unsafe { arg_str(base_url, "base_url") }?;
        let account_server = unsafe { arg_opt_str(account_server_url, "account_server_url") }?;
        let out = OutPtr::new(out, "out")?;
        let mut environment = Environment::custom(base_url)?;
        if let Some(url) = account_server {
            environment = environment.with_account_server(url)?;
        }
        unsafe { out.write(to_box(environment)) };
        Ok(())
    })
}

/// Frees an environment. NULL is accepted and ignored.
///
/// Ownership: takes back `environment`; it must not be used again.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_free(environment: *mut dsauth_environment) {
    // SAFETY: the header's contract on `environment`.
    guard(|| unsafe { free_box(environment) })
}

/// Writes the text `text(env)` of an environment to a caller's buffer.
///
/// # Safety
/// The header's contract on every pointer.
unsafe fn write_with(
    environment: *const dsauth_environment,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
    text: impl FnOnce(&Environment) -> Result<String, Failure>,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let environment = unsafe { arg_ref(environment, "environment") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let text = text(environment)?;
        unsafe { out.write(&text) }
    })
}

/// Writes the base URL, without a trailing `/` (e.g.
/// "https://demo.docusign.net"), to `buf`, NUL-terminated.
///
/// Buffer: on success the text and a NUL are written and `*out_n` is the
/// text's length without the NUL. When `len` is less than that length + 1,
/// DSAUTH_RESULT_INSUFFICIENT_SIZE is returned, `*out_n` receives the needed
/// length (without the NUL) and `buf` is untouched; `buf` may be NULL when
/// `len` is 0 (a size query).
/// Ownership: `environment` is borrowed; `buf` is the caller's.
/// Threads: any thread; `environment` may be shared while not freed.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_base_url(
    environment: *const dsauth_environment,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        write_with(environment, buf, len, out_n, |e| {
            Ok(e.base_url().to_owned())
        })
    }
}

/// Writes the REST base, `<base URL>/restapi` (e.g.
/// "https://demo.docusign.net/restapi"), to `buf`, NUL-terminated. Account
/// discovery later narrows it to the account's own host.
///
/// Buffer, ownership, threads and results: as `dsauth_environment_base_url`.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_rest_base(
    environment: *const dsauth_environment,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe { write_with(environment, buf, len, out_n, |e| Ok(e.rest_base())) }
}

/// Writes the URL of a SOAP API 3.0 endpoint (a `DSAUTH_SOAP_ENDPOINT_*`
/// value; e.g. "https://demo.docusign.net/api/3.0/api.asmx") to `buf`,
/// NUL-terminated.
///
/// Buffer, ownership and threads: as `dsauth_environment_base_url`.
/// Returns: as `dsauth_environment_base_url`, and
/// DSAUTH_RESULT_INVALID_ARGUMENT for an unknown endpoint.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_soap_url(
    environment: *const dsauth_environment,
    endpoint: c_uint,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        write_with(environment, buf, len, out_n, |e| {
            Ok(e.soap_url(dsauth_soap_endpoint::parse(endpoint)?))
        })
    }
}

/// Writes the OAuth account server's base URL (e.g.
/// "https://account-d.docusign.com") to `buf`, NUL-terminated.
///
/// Buffer, ownership, threads and results: as `dsauth_environment_base_url`.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_account_server_url(
    environment: *const dsauth_environment,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        write_with(environment, buf, len, out_n, |e| {
            Ok(e.account_server_url().to_owned())
        })
    }
}

/// Writes the account server's bare host, with `:port` when it has one
/// (e.g. "account-d.docusign.com"; the JWT `aud` claim), to `buf`,
/// NUL-terminated.
///
/// Buffer, ownership, threads and results: as `dsauth_environment_base_url`.
#[no_mangle]
pub unsafe extern "C" fn dsauth_environment_account_server_host(
    environment: *const dsauth_environment,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        write_with(environment, buf, len, out_n, |e| {
            Ok(e.account_server_host().to_owned())
        })
    }
}
