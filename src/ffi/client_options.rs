//! `dsauth_client_options`: the settings of a client, built field by field.
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth::ClientOptions>`: one
//! owner, changed by its setters, copied by `dsauth_client_new` (so it may
//! be freed or reused right after).

use std::ffi::{c_char, c_uint};
use std::time::Duration;

use super::error::dsauth_error;
use super::handle::{arg_mut, arg_ref, box_castable, free_box, to_box};
use super::polling_guard::dsauth_polling_guard;
use super::result::dsauth_result;
use super::shared_state::dsauth_shared_state;
use super::{arg_opt_str, arg_str, guard, run, run_plain, Failure, OutPtr};
use crate::client::{ClientOptions, Proxy};
use crate::shared_state::RateReserve;

/// The settings of a client: timeouts, body limit, proxy, extra trusted
/// CAs (PEM, a CA file, the system store), the discovered-host policy,
/// account, user agent, polling guard, rate-limit retry and reserve, REST
/// API version, OAuth token renewal and shared state. A builder with one owner: create it with
/// `dsauth_client_options_new`, change it with the setters, pass it to
/// `dsauth_client_new` (which copies it) and free it with
/// `dsauth_client_options_free`. Not to be used by two threads at once.
pub struct dsauth_client_options {
    _private: [u8; 0],
}

box_castable!(dsauth_client_options => ClientOptions);

/// Applies `change` to a copy of the options behind `options` and keeps it
/// only when [`ClientOptions::validate`] accepts it, under the panic
/// boundary: every check is the core's, made by the setter rather than later
/// by `dsauth_client_new`; the options are unchanged on failure.
///
/// # Safety
/// The header's contract on `options` and `error_out`.
unsafe fn set(
    options: *mut dsauth_client_options,
    error_out: *mut *mut dsauth_error,
    change: impl FnOnce(&mut ClientOptions) -> Result<(), Failure>,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on `options`.
        let options = unsafe { arg_mut(options, "options") }?;
        let mut candidate = options.clone();
        change(&mut candidate)?;
        candidate.validate()?;
        *options = candidate;
        Ok(())
    })
}

/// New options with the documented defaults: connect timeout 10 s, overall
/// timeout 60 s, max response body 32 MiB, proxy from the environment
/// (`HTTPS_PROXY`, `NO_PROXY`, …), the Mozilla root CAs (and those of
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` when set), discovered account hosts
/// only when permitted, the user's
/// default account, user agent "dsauth/<version>", polling guard enforced, no
/// automatic rate-limit retry, REST API "v2.1", token renewal 10 minutes
/// before expiry.
///
/// Ownership: on success `*out` receives new options the caller frees with
/// `dsauth_client_options_free`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`out` NULL);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_new(
    out: *mut *mut dsauth_client_options,
) -> dsauth_result {
    run_plain(|| {
        let out = OutPtr::new(out, "out")?;
        // SAFETY: the header's contract on `out`.
        unsafe { out.write(to_box(ClientOptions::default())) };
        Ok(())
    })
}

/// Frees options. NULL is accepted and ignored. Clients built from them
/// keep their own copy.
///
/// Ownership: takes back `options`; it must not be used again.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_free(options: *mut dsauth_client_options) {
    // SAFETY: the header's contract on `options`.
    guard(|| unsafe { free_box(options) })
}

/// Sets the time allowed to resolve the host and connect, in milliseconds
/// (default 10000).
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (`ms` is 0); DSAUTH_RESULT_PANIC. On
/// failure the options are unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_connect_timeout_ms(
    options: *mut dsauth_client_options,
    ms: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.connect_timeout = Duration::from_millis(ms);
            Ok(())
        })
    }
}

/// Sets the time allowed for a whole call, from connecting to the last
/// byte of the body, in milliseconds (default 60000; never infinite).
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (`ms` is 0); DSAUTH_RESULT_PANIC. On
/// failure the options are unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_timeout_ms(
    options: *mut dsauth_client_options,
    ms: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.timeout = Duration::from_millis(ms);
            Ok(())
        })
    }
}

/// Sets the largest response body accepted, in bytes (default 33554432,
/// 32 MiB); a larger one fails the call with DSAUTH_RESULT_BODY_TOO_LARGE.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (`bytes` is 0); DSAUTH_RESULT_PANIC. On
/// failure the options are unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_max_response_body(
    options: *mut dsauth_client_options,
    bytes: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.max_response_body = bytes;
            Ok(())
        })
    }
}

/// Sends every call through the proxy `url` (`http://host:port`,
/// `socks5://host:port`, optionally with `user:password@`), whatever the
/// environment says. The URL is checked by `dsauth_client_new`
/// (DSAUTH_RESULT_INVALID_URL); error texts never show its user
/// information.
///
/// Ownership: `options` is borrowed and changed; `url` is copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (empty);
/// DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the options are
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_proxy_url(
    options: *mut dsauth_client_options,
    url: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            o.proxy = Proxy::Url(arg_str(url, "url")?.to_owned());
            Ok(())
        })
    }
}

/// Uses no proxy, whatever the environment says.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_proxy_none(
    options: *mut dsauth_client_options,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.proxy = Proxy::None;
            Ok(())
        })
    }
}

