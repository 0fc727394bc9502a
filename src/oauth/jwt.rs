//! The RS256 JWT assertion of DocuSign's JWT grant.
//!
//! `base64url(header) "." base64url(claims) "." base64url(signature)`, all
//! without padding, header exactly `{"alg":"RS256","typ":"JWT"}`, claims
//! `iss` (integration key), `sub` (user GUID), `aud` (bare account-server
//! host), `iat`, `exp` (Unix seconds) and `scope` (space separated),
//! signature RSASSA-PKCS1-v1_5 with SHA-256 over the first two parts.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::error::{Error, Result};
use crate::oauth::key::RsaPrivateKey;
use crate::secret::{buffer_for_secret, Secret};

/// The JOSE header of every assertion, byte for byte.
pub const JWT_HEADER: &str = r#"{"alg":"RS256","typ":"JWT"}"#;

/// The claims of an assertion. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionClaims<'a> {
    /// The integration key (OAuth client id).
    pub iss: &'a str,
    /// The user id (GUID) of the user to impersonate.
    pub sub: &'a str,
    /// The bare account-server host, e.g. `account-d.docusign.com`.
    pub aud: &'a str,
    /// Space-separated scopes, e.g. `signature impersonation`.
    pub scope: &'a str,
    /// Issued at.
    pub iat: u64,
    /// Expires at.
    pub exp: u64,
}

impl AssertionClaims<'_> {
    /// The claims as compact JSON, in the order `iss`, `sub`, `aud`, `iat`,
    /// `exp`, `scope`, strings escaped by serde_json.
    pub fn to_json(&self) -> String {
        let s = |v: &str| serde_json::Value::from(v).to_string();
        format!(
            r#"{{"iss":{},"sub":{},"aud":{},"iat":{},"exp":{},"scope":{}}}"#,
            s(self.iss),
            s(self.sub),
            s(self.aud),
            self.iat,
            self.exp,
            s(self.scope)
        )
    }
}

/// `iat` and `exp` for an assertion made at `now`: `iat` is `now` (whole
/// seconds) minus `clock_skew`, so that a server whose clock is behind does
/// not see it in the future; `exp` is `iat + lifetime`, so the span never
/// exceeds the lifetime (DocuSign refuses spans over one hour).
pub fn assertion_times(
    now: SystemTime,
    lifetime: Duration,
    clock_skew: Duration,
) -> Result<(u64, u64)> {
    let now = now
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Error::InvalidArgument {
            name: "now",
            reason: "is before 1970".into(),
        })?
        .as_secs();
    let iat = now
        .checked_sub(clock_skew.as_secs())
        .ok_or_else(|| Error::InvalidArgument {
            name: "clock_skew",
            reason: "reaches before 1970".into(),
        })?;
    let exp = iat
        .checked_add(lifetime.as_secs())
        .ok_or_else(|| Error::InvalidArgument {
            name: "lifetime",
            reason: "is too long".into(),
        })?;
    Ok((iat, exp))
}

