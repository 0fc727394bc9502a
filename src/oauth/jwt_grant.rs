//! JWT grant credentials: a service integration signs an assertion with its
//! RSA private key and trades it for an access token, acting as a user who
//! consented once.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::environment::Environment;
use crate::error::{CredentialField, Error, Result};
use crate::oauth::jwt::{assertion_times, sign_assertion, AssertionClaims};
use crate::oauth::key::RsaPrivateKey;
use crate::oauth::scope::{self, DEFAULT_JWT_SCOPES};
use crate::oauth::{form, urls};
use crate::secret::Secret;
use crate::validate::{check_field, check_integrator_key, MAX_FIELD_LEN};

/// The `grant_type` of the JWT grant (RFC 7523).
pub const JWT_BEARER_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Assertion lifetime when none is set, and the longest DocuSign accepts.
pub const DEFAULT_ASSERTION_LIFETIME: Duration = Duration::from_secs(3600);
/// The longest assertion lifetime DocuSign accepts.
pub const MAX_ASSERTION_LIFETIME: Duration = Duration::from_secs(3600);
/// The largest clock-skew allowance accepted.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(600);

/// JWT grant credentials: integration key, the user (GUID) to act as, the
/// RSA private key of the integration key, scopes (default `signature
/// impersonation`), assertion lifetime (default and at most 3600 s), a
/// clock-skew allowance (default 0) and, optionally, the redirect URI used
/// to build the consent URL. Immutable; `with_*` return a changed copy.
/// `Debug` shows no key material.
#[derive(Clone)]
pub struct JwtGrant {
    integration_key: String,
    user_id: String,
    key: RsaPrivateKey,
    scopes: Vec<String>,
    lifetime: Duration,
    clock_skew: Duration,
    consent_redirect_uri: Option<String>,
}

impl JwtGrant {
    /// Checks the integration key and user id like every credential field
    /// (not empty, no control characters, no surrounding white space, no
    /// `[` `]` in the key).
    pub fn new(integration_key: &str, user_id: &str, key: RsaPrivateKey) -> Result<Self> {
        check_integrator_key(integration_key)?;
        check_field(CredentialField::UserId, user_id, MAX_FIELD_LEN)?;
        Ok(JwtGrant {
            integration_key: integration_key.to_owned(),
            user_id: user_id.to_owned(),
            key,
            scopes: DEFAULT_JWT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            lifetime: DEFAULT_ASSERTION_LIFETIME,
            clock_skew: Duration::ZERO,
            consent_redirect_uri: None,
        })
    }

    /// [`JwtGrant::new`] with the key read by [`RsaPrivateKey::from_pem`].
    pub fn from_pem(integration_key: &str, user_id: &str, private_key_pem: &[u8]) -> Result<Self> {
        check_integrator_key(integration_key)?;
        check_field(CredentialField::UserId, user_id, MAX_FIELD_LEN)?;
        JwtGrant::new(
            integration_key,
            user_id,
            RsaPrivateKey::from_pem(private_key_pem)?,
        )
    }

    /// Other scopes. Each must be an OAuth scope token; `impersonation`
    /// must be among them (DocuSign refuses JWT grants without it).
    pub fn with_scopes<S: AsRef<str>>(mut self, scopes: &[S]) -> Result<Self> {
        let scopes = scope::check_scopes(scopes)?;
        if !scopes.iter().any(|s| s == "impersonation") {
            return Err(Error::InvalidArgument {
                name: "scopes",
                reason:
                    "the JWT grant needs the impersonation scope (e.g. signature impersonation)"
                        .into(),
            });
        }
        self.scopes = scopes;
        Ok(self)
    }

    /// The assertion lifetime: whole seconds, 1 to 3600, longer than the
    /// clock-skew allowance.
    pub fn with_assertion_lifetime(mut self, lifetime: Duration) -> Result<Self> {
        check_times(lifetime, self.clock_skew)?;
        self.lifetime = lifetime;
        Ok(self)
    }

    /// The clock-skew allowance: `iat` is set this far in the past (and
    /// `exp` with it, so the span stays the lifetime), for servers whose
    /// clock is behind. At most 600 s and less than the lifetime.
    pub fn with_clock_skew(mut self, clock_skew: Duration) -> Result<Self> {
        check_times(self.lifetime, clock_skew)?;
        self.clock_skew = clock_skew;
        Ok(self)
    }

    /// The redirect URI registered for the integration key, used to build
    /// the consent URL carried by a `consent_required` error.
    pub fn with_consent_redirect_uri(mut self, redirect_uri: &str) -> Result<Self> {
        urls::check_redirect_uri(redirect_uri)?;
        self.consent_redirect_uri = Some(redirect_uri.to_owned());
        Ok(self)
    }

