//! The account server's URLs: token endpoint, userinfo, and the consent /
//! authorization page.

use crate::environment::Environment;
use crate::error::{CredentialField, CredentialProblem, Error, Result};
use crate::oauth::form;
use crate::oauth::scope;
use crate::validate::{check_field, MAX_FIELD_LEN};

/// `https://<account server>/oauth/token`: where every grant is POSTed.
pub fn token_url(env: &Environment) -> String {
    format!("{}/oauth/token", env.account_server_url())
}

/// `https://<account server>/oauth/userinfo`: account discovery.
pub fn userinfo_url(env: &Environment) -> String {
    format!("{}/oauth/userinfo", env.account_server_url())
}

/// The page a user opens to grant consent (JWT grant) or to log in
/// (authorization code grant):
/// `https://<account server>/oauth/auth?response_type=code&scope=…&client_id=…&redirect_uri=…[&state=…]`,
/// every value percent-encoded (`scope=signature%20impersonation`).
/// `redirect_uri` must be one registered for the integration key.
pub fn consent_url<S: AsRef<str>>(
    env: &Environment,
    integration_key: &str,
    scopes: &[S],
    redirect_uri: &str,
    state: Option<&str>,
) -> String {
    authorization_url(env, integration_key, scopes, redirect_uri, state, &[])
}

/// [`consent_url`] with extra parameters appended (PKCE).
pub(crate) fn authorization_url<S: AsRef<str>>(
    env: &Environment,
    integration_key: &str,
    scopes: &[S],
    redirect_uri: &str,
    state: Option<&str>,
    extra: &[(&str, &str)],
) -> String {
    let scope = scope::join(scopes);
    let mut pairs = vec![
        ("response_type", "code"),
        ("scope", scope.as_str()),
        ("client_id", integration_key),
        ("redirect_uri", redirect_uri),
    ];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    pairs.extend_from_slice(extra);
    format!(
        "{}/oauth/auth?{}",
        env.account_server_url(),
        form::query(&pairs)
    )
}

/// Checks a redirect URI: a credential field (not empty, no control
/// characters or surrounding white space), no white space inside, and an
/// absolute URI with a scheme (`https://…`, `http://localhost…`, or an
/// app's own `myapp://…`).
pub(crate) fn check_redirect_uri(uri: &str) -> Result<()> {
    let field = CredentialField::RedirectUri;
    check_field(field, uri, MAX_FIELD_LEN)?;
    let fail = |at| {
        Err(Error::Credential {
            field,
            problem: CredentialProblem::InvalidCharacter { at },
        })
    };
    if let Some((at, _)) = uri.char_indices().find(|(_, c)| c.is_whitespace()) {
        return fail(at);
    }
    let scheme_end = uri.find(':').unwrap_or(0);
    let scheme = &uri[..scheme_end];
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme || uri.len() == scheme_end + 1 {
        return Err(Error::InvalidArgument {
            name: "redirect_uri",
            reason: "must be an absolute URI with a scheme, e.g. https://app.example/callback"
                .into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_url_is_encoded() {
        let url = consent_url(
            &Environment::demo(),
            "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10",
            &["signature", "impersonation"],
            "https://app.example/cb?x=1&y=2",
            Some("a b/c"),
        );
        assert_eq!(
            url,
            "https://account-d.docusign.com/oauth/auth?response_type=code&scope=signature%20impersonation&client_id=6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%26y%3D2&state=a%20b%2Fc"
        );
        let prod = consent_url(
            &Environment::production(),
            "k",
            &["signature"],
            "http://localhost:8080/",
            None,
        );
        assert_eq!(
            prod,
            "https://account.docusign.com/oauth/auth?response_type=code&scope=signature&client_id=k&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F"
        );
        let env = Environment::custom("http://127.0.0.1:9000").unwrap();
        assert_eq!(token_url(&env), "http://127.0.0.1:9000/oauth/token");
        assert_eq!(
            userinfo_url(&Environment::demo()),
            "https://account-d.docusign.com/oauth/userinfo"
        );
    }

    #[test]
    fn redirect_uris() {
        assert!(check_redirect_uri("https://app.example/callback").is_ok());
        assert!(check_redirect_uri("myapp://cb").is_ok());
        assert!(check_redirect_uri("http://localhost:8080").is_ok());
        let kind = |u| check_redirect_uri(u).unwrap_err().kind();
        use crate::error::ErrorKind;
        assert_eq!(kind(""), ErrorKind::CredentialEmpty);
        assert_eq!(kind("https://a b"), ErrorKind::CredentialInvalidCharacter);
        assert_eq!(kind("https://a\r\n"), ErrorKind::CredentialControlCharacter);
        assert_eq!(kind("/callback"), ErrorKind::InvalidArgument);
        assert_eq!(kind("1http://x"), ErrorKind::InvalidArgument);
        assert_eq!(kind("https:"), ErrorKind::InvalidArgument);
    }
}
