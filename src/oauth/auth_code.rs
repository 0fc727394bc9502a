//! Authorization code grant: the URL the user logs in at, the code
//! exchange, the refresh-token grant, and the credentials a client keeps
//! refreshing with.

use std::fmt;
use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::environment::Environment;
use crate::error::{CredentialField, Error, Result};
use crate::oauth::pkce::{check_verifier, Pkce, PKCE_METHOD};
use crate::oauth::scope::{self, DEFAULT_CODE_SCOPES};
use crate::oauth::token::Token;
use crate::oauth::{form, urls};
use crate::secret::{buffer_for_secret, Secret};
use crate::validate::{
    check_field, check_integrator_key, check_token, MAX_FIELD_LEN, MAX_TOKEN_LEN,
};

/// An application using the authorization code grant: integration key,
/// optional client secret (a confidential client; without one, a public
/// client that must use PKCE), redirect URI, scopes (default `signature`).
/// Immutable; `with_*` return a changed copy. `Debug` redacts the secret.
#[derive(Clone)]
pub struct AuthorizationCodeGrant {
    integration_key: String,
    client_secret: Option<Secret>,
    redirect_uri: String,
    scopes: Vec<String>,
}

impl AuthorizationCodeGrant {
    /// A public client (PKCE, no secret). The redirect URI must be one
    /// registered for the integration key.
    pub fn new(integration_key: &str, redirect_uri: &str) -> Result<Self> {
        check_integrator_key(integration_key)?;
        urls::check_redirect_uri(redirect_uri)?;
        Ok(AuthorizationCodeGrant {
            integration_key: integration_key.to_owned(),
            client_secret: None,
            redirect_uri: redirect_uri.to_owned(),
            scopes: DEFAULT_CODE_SCOPES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        })
    }

    /// A confidential client: code exchange and refresh authenticate with
    /// `Authorization: Basic base64(key:secret)`.
    pub fn with_client_secret(mut self, client_secret: &str) -> Result<Self> {
        check_field(CredentialField::ClientSecret, client_secret, MAX_FIELD_LEN)?;
        self.client_secret = Some(Secret::from(client_secret));
        Ok(self)
    }

    /// Other scopes, each an OAuth scope token.
    pub fn with_scopes<S: AsRef<str>>(mut self, scopes: &[S]) -> Result<Self> {
        self.scopes = scope::check_scopes(scopes)?;
        Ok(self)
    }

    /// The integration key (the OAuth client id).
    pub fn integration_key(&self) -> &str {
        &self.integration_key
    }

    /// The client secret; `None` for a public client (PKCE).
    pub fn client_secret(&self) -> Option<&Secret> {
        self.client_secret.as_ref()
    }

    /// Where DocuSign sends the user back with the code.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The scopes asked for.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Where to send the user:
    /// `https://<account server>/oauth/auth?response_type=code&scope=…&client_id=…&redirect_uri=…[&state=…][&code_challenge=…&code_challenge_method=S256]`.
    /// Pass a `state` (e.g. [`crate::oauth::generate_state`]) and check it
    /// when the redirect comes back.
    pub fn authorization_url(
        &self,
        env: &Environment,
        state: Option<&str>,
        pkce: Option<&Pkce>,
    ) -> String {
        let extra: &[(&str, &str)] = match pkce {
            Some(p) => &[
                ("code_challenge", p.challenge()),
                ("code_challenge_method", PKCE_METHOD),
            ],
            None => &[],
        };
        urls::authorization_url(
            env,
            &self.integration_key,
            &self.scopes,
            &self.redirect_uri,
            state,
            extra,
        )
    }

    /// The body to POST to [`urls::token_url`] (with
    /// [`AuthorizationCodeGrant::basic_authorization`] when there is a
    /// secret) to trade the `code` from the redirect for tokens:
    /// `grant_type=authorization_code&code=…`, then `client_id=…` for a
    /// public client, then `code_verifier=…` with PKCE. Like DocuSign's
    /// documentation, it does not repeat `redirect_uri`.
    pub fn code_exchange_form(&self, code: &str, pkce_verifier: Option<&str>) -> Result<Secret> {
        check_field(CredentialField::AuthorizationCode, code, MAX_TOKEN_LEN)?;
        if let Some(verifier) = pkce_verifier {
            check_verifier(verifier)?;
        } else if self.client_secret.is_none() {
            return Err(Error::InvalidArgument {
                name: "pkce_verifier",
                reason: "a client without a client secret must use PKCE".into(),
            });
        }
        let mut pairs = vec![("grant_type", "authorization_code"), ("code", code)];
        if self.client_secret.is_none() {
            pairs.push(("client_id", &self.integration_key));
        }
        if let Some(verifier) = pkce_verifier {
            pairs.push(("code_verifier", verifier));
        }
        Ok(form::secret_form(&pairs))
    }

