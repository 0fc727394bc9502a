//! Credentials: validated once when built, immutable afterwards.

use std::fmt;

use crate::error::{CredentialField, Error, Result};
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
}

impl LegacyCredentials {
    /// Validates every field (see [`crate::validate`] rules: not empty, no
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
        Ok(LegacyCredentials {
            integrator_key: integrator_key.to_owned(),
            username: username.to_owned(),
            password: Secret::from(password),
            send_on_behalf_of: send_on_behalf_of.map(str::to_owned),
        })
    }

    pub fn integrator_key(&self) -> &str {
        &self.integrator_key
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password; it is wiped from memory when the credentials drop.
    pub fn password(&self) -> &Secret {
        &self.password
    }

    pub fn send_on_behalf_of(&self) -> Option<&str> {
        self.send_on_behalf_of.as_deref()
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
    /// An OAuth access token obtained elsewhere, sent as
    /// `Authorization: Bearer`.
    AccessToken(Secret),
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
        Ok(Credentials::AccessToken(Secret::from(token)))
    }

    /// A short name of the kind, used in error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Credentials::Legacy(_) => "legacy",
            Credentials::AccessToken(_) => "access token",
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
    fn debug_hides_password_and_token() {
        let legacy = Credentials::legacy("ik", "u@example.com", "pa55word", None).unwrap();
        let token = Credentials::access_token("tok3n.value").unwrap();
        let shown = format!("{legacy:?} {legacy:#?} {token:?}");
        assert!(!shown.contains("pa55word"), "{shown}");
        assert!(!shown.contains("tok3n"), "{shown}");
        assert!(shown.contains("u@example.com"));
    }
}
