//! `dsauth_pkce`: a PKCE (RFC 7636, S256) code verifier and its challenge.
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth_pkce>`: one owner,
//! immutable. The verifier is a secret: its NUL-terminated copy is wiped
//! when the object is freed.

use std::ffi::{c_char, CString};
use std::ptr;

use zeroize::Zeroizing;

use super::error::dsauth_error;
use super::handle::{box_castable, free_box, to_box, try_ref};
use super::result::dsauth_result;
use super::{arg_str, guard, run, OutPtr};
use crate::oauth::Pkce;

/// A PKCE code verifier (a secret, kept until the code exchange) and its
/// S256 code challenge (sent in the authorization URL). Immutable: it may
/// be read by several threads at once; it has one owner, who frees it with
/// `dsauth_pkce_free`. The verifier is wiped from memory when it is freed.
pub struct dsauth_pkce {
    pub(super) pkce: Pkce,
    /// The verifier and a NUL, wiped on drop.
    verifier: Zeroizing<Vec<u8>>,
    challenge: CString,
}

impl dsauth_pkce {
    fn new(pkce: Pkce) -> Self {
        let mut verifier = Zeroizing::new(Vec::with_capacity(pkce.verifier().len() + 1));
        verifier.extend_from_slice(pkce.verifier().expose().as_bytes());
        verifier.push(0);
        // The challenge is base64url: never a NUL.
        let challenge = CString::new(pkce.challenge()).unwrap_or_default();
        dsauth_pkce {
            pkce,
            verifier,
            challenge,
        }
    }
}

box_castable!(dsauth_pkce);

/// A fresh PKCE pair: a verifier of 32 random bytes (43 base64url
/// characters, from the operating system's random number generator) and
/// its S256 challenge.
///
/// Ownership: on success `*out` receives a new object the caller frees with
/// `dsauth_pkce_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`out` NULL);
/// DSAUTH_RESULT_IO (the random number generator failed);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_pkce_generate(
    out: *mut *mut dsauth_pkce,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        let out = OutPtr::new(out, "out")?;
        let pkce = Pkce::generate()?;
        // SAFETY: the header's contract on `out`.
        unsafe { out.write(to_box(dsauth_pkce::new(pkce))) };
        Ok(())
    })
}

/// The PKCE pair of a verifier kept from earlier (e.g. stored with the
/// login session between building the authorization URL and receiving the
/// redirect): 43 to 128 characters of `A-Z a-z 0-9 - . _ ~`.
///
/// Ownership: `verifier` is copied (wipe yours when done). On success `*out`
/// receives a new object the caller frees with `dsauth_pkce_free`. Detail:
/// `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_INVALID_ARGUMENT (length or a
/// character outside the set); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_pkce_from_verifier(
    verifier: *const c_char,
    out: *mut *mut dsauth_pkce,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let verifier = unsafe { arg_str(verifier, "verifier") }?;
        let out = OutPtr::new(out, "out")?;
        let pkce = Pkce::from_verifier(verifier)?;
        unsafe { out.write(to_box(dsauth_pkce::new(pkce))) };
        Ok(())
    })
}

/// The code verifier, for the code exchange
/// (`dsauth_credentials_new_authorization_code`). A secret: do not log it.
///
/// Ownership: the text belongs to `pkce` and stays valid until
/// `dsauth_pkce_free(pkce)`, which wipes it.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated ASCII; NULL only when `pkce` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_pkce_verifier(pkce: *const dsauth_pkce) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(pkce) }.map_or(ptr::null(), |p| p.verifier.as_ptr().cast())
    })
}

/// The S256 code challenge: base64url(SHA-256(verifier)) without padding
/// (43 characters), for the authorization URL.
///
/// Ownership: the text belongs to `pkce` and stays valid until
/// `dsauth_pkce_free(pkce)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated ASCII; NULL only when `pkce` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_pkce_challenge(pkce: *const dsauth_pkce) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(pkce) }.map_or(ptr::null(), |p| p.challenge.as_ptr())
    })
}

/// Wipes the verifier and frees the pair. NULL is accepted and ignored.
///
/// Ownership: takes back `pkce`; it and every text read from it are invalid
/// afterwards.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_pkce_free(pkce: *mut dsauth_pkce) {
    // SAFETY: the header's contract on `pkce`.
    guard(|| unsafe { free_box(pkce) })
}

/// Writes a fresh random `state` for the authorization URL (16 random
/// bytes, 22 base64url characters) to `buf`, NUL-terminated. Keep it with
/// the login session and compare it with the `state` of the redirect.
///
/// Buffer: on success the text and a NUL are written and `*out_n` is its
/// length without the NUL (22). When `len` is less than 23,
/// DSAUTH_RESULT_INSUFFICIENT_SIZE is returned, `*out_n` receives 22 and
/// `buf` is untouched; `buf` may be NULL when `len` is 0.
///
/// Ownership: `buf` is the caller's.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_IO (the random number
/// generator failed); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_state_generate(
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    super::run_plain(|| {
        let out = super::TextOut::new(buf, len, out_n)?;
        let state = crate::oauth::generate_state()?;
        // SAFETY: the header's contract on `buf` and `out_n`.
        unsafe { out.write(&state) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn views_and_wiping() {
        let mut p: *mut dsauth_pkce = ptr::null_mut();
        let verifier = c"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        unsafe {
            assert_eq!(
                dsauth_pkce_from_verifier(verifier.as_ptr(), &mut p, ptr::null_mut()),
                dsauth_result::Ok
            );
            assert_eq!(CStr::from_ptr(dsauth_pkce_verifier(p)), verifier);
            assert_eq!(
                CStr::from_ptr(dsauth_pkce_challenge(p)).to_str(),
                Ok("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            );
            dsauth_pkce_free(p);
            assert!(dsauth_pkce_verifier(ptr::null()).is_null());
        }
    }
}