    /// The body of the refresh-token grant:
    /// `grant_type=refresh_token&refresh_token=…` (and `client_id=…` for a
    /// public client).
    pub fn refresh_form(&self, refresh_token: &str) -> Result<Secret> {
        check_token(CredentialField::RefreshToken, refresh_token)?;
        let mut pairs = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ];
        if self.client_secret.is_none() {
            pairs.push(("client_id", &self.integration_key));
        }
        Ok(form::secret_form(&pairs))
    }

    /// `Basic base64(integration key ":" client secret)`, the
    /// `Authorization` header of the code exchange and refresh, or `None`
    /// for a public client.
    pub fn basic_authorization(&self) -> Option<Secret> {
        let secret = self.client_secret.as_ref()?;
        let mut plain = buffer_for_secret(self.integration_key.len() + 1 + secret.len());
        plain.push_str(&self.integration_key);
        plain.push(':');
        plain.push_str(secret.expose());
        let mut out = buffer_for_secret(6 + plain.len().div_ceil(3) * 4);
        out.push_str("Basic ");
        STANDARD.encode_string(plain.as_bytes(), &mut out);
        Some(Secret::from_buffer(out))
    }
}

impl fmt::Debug for AuthorizationCodeGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationCodeGrant")
            .field("integration_key", &self.integration_key)
            .field("client_secret", &self.client_secret)
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// What a client authenticates with after the code exchange: the grant
/// (to refresh) and the refresh token, plus the access token of the
/// exchange when it is still fresh. The client keeps the newest tokens in
/// its own cache (DocuSign may rotate the refresh token); these are only
/// the starting point.
#[derive(Clone)]
pub struct AuthorizationCodeCredentials {
    grant: AuthorizationCodeGrant,
    refresh_token: Secret,
    initial: Option<(Token, Instant)>,
}

impl AuthorizationCodeCredentials {
    /// From the answer of the code exchange (or of a refresh), received at
    /// `received_at`. The answer must carry a refresh token.
    pub fn from_token(
        grant: AuthorizationCodeGrant,
        token: Token,
        received_at: Instant,
    ) -> Result<Self> {
        let refresh_token = token
            .refresh_token
            .clone()
            .ok_or_else(|| Error::InvalidArgument {
                name: "token",
                reason: "has no refresh token (it does not come from the authorization code grant)"
                    .into(),
            })?;
        Ok(AuthorizationCodeCredentials {
            grant,
            refresh_token,
            initial: Some((token, received_at)),
        })
    }

    /// From a refresh token kept from an earlier session: the client
    /// refreshes before its first call.
    pub fn from_refresh_token(grant: AuthorizationCodeGrant, refresh_token: &str) -> Result<Self> {
        check_token(CredentialField::RefreshToken, refresh_token)?;
        Ok(AuthorizationCodeCredentials {
            grant,
            refresh_token: Secret::from(refresh_token),
            initial: None,
        })
    }

    /// The application these tokens belong to.
    pub fn grant(&self) -> &AuthorizationCodeGrant {
        &self.grant
    }

    /// The refresh token to start from.
    pub fn refresh_token(&self) -> &Secret {
        &self.refresh_token
    }

    /// The access token of the exchange and when it was received, if any.
    pub fn initial_token(&self) -> Option<(&Token, Instant)> {
        self.initial.as_ref().map(|(t, at)| (t, *at))
    }
}

