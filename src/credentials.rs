//! Credentials: validated and rendered once when built, immutable
//! afterwards.

use std::fmt;

use crate::error::{CredentialField, Error, Result};
use crate::headers::Header;
use crate::oauth::{AuthorizationCodeCredentials, JwtGrant};
use crate::redact::Redactor;
use crate::secret::Secret;
use crate::validate::{check_field, check_integrator_key, check_token, MAX_FIELD_LEN};

/// Legacy header credentials: integrator key, username (an email or the
/// user's API user GUID), password or App Password, and optionally the user
/// to send on behalf of (an email or user GUID).
#[derive(Clone)]
pub struct LegacyCredentials {
    integrator_key: String,
    username: String,
    password: Secret,
    send_on_behalf_of: Option<String>,
    /// The JSON and XML `X-DocuSign-Authentication` headers, rendered by
    /// [`LegacyCredentials::new`].
    json: Header,
    xml: Header,
}

impl LegacyCredentials {
    /// Validates every field (the rules: not empty, no
    /// surrounding white space, no control characters, at most 4 KiB, no `[`
    /// or `]` in the key) and returns the first problem found, in field order.
    pub fn new(
        integrator_key: &str,
        username: &str,
        password: &str,
        send_on_behalf_of: Option<&str>,
    ) -> Result<Self> {
        check_integrator_key(integrator_key)?;
        check_field(CredentialField::Username, username, MAX_FIELD_LEN)?;
        check_field(CredentialField::Password, password, MAX_FIELD_LEN)?;
        if let Some(sobo) = send_on_behalf_of {
            check_field(CredentialField::SendOnBehalfOf, sobo, MAX_FIELD_LEN)?;
        }
        let password = Secret::from(password);
        let (json, xml) = Header::legacy(username, &password, integrator_key, send_on_behalf_of);
        Ok(LegacyCredentials {
            integrator_key: integrator_key.to_owned(),
            username: username.to_owned(),
            password,
            send_on_behalf_of: send_on_behalf_of.map(str::to_owned),
            json,
            xml,
        })
    }

    /// The integrator key (the OAuth client id).
    pub fn integrator_key(&self) -> &str {
        &self.integrator_key
    }

    /// The user's email or API user GUID.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password; it is wiped from memory when the credentials drop.
    pub fn password(&self) -> &Secret {
        &self.password
    }

    /// The user to act for (`SendOnBehalfOf`), if any.
    pub fn send_on_behalf_of(&self) -> Option<&str> {
        self.send_on_behalf_of.as_deref()
    }

    pub(crate) fn json_header(&self) -> &Header {
        &self.json
    }

    pub(crate) fn xml_header(&self) -> &Header {
        &self.xml
    }
}

impl fmt::Debug for LegacyCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyCredentials")
            .field("integrator_key", &self.integrator_key)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("send_on_behalf_of", &self.send_on_behalf_of)
            .finish()
    }
}

/// Everything dsauth can authenticate with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// `X-DocuSign-Authentication` (REST on demo, SOAP everywhere).
    Legacy(LegacyCredentials),
    /// An OAuth access token obtained elsewhere, kept as the
    /// `Authorization: Bearer <token>` header it is sent in.
    AccessToken(Header),
    /// OAuth JWT grant: the client signs assertions with the RSA private
    /// key and gets (and renews) access tokens itself.
    Jwt(JwtGrant),
    /// OAuth authorization code grant, after the code exchange: the client
    /// starts from the token pair (or just the refresh token) and refreshes
    /// with the refresh token. Boxed: it is the largest variant.
    AuthorizationCode(Box<AuthorizationCodeCredentials>),
}

impl Credentials {
    /// Legacy credentials; see [`LegacyCredentials::new`].
    pub fn legacy(
        integrator_key: &str,
        username: &str,
        password: &str,
        send_on_behalf_of: Option<&str>,
    ) -> Result<Self> {
        LegacyCredentials::new(integrator_key, username, password, send_on_behalf_of)
            .map(Credentials::Legacy)
    }

