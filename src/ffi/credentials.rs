//! `dsauth_credentials`: immutable, reference-counted credentials.
//!
//! The C pointer is `Arc::into_raw` of an `Arc<dsauth::Credentials>`;
//! `dsauth_credentials_clone` adds a reference and `dsauth_credentials_free`
//! drops one. The client keeps a copy of its own.

use std::ffi::{c_char, c_uint};
use std::ptr;

use super::authorization_code_grant::dsauth_authorization_code_grant;
use super::client_options::dsauth_client_options;
use super::environment::dsauth_environment;
use super::error::dsauth_error;
use super::handle::{arc_castable, arg_ref, clone_arc, free_arc, to_arc};
use super::header_format::dsauth_header_format;
use super::result::dsauth_result;
use super::{arg_opt_str, arg_str, guard, run, run_plain, static_cstr, Failure, OutPtr, TextOut};
use crate::client::{Client, ClientOptions};
use crate::oauth::{AuthorizationCodeCredentials, JwtGrant};
use crate::{headers, soap, Credentials, Error};

/// Validated credentials: legacy (integrator key, username, password,
/// optional send-on-behalf-of user), an OAuth access token, an OAuth JWT
/// grant (integration key, user id, RSA private key), or an OAuth
/// authorization code grant (the application and a refresh token). Immutable and
/// reference-counted: one handle may be used by any number of threads at
/// once. Passwords and tokens are wiped from memory when the last reference
/// is freed and never appear in error messages.
pub struct dsauth_credentials {
    _private: [u8; 0],
}

arc_castable!(dsauth_credentials => Credentials);

/// Builds legacy credentials for the X-DocuSign-Authentication header and
/// SOAP. `send_on_behalf_of` may be NULL. Every field must be non-empty
/// UTF-8 of at most 4096 bytes, without control characters (CR, LF, NUL,
/// tab, …) and without leading or trailing white space; the integrator key
/// may not contain `[` or `]`. The first bad field, in parameter order, is
/// reported.
///
/// Ownership: the strings are copied (the caller may wipe its copies right
/// away). On success `*out` receives a new handle the caller releases with
/// `dsauth_credentials_free`. Detail: `error_out` (`dsauth_error_field` names
/// the bad field).
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (a required
/// pointer is NULL); DSAUTH_RESULT_INVALID_UTF8;
/// DSAUTH_RESULT_CREDENTIAL_EMPTY, _WHITESPACE, _CONTROL_CHARACTER,
/// _TOO_LONG or _INVALID_CHARACTER; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_new_legacy(
    integrator_key: *const c_char,
    username: *const c_char,
    password: *const c_char,
    send_on_behalf_of: *const c_char,
    out: *mut *const dsauth_credentials,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let integrator_key = unsafe { arg_str(integrator_key, "integrator_key") }?;
        let username = unsafe { arg_str(username, "username") }?;
        let password = unsafe { arg_str(password, "password") }?;
        let send_on_behalf_of = unsafe { arg_opt_str(send_on_behalf_of, "send_on_behalf_of") }?;
        let out = OutPtr::new(out, "out")?;
        let credentials =
            Credentials::legacy(integrator_key, username, password, send_on_behalf_of)?;
        unsafe { out.write(to_arc(credentials)) };
        Ok(())
    })
}

/// Builds credentials from an OAuth access token obtained elsewhere, for the
/// `Authorization: Bearer` header. The token must be at most 16384 bytes of
/// the RFC 6750 token alphabet (letters, digits, `-._~+/`, trailing `=`).
///
/// Ownership: the token is copied. On success `*out` receives a new handle the
/// caller releases with `dsauth_credentials_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_CREDENTIAL_EMPTY, _WHITESPACE,
/// _CONTROL_CHARACTER, _TOO_LONG or _INVALID_CHARACTER; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_new_token(
    access_token: *const c_char,
    out: *mut *const dsauth_credentials,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY: the header's contract on every pointer.
        let token = unsafe { arg_str(access_token, "access_token") }?;
        let out = OutPtr::new(out, "out")?;
        let credentials = Credentials::access_token(token)?;
        unsafe { out.write(to_arc(credentials)) };
        Ok(())
    })
}

