//! PKCE (RFC 7636) with the `S256` method, and random `state` values.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::secret::{buffer_for_secret, Secret};

/// The only `code_challenge_method` dsauth sends.
pub const PKCE_METHOD: &str = "S256";

/// A PKCE code verifier (kept secret until the code exchange) and its
/// `S256` challenge (sent in the authorization URL). `Debug` shows only the
/// challenge.
#[derive(Clone)]
pub struct Pkce {
    verifier: Secret,
    challenge: String,
}

impl Pkce {
    /// A fresh verifier: 32 random bytes, base64url (43 characters).
    pub fn generate() -> Result<Self> {
        let bytes = random_bytes::<32>()?;
        let mut verifier = buffer_for_secret(43);
        URL_SAFE_NO_PAD.encode_string(*bytes, &mut verifier);
        Ok(Pkce::from_checked(Secret::from_buffer(verifier)))
    }

    /// A verifier chosen elsewhere: 43 to 128 characters of
    /// `A-Z a-z 0-9 - . _ ~` (RFC 7636 section 4.1).
    pub fn from_verifier(verifier: &str) -> Result<Self> {
        check_verifier(verifier)?;
        Ok(Pkce::from_checked(Secret::from(verifier)))
    }

    fn from_checked(verifier: Secret) -> Self {
        let challenge = challenge_s256(verifier.expose());
        Pkce {
            verifier,
            challenge,
        }
    }

    /// The `code_verifier` for the code exchange.
    pub fn verifier(&self) -> &Secret {
        &self.verifier
    }

    /// The `code_challenge`: base64url(SHA-256(verifier)), no padding.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// `S256`.
    pub fn method(&self) -> &'static str {
        PKCE_METHOD
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &self.verifier)
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// base64url(SHA-256(`verifier`)) without padding.
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

/// Checks a code verifier against RFC 7636: 43 to 128 unreserved
/// characters.
pub(crate) fn check_verifier(verifier: &str) -> Result<()> {
    let bad = |reason: String| {
        Err(Error::InvalidArgument {
            name: "code_verifier",
            reason,
        })
    };
    if !(43..=128).contains(&verifier.len()) {
        return bad(format!(
            "must be 43 to 128 characters long, not {}",
            verifier.len()
        ));
    }
    if let Some(at) = verifier
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')))
    {
        return bad(format!(
            "has a character at byte {at} outside A-Z a-z 0-9 - . _ ~"
        ));
    }
    Ok(())
}

/// A random `state` for the authorization URL (to check the redirect
/// against): 16 random bytes, base64url (22 characters).
pub fn generate_state() -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(*random_bytes::<16>()?))
}

fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>> {
    let mut bytes = Zeroizing::new([0u8; N]);
    SystemRandom::new()
        .fill(&mut *bytes)
        .map_err(|_| Error::Transport {
            kind: ErrorKind::Io,
            url: "(system random number generator)".into(),
            reason: "the operating system's random number generator failed".into(),
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let p = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(p.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(p.method(), "S256");
        assert_eq!(
            p.verifier().expose(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            format!("{p:?}"),
            r#"Pkce { verifier: Secret([redacted]), challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" }"#
        );
    }

    #[test]
    fn generated() {
        let a = Pkce::generate().unwrap();
        let b = Pkce::generate().unwrap();
        assert_eq!(a.verifier().len(), 43);
        assert_ne!(a.verifier(), b.verifier());
        check_verifier(a.verifier().expose()).unwrap();
        assert_eq!(a.challenge(), challenge_s256(a.verifier().expose()));
        let s = generate_state().unwrap();
        assert_eq!(s.len(), 22);
        assert_ne!(s, generate_state().unwrap());
    }

    #[test]
    fn verifier_rules() {
        assert!(Pkce::from_verifier(&"a".repeat(42)).is_err());
        assert!(Pkce::from_verifier(&"a".repeat(43)).is_ok());
        assert!(Pkce::from_verifier(&"a".repeat(128)).is_ok());
        assert!(Pkce::from_verifier(&"a".repeat(129)).is_err());
        let e = Pkce::from_verifier(&format!("{}+", "a".repeat(43))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(e.to_string().contains("byte 43"), "{e}");
        assert!(Pkce::from_verifier(&format!("{}é", "a".repeat(43))).is_err());
    }
}