/// Signs `claims` with `key` and returns the compact JWS. The result is a
/// credential (anyone holding it gets a token until `exp`), so it is a
/// [`Secret`], built without leaving unwiped copies.
pub fn sign_assertion(key: &RsaPrivateKey, claims: &AssertionClaims<'_>) -> Result<Secret> {
    let claims_json = claims.to_json();
    let b64_len = |n: usize| n.div_ceil(3) * 4;
    let capacity =
        b64_len(JWT_HEADER.len()) + b64_len(claims_json.len()) + b64_len(key.bits() / 8) + 2;
    let mut out = buffer_for_secret(capacity);
    URL_SAFE_NO_PAD.encode_string(JWT_HEADER, &mut out);
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(&claims_json, &mut out);
    let signature = key.sign_rs256(out.as_bytes())?;
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(&signature, &mut out);
    Ok(Secret::from_buffer(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::key::tests::{PKCS1, PKCS8, PUBLIC};
    use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::SubjectPublicKeyInfoDer;

    const PUBLIC_PKCS1: &[u8] = include_bytes!("testdata/rsa2048-public-pkcs1.pem");

    fn claims() -> AssertionClaims<'static> {
        AssertionClaims {
            iss: "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10",
            sub: "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50",
            aud: "account-d.docusign.com",
            scope: "signature impersonation",
            iat: 1_700_000_000,
            exp: 1_700_003_600,
        }
    }

    fn split(jwt: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>, &str) {
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        for p in &parts {
            assert!(
                !p.contains(['=', '+', '/']),
                "not base64url without padding"
            );
        }
        let d = |p: &str| URL_SAFE_NO_PAD.decode(p).unwrap();
        let signed = &jwt[..parts[0].len() + 1 + parts[1].len()];
        (d(parts[0]), d(parts[1]), d(parts[2]), signed)
    }

    #[test]
    fn times() {
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_900);
        let hour = Duration::from_secs(3600);
        assert_eq!(
            assertion_times(now, hour, Duration::ZERO).unwrap(),
            (1_700_000_000, 1_700_003_600)
        );
        assert_eq!(
            assertion_times(now, hour, Duration::from_secs(60)).unwrap(),
            (1_699_999_940, 1_700_003_540)
        );
        assert!(assertion_times(UNIX_EPOCH, hour, Duration::from_secs(1)).is_err());
    }

    #[test]
    fn claims_json_escapes() {
        let mut c = claims();
        c.sub = "a\"b\\c";
        let v: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
        assert_eq!(v["sub"], "a\"b\\c");
    }

    #[test]
    fn assertion_decodes_claim_by_claim_and_verifies() {
        for pem in [PKCS1, PKCS8] {
            let key = RsaPrivateKey::from_pem(pem).unwrap();
            let jwt = sign_assertion(&key, &claims()).unwrap();
            let (header, body, sig, signed) = split(jwt.expose());
            assert_eq!(header, JWT_HEADER.as_bytes());
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let obj = v.as_object().unwrap();
            assert_eq!(obj.len(), 6);
            assert_eq!(obj["iss"], "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10");
            assert_eq!(obj["sub"], "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50");
            assert_eq!(obj["aud"], "account-d.docusign.com");
            assert_eq!(obj["iat"], 1_700_000_000u64);
            assert_eq!(obj["exp"], 1_700_003_600u64);
            assert_eq!(obj["scope"], "signature impersonation");
            // Verified with the public key openssl wrote, not with ours.
            // (BEGIN RSA PUBLIC KEY is not a label rustls-pki-types knows.)
            let b64: String = std::str::from_utf8(PUBLIC_PKCS1)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect();
            let public = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let verifier = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public);
            verifier.verify(signed.as_bytes(), &sig).unwrap();
            let mut tampered = signed.as_bytes().to_vec();
            tampered[signed.len() - 1] ^= 1;
            assert!(verifier.verify(&tampered, &sig).is_err());
            assert_eq!(format!("{jwt:?}"), "Secret([redacted])");
        }
        // The SPKI fixture is the same key.
        let spki = SubjectPublicKeyInfoDer::from_pem_slice(PUBLIC.as_bytes()).unwrap();
        let key = RsaPrivateKey::from_pem(PKCS1).unwrap();
        assert_eq!(spki.as_ref(), key.public_key_spki_der().as_slice());
    }

    /// Verifies with the `openssl` command, an implementation independent of
    /// ring. Skipped (with a note) where `openssl` is not installed.
    #[test]
    fn openssl_verifies_the_signature() {
        use std::process::Command;
        let key = RsaPrivateKey::from_pem(PKCS8).unwrap();
        let jwt = sign_assertion(&key, &claims()).unwrap();
        let (_, _, sig, signed) = split(jwt.expose());
        let dir = std::env::temp_dir().join(format!(
            "dsauth-jwt-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = |name: &str| dir.join(name);
        std::fs::write(path("pub.pem"), PUBLIC).unwrap();
        std::fs::write(path("sig.bin"), &sig).unwrap();
        std::fs::write(path("data"), signed).unwrap();
        let verify = |data: &str| {
            Command::new("openssl")
                .args(["dgst", "-sha256", "-verify"])
                .arg(path("pub.pem"))
                .arg("-signature")
                .arg(path("sig.bin"))
                .arg(path(data))
                .output()
        };
        let output = match verify("data") {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("openssl not installed: independent verification skipped");
                let _ = std::fs::remove_dir_all(&dir);
                return;
            }
            Err(e) => panic!("running openssl: {e}"),
        };
        std::fs::write(path("other"), format!("{signed}x")).unwrap();
        let refused = verify("other").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            output.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            "Verified OK"
        );
        assert!(!refused.status.success());
    }
}