/// Takes the proxy from the environment (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `ALL_PROXY`, their lowercase forms and `NO_PROXY`, read by
/// `dsauth_client_new`): the default. A proxy variable that is set but not
/// a usable proxy URL makes `dsauth_client_new` fail with
/// DSAUTH_RESULT_INVALID_URL naming it (never a silent direct connection).
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_proxy_from_environment(
    options: *mut dsauth_client_options,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.proxy = Proxy::FromEnvironment;
            Ok(())
        })
    }
}

/// Trusts the certificate authorities in `pem` (`len` bytes of PEM with one
/// or more CERTIFICATE blocks) in addition to the Mozilla roots: for the
/// local stand-in or a TLS-inspecting proxy. Each call adds to the previous
/// ones.
///
/// Ownership: `options` is borrowed and changed; the bytes are copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`pem` NULL);
/// DSAUTH_RESULT_INVALID_ARGUMENT (no certificate, or a damaged one);
/// DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the options are
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_add_trusted_ca_pem(
    options: *mut dsauth_client_options,
    pem: *const u8,
    len: usize,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            if pem.is_null() {
                return Err(Failure::null("pem"));
            }
            // SAFETY: `pem` holds `len` bytes by the header's contract.
            Ok(o.add_trusted_ca_pem(std::slice::from_raw_parts(pem, len))?)
        })
    }
}

/// Trusts the certificate authorities in the PEM file at `path` (e.g. the
/// `ca_file` the stand-in prints) in addition to the Mozilla roots and the
/// PEM of `dsauth_client_options_add_trusted_ca_pem`: the options' CA file
/// (one; a later call replaces it). The file is checked now and read again
/// by `dsauth_client_new`. The CAs named by the `SSL_CERT_FILE` and
/// `SSL_CERT_DIR` environment variables are trusted too whenever those are
/// set.
///
/// Ownership: `options` is borrowed and changed; `path` is copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (the file
/// cannot be read, holds no certificate, or a damaged one);
/// DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the options are
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_add_trusted_ca_file(
    options: *mut dsauth_client_options,
    path: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            o.ca_file = Some(arg_str(path, "path")?.into());
            Ok(())
        })
    }
}

/// Also trusts the operating system's certificate store (`on`), or not
/// (the default): the system's PEM bundle on Unix, the keychain on macOS,
/// the certificate store on Windows, read by `dsauth_client_new` (which
/// fails with DSAUTH_RESULT_INVALID_ARGUMENT when it finds no certificate
/// there). For TLS-inspecting proxies whose CA the system trusts.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_use_system_trust(
    options: *mut dsauth_client_options,
    on: bool,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.use_system_trust = on;
            Ok(())
        })
    }
}

/// Sends credentials to whatever account host account discovery names
/// (`on`), or only to permitted ones (the default): for the demo and
/// production environments, https hosts under docusign.net or docusign.com;
/// for a custom environment, the scheme, host and port of its base URL or
/// account server. Off, another host fails the call with
/// DSAUTH_RESULT_DISCOVERED_HOST_REFUSED before anything is sent to it.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_follow_discovered_hosts(
    options: *mut dsauth_client_options,
    on: bool,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.follow_discovered_hosts = on;
            Ok(())
        })
    }
}

/// Sets the account calls are made for (a numeric account id or its GUID);
/// NULL restores the default: the user's default account. Account
/// discovery fails with DSAUTH_RESULT_ACCOUNT_NOT_FOUND when the user has
/// no such account. The form is checked here: a number or a GUID (letters,
/// digits and `-`, at most 64).
///
/// Ownership: `options` is borrowed and changed; `account_id` is copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`options` NULL);
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (not an account
/// id); DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the options are
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_account_id(
    options: *mut dsauth_client_options,
    account_id: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            o.account_id = arg_opt_str(account_id, "account_id")?.map(str::to_owned);
            Ok(())
        })
    }
}

/// Sets the `User-Agent` sent with every call (default
/// "dsauth/<version>").
///
/// Ownership: `options` is borrowed and changed; `user_agent` is copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (empty, or a
/// control character); DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the
/// options are unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_user_agent(
    options: *mut dsauth_client_options,
    user_agent: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            o.user_agent = arg_str(user_agent, "user_agent")?.to_owned();
            Ok(())
        })
    }
}

/// Sets what the polling guard does with a second GET of the same envelope,
/// or of the same envelope list query, within 15 minutes (DocuSign allows
/// one status GET per envelope every 15 minutes): a `dsauth_polling_guard`
/// value. DSAUTH_POLLING_GUARD_ENFORCE (the default) fails the call with
/// DSAUTH_RESULT_POLLING_TOO_SOON without sending it;
/// DSAUTH_POLLING_GUARD_WARN logs a WARN record and sends it;
/// DSAUTH_POLLING_GUARD_OFF sends it.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (an unknown mode; the options are
/// unchanged); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_polling_guard(
    options: *mut dsauth_client_options,
    mode: c_uint,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.polling_guard = dsauth_polling_guard::parse(mode)?;
            Ok(())
        })
    }
}