    /// The integration key (the assertion's `iss`).
    pub fn integration_key(&self) -> &str {
        &self.integration_key
    }

    /// The user GUID to impersonate (the assertion's `sub`).
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The RSA key that signs the assertion.
    pub fn private_key(&self) -> &RsaPrivateKey {
        &self.key
    }

    /// The scopes asked for, one token each.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The scopes joined with spaces, as in the `scope` claim.
    pub fn scope(&self) -> String {
        scope::join(&self.scopes)
    }

    /// How long an assertion is valid (`exp` - `iat`).
    pub fn assertion_lifetime(&self) -> Duration {
        self.lifetime
    }

    /// How far in the past `iat` is set.
    pub fn clock_skew(&self) -> Duration {
        self.clock_skew
    }

    /// The redirect URI of the consent URL, if set.
    pub fn consent_redirect_uri(&self) -> Option<&str> {
        self.consent_redirect_uri.as_deref()
    }

    /// The signed assertion for `env` at time `now`: `aud` is
    /// `env.account_server_host()`, `iat` is `now` minus the clock skew,
    /// `exp` is `iat` plus the lifetime.
    pub fn assertion(&self, env: &Environment, now: SystemTime) -> Result<Secret> {
        let (iat, exp) = assertion_times(now, self.lifetime, self.clock_skew)?;
        let scope = self.scope();
        let claims = AssertionClaims {
            iss: &self.integration_key,
            sub: &self.user_id,
            aud: env.account_server_host(),
            scope: &scope,
            iat,
            exp,
        };
        sign_assertion(&self.key, &claims)
    }

    /// The body to POST (as `application/x-www-form-urlencoded`) to
    /// [`urls::token_url`]:
    /// `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=…`.
    pub fn token_request_form(&self, env: &Environment, now: SystemTime) -> Result<Secret> {
        let assertion = self.assertion(env, now)?;
        Ok(form::secret_form(&[
            ("grant_type", JWT_BEARER_GRANT_TYPE),
            ("assertion", assertion.expose()),
        ]))
    }

    /// The URL where the user grants consent once, when a redirect URI was
    /// given ([`JwtGrant::with_consent_redirect_uri`]); `None` otherwise.
    pub fn consent_url(&self, env: &Environment, state: Option<&str>) -> Option<String> {
        let redirect_uri = self.consent_redirect_uri.as_deref()?;
        Some(urls::consent_url(
            env,
            &self.integration_key,
            &self.scopes,
            redirect_uri,
            state,
        ))
    }
}

fn check_times(lifetime: Duration, clock_skew: Duration) -> Result<()> {
    let bad = |name, reason: &str| {
        Err(Error::InvalidArgument {
            name,
            reason: reason.to_owned(),
        })
    };
    if lifetime.as_secs() == 0 {
        return bad("assertion_lifetime", "must be at least 1 second");
    }
    if lifetime > MAX_ASSERTION_LIFETIME {
        return bad(
            "assertion_lifetime",
            "must be at most 3600 seconds (DocuSign refuses longer assertions)",
        );
    }
    if clock_skew > MAX_CLOCK_SKEW {
        return bad("clock_skew", "must be at most 600 seconds");
    }
    if clock_skew.as_secs() >= lifetime.as_secs() {
        return bad(
            "clock_skew",
            "must be shorter than the assertion lifetime (the assertion would already have expired)",
        );
    }
    Ok(())
}