    /// A ready access token. It must use the RFC 6750 token alphabet and be
    /// at most 16 KiB.
    pub fn access_token(token: &str) -> Result<Self> {
        check_token(CredentialField::AccessToken, token)?;
        Ok(Credentials::AccessToken(Header::bearer_token(token)))
    }

    /// JWT grant credentials from the integration key, the user id (GUID)
    /// and the RSA private key as PEM (PKCS#1 or PKCS#8), with the default
    /// scopes (`signature impersonation`) and lifetime (3600 s). For other
    /// settings build a [`JwtGrant`] and use [`Credentials::from`].
    pub fn jwt(integration_key: &str, user_id: &str, private_key_pem: &[u8]) -> Result<Self> {
        JwtGrant::from_pem(integration_key, user_id, private_key_pem).map(Credentials::Jwt)
    }

    /// Authorization code grant credentials; see
    /// [`AuthorizationCodeCredentials::from_token`] and
    /// [`AuthorizationCodeCredentials::from_refresh_token`].
    pub fn authorization_code(credentials: AuthorizationCodeCredentials) -> Self {
        Credentials::AuthorizationCode(Box::new(credentials))
    }

    /// A short name of the kind, used in error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Credentials::Legacy(_) => "legacy",
            Credentials::AccessToken(_) => "access token",
            Credentials::Jwt(_) => "JWT grant",
            Credentials::AuthorizationCode(_) => "authorization code grant",
        }
    }

    /// True for the kinds sent as `Authorization: Bearer` (access token,
    /// JWT grant, authorization code grant).
    pub fn is_oauth(&self) -> bool {
        !matches!(self, Credentials::Legacy(_))
    }

    /// Adds every secret these credentials hold or send (password, tokens,
    /// client secret, rendered headers) to `redactor`. The JWT grant's
    /// private key is never sent, so never echoed; its assertions are added
    /// by the call that sends them.
    pub(crate) fn add_secrets(&self, redactor: &mut Redactor) {
        match self {
            Credentials::Legacy(legacy) => {
                redactor.add(legacy.password.expose());
                redactor.add(legacy.json.value());
                redactor.add(legacy.xml.value());
            }
            Credentials::AccessToken(header) => {
                redactor.add(header.value());
                redactor.add(header.value().trim_start_matches("Bearer "));
            }
            Credentials::Jwt(_) => {}
            Credentials::AuthorizationCode(code) => {
                redactor.add(code.refresh_token().expose());
                let grant = code.grant();
                if let Some(secret) = grant.client_secret() {
                    redactor.add(secret.expose());
                }
                if let Some(basic) = grant.basic_authorization() {
                    redactor.add(basic.expose());
                    redactor.add(basic.expose().trim_start_matches("Basic "));
                }
                if let Some((token, _)) = code.initial_token() {
                    redactor.add_token(token);
                }
            }
        }
    }

    /// The legacy credentials, or a [`Error::WrongCredentialKind`] naming
    /// `operation`.
    pub fn as_legacy(&self, operation: &'static str) -> Result<&LegacyCredentials> {
        match self {
            Credentials::Legacy(legacy) => Ok(legacy),
            other => Err(Error::WrongCredentialKind {
                operation,
                needed: "legacy",
                actual: other.kind_name(),
            }),
        }
    }
}

impl From<JwtGrant> for Credentials {
    fn from(grant: JwtGrant) -> Self {
        Credentials::Jwt(grant)
    }
}