/// When a GET, HEAD, PUT or DELETE hits a DocuSign rate limit, wait for the
/// reset and retry if the total wait is at most `ms` milliseconds; 0 (the
/// default) turns the retry off; at most one hour (3600000). A POST or
/// PATCH is never resent for a rate limit.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_ARGUMENT (more than one hour; the options are
/// unchanged); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_rate_limit_max_wait_ms(
    options: *mut dsauth_client_options,
    ms: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.rate_limit_max_wait = (ms > 0).then(|| Duration::from_millis(ms));
            Ok(())
        })
    }
}

/// Sets the REST API version of account-relative paths: "v2.1" (the
/// default) or "v2". Other values are refused here.
///
/// Ownership: `options` is borrowed and changed; `version` is copied.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (another
/// version); DSAUTH_RESULT_PANIC. Detail: `error_out`; on failure the options
/// are unchanged.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_api_version(
    options: *mut dsauth_client_options,
    version: *const c_char,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, error_out, |o| {
            o.api_version = arg_str(version, "version")?.to_owned();
            Ok(())
        })
    }
}

/// For OAuth grants (JWT, authorization code): renew the access token when
/// less than `ms` milliseconds of its life remain (default 600000, 10
/// minutes). 0 uses a token until it expires. The margin is capped at half
/// the token's lifetime, so a short-lived token is still used for a while.
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_token_renewal_margin_ms(
    options: *mut dsauth_client_options,
    ms: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.token_renewal_margin = Duration::from_millis(ms);
            Ok(())
        })
    }
}

/// Calls of the account's budgets left unused for other applications on
/// the same account: `hourly` of the hourly budget, `burst` of the 30-second
/// burst budget (default 0 and 0). The budgets themselves are learned from
/// DocuSign's `X-RateLimit-*` and `X-BurstLimit-*` headers; when what is
/// left reaches the reserve, a call waits for the reset (within
/// `dsauth_client_options_set_rate_limit_max_wait_ms`) or fails with
/// DSAUTH_RESULT_RATE_LIMITED without being sent. Shared by every client of one
/// shared state (`dsauth_client_options_set_shared_state`).
///
/// Ownership: `options` is borrowed and changed.
/// Threads: one thread at a time per `options`.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_rate_reserve(
    options: *mut dsauth_client_options,
    hourly: u64,
    burst: u64,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            o.rate_reserve = RateReserve { hourly, burst };
            Ok(())
        })
    }
}

/// Makes clients built from these options keep their OAuth tokens,
/// userinfo answers, rate budget and polling guard in `state`, shared with
/// every client given the same state (or, for file and Redis states, the
/// same directory or Redis and namespace): one token request per grant,
/// one view of the account's budget. Default: each client's own memory.
///
/// Ownership: `options` is borrowed and changed; it takes a reference of
/// its own to `state` (the caller may free its handle right away), and so
/// does each client built from the options.
/// Threads: one thread at a time per `options`; `state` may be in use by
/// other threads.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`options` or
/// `state` NULL; the options are unchanged); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_options_set_shared_state(
    options: *mut dsauth_client_options,
    state: *const dsauth_shared_state,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        set(options, std::ptr::null_mut(), |o| {
            let state = arg_ref(state, "state")?.clone();
            *o = std::mem::take(o).shared_state(state);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::handle::try_ref;
    use super::*;
    use std::ptr;

    #[test]
    fn setters_change_the_options() {
        let mut o: *mut dsauth_client_options = ptr::null_mut();
        unsafe {
            assert_eq!(dsauth_client_options_new(&mut o), dsauth_result::Ok);
            assert_eq!(
                dsauth_client_options_set_timeout_ms(o, 1500),
                dsauth_result::Ok
            );
            assert_eq!(
                dsauth_client_options_set_timeout_ms(o, 0),
                dsauth_result::InvalidArgument
            );
            assert_eq!(
                dsauth_client_options_set_rate_limit_max_wait_ms(o, 0),
                dsauth_result::Ok
            );
            assert_eq!(
                dsauth_client_options_set_proxy_url(o, c"http://p:1".as_ptr(), ptr::null_mut()),
                dsauth_result::Ok
            );
            assert_eq!(
                dsauth_client_options_set_account_id(o, c"18650243".as_ptr(), ptr::null_mut()),
                dsauth_result::Ok
            );
            assert_eq!(
                dsauth_client_options_set_account_id(o, c"1/2".as_ptr(), ptr::null_mut()),
                dsauth_result::InvalidArgument
            );
            assert_eq!(
                dsauth_client_options_set_api_version(o, c"v3".as_ptr(), ptr::null_mut()),
                dsauth_result::InvalidArgument
            );
            let opts = try_ref(o).unwrap();
            assert_eq!(opts.account_id.as_deref(), Some("18650243"));
            assert_eq!(opts.api_version, "v2.1");
            assert_eq!(opts.timeout, Duration::from_millis(1500));
            assert_eq!(opts.rate_limit_max_wait, None);
            assert_eq!(opts.proxy, Proxy::Url("http://p:1".into()));
            dsauth_client_options_free(o);
        }
    }
}
