//! `dsauth_shared_state`: where clients keep tokens, userinfo answers, the
//! rate budget and the polling guard, shared between clients, processes
//! and hosts.
//!
//! The C pointer is `Arc::into_raw` of an `Arc<dsauth::SharedState>`;
//! `dsauth_shared_state_clone` adds a reference and
//! `dsauth_shared_state_free` drops one. Options given the state keep a
//! reference of their own, and so do the clients built from them.

use std::ffi::c_char;
use std::time::Duration;

use super::error::dsauth_error;
use super::handle::{arc_castable, clone_arc, free_arc, to_arc};
use super::result::dsauth_result;
use super::{arg_opt_str, arg_str, guard, run, run_plain, Failure, OutPtr};
use crate::shared_state::{FileOptions, RedisOptions, SealKey, SharedState};

/// Tokens, userinfo answers, rate budgets and polling marks shared by the
/// clients given the same state (`dsauth_client_options_set_shared_state`):
/// in this process (memory), by the processes of one host (a directory), or
/// by every host using one Redis. Immutable and reference-counted: one
/// handle may be used by any number of threads at once. The seal key and a
/// Redis password are wiped when the last reference is freed and never
/// appear in error messages.
pub struct dsauth_shared_state {
    _private: [u8; 0],
}

arc_castable!(dsauth_shared_state => SharedState);

/// A flag of `dsauth_shared_state_new_file_custom` and
/// `dsauth_shared_state_new_redis_custom`: store tokens and userinfo
/// answers unsealed when no seal key is given. Anyone who can read the
/// directory or the Redis can then use the tokens. Without this flag a
/// state outside the process refuses to be built without a key.
pub const DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS: u32 = 1;

/// Every flag this library knows.
const KNOWN_FLAGS: u32 = DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS;

/// The seal key `(seal_key, seal_key_len)`: absent when NULL with length 0.
///
/// # Safety
/// `seal_key` is NULL or valid for `seal_key_len` bytes.
unsafe fn seal_key(seal_key: *const u8, seal_key_len: usize) -> Result<Option<SealKey>, Failure> {
    if seal_key.is_null() {
        return match seal_key_len {
            0 => Ok(None),
            _ => Err(Failure::null("seal_key")),
        };
    }
    // SAFETY: the caller's contract.
    let bytes = unsafe { std::slice::from_raw_parts(seal_key, seal_key_len) };
    Ok(Some(SealKey::new(bytes)?))
}

/// Whether `flags` asks for plaintext tokens; unknown bits are refused.
fn allow_plaintext(flags: u32) -> Result<bool, Failure> {
    if flags & !KNOWN_FLAGS != 0 {
        return Err(Failure::invalid("flags", "unknown flag bits"));
    }
    Ok(flags & DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS != 0)
}

/// A new state kept in this process only: what a client has without a
/// shared state, here shared by every client given it (one token per
/// grant, one rate budget, one polling guard for all of them).
///
/// Ownership: on success `*out` receives a new handle the caller releases
/// with `dsauth_shared_state_free`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`out` NULL);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_new_memory(
    out: *mut *const dsauth_shared_state,
) -> dsauth_result {
    run_plain(|| {
        let out = OutPtr::new(out, "out")?;
        // SAFETY: the header's contract on `out`.
        unsafe { out.write(to_arc(SharedState::memory())) };
        Ok(())
    })
}

/// A new state in the directory `dir` (created with mode 0700 when
/// missing; files 0600, atomic renames, advisory locks), shared by the
/// processes of this host that use the same directory. Tokens and userinfo
/// answers are sealed with AES-256-GCM under `seal_key` (exactly 32 bytes;
/// `seal_key_len` is 32). A NULL key with length 0 is refused with
/// DSAUTH_RESULT_INVALID_ARGUMENT: to store tokens unsealed, call
/// `dsauth_shared_state_new_file_custom` with
/// DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS. A stored value that does
/// not open under the key (another key, damaged) reads as "no cached
/// token". When the directory fails later, calls go on with per-process
/// state.
///
/// Ownership: `dir` and the key are copied (the caller may wipe its key
/// right away). On success `*out` receives a new handle the caller releases
/// with `dsauth_shared_state_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`dir` or `out`
/// NULL, or `seal_key` NULL with a length); DSAUTH_RESULT_INVALID_UTF8;
/// DSAUTH_RESULT_INVALID_ARGUMENT (no key, or not 32 bytes);
/// DSAUTH_RESULT_IO (the directory cannot be created or locked);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_new_file(
    dir: *const c_char,
    seal_key: *const u8,
    seal_key_len: usize,
    out: *mut *const dsauth_shared_state,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe { dsauth_shared_state_new_file_custom(dir, seal_key, seal_key_len, 0, out, error_out) }
}

/// `dsauth_shared_state_new_file` with `flags`: 0, or
/// DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS to store tokens unsealed when
/// `seal_key` is NULL (a given key always seals).
///
/// Ownership: as `dsauth_shared_state_new_file`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: as `dsauth_shared_state_new_file`, and
/// DSAUTH_RESULT_INVALID_ARGUMENT for an unknown flag.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_new_file_custom(
    dir: *const c_char,
    seal_key: *const u8,
    seal_key_len: usize,
    flags: u32,
    out: *mut *const dsauth_shared_state,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let dir = unsafe { arg_str(dir, "dir") }?;
        let seal_key = unsafe { self::seal_key(seal_key, seal_key_len) }?;
        let out = OutPtr::new(out, "out")?;
        let options = FileOptions {
            seal_key,
            allow_plaintext_tokens: allow_plaintext(flags)?,
        };
        let state = SharedState::file(dir, options)?;
        unsafe { out.write(to_arc(state)) };
        Ok(())
    })
}