/// Builds OAuth JWT grant credentials: the client signs an RS256 assertion
/// with the private key, exchanges it at the account server for an access
/// token, caches the token and renews it before it expires (see
/// `dsauth_client_options_set_token_renewal_margin_ms`).
///
/// `integration_key` is the OAuth client id; `user_id` the GUID of the user
/// to impersonate; `private_key_pem` (`len` bytes) the RSA private key of
/// the key pair registered for the integration key, unencrypted PEM
/// (PKCS#1 "BEGIN RSA PRIVATE KEY" or PKCS#8 "BEGIN PRIVATE KEY", 2048,
/// 3072 or 4096 bits). `scopes` may be NULL for "signature impersonation", else
/// space-separated scopes that include `impersonation`.
/// `consent_redirect_uri` may be NULL; when given (a redirect URI
/// registered for the key), a `consent_required` refusal carries the
/// consent URL to open (`dsauth_error_consent_url`).
///
/// Ownership: everything is copied (the caller may wipe its key right away). On
/// success `*out` receives a new handle the caller releases with
/// `dsauth_credentials_free`. dsauth wipes its copies of the PEM and DER; the
/// signing key inside ring is not wiped when freed (ring offers no way).
/// Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (a required
/// pointer is NULL); DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_CREDENTIAL_*
/// (the key, the user id or the redirect URI; `dsauth_error_field` names
/// it); DSAUTH_RESULT_INVALID_PRIVATE_KEY (encrypted, not RSA, too small,
/// not PEM; the message says which); DSAUTH_RESULT_INVALID_ARGUMENT (scopes
/// without `impersonation` or with a bad token, a redirect URI without a
/// scheme); DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_new_jwt(
    integration_key: *const c_char,
    user_id: *const c_char,
    private_key_pem: *const u8,
    len: usize,
    scopes: *const c_char,
    consent_redirect_uri: *const c_char,
    out: *mut *const dsauth_credentials,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let integration_key = unsafe { arg_str(integration_key, "integration_key") }?;
        let user_id = unsafe { arg_str(user_id, "user_id") }?;
        if private_key_pem.is_null() {
            return Err(Failure::null("private_key_pem"));
        }
        let pem = unsafe { std::slice::from_raw_parts(private_key_pem, len) };
        let scopes = unsafe { arg_opt_str(scopes, "scopes") }?;
        let redirect = unsafe { arg_opt_str(consent_redirect_uri, "consent_redirect_uri") }?;
        let out = OutPtr::new(out, "out")?;
        let mut grant = JwtGrant::from_pem(integration_key, user_id, pem)?;
        if let Some(scopes) = scopes {
            let list: Vec<&str> = scopes.split_whitespace().collect();
            grant = grant.with_scopes(&list)?;
        }
        if let Some(uri) = redirect {
            grant = grant.with_consent_redirect_uri(uri)?;
        }
        unsafe { out.write(to_arc(Credentials::Jwt(grant))) };
        Ok(())
    })
}

