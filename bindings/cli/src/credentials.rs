//! The credentials of a run, from the environment, files it names, the
//! profile (never secrets) and `--password-stdin`; never from argv.
//!
//! The kind is chosen by its secret, first match wins: an access token, a
//! private key (JWT grant), a refresh token (authorization code grant), a
//! username or password (legacy). A missing setting is reported with every
//! variable (and profile key or flag) that would supply it.

use std::io::Read;

use dsauth::oauth::{AuthorizationCodeCredentials, AuthorizationCodeGrant};
use dsauth::Credentials;
use zeroize::Zeroizing;

use crate::env::var;
use crate::exit::Failure;
use crate::profile::Profile;

/// Every way to give credentials, for the message when none is given.
const NONE_GIVEN: &str = "no credentials: set one of
  DSAUTH_ACCESS_TOKEN or DSAUTH_ACCESS_TOKEN_FILE (a ready OAuth token);
  DSAUTH_PRIVATE_KEY, DSAUTH_PRIVATE_KEY_FILE or key_file in the profile (JWT grant, with
    DSAUTH_INTEGRATOR_KEY or DSAUTH_INTEGRATION_KEY, and DSAUTH_USER_ID);
  DSAUTH_REFRESH_TOKEN or DSAUTH_REFRESH_TOKEN_FILE (authorization code grant);
  DSAUTH_USERNAME with DSAUTH_PASSWORD, DSAUTH_PASSWORD_FILE or --password-stdin (legacy)";

/// The credentials this run authenticates with.
pub fn from_environment(profile: &Profile, password_stdin: bool) -> Result<Credentials, Failure> {
    if let Some(token) = secret("DSAUTH_ACCESS_TOKEN")? {
        return Ok(Credentials::access_token(&token)?);
    }
    if let Some(pem) = private_key(profile)? {
        let key = integration_key(profile)?;
        let user = setting(
            "the user id",
            "DSAUTH_USER_ID",
            profile.user_id.as_ref(),
            "user_id",
        )?;
        return Ok(Credentials::jwt(&key, &user, pem.as_bytes())?);
    }
    if let Some(refresh) = secret("DSAUTH_REFRESH_TOKEN")? {
        let redirect = redirect_uri(profile)?;
        let mut grant = AuthorizationCodeGrant::new(&integration_key(profile)?, &redirect)?;
        if let Some(client_secret) = secret("DSAUTH_CLIENT_SECRET")? {
            grant = grant.with_client_secret(&client_secret)?;
        }
        let credentials = AuthorizationCodeCredentials::from_refresh_token(grant, &refresh)?;
        return Ok(Credentials::authorization_code(credentials));
    }
    let password = if password_stdin {
        Some(read_stdin_password()?)
    } else {
        secret("DSAUTH_PASSWORD")?
    };
    let username = var("DSAUTH_USERNAME");
    if username.is_none() && password.is_none() {
        return Err(Failure::Configuration(NONE_GIVEN.into()));
    }
    let username = username.ok_or_else(|| missing("the username", &["DSAUTH_USERNAME"]))?;
    let password = password.ok_or_else(|| {
        missing(
            "the password",
            &[
                "DSAUTH_PASSWORD",
                "DSAUTH_PASSWORD_FILE",
                "--password-stdin",
            ],
        )
    })?;
    Ok(Credentials::legacy(
        &integration_key(profile)?,
        &username,
        &password,
        var("DSAUTH_SEND_ON_BEHALF_OF").as_deref(),
    )?)
}

/// The redirect URI of the authorization code grant (also the consent
/// URL's default).
pub fn redirect_uri(profile: &Profile) -> Result<String, Failure> {
    setting(
        "the redirect URI",
        "DSAUTH_REDIRECT_URI",
        profile.redirect_uri.as_ref(),
        "redirect_uri",
    )
}

fn integration_key(profile: &Profile) -> Result<String, Failure> {
    var("DSAUTH_INTEGRATOR_KEY")
        .or_else(|| var("DSAUTH_INTEGRATION_KEY"))
        .or_else(|| profile.integration_key.clone())
        .ok_or_else(|| {
            missing(
                "the integration key",
                &[
                    "DSAUTH_INTEGRATOR_KEY",
                    "DSAUTH_INTEGRATION_KEY",
                    "integration_key in the profile",
                ],
            )
        })
}

/// `variable`, else the profile's `key`.
fn setting(
    what: &str,
    variable: &str,
    from_profile: Option<&String>,
    key: &str,
) -> Result<String, Failure> {
    var(variable)
        .or_else(|| from_profile.cloned())
        .ok_or_else(|| missing(what, &[variable, &format!("{key} in the profile")]))
}

/// The JWT grant's key: `DSAUTH_PRIVATE_KEY` (the PEM itself, newlines
/// real or written `\n`, as CI secret stores keep it), the file
/// `DSAUTH_PRIVATE_KEY_FILE` names, or the profile's `key_file`.
fn private_key(profile: &Profile) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(pem) = secret("DSAUTH_PRIVATE_KEY")? {
        // Base64 has no backslash: every `\n` in a PEM is an escaped newline.
        return Ok(Some(Zeroizing::new(pem.replace("\\n", "\n"))));
    }
    match &profile.key_file {
        Some(path) => read_secret_file(&path.display().to_string(), &profile.origin).map(Some),
        None => Ok(None),
    }
}

/// The secret in `name`, or in the file `name_FILE` names (one trailing
/// newline dropped). Setting both is an error: which one is meant?
fn secret(name: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    let file_variable = format!("{name}_FILE");
    let value = var(name);
    match (value, var(&file_variable)) {
        (Some(_), Some(_)) => Err(Failure::Configuration(format!(
            "both {name} and {file_variable} are set: set one"
        ))),
        (Some(value), None) => Ok(Some(Zeroizing::new(value))),
        (None, Some(path)) => read_secret_file(&path, &file_variable).map(Some),
        (None, None) => Ok(None),
    }
}

/// The file at `path` (named by `source`), without one trailing newline.
fn read_secret_file(path: &str, source: &str) -> Result<Zeroizing<String>, Failure> {
    let mut text = std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| Failure::Configuration(format!("{source}: cannot read {path}: {e}")))?;
    strip_newline(&mut text);
    Ok(text)
}

fn read_stdin_password() -> Result<Zeroizing<String>, Failure> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Configuration(format!("--password-stdin: {e}")))?;
    strip_newline(&mut text);
    Ok(text)
}

fn strip_newline(text: &mut String) {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
}

/// A missing setting, with every source that would supply it.
fn missing(what: &str, sources: &[&str]) -> Failure {
    let (last, first) = sources.split_last().expect("at least one source");
    let listed = if first.is_empty() {
        (*last).to_owned()
    } else {
        format!("{} or {last}", first.join(", "))
    };
    Failure::Configuration(format!("{what} is not set: set {listed}"))
}