impl fmt::Debug for JwtGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtGrant")
            .field("integration_key", &self.integration_key)
            .field("user_id", &self.user_id)
            .field("key", &self.key)
            .field("scopes", &self.scopes)
            .field("assertion_lifetime", &self.lifetime)
            .field("clock_skew", &self.clock_skew)
            .field("consent_redirect_uri", &self.consent_redirect_uri)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::oauth::key::tests::PKCS1;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use std::time::UNIX_EPOCH;

    const IK: &str = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10";
    const USER: &str = "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50";

    fn grant() -> JwtGrant {
        JwtGrant::from_pem(IK, USER, PKCS1).unwrap()
    }

    fn claims_of(assertion: &str) -> serde_json::Value {
        let body = assertion.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap()
    }

    #[test]
    fn defaults_and_claims() {
        let g = grant();
        assert_eq!(g.scope(), "signature impersonation");
        assert_eq!(g.assertion_lifetime(), Duration::from_secs(3600));
        assert_eq!(g.clock_skew(), Duration::ZERO);
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let a = g.assertion(&Environment::demo(), now).unwrap();
        let c = claims_of(a.expose());
        assert_eq!(c["iss"], IK);
        assert_eq!(c["sub"], USER);
        assert_eq!(c["aud"], "account-d.docusign.com");
        assert_eq!(c["iat"], 1_700_000_000u64);
        assert_eq!(c["exp"], 1_700_003_600u64);
        assert_eq!(c["scope"], "signature impersonation");
        let a = g
            .clone()
            .with_clock_skew(Duration::from_secs(30))
            .unwrap()
            .with_assertion_lifetime(Duration::from_secs(600))
            .unwrap()
            .with_scopes(&["signature", "impersonation", "organization_read"])
            .unwrap()
            .assertion(&Environment::production(), now)
            .unwrap();
        let c = claims_of(a.expose());
        assert_eq!(c["aud"], "account.docusign.com");
        assert_eq!(c["iat"], 1_699_999_970u64);
        assert_eq!(c["exp"], 1_700_000_570u64);
        assert_eq!(c["scope"], "signature impersonation organization_read");
    }

    #[test]
    fn token_request_form() {
        let g = grant();
        let env = Environment::custom("http://127.0.0.1:8080").unwrap();
        let form = g.token_request_form(&env, SystemTime::now()).unwrap();
        let (grant_type, assertion) = form.expose().split_once('&').unwrap();
        assert_eq!(
            grant_type,
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
        );
        let assertion = assertion.strip_prefix("assertion=").unwrap();
        assert_eq!(claims_of(assertion)["aud"], "127.0.0.1:8080");
        assert_eq!(format!("{form:?}"), "Secret([redacted])");
    }

    #[test]
    fn refuses_bad_settings() {
        let kind = |r: Result<JwtGrant>| r.unwrap_err().kind();
        let key = || RsaPrivateKey::from_pem(PKCS1).unwrap();
        assert_eq!(
            kind(JwtGrant::new("", USER, key())),
            ErrorKind::CredentialEmpty
        );
        assert_eq!(
            kind(JwtGrant::new("a]b", USER, key())),
            ErrorKind::CredentialInvalidCharacter
        );
        assert_eq!(
            kind(JwtGrant::new(IK, " u", key())),
            ErrorKind::CredentialWhitespace
        );
        assert_eq!(
            kind(JwtGrant::new(IK, "u\n", key())),
            ErrorKind::CredentialControlCharacter
        );
        assert_eq!(
            kind(JwtGrant::from_pem(IK, USER, b"nope")),
            ErrorKind::InvalidPrivateKey
        );
        let secs = Duration::from_secs;
        assert_eq!(
            kind(grant().with_assertion_lifetime(secs(0))),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(grant().with_assertion_lifetime(Duration::from_millis(500))),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(grant().with_assertion_lifetime(secs(3601))),
            ErrorKind::InvalidArgument
        );
        assert!(grant().with_assertion_lifetime(secs(1)).is_ok());
        assert_eq!(
            kind(grant().with_clock_skew(secs(601))),
            ErrorKind::InvalidArgument
        );
        let short = grant().with_assertion_lifetime(secs(60)).unwrap();
        assert_eq!(
            kind(short.with_clock_skew(secs(60))),
            ErrorKind::InvalidArgument
        );
        let skewed = grant().with_clock_skew(secs(120)).unwrap();
        assert_eq!(
            kind(skewed.with_assertion_lifetime(secs(100))),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(grant().with_scopes(&["signature"])),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(grant().with_scopes::<&str>(&[])),
            ErrorKind::CredentialEmpty
        );
        assert_eq!(
            kind(grant().with_scopes(&["a b", "impersonation"])),
            ErrorKind::CredentialInvalidCharacter
        );
        assert_eq!(
            kind(grant().with_consent_redirect_uri("not a uri")),
            ErrorKind::CredentialInvalidCharacter
        );
    }

    #[test]
    fn consent_url_and_debug() {
        let g = grant();
        assert_eq!(g.consent_url(&Environment::demo(), None), None);
        let g = g
            .with_consent_redirect_uri("https://app.example/cb")
            .unwrap();
        assert_eq!(
            g.consent_url(&Environment::demo(), Some("s1")).unwrap(),
            format!("https://account-d.docusign.com/oauth/auth?response_type=code&scope=signature%20impersonation&client_id={IK}&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s1")
        );
        let shown = format!("{g:?}");
        assert!(shown.contains("RsaPrivateKey { bits: 2048 }"), "{shown}");
        assert!(!shown.contains("MII"), "{shown}");
    }
}
