//! Credentials and client settings from `DSAUTH_*` variables: the one
//! place that knows their names and rules, for the CLI and for Python's
//! `from_env()`.
//!
//! Rules:
//! - A variable set to the empty string counts as unset.
//! - A secret `X` may instead be in the file `X_FILE` names (one trailing
//!   newline dropped); setting both is an error (which one is meant?).
//! - The credentials' kind is chosen by its secret, first match wins: an
//!   access token, a private key (JWT grant), a refresh token
//!   (authorization code grant), a username or password (legacy).
//! - `DSAUTH_PRIVATE_KEY` holds the PEM itself, newlines real or written
//!   `\n` (as CI secret stores keep it).
//! - A missing setting is reported with every variable that would supply
//!   it (and the face's own fallback, see [`Variables::fallback_name`]).
//!
//! Messages name variables and files, never a value.

use std::io::Read;
use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::oauth::{AuthorizationCodeCredentials, AuthorizationCodeGrant};
use crate::{ClientOptions, Credentials, Environment, Error};

/// A ready OAuth access token.
pub const ACCESS_TOKEN: &str = "DSAUTH_ACCESS_TOKEN";
/// A file holding [`ACCESS_TOKEN`].
pub const ACCESS_TOKEN_FILE: &str = "DSAUTH_ACCESS_TOKEN_FILE";
/// The JWT grant's RSA private key, PEM.
pub const PRIVATE_KEY: &str = "DSAUTH_PRIVATE_KEY";
/// A file holding [`PRIVATE_KEY`].
pub const PRIVATE_KEY_FILE: &str = "DSAUTH_PRIVATE_KEY_FILE";
/// The integration (integrator) key.
pub const INTEGRATOR_KEY: &str = "DSAUTH_INTEGRATOR_KEY";
/// Another name of [`INTEGRATOR_KEY`] (DocuSign's newer one).
pub const INTEGRATION_KEY: &str = "DSAUTH_INTEGRATION_KEY";
/// The JWT grant's user (API user GUID).
pub const USER_ID: &str = "DSAUTH_USER_ID";
/// The authorization code grant's refresh token.
pub const REFRESH_TOKEN: &str = "DSAUTH_REFRESH_TOKEN";
/// A file holding [`REFRESH_TOKEN`].
pub const REFRESH_TOKEN_FILE: &str = "DSAUTH_REFRESH_TOKEN_FILE";
/// The authorization code grant's client secret (optional).
pub const CLIENT_SECRET: &str = "DSAUTH_CLIENT_SECRET";
/// A file holding [`CLIENT_SECRET`].
pub const CLIENT_SECRET_FILE: &str = "DSAUTH_CLIENT_SECRET_FILE";
/// The authorization code grant's redirect URI.
pub const REDIRECT_URI: &str = "DSAUTH_REDIRECT_URI";
/// The legacy username (email or API user GUID).
pub const USERNAME: &str = "DSAUTH_USERNAME";
/// The legacy password.
pub const PASSWORD: &str = "DSAUTH_PASSWORD";
/// A file holding [`PASSWORD`].
pub const PASSWORD_FILE: &str = "DSAUTH_PASSWORD_FILE";
/// The legacy `SendOnBehalfOf` user (optional).
pub const SEND_ON_BEHALF_OF: &str = "DSAUTH_SEND_ON_BEHALF_OF";
/// `demo` (the default), `production` or a base URL.
pub const BASE_URL: &str = "DSAUTH_BASE_URL";
/// A PEM file of extra trusted certificate authorities.
pub const CA_FILE: &str = "DSAUTH_CA_FILE";
/// The account to use (default: the user's default account).
pub const ACCOUNT_ID: &str = "DSAUTH_ACCOUNT_ID";

/// Where variables are read: [`ProcessEnvironment`], a closure (`|name|
/// map.get(name).cloned()`), or a face's own layers.
pub trait Variables {
    /// The value of the variable `name`; `None` when it is unset or empty.
    fn var(&self, name: &str) -> Option<String>;

    /// How messages name what else supplies the setting of the variable
    /// `name` when no variable does (the CLI's profile key or flag).
    fn fallback_name(&self, _name: &str) -> Option<String> {
        None
    }

    /// That fallback's value, in the variable's own form (for `X_FILE`, a
    /// path). Asked only when no variable sets the setting.
    fn fallback(&self, _name: &str) -> Result<Option<Zeroizing<String>>> {
        Ok(None)
    }
}

/// The variables of this process.
pub struct ProcessEnvironment;

impl Variables for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