impl fmt::Debug for AuthorizationCodeCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationCodeCredentials")
            .field("grant", &self.grant)
            .field("refresh_token", &self.refresh_token)
            .field("initial_token", &self.initial.as_ref().map(|(t, _)| t))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::oauth::token::parse_token_response;

    const IK: &str = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10";
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn public() -> AuthorizationCodeGrant {
        AuthorizationCodeGrant::new(IK, "https://app.example/callback").unwrap()
    }

    fn confidential() -> AuthorizationCodeGrant {
        public().with_client_secret("s3cr3t:value").unwrap()
    }

    #[test]
    fn authorization_urls() {
        let env = Environment::demo();
        let base = format!("https://account-d.docusign.com/oauth/auth?response_type=code&scope=signature&client_id={IK}&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback");
        assert_eq!(confidential().authorization_url(&env, None, None), base);
        let pkce = Pkce::from_verifier(VERIFIER).unwrap();
        assert_eq!(
            public().authorization_url(&env, Some("xyz 1"), Some(&pkce)),
            format!("{base}&state=xyz%201&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
        );
        let wide = public().with_scopes(&["signature", "extended"]).unwrap();
        assert!(wide
            .authorization_url(&env, None, None)
            .contains("&scope=signature%20extended&"));
    }

    #[test]
    fn forms_and_basic() {
        let c = confidential();
        assert_eq!(
            c.code_exchange_form("c0de/+=", None).unwrap().expose(),
            "grant_type=authorization_code&code=c0de%2F%2B%3D"
        );
        assert_eq!(
            c.code_exchange_form("abc", Some(VERIFIER))
                .unwrap()
                .expose(),
            format!("grant_type=authorization_code&code=abc&code_verifier={VERIFIER}")
        );
        assert_eq!(
            public()
                .code_exchange_form("abc", Some(VERIFIER))
                .unwrap()
                .expose(),
            format!(
                "grant_type=authorization_code&code=abc&client_id={IK}&code_verifier={VERIFIER}"
            )
        );
        let kind = |r: Result<Secret>| r.unwrap_err().kind();
        assert_eq!(
            kind(public().code_exchange_form("abc", None)),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(c.code_exchange_form("abc", Some("short"))),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(c.code_exchange_form("", None)),
            ErrorKind::CredentialEmpty
        );
        assert_eq!(
            kind(c.code_exchange_form("a\nb", None)),
            ErrorKind::CredentialControlCharacter
        );
        assert_eq!(
            c.refresh_form("r1+/=").unwrap().expose(),
            "grant_type=refresh_token&refresh_token=r1%2B%2F%3D"
        );
        assert_eq!(
            public().refresh_form("r1").unwrap().expose(),
            format!("grant_type=refresh_token&refresh_token=r1&client_id={IK}")
        );
        assert_eq!(
            kind(c.refresh_form("r 1")),
            ErrorKind::CredentialInvalidCharacter
        );

        let basic = c.basic_authorization().unwrap();
        let b64 = basic.expose().strip_prefix("Basic ").unwrap();
        assert_eq!(
            STANDARD.decode(b64).unwrap(),
            format!("{IK}:s3cr3t:value").as_bytes()
        );
        assert!(public().basic_authorization().is_none());
        let shown = format!("{c:?} {basic:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn refuses_bad_fields() {
        let kind = |r: Result<AuthorizationCodeGrant>| r.unwrap_err().kind();
        assert_eq!(
            kind(AuthorizationCodeGrant::new("", "https://a/")),
            ErrorKind::CredentialEmpty
        );
        assert_eq!(
            kind(AuthorizationCodeGrant::new(IK, "relative/path")),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(public().with_client_secret(" s")),
            ErrorKind::CredentialWhitespace
        );
        assert_eq!(
            kind(public().with_scopes(&["a\"b"])),
            ErrorKind::CredentialInvalidCharacter
        );
    }

    #[test]
    fn credentials_from_a_token_pair() {
        let token = parse_token_response(
            200,
            br#"{"access_token":"acc","token_type":"Bearer","expires_in":28800,"refresh_token":"ref"}"#,
            None,
            None,
        )
        .unwrap();
        let now = Instant::now();
        let creds = AuthorizationCodeCredentials::from_token(confidential(), token, now).unwrap();
        assert_eq!(creds.refresh_token().expose(), "ref");
        let (t, at) = creds.initial_token().unwrap();
        assert_eq!((t.access_token.expose(), at), ("acc", now));
        let shown = format!("{creds:?}");
        assert!(
            !shown.contains("acc\"") && !shown.contains("ref\"") && !shown.contains("s3cr3t"),
            "{shown}"
        );

        let jwt_token = parse_token_response(
            200,
            br#"{"access_token":"acc","token_type":"Bearer","expires_in":3600}"#,
            None,
            None,
        )
        .unwrap();
        assert!(AuthorizationCodeCredentials::from_token(public(), jwt_token, now).is_err());
        let creds = AuthorizationCodeCredentials::from_refresh_token(public(), "ref2").unwrap();
        assert!(creds.initial_token().is_none());
        assert!(AuthorizationCodeCredentials::from_refresh_token(public(), "").is_err());
    }
}