/// A new state in Redis at `url` (`redis://` or `rediss://` over TLS,
/// `[user:password@]host[:port][/db]`), shared by every process and host
/// using the same Redis and `namespace` (NULL: "dsauth"; names are
/// `dsauth:<namespace>:…`, each with a TTL). Tokens and userinfo answers are
/// sealed as in `dsauth_shared_state_new_file` (the same key rules; for
/// plaintext, `dsauth_shared_state_new_redis_custom`). Each Redis operation
/// is bounded by 200 ms. Nothing is sent yet: a Redis that is down now is
/// used once it is up, and while it is down calls go on with per-process
/// state. Error texts show the URL without its user and password.
///
/// Ownership: the strings and the key are copied (the caller may wipe its
/// copies right away). On success `*out` receives a new handle the caller
/// releases with `dsauth_shared_state_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`url` or `out`
/// NULL, or `seal_key` NULL with a length); DSAUTH_RESULT_INVALID_UTF8;
/// DSAUTH_RESULT_INVALID_URL (not a Redis URL); DSAUTH_RESULT_INVALID_ARGUMENT
/// (no key, a key not 32 bytes, an empty namespace or one with `:` or white
/// space); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_new_redis(
    url: *const c_char,
    namespace: *const c_char,
    seal_key: *const u8,
    seal_key_len: usize,
    out: *mut *const dsauth_shared_state,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe {
        dsauth_shared_state_new_redis_custom(
            url,
            namespace,
            seal_key,
            seal_key_len,
            0,
            0,
            out,
            error_out,
        )
    }
}

/// `dsauth_shared_state_new_redis` with `flags` (0, or
/// DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS to store tokens unsealed when
/// `seal_key` is NULL; a given key always seals) and `timeout_ms`, the
/// bound on connecting and on each read and write (0: the default, 200).
///
/// Ownership: as `dsauth_shared_state_new_redis`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: as `dsauth_shared_state_new_redis`, and
/// DSAUTH_RESULT_INVALID_ARGUMENT for an unknown flag.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn dsauth_shared_state_new_redis_custom(
    url: *const c_char,
    namespace: *const c_char,
    seal_key: *const u8,
    seal_key_len: usize,
    flags: u32,
    timeout_ms: u64,
    out: *mut *const dsauth_shared_state,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let url = unsafe { arg_str(url, "url") }?;
        let namespace = unsafe { arg_opt_str(namespace, "namespace") }?;
        let seal_key = unsafe { self::seal_key(seal_key, seal_key_len) }?;
        let out = OutPtr::new(out, "out")?;
        let mut options = RedisOptions {
            seal_key,
            allow_plaintext_tokens: allow_plaintext(flags)?,
            ..RedisOptions::default()
        };
        if let Some(namespace) = namespace {
            options.namespace = namespace.to_owned();
        }
        if timeout_ms > 0 {
            options.timeout = Duration::from_millis(timeout_ms);
        }
        let state = SharedState::redis(url, options)?;
        unsafe { out.write(to_arc(state)) };
        Ok(())
    })
}

/// Adds a reference to `state`, for handing it to another owner or thread.
///
/// Ownership: the caller owns one more reference and releases it with
/// `dsauth_shared_state_free`.
/// Threads: any thread, concurrently with any other use of the handle.
/// Returns: `state` itself; NULL when it is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_clone(
    state: *const dsauth_shared_state,
) -> *const dsauth_shared_state {
    // SAFETY: the header's contract on `state`.
    guard(|| unsafe { clone_arc(state) })
}

/// Releases one reference; the last one wipes the seal key and closes the
/// state's connections. Options and clients given the state keep their own
/// reference. NULL is accepted and ignored.
///
/// Ownership: the caller's reference is gone; the handle must not be used
/// through it again.
/// Threads: any thread, concurrently with uses of other references.
#[no_mangle]
pub unsafe extern "C" fn dsauth_shared_state_free(state: *const dsauth_shared_state) {
    // SAFETY: the header's contract on `state`.
    guard(|| unsafe { free_arc(state) })
}

#[cfg(test)]
mod tests {
    use super::super::error::{dsauth_error_free, dsauth_error_message};
    use super::*;
    use std::ffi::CStr;
    use std::ptr;

    #[test]
    fn redis_errors_hide_the_password() {
        let mut out: *const dsauth_shared_state = ptr::null();
        let mut err: *mut dsauth_error = ptr::null_mut();
        let key = [7u8; 32];
        let result = unsafe {
            dsauth_shared_state_new_redis(
                c"http://user:s3cret-pw@127.0.0.1:1".as_ptr(),
                ptr::null(),
                key.as_ptr(),
                key.len(),
                &mut out,
                &mut err,
            )
        };
        assert_eq!(result, dsauth_result::InvalidUrl);
        assert!(out.is_null());
        let message = unsafe { CStr::from_ptr(dsauth_error_message(err)) }
            .to_str()
            .unwrap();
        assert!(!message.contains("s3cret-pw"), "{message}");
        unsafe { dsauth_error_free(err) };
    }

    #[test]
    fn flags_and_keys_are_checked() {
        assert_eq!(allow_plaintext(0).ok(), Some(false));
        assert_eq!(allow_plaintext(1).ok(), Some(true));
        assert!(allow_plaintext(2).is_err());
        assert!(unsafe { seal_key(ptr::null(), 0) }.unwrap().is_none());
        assert_eq!(
            unsafe { seal_key(ptr::null(), 32) }.unwrap_err().result(),
            dsauth_result::NullArgument
        );
        let short = [0u8; 16];
        assert_eq!(
            unsafe { seal_key(short.as_ptr(), short.len()) }
                .unwrap_err()
                .result(),
            dsauth_result::InvalidArgument
        );
    }
}