/// Exchanges the `code` of an authorization redirect for tokens (a network
/// call to the account server of `environment`: `POST /oauth/token`,
/// `grant_type=authorization_code`) and builds credentials from the answer:
/// a client using them starts with the access token of the exchange and
/// refreshes it with the refresh token when less than the renewal margin
/// remains (`dsauth_client_options_set_token_renewal_margin_ms`).
///
/// `grant` is the application the authorization URL was built for.
/// `pkce_verifier` is the verifier of the `dsauth_pkce` whose challenge was
/// in that URL (`dsauth_pkce_verifier`); NULL only for a confidential
/// client that used no PKCE. `options` may be NULL for the defaults; only
/// the connection settings apply (timeouts, proxy, trusted CAs, user
/// agent). A code works once and lives a few minutes.
///
/// Ownership: everything is borrowed or copied (the caller may free the grant
/// and wipe the code and verifier right away). On success `*out` receives a new
/// handle the caller releases with `dsauth_credentials_free`; the tokens are
/// wiped when the last reference is freed. Detail: `error_out` (the OAuth
/// `error`, e.g. "invalid_grant", is `dsauth_error_code`).
/// Threads: any thread; blocks for the network call.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_CREDENTIAL_* (the code);
/// DSAUTH_RESULT_INVALID_ARGUMENT (a bad verifier, a public client without
/// one, an option refused); a transport result (DSAUTH_RESULT_DNS … _IO);
/// DSAUTH_RESULT_OAUTH (the account server refused: a used or expired code,
/// a wrong verifier, a bad client secret); DSAUTH_RESULT_HTTP_STATUS;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_new_authorization_code(
    environment: *const dsauth_environment,
    grant: *const dsauth_authorization_code_grant,
    code: *const c_char,
    pkce_verifier: *const c_char,
    options: *const dsauth_client_options,
    out: *mut *const dsauth_credentials,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let environment = unsafe { arg_ref(environment, "environment") }?;
        let grant = unsafe { arg_ref(grant, "grant") }?;
        let code = unsafe { arg_str(code, "code") }?;
        let verifier = unsafe { arg_opt_str(pkce_verifier, "pkce_verifier") }?;
        let default_options;
        let options = if options.is_null() {
            default_options = ClientOptions::default();
            &default_options
        } else {
            unsafe { arg_ref(options, "options") }?
        };
        let out = OutPtr::new(out, "out")?;
        let credentials = Client::exchange_authorization_code(
            environment,
            grant.clone(),
            code,
            verifier,
            options,
        )?;
        unsafe { out.write(to_arc(credentials.into())) };
        Ok(())
    })
}

/// Builds authorization code credentials from a refresh token kept from an
/// earlier session (`dsauth_credentials_refresh_token`). No network traffic
/// happens here: a client using them refreshes before its first call (a
/// refused token then fails that call with DSAUTH_RESULT_OAUTH,
/// "invalid_grant").
///
/// Ownership: everything is copied (the caller may free the grant and wipe its
/// token right away). On success `*out` receives a new handle the caller
/// releases with `dsauth_credentials_free`. Detail: `error_out`.
/// Threads: any thread.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_INVALID_UTF8; DSAUTH_RESULT_CREDENTIAL_EMPTY,
/// _WHITESPACE, _CONTROL_CHARACTER, _TOO_LONG or _INVALID_CHARACTER (the
/// token: at most 16384 bytes of the RFC 6750 token alphabet);
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_new_refresh_token(
    grant: *const dsauth_authorization_code_grant,
    refresh_token: *const c_char,
    out: *mut *const dsauth_credentials,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let grant = unsafe { arg_ref(grant, "grant") }?;
        let refresh_token = unsafe { arg_str(refresh_token, "refresh_token") }?;
        let out = OutPtr::new(out, "out")?;
        let credentials =
            AuthorizationCodeCredentials::from_refresh_token(grant.clone(), refresh_token)?;
        unsafe { out.write(to_arc(credentials.into())) };
        Ok(())
    })
}

/// Writes the refresh token authorization code credentials start from (the
/// one the code exchange returned, or the one given to
/// `dsauth_credentials_new_refresh_token`), NUL-terminated, to `buf`: keep
/// it (safely) to build credentials in a later session without the user.
///
/// Buffer: as `dsauth_credentials_render_header`.
/// Ownership: `credentials` is borrowed; `buf` is the caller's. The text is
/// a secret: wipe the buffer when done.
/// Threads: any thread; `credentials` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (not authorization code
/// credentials); DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_refresh_token(
    credentials: *const dsauth_credentials,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let Credentials::AuthorizationCode(code) = credentials else {
            return Err(Error::WrongCredentialKind {
                operation: "reading a refresh token",
                needed: "authorization code grant",
                actual: credentials.kind_name(),
            }
            .into());
        };
        unsafe { out.write(code.refresh_token().expose()) }
    })
}