impl<F: Fn(&str) -> Option<String>> Variables for F {
    fn var(&self, name: &str) -> Option<String> {
        self(name).filter(|v| !v.is_empty())
    }
}

/// The credentials the variables describe (see the module's rules).
pub fn credentials(vars: &impl Variables) -> Result<Credentials> {
    if let Some(token) = secret(vars, ACCESS_TOKEN, ACCESS_TOKEN_FILE)? {
        return Credentials::access_token(&token);
    }
    if let Some(pem) = private_key(vars)? {
        let user = setting(vars, "the user id", &[USER_ID])?;
        return Credentials::jwt(&integration_key(vars)?, &user, pem.as_bytes());
    }
    if let Some(refresh) = secret(vars, REFRESH_TOKEN, REFRESH_TOKEN_FILE)? {
        let mut grant = AuthorizationCodeGrant::new(&integration_key(vars)?, &redirect_uri(vars)?)?;
        if let Some(client_secret) = secret(vars, CLIENT_SECRET, CLIENT_SECRET_FILE)? {
            grant = grant.with_client_secret(&client_secret)?;
        }
        let credentials = AuthorizationCodeCredentials::from_refresh_token(grant, &refresh)?;
        return Ok(Credentials::authorization_code(credentials));
    }
    let username = optional(vars, USERNAME)?;
    let password = secret(vars, PASSWORD, PASSWORD_FILE)?;
    if username.is_none() && password.is_none() {
        return Err(none_given(vars));
    }
    let username = username.ok_or_else(|| missing(vars, "the username", &[USERNAME]))?;
    let password = password.ok_or_else(|| {
        Error::Configuration(format!(
            "the password is not set: set {}",
            secret_sources(vars, PASSWORD, PASSWORD_FILE)
        ))
    })?;
    Credentials::legacy(
        &integration_key(vars)?,
        &username,
        &password,
        optional(vars, SEND_ON_BEHALF_OF)?.as_deref(),
    )
}

/// The redirect URI of the authorization code grant (also the consent
/// URL's default).
pub fn redirect_uri(vars: &impl Variables) -> Result<String> {
    setting(vars, "the redirect URI", &[REDIRECT_URI])
}

/// [`BASE_URL`]: `demo` (also when unset), `production`, or a base URL
/// ([`Environment::custom`]).
pub fn environment(vars: &impl Variables) -> Result<Environment> {
    match optional(vars, BASE_URL)?.as_deref() {
        None | Some("demo") => Ok(Environment::demo()),
        Some("production") => Ok(Environment::production()),
        Some(url) => Environment::custom(url),
    }
}

/// Default options with [`CA_FILE`] (checked now: it must hold a
/// certificate) and [`ACCOUNT_ID`].
pub fn client_options(vars: &impl Variables) -> Result<ClientOptions> {
    let mut options = ClientOptions::default();
    if let Some(path) = optional(vars, CA_FILE)? {
        let path = PathBuf::from(path);
        crate::client::options::ca_file_certificates(&path)?;
        options.ca_file = Some(path);
    }
    options.account_id = optional(vars, ACCOUNT_ID)?;
    Ok(options)
}

/// The integration key: either name, else the fallback.
fn integration_key(vars: &impl Variables) -> Result<String> {
    setting(
        vars,
        "the integration key",
        &[INTEGRATOR_KEY, INTEGRATION_KEY],
    )
}

/// The first of `names` that is set, else the first name's fallback, else
/// an error naming all of them.
fn setting(vars: &impl Variables, what: &str, names: &[&str]) -> Result<String> {
    if let Some(value) = names.iter().find_map(|name| vars.var(name)) {
        return Ok(value);
    }
    match vars.fallback(names[0])? {
        Some(value) => Ok(value.to_string()),
        None => Err(missing(vars, what, names)),
    }
}

/// A setting that may stay unset: the variable, else its fallback.
fn optional(vars: &impl Variables, name: &str) -> Result<Option<String>> {
    match vars.var(name) {
        Some(value) => Ok(Some(value)),
        None => Ok(vars.fallback(name)?.map(|value| value.to_string())),
    }
}

/// The JWT grant's key: [`PRIVATE_KEY`] (every `\n` an escaped newline:
/// base64 has no backslash), or the file `DSAUTH_PRIVATE_KEY_FILE` or the
/// fallback of that variable names.
fn private_key(vars: &impl Variables) -> Result<Option<Zeroizing<String>>> {
    if let Some(pem) = secret(vars, PRIVATE_KEY, PRIVATE_KEY_FILE)? {
        return Ok(Some(Zeroizing::new(pem.replace("\\n", "\n"))));
    }
    match vars.fallback(PRIVATE_KEY_FILE)? {
        Some(path) => {
            let source = vars.fallback_name(PRIVATE_KEY_FILE);
            read_secret_file(&path, source.as_deref().unwrap_or(PRIVATE_KEY_FILE)).map(Some)
        }
        None => Ok(None),
    }
}

