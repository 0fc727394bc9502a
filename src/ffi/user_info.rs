//! `dsauth_user_info`: the user and accounts behind OAuth credentials, from
//! `/oauth/userinfo`.
//!
//! The C pointer is `Box::into_raw` of a `Box<dsauth_user_info>`, one
//! owner; every text is a NUL-terminated copy made when it is built, so
//! the accessors hand out views without allocating.

use std::ffi::{c_char, CString};
use std::ptr;

use super::client::dsauth_client;
use super::error::{c_text, dsauth_error};
use super::handle::{arg_ref, box_castable, free_box, to_box, try_ref};
use super::result::dsauth_result;
use super::{guard, run, OutPtr};
use crate::oauth::UserInfo;

/// The user behind OAuth credentials (id, name, email) and the accounts
/// they belong to (id, name, default flag, base URI), as
/// `/oauth/userinfo` reported them. One owner, who frees it with
/// `dsauth_user_info_free`; it may be read by several threads at once.
pub struct dsauth_user_info {
    sub: CString,
    name: CString,
    email: CString,
    accounts: Vec<UserInfoAccount>,
}

struct UserInfoAccount {
    id: CString,
    name: CString,
    is_default: bool,
    base_uri: CString,
}

impl dsauth_user_info {
    fn new(info: &UserInfo) -> Self {
        dsauth_user_info {
            sub: c_text(&info.sub),
            name: c_text(&info.name),
            email: c_text(&info.email),
            accounts: info
                .accounts
                .iter()
                .map(|a| UserInfoAccount {
                    id: c_text(&a.account_id),
                    name: c_text(&a.account_name),
                    is_default: a.is_default,
                    base_uri: c_text(&a.base_uri),
                })
                .collect(),
        }
    }
}

box_castable!(dsauth_user_info);

/// The account at `index` of a live handle, if both exist.
///
/// # Safety
/// `info` is NULL or a live handle from this library.
unsafe fn account<'a>(info: *const dsauth_user_info, index: usize) -> Option<&'a UserInfoAccount> {
    // SAFETY: caller's contract.
    unsafe { try_ref(info) }.and_then(|i| i.accounts.get(index))
}

/// The user and accounts behind the client's OAuth credentials (a ready
/// access token, a JWT grant or an authorization code grant), from the
/// account server's `/oauth/userinfo`: fetched on first use (obtaining a
/// token first when needed), then cached by the client (DocuSign
/// rate-limits userinfo), shared with account discovery.
///
/// Ownership: `client` is borrowed. On success `*out` receives a new object the
/// caller frees with `dsauth_user_info_free`. Detail: `error_out`.
/// Threads: any thread; `client` may be shared. Concurrent first calls
/// fetch once.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (legacy credentials);
/// DSAUTH_RESULT_OAUTH (e.g. "invalid_token") or _CONSENT_REQUIRED; a
/// transport result (DSAUTH_RESULT_DNS … _IO, _MALFORMED_RESPONSE);
/// DSAUTH_RESULT_API, _HTTP_STATUS; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_client_user_info(
    client: *const dsauth_client,
    out: *mut *mut dsauth_user_info,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let client = unsafe { arg_ref(client, "client") }?;
        let out = OutPtr::new(out, "out")?;
        let info = client.user_info()?;
        unsafe { out.write(to_box(dsauth_user_info::new(&info))) };
        Ok(())
    })
}

/// Frees user information. NULL is accepted and ignored.
///
/// Ownership: takes back `info`; it and every text read from it are
/// invalid afterwards.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_free(info: *mut dsauth_user_info) {
    // SAFETY: the header's contract on `info`.
    guard(|| unsafe { free_box(info) })
}

/// The user id (`sub`, a GUID): the user to impersonate with a JWT grant.
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL only when `info` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_sub(info: *const dsauth_user_info) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(info) }.map_or(ptr::null(), |i| i.sub.as_ptr())
    })
}

/// The user's name (empty when the account server gave none).
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL only when `info` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_name(info: *const dsauth_user_info) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(info) }.map_or(ptr::null(), |i| i.name.as_ptr())
    })
}