/// Writes the URL where the user of JWT grant credentials grants consent
/// once (until then the token request fails with
/// DSAUTH_RESULT_CONSENT_REQUIRED), NUL-terminated, to `buf`:
/// `<account server>/oauth/auth?response_type=code&scope=signature%20impersonation&client_id=…&redirect_uri=…[&state=…]`,
/// for the account server of `environment`, the credentials' scopes and
/// the `consent_redirect_uri` given to `dsauth_credentials_new_jwt`.
/// `state` may be NULL.
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
/// DSAUTH_RESULT_INVALID_UTF8 (`state`); DSAUTH_RESULT_WRONG_CREDENTIAL_KIND
/// (not JWT grant credentials); DSAUTH_RESULT_INVALID_ARGUMENT (the
/// credentials were built without a consent redirect URI);
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_consent_url(
    credentials: *const dsauth_credentials,
    environment: *const dsauth_environment,
    state: *const c_char,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
    error_out: *mut *mut dsauth_error,
) -> dsauth_result {
    run(error_out, || {
        // SAFETY (all blocks): the header's contract on every pointer.
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let environment = unsafe { arg_ref(environment, "environment") }?;
        let state = unsafe { arg_opt_str(state, "state") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let Credentials::Jwt(grant) = credentials else {
            return Err(Error::WrongCredentialKind {
                operation: "a consent URL",
                needed: "JWT grant",
                actual: credentials.kind_name(),
            }
            .into());
        };
        let url = grant.consent_url(environment, state).ok_or_else(|| {
            Failure::invalid(
                "credentials",
                "built without a consent redirect URI (pass one to dsauth_credentials_new_jwt)",
            )
        })?;
        unsafe { out.write(&url) }
    })
}

/// Adds a reference to `credentials`, for handing them to another owner or
/// thread.
///
/// Ownership: the caller owns one more reference and releases it with
/// `dsauth_credentials_free`.
/// Threads: any thread, concurrently with any other use of the handle.
/// Returns: `credentials` itself; NULL when it is NULL.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_clone(
    credentials: *const dsauth_credentials,
) -> *const dsauth_credentials {
    // SAFETY: the header's contract on `credentials`.
    guard(|| unsafe { clone_arc(credentials) })
}

/// Releases one reference; the last one wipes the secrets and frees the
/// credentials. NULL is accepted and ignored.
///
/// Ownership: the caller's reference is gone; the handle must not be used
/// through it again.
/// Threads: any thread, concurrently with uses of other references.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_free(credentials: *const dsauth_credentials) {
    // SAFETY: the header's contract on `credentials`.
    guard(|| unsafe { free_arc(credentials) })
}

/// Renders a header in `format` (a `DSAUTH_HEADER_FORMAT_*` value) and
/// writes it to `buf`.
///
/// # Safety
/// The header's contract on every pointer.
unsafe fn render(
    credentials: *const dsauth_credentials,
    format: c_uint,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
    line: bool,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let format = dsauth_header_format::parse(format)?;
        let header = headers::rendered(credentials, format)?;
        let text = if line {
            header.line().expose()
        } else {
            header.value()
        };
        unsafe { out.write(text) }
    })
}

/// Writes the value of an authentication header, NUL-terminated, to `buf`:
/// for DSAUTH_HEADER_FORMAT_JSON and _XML (legacy credentials) the
/// X-DocuSign-Authentication value, fields in DocuSign's order and escaped;
/// for DSAUTH_HEADER_FORMAT_BEARER (an access token) `Bearer <token>`. The
/// text is 7-bit ASCII.
///
/// Buffer: on success the text and a NUL are written and `*out_n` is the
/// text's length without the NUL. When `len` is less than that length + 1,
/// DSAUTH_RESULT_INSUFFICIENT_SIZE is returned, `*out_n` receives the needed
/// length (without the NUL) and `buf` is untouched; `buf` may be NULL when
/// `len` is 0 (a size query).
///
/// Ownership: `credentials` is borrowed; `buf` is the caller's. The text
/// contains the password or token: wipe the buffer when done.
/// Threads: any thread; `credentials` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT (`credentials` or
/// `out_n` NULL, or `buf` NULL with `len` > 0); DSAUTH_RESULT_INVALID_ARGUMENT
/// (unknown format); DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (JSON/XML from a
/// token, Bearer from legacy credentials); DSAUTH_RESULT_INSUFFICIENT_SIZE;
/// DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_render_header(
    credentials: *const dsauth_credentials,
    format: c_uint,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe { render(credentials, format, buf, len, out_n, false) }
}