/// The secret `name`, from the variable, the file `file_variable` names,
/// or the fallback of `name`.
fn secret(
    vars: &impl Variables,
    name: &str,
    file_variable: &str,
) -> Result<Option<Zeroizing<String>>> {
    match (vars.var(name).map(Zeroizing::new), vars.var(file_variable)) {
        (Some(_), Some(_)) => Err(Error::Configuration(format!(
            "both {name} and {file_variable} are set: set one"
        ))),
        (Some(value), None) => Ok(Some(value)),
        (None, Some(path)) => read_secret_file(&path, file_variable).map(Some),
        (None, None) => vars.fallback(name),
    }
}

/// The largest secret read from a file or a stream (a key is a few KiB).
const MAX_SECRET: usize = 64 * 1024;

/// All of `reader` (a secret's file, standard input) as UTF-8, without
/// one trailing newline (LF or CR LF); `source` names it in the error. The
/// buffer is reserved up front, so no unwiped copy is left behind.
pub fn read_secret(reader: impl Read, source: &str) -> Result<Zeroizing<String>> {
    let mut text = crate::secret::buffer_for_secret(MAX_SECRET + 1);
    reader
        .take(MAX_SECRET as u64 + 1)
        .read_to_string(&mut text)
        .map_err(|e| Error::Configuration(format!("{source}: {e}")))?;
    if text.len() > MAX_SECRET {
        return Err(Error::Configuration(format!(
            "{source}: more than {} KiB, which is no secret dsauth takes",
            MAX_SECRET / 1024
        )));
    }
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// The file at `path`, named by the variable (or fallback) `source`.
fn read_secret_file(path: &str, source: &str) -> Result<Zeroizing<String>> {
    let unreadable =
        |e: std::io::Error| Error::Configuration(format!("{source}: cannot read {path}: {e}"));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    read_secret(file, &format!("{source}: cannot read {path}"))
}

/// `A, B or C`: the variables `names`, then what the face supplies
/// instead of the variable `fallback_of`.
fn listed(vars: &impl Variables, names: &[&str], fallback_of: &str) -> String {
    let mut sources: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    sources.extend(vars.fallback_name(fallback_of));
    match sources.split_last() {
        Some((last, first)) if !first.is_empty() => format!("{} or {last}", first.join(", ")),
        _ => sources.concat(),
    }
}

/// A missing setting, with every source that would supply it.
fn missing(vars: &impl Variables, what: &str, names: &[&str]) -> Error {
    Error::Configuration(format!(
        "{what} is not set: set {}",
        listed(vars, names, names[0])
    ))
}

/// `X or X_FILE`, then the fallback of `X`.
fn secret_sources(vars: &impl Variables, name: &str, file_variable: &str) -> String {
    listed(vars, &[name, file_variable], name)
}

/// No credentials at all: every way to give them.
fn none_given(vars: &impl Variables) -> Error {
    Error::Configuration(format!(
        "no credentials: set one of\n  \
         {} (a ready OAuth token);\n  \
         {} (JWT grant, with\n    {}, and {USER_ID});\n  \
         {} (authorization code grant);\n  \
         {USERNAME} with {} (legacy)",
        secret_sources(vars, ACCESS_TOKEN, ACCESS_TOKEN_FILE),
        listed(vars, &[PRIVATE_KEY, PRIVATE_KEY_FILE], PRIVATE_KEY_FILE),
        listed(vars, &[INTEGRATOR_KEY, INTEGRATION_KEY], INTEGRATOR_KEY),
        secret_sources(vars, REFRESH_TOKEN, REFRESH_TOKEN_FILE),
        secret_sources(vars, PASSWORD, PASSWORD_FILE),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const PKCS1: &str = include_str!("oauth/testdata/rsa2048-pkcs1.pem");
    const KEY: &str = "00000000-1111-2222-3333-444444444444";
    const USER: &str = "55555555-6666-7777-8888-999999999999";

    /// The variables `pairs`, as a test passes them.
    fn map<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    /// A file holding `text`, removed on drop.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str, text: &str) -> Self {
            let path =
                std::env::temp_dir().join(format!("dsauth-from-env-{}-{name}", std::process::id()));
            std::fs::write(&path, text).unwrap();
            TempFile(path)
        }

        fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
        err.to_string()
    }

    #[test]
    fn each_kind_is_chosen_by_its_secret_first_match_wins() {
        let escaped = PKCS1.replace('\n', "\\n");
        let jwt = [
            (INTEGRATION_KEY, KEY),
            (USER_ID, USER),
            (PRIVATE_KEY, escaped.as_str()),
        ];
        let Credentials::Jwt(grant) = credentials(&map(&jwt)).unwrap() else {
            panic!("not a JWT grant")
        };
        assert_eq!((grant.integration_key(), grant.user_id()), (KEY, USER));
        // Real newlines too; and an access token wins over everything.
        let mut settings = jwt.to_vec();
        settings[2].1 = PKCS1;
        assert!(matches!(
            credentials(&map(&settings)),
            Ok(Credentials::Jwt(_))
        ));
        settings.push((ACCESS_TOKEN, "eyJ0.token"));
        assert!(matches!(
            credentials(&map(&settings)),
            Ok(Credentials::AccessToken(_))
        ));

        let client_secret = TempFile::new("client-secret", "s3cret\r\n");
        let code = [
            (INTEGRATOR_KEY, KEY),
            (REFRESH_TOKEN, "refresh.token"),
            (REDIRECT_URI, "https://app.example/callback"),
            (CLIENT_SECRET_FILE, client_secret.path()),
        ];
        let Credentials::AuthorizationCode(code) = credentials(&map(&code)).unwrap() else {
            panic!("not an authorization code grant")
        };
        assert_eq!(code.refresh_token().expose(), "refresh.token");

        let password = TempFile::new("password", "pass word\n");
        let legacy = [
            (INTEGRATOR_KEY, KEY),
            (USERNAME, "bob@example.com"),
            (PASSWORD_FILE, password.path()),
            (SEND_ON_BEHALF_OF, "alice@example.com"),
        ];
        let Credentials::Legacy(legacy) = credentials(&map(&legacy)).unwrap() else {
            panic!("not legacy credentials")
        };
        assert_eq!(legacy.password().expose(), "pass word");
        assert_eq!(legacy.send_on_behalf_of(), Some("alice@example.com"));
    }

    #[test]
    fn a_missing_setting_names_every_variable_that_would_supply_it() {
        let none = message(credentials(&map(&[])));
        for name in [
            ACCESS_TOKEN,
            ACCESS_TOKEN_FILE,
            PRIVATE_KEY_FILE,
            INTEGRATION_KEY,
            USER_ID,
            REFRESH_TOKEN_FILE,
            USERNAME,
            PASSWORD_FILE,
        ] {
            assert!(none.contains(name), "{name}: {none}");
        }
        let err = message(credentials(&map(&[(PRIVATE_KEY, PKCS1), (USER_ID, USER)])));
        assert_eq!(
            err,
            "the integration key is not set: set DSAUTH_INTEGRATOR_KEY or DSAUTH_INTEGRATION_KEY"
        );
        let err = message(credentials(&map(&[(USERNAME, "bob@example.com")])));
        assert_eq!(
            err,
            "the password is not set: set DSAUTH_PASSWORD or DSAUTH_PASSWORD_FILE"
        );
        let err = message(credentials(&map(&[
            (REFRESH_TOKEN, "r"),
            (INTEGRATOR_KEY, KEY),
        ])));
        assert!(err.contains(REDIRECT_URI), "{err}");
    }

    #[test]
    fn a_secret_and_its_file_are_one_or_the_other_and_never_quoted() {
        let file = TempFile::new("token", "from-the-file\n");
        let both = [(ACCESS_TOKEN, "hunter2"), (ACCESS_TOKEN_FILE, file.path())];
        let err = message(credentials(&map(&both)));
        assert_eq!(
            err,
            "both DSAUTH_ACCESS_TOKEN and DSAUTH_ACCESS_TOKEN_FILE are set: set one"
        );
        let err = message(credentials(&map(&[(
            PASSWORD_FILE,
            "/nonexistent/password",
        )])));
        assert!(
            err.starts_with("DSAUTH_PASSWORD_FILE: cannot read /nonexistent/password: "),
            "{err}"
        );
        let huge = TempFile::new("huge", &"x".repeat(MAX_SECRET + 1));
        let err = message(credentials(&map(&[(PASSWORD_FILE, huge.path())])));
        assert!(err.contains("more than 64 KiB"), "{err}");
        // An unusable value is the core's credential error, without the value.
        let err = credentials(&map(&[(ACCESS_TOKEN, "hunter2 secret")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialInvalidCharacter);
        assert!(!err.to_string().contains("hunter2"), "{err}");
        // Empty counts as unset.
        let file_only = [(ACCESS_TOKEN, ""), (ACCESS_TOKEN_FILE, file.path())];
        assert!(credentials(&map(&file_only)).is_ok());
    }

    /// A face's layers: the variables over defaults of its own (a user id,
    /// and a key file when `.1`).
    struct Layered<'a>(&'a [(&'a str, &'a str)], bool);

    impl Variables for Layered<'_> {
        fn var(&self, name: &str) -> Option<String> {
            map(self.0).var(name)
        }
        fn fallback_name(&self, name: &str) -> Option<String> {
            (name == USER_ID || name == PRIVATE_KEY_FILE).then(|| format!("{name} in the profile"))
        }
        fn fallback(&self, name: &str) -> Result<Option<Zeroizing<String>>> {
            Ok(match name {
                USER_ID => Some(Zeroizing::new(USER.to_owned())),
                PRIVATE_KEY_FILE if self.1 => {
                    Some(Zeroizing::new("/nonexistent/profile.pem".to_owned()))
                }
                _ => None,
            })
        }
    }

    #[test]
    fn a_fallback_is_used_when_no_variable_sets_the_setting_and_is_named() {
        let settings = [(INTEGRATION_KEY, KEY), (PRIVATE_KEY, PKCS1)];
        let Credentials::Jwt(grant) = credentials(&Layered(&settings, true)).unwrap() else {
            panic!("not a JWT grant")
        };
        assert_eq!(grant.user_id(), USER);
        let other = "aaaaaaaa-6666-7777-8888-999999999999";
        let settings = [
            (INTEGRATION_KEY, KEY),
            (PRIVATE_KEY, PKCS1),
            (USER_ID, other),
        ];
        let Credentials::Jwt(grant) = credentials(&Layered(&settings, true)).unwrap() else {
            panic!("not a JWT grant")
        };
        assert_eq!(grant.user_id(), other);
        // The key file of the fallback, named by it.
        let err = message(credentials(&Layered(&[(INTEGRATION_KEY, KEY)], true)));
        assert!(
            err.starts_with(
                "DSAUTH_PRIVATE_KEY_FILE in the profile: cannot read /nonexistent/profile.pem"
            ),
            "{err}"
        );
        let none = message(credentials(&Layered(&[(PRIVATE_KEY_FILE, "")], false)));
        assert!(
            none.contains("DSAUTH_PRIVATE_KEY_FILE or DSAUTH_PRIVATE_KEY_FILE in the profile"),
            "{none}"
        );
    }

    #[test]
    fn environment_and_options() {
        assert_eq!(environment(&map(&[])).unwrap(), Environment::demo());
        assert_eq!(
            environment(&map(&[(BASE_URL, "production")])).unwrap(),
            Environment::production()
        );
        let custom = environment(&map(&[(BASE_URL, "http://127.0.0.1:8080")])).unwrap();
        assert_eq!(custom.base_url(), "http://127.0.0.1:8080");
        assert_eq!(
            environment(&map(&[(BASE_URL, "http://example.com")]))
                .unwrap_err()
                .kind(),
            ErrorKind::InsecureUrl
        );

        let options = client_options(&map(&[(ACCOUNT_ID, "12345")])).unwrap();
        assert_eq!(options.account_id.as_deref(), Some("12345"));
        assert!(options.ca_file.is_none());
        let err = client_options(&map(&[(CA_FILE, "/nonexistent/ca.pem")])).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
        let not_a_ca = TempFile::new("not-a-ca.pem", "hello\n");
        assert!(client_options(&map(&[(CA_FILE, not_a_ca.path())])).is_err());
    }

    #[test]
    fn the_readme_has_every_variable_in_its_table() {
        // The table's rows: from its header to the first line that is not a row.
        let readme = include_str!("../README.md");
        let table: String = readme
            .lines()
            .skip_while(|line| !line.starts_with("| Variable"))
            .take_while(|line| line.starts_with('|'))
            .collect();
        for name in [
            ACCESS_TOKEN,
            ACCESS_TOKEN_FILE,
            PRIVATE_KEY,
            PRIVATE_KEY_FILE,
            INTEGRATOR_KEY,
            INTEGRATION_KEY,
            USER_ID,
            REFRESH_TOKEN,
            REFRESH_TOKEN_FILE,
            CLIENT_SECRET,
            CLIENT_SECRET_FILE,
            REDIRECT_URI,
            USERNAME,
            PASSWORD,
            PASSWORD_FILE,
            SEND_ON_BEHALF_OF,
            BASE_URL,
            CA_FILE,
            ACCOUNT_ID,
        ] {
            assert!(table.contains(&format!("`{name}`")), "{name}");
        }
    }
}