impl From<AuthorizationCodeCredentials> for Credentials {
    fn from(credentials: AuthorizationCodeCredentials) -> Self {
        Credentials::authorization_code(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn first_bad_field_is_reported() {
        let err = Credentials::legacy("ik", "", "", None).unwrap_err();
        assert!(matches!(
            err,
            Error::Credential {
                field: CredentialField::Username,
                ..
            }
        ));
        let err = Credentials::legacy("ik", "u", "p", Some(" x")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialWhitespace);
        assert_eq!(
            err.to_string(),
            "invalid SendOnBehalfOf: has leading or trailing white space (DocuSign would report a bad key)"
        );
    }

    #[test]
    fn legacy_fields_and_secrets() {
        let legacy =
            Credentials::legacy("ik", "u@example.com", "pa55word", Some("s@example.com")).unwrap();
        let fields = legacy.as_legacy("test").unwrap();
        assert_eq!(fields.integrator_key(), "ik");
        assert_eq!(fields.username(), "u@example.com");
        assert_eq!(fields.password().expose(), "pa55word");
        assert_eq!(fields.send_on_behalf_of(), Some("s@example.com"));
        assert!(fields
            .json_header()
            .value()
            .ends_with(r#","SendOnBehalfOf":"s@example.com"}"#));
        assert!(fields
            .xml_header()
            .value()
            .ends_with("<SendOnBehalfOf>s@example.com</SendOnBehalfOf></DocuSignCredentials>"));
        assert_eq!(legacy.kind_name(), "legacy");
        let mut redactor = Redactor::new();
        legacy.add_secrets(&mut redactor);
        let shown = redactor.clean("echo: pa55word", 100);
        assert!(!shown.contains("pa55word"), "{shown}");

        let token = Credentials::access_token("tok3n.value").unwrap();
        assert_eq!(token.kind_name(), "access token");
        let mut redactor = Redactor::new();
        token.add_secrets(&mut redactor);
        let shown = redactor.clean("echo: tok3n.value", 100);
        assert!(!shown.contains("tok3n"), "{shown}");
    }

    #[test]
    fn debug_hides_password_and_token() {
        let legacy = Credentials::legacy("ik", "u@example.com", "pa55word", None).unwrap();
        let token = Credentials::access_token("tok3n.value").unwrap();
        let shown = format!("{legacy:?} {legacy:#?} {token:?}");
        assert!(!shown.contains("pa55word"), "{shown}");
        assert!(!shown.contains("tok3n"), "{shown}");
        assert!(shown.contains("u@example.com"));
    }

    #[test]
    fn oauth_kinds() {
        use crate::oauth::AuthorizationCodeGrant;
        let pem = include_bytes!("oauth/testdata/rsa2048-pkcs1.pem");
        let jwt = Credentials::jwt("ik", "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50", pem).unwrap();
        assert_eq!(jwt.kind_name(), "JWT grant");
        assert!(jwt.is_oauth());
        let shown = format!("{jwt:?}");
        assert!(
            shown.contains("RsaPrivateKey { bits: 2048 }") && !shown.contains("MII"),
            "{shown}"
        );
        assert_eq!(
            Credentials::jwt("ik", "user", b"garbage")
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidPrivateKey
        );
        assert_eq!(
            Credentials::jwt("", "user", pem).unwrap_err().kind(),
            ErrorKind::CredentialEmpty
        );
        let grant = AuthorizationCodeGrant::new("ik", "https://app.example/cb")
            .unwrap()
            .with_client_secret("cl1ent-s3cret")
            .unwrap();
        let code = Credentials::from(
            AuthorizationCodeCredentials::from_refresh_token(grant, "r3fresh").unwrap(),
        );
        assert_eq!(code.kind_name(), "authorization code grant");
        let shown = format!("{code:?}");
        assert!(
            !shown.contains("cl1ent") && !shown.contains("r3fresh"),
            "{shown}"
        );
        assert_eq!(
            code.as_legacy("SOAP").unwrap_err().to_string(),
            "SOAP needs legacy credentials, but these are authorization code grant credentials"
        );
        assert!(!Credentials::legacy("ik", "u", "p", None)
            .unwrap()
            .is_oauth());
    }
}
