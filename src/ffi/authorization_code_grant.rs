//! `dsauth_authorization_code_grant`: an application using the OAuth
//! authorization code grant (integration key, redirect URI, optional client
//! secret, scopes).
//!
//! The C pointer is `Box::into_raw` of a `Box<AuthorizationCodeGrant>`: one
//! owner, immutable after construction. Credentials built from it keep
//! their own copy.

use std::ffi::c_char;

use super::environment::dsauth_environment;
use super::error::dsauth_error;
use super::handle::{arg_ref, box_castable, free_box, to_box, try_ref};
use super::pkce::dsauth_pkce;
use super::result::dsauth_result;
use super::{arg_opt_str, arg_str, guard, run, Failure, OutPtr, TextOut};
use crate::oauth::AuthorizationCodeGrant;

/// An application using the OAuth authorization code grant: its
/// integration key (the OAuth client id), a redirect URI registered for it,
/// its client secret (a confidential client) or none (a public client,
/// which must use PKCE), and the scopes to ask for. Immutable: it may be
/// read by several threads at once; it has one owner, who frees it with
/// `dsauth_authorization_code_grant_free`. The client secret is wiped from
/// memory when it is freed and never appears in error messages.
pub struct dsauth_authorization_code_grant {
    _private: [u8; 0],
}

box_castable!(dsauth_authorization_code_grant => AuthorizationCodeGrant);

/// Describes an application using the authorization code grant.
///
/// `integration_key` is the OAuth client id; `redirect_uri` one of the
/// redirect URIs registered for it (an absolute URI with a scheme, e.g.
/// "https://app.example/callback" or "http://localhost:8080/cb").
/// `client_secret` may be NULL: a public client (a desktop or mobile app
/// that cannot keep a secret), which must use PKCE; with a secret, the code
/// exchange and refreshes authenticate with `Authorization: Basic`.
/// `scopes` may be NULL for "signature", else space-separated scopes (e.g.
/// "signature extended").
///
/// Ownership: the strings are copied (the caller may wipe its secret right
/// away). On success `*out` receives a new grant the caller frees with
/// `dsauth_authorization_code_grant_free`. Detail: `error_out`
/// (`dsauth_error_field` names a bad field).
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (a required
/// pointer is NULL); DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_CREDENTIAL_*
/// (integration key, redirect URI, client secret or a scope);
/// DSAUTH_RESULT_INVALID_ARGUMENT (a redirect URI without a scheme, no
/// scope); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_authorization_code_grant_new(
    integration_key: *const c_char,
    redirect_uri: *const c_char,
    client_secret: *const c_char,
    scopes: *const c_char,
    out: *mut *mut dsauth_authorization_code_grant,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let integration_key = unsafe { arg_str(integration_key, "integration_key") }?;
        let redirect_uri = unsafe { arg_str(redirect_uri, "redirect_uri") }?;
        let client_secret = unsafe { arg_opt_str(client_secret, "client_secret") }?;
        let scopes = unsafe { arg_opt_str(scopes, "scopes") }?;
        let out = OutPtr::new(out, "out")?;
        let mut grant = AuthorizationCodeGrant::new(integration_key, redirect_uri)?;
        if let Some(secret) = client_secret {
            grant = grant.with_client_secret(secret)?;
        }
        if let Some(scopes) = scopes {
            let list: Vec<&str> = scopes.split_whitespace().collect();
            grant = grant.with_scopes(&list)?;
        }
        unsafe { out.write(to_box(grant)) };
        Ok(())
    })
}

/// Wipes the client secret and frees the grant. NULL is accepted and
/// ignored. Credentials built from it keep their own copy.
///
/// Ownership: takes back `grant`; it must not be used again.
/// Threads: any thread, once no other thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dsauth_authorization_code_grant_free(
    grant: *mut dsauth_authorization_code_grant,
) {
    // SAFETY: the header's contract on `grant`.
    guard(|| unsafe { free_box(grant) })
}

/// Writes the URL to send the user to (their browser logs in to DocuSign
/// and grants the scopes), NUL-terminated, to `buf`:
/// `<account server>/oauth/auth?response_type=code&scope=…&client_id=…&redirect_uri=…[&state=…][&code_challenge=…&code_challenge_method=S256]`,
/// every value percent-encoded. DocuSign then redirects to the redirect URI
/// with `code` (for `dsauth_credentials_new_authorization_code`) and
/// `state`.
///
/// `state` may be NULL; pass one (e.g. from `dsauth_state_generate`) and
/// check that the redirect carries it back. `pkce` may be NULL for a
/// confidential client (one with a client secret); a public client must
/// pass one (else DSAUTH_RESULT_INVALID_ARGUMENT: its code could never be
/// exchanged) and keep its verifier for the exchange.
///
/// Buffer: on success the text and a NUL are written and `*out_n` is the
/// text's length without the NUL. When `len` is less than that length + 1,
/// DSAUTH_RESULT_INSUFFICIENT_SIZE is returned, `*out_n` receives the
/// needed length and `buf` is untouched; `buf` may be NULL when `len` is 0
/// (a size query).
///
/// Ownership: everything is borrowed; `buf` is the caller's. Detail:
/// `error_out`.
/// Threads: any thread; the arguments may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8 (`state`); DSAUTH_RESULT_INVALID_ARGUMENT (a
/// public client without PKCE); DSAUTH_RESULT_INSUFFICIENT_SIZE;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_authorization_code_grant_authorization_url(
    grant: *const dsauth_authorization_code_grant,
    environment: *const dsauth_environment,
    state: *const c_char,
    pkce: *const dsauth_pkce,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let grant = unsafe { arg_ref(grant, "grant") }?;
        let environment = unsafe { arg_ref(environment, "environment") }?;
        let state = unsafe { arg_opt_str(state, "state") }?;
        let pkce = unsafe { try_ref(pkce) }.map(|p| &p.pkce);
        let out = TextOut::new(buf, len, out_n)?;
        if pkce.is_none() && grant.client_secret().is_none() {
            return Err(Failure::invalid(
                "pkce",
                "a public client (no client secret) must use PKCE: its code cannot be exchanged without the verifier",
            ));
        }
        let url = grant.authorization_url(environment, state, pkce);
        unsafe { out.write(&url) }
    })
}