/// Like `dsauth_credentials_render_header`, but writes the whole header line
/// `Name: value` (no CR LF), e.g. `Authorization: Bearer <token>`, ready for
/// libcurl's `CURLOPT_HTTPHEADER`.
///
/// Buffer, ownership, threads and results: as
/// `dsauth_credentials_render_header`. The text contains the password or
/// token: wipe the buffer when done.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_render_header_line(
    credentials: *const dsauth_credentials,
    format: c_uint,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    // SAFETY: forwarded contract.
    unsafe { render(credentials, format, buf, len, out_n, true) }
}

/// The name of the header `format` renders: "X-DocuSign-Authentication" for
/// DSAUTH_HEADER_FORMAT_JSON and _XML, "Authorization" for _BEARER. The name
/// does not depend on the kind of `credentials`
/// (`dsauth_credentials_render_header` reports a mismatch).
///
/// Ownership: `credentials` is borrowed; the returned text is static and
/// never freed.
/// Threads: any thread.
/// Returns: the name; NULL when `credentials` is NULL or `format` unknown.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_header_name(
    credentials: *const dsauth_credentials,
    format: c_uint,
) -> *const c_char {
    guard(|| match dsauth_header_format::parse(format) {
        Ok(_) if credentials.is_null() => ptr::null(),
        Ok(crate::HeaderFormat::Bearer) => static_cstr(c"Authorization"),
        Ok(_) => static_cstr(c"X-DocuSign-Authentication"),
        Err(_) => ptr::null(),
    })
}

/// Writes the SOAP username `[IntegratorKey]username` (unescaped) of legacy
/// credentials to `buf`, NUL-terminated.
///
/// Buffer: as `dsauth_credentials_render_header`.
/// Ownership: `credentials` is borrowed; `buf` is the caller's.
/// Threads: any thread; `credentials` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (an access token);
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_soap_username(
    credentials: *const dsauth_credentials,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let username = soap::username(credentials)?;
        unsafe { out.write(&username) }
    })
}

/// Writes the WS-Security element for SOAP `api.asmx` to `buf`,
/// NUL-terminated: `<wsse:Security xmlns:wsse="…"><wsse:UsernameToken>`
/// with `<wsse:Username>[IntegratorKey]username</wsse:Username>` and
/// `<wsse:Password Type="…#PasswordText">password</wsse:Password>`, XML
/// escaped, ready to place in a SOAP `Header`. 7-bit ASCII.
///
/// Buffer: as `dsauth_credentials_render_header`.
/// Ownership: `credentials` is borrowed; `buf` is the caller's. The text
/// contains the password: wipe the buffer when done.
/// Threads: any thread; `credentials` may be shared.
/// Returns: DSAUTH_RESULT_OK; DSAUTH_RESULT_NULL_ARGUMENT;
/// DSAUTH_RESULT_WRONG_CREDENTIAL_KIND (an access token);
/// DSAUTH_RESULT_INSUFFICIENT_SIZE; DSAUTH_RESULT_PANIC.
#[no_mangle]
pub unsafe extern "C" fn dsauth_credentials_soap_security(
    credentials: *const dsauth_credentials,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> dsauth_result {
    run_plain(|| {
        // SAFETY: the header's contract on every pointer.
        let credentials = unsafe { arg_ref(credentials, "credentials") }?;
        let out = TextOut::new(buf, len, out_n)?;
        let security = soap::security_header(credentials)?;
        unsafe { out.write(security.expose()) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::credential_field::dsauth_credential_field;
    use crate::ffi::error::{dsauth_error_field, dsauth_error_free};

    #[test]
    fn credential_errors_name_the_field() {
        let mut c: *const dsauth_credentials = ptr::null();
        let mut err: *mut dsauth_error = ptr::null_mut();
        let r = unsafe { dsauth_credentials_new_token(c" x".as_ptr(), &mut c, &mut err) };
        assert_eq!(r, dsauth_result::CredentialWhitespace);
        assert!(c.is_null());
        unsafe {
            assert_eq!(
                dsauth_error_field(err),
                dsauth_credential_field::AccessToken
            );
            dsauth_error_free(err);
        }
    }
}