/// The user's email (empty when the account server gave none).
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL only when `info` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_email(info: *const dsauth_user_info) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(info) }.map_or(ptr::null(), |i| i.email.as_ptr())
    })
}

/// How many accounts the user belongs to, in the account server's order.
///
/// Ownership: `info` is borrowed.
/// Threads: any thread; several may read at once.
/// Returns: the count; 0 when `info` is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_account_count(info: *const dsauth_user_info) -> usize {
    guard(|| {
        // SAFETY: header contract.
        unsafe { try_ref(info) }.map_or(0, |i| i.accounts.len())
    })
}

/// The id (`account_id`, a GUID) of the account at `index` (0 to
/// `dsauth_user_info_account_count(info) - 1`).
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL when `info` is NULL or `index` is out
/// of range.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_account_id(
    info: *const dsauth_user_info,
    index: usize,
) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { account(info, index) }.map_or(ptr::null(), |a| a.id.as_ptr())
    })
}

/// The name (`account_name`) of the account at `index` (may be empty).
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL when `info` is NULL or `index` is out
/// of range.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_account_name(
    info: *const dsauth_user_info,
    index: usize,
) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { account(info, index) }.map_or(ptr::null(), |a| a.name.as_ptr())
    })
}

/// The base URI of the account at `index`: its host, e.g.
/// "https://na3.docusign.net" (no trailing `/`); REST calls for the
/// account go to base URI + "/restapi".
///
/// Ownership: the text belongs to `info` and stays valid until
/// `dsauth_user_info_free(info)`.
/// Threads: any thread; several may read at once.
/// Returns: NUL-terminated text; NULL when `info` is NULL or `index` is out
/// of range.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_account_base_uri(
    info: *const dsauth_user_info,
    index: usize,
) -> *const c_char {
    guard(|| {
        // SAFETY: header contract.
        unsafe { account(info, index) }.map_or(ptr::null(), |a| a.base_uri.as_ptr())
    })
}

/// Whether the account at `index` is the user's default account
/// (`is_default`, which DocuSign sends as a boolean or as "true"/"false").
///
/// Ownership: `info` is borrowed.
/// Threads: any thread; several may read at once.
/// Returns: true for the default account; false otherwise, or when `info`
/// is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn dsauth_user_info_account_is_default(
    info: *const dsauth_user_info,
    index: usize,
) -> bool {
    guard(|| {
        // SAFETY: header contract.
        unsafe { account(info, index) }.is_some_and(|a| a.is_default)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn accessors_and_bounds() {
        let info = UserInfo::from_json(
            br#"{"sub":"u-1","name":"Ada","email":"a@example.com","accounts":[
                {"account_id":"a1","is_default":"true","account_name":"Main","base_uri":"https://na3.docusign.net"},
                {"account_id":"a2","is_default":false,"base_uri":"https://eu1.docusign.net"}]}"#,
        )
        .unwrap();
        let p: *mut dsauth_user_info = to_box(dsauth_user_info::new(&info));
        let text = |t: *const c_char| unsafe { CStr::from_ptr(t) }.to_str().unwrap();
        unsafe {
            assert_eq!(text(dsauth_user_info_sub(p)), "u-1");
            assert_eq!(text(dsauth_user_info_name(p)), "Ada");
            assert_eq!(text(dsauth_user_info_email(p)), "a@example.com");
            assert_eq!(dsauth_user_info_account_count(p), 2);
            assert_eq!(text(dsauth_user_info_account_id(p, 1)), "a2");
            assert_eq!(text(dsauth_user_info_account_name(p, 1)), "");
            assert_eq!(
                text(dsauth_user_info_account_base_uri(p, 0)),
                "https://na3.docusign.net"
            );
            assert!(dsauth_user_info_account_is_default(p, 0));
            assert!(!dsauth_user_info_account_is_default(p, 1));
            assert!(dsauth_user_info_account_id(p, 2).is_null());
            assert!(!dsauth_user_info_account_is_default(p, usize::MAX));
            assert!(dsauth_user_info_sub(ptr::null()).is_null());
            assert_eq!(dsauth_user_info_account_count(ptr::null()), 0);
            dsauth_user_info_free(p);
        }
    }
}
