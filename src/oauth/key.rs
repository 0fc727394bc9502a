//! The RSA private key that signs JWT assertions.
//!
//! Accepted: one unencrypted RSA key of 2048, 3072 or 4096 bits, as PKCS#1
//! (`-----BEGIN RSA PRIVATE KEY-----`, what DocuSign's "Generate RSA" button
//! hands out) or PKCS#8 (`-----BEGIN PRIVATE KEY-----`), in PEM or DER.
//! Everything else is refused with an [`Error::InvalidPrivateKey`] that says
//! what was found and what to do about it: encrypted keys, EC / Ed25519 /
//! DSA keys, OpenSSH keys, public keys or certificates given instead of the
//! private key, several keys, unsupported sizes, text that is not PEM.
//!
//! Sizes: ring (the signing library) signs with RSA moduli of 2048 to 4096
//! bits whose primes are a multiple of 512 bits, i.e. 2048, 3072 or 4096.
//!
//! Memory: the DER decoded from PEM is wiped as soon as ring has parsed it.
//! The PEM decoder of rustls-pki-types keeps the base64 text in a scratch
//! buffer it does not wipe, and ring does not wipe its own copy of the key
//! when dropped; dsauth cannot reach either.

use std::fmt;
use std::sync::Arc;

use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls_pki_types::pem::{self, PemObject, SectionKind};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::oauth::der::{self, RsaKeyForm};

/// Smallest modulus ring signs with, in bits.
pub const MIN_KEY_BITS: usize = 2048;
/// Largest modulus ring 0.17 signs with, in bits.
pub const MAX_KEY_BITS: usize = 4096;

/// An RSA private key ready to sign RS256 assertions. Cloning shares the
/// key. `Debug` shows only the size: `RsaPrivateKey { bits: 2048 }`.
#[derive(Clone)]
pub struct RsaPrivateKey {
    pair: Arc<RsaKeyPair>,
    bits: usize,
}

/// Which DER structure holds the key.
#[derive(Clone, Copy)]
enum DerForm {
    Pkcs1,
    Pkcs8,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidPrivateKey {
        reason: reason.into(),
    }
}

const EXPECTED: &str =
    "an unencrypted RSA private key in PEM (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)";

const NEED_RSA: &str = "DocuSign's JWT grant signs with RS256 and needs the RSA private key of the RSA key pair generated for the integration key (Apps and Keys page)";

const DECRYPT: &str = "dsauth needs the unencrypted key: decrypt it once with `openssl pkcs8 -in key.pem -out key-plain.pem` (for BEGIN RSA PRIVATE KEY: `openssl rsa -in key.pem -out key-plain.pem`) and protect that file instead";

impl RsaPrivateKey {
    /// Reads one RSA private key from PEM text (PKCS#1 or PKCS#8). Other
    /// PEM blocks (a certificate next to the key) are ignored; two private
    /// keys are refused. Indented lines, CRLF line ends and a key squeezed
    /// onto one line with literal `\n` (an environment variable) are
    /// accepted.
    pub fn from_pem(pem: &[u8]) -> Result<Self> {
        let text = std::str::from_utf8(pem).map_err(|_| {
            let hint = if pem.first() == Some(&der::TAG_SEQUENCE) {
                " (it looks like binary DER: use RsaPrivateKey::from_der, or convert it with `openssl pkey -in key.der -inform DER -out key.pem`)"
            } else {
                ""
            };
            invalid(format!("the key is not UTF-8 text{hint}; expected {EXPECTED}"))
        })?;
        let normalized = normalize(text);
        let text = normalized.as_str();
        let labels = begin_labels(text);
        let private: Vec<&str> = labels
            .iter()
            .copied()
            .filter(|l| l.ends_with("PRIVATE KEY"))
            .collect();
        let label = match private.as_slice() {
            [one] => *one,
            [] => return Err(no_private_key(text, &labels)),
            many => {
                return Err(invalid(format!(
                    "found {} private keys ({}); give exactly one",
                    many.len(),
                    many.iter()
                        .map(|l| format!("BEGIN {l}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
        };
        let form = match label {
            "RSA PRIVATE KEY" if is_legacy_encrypted(text) => {
                return Err(invalid(format!(
                    "the key is encrypted (BEGIN RSA PRIVATE KEY with Proc-Type: 4,ENCRYPTED); {DECRYPT}"
                )))
            }
            "RSA PRIVATE KEY" => DerForm::Pkcs1,
            "PRIVATE KEY" => DerForm::Pkcs8,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(invalid(format!(
                    "the key is encrypted (BEGIN ENCRYPTED PRIVATE KEY); {DECRYPT}"
                )))
            }
            "EC PRIVATE KEY" => {
                return Err(invalid(format!(
                    "this is an EC (elliptic curve) key (BEGIN EC PRIVATE KEY), not an RSA key; {NEED_RSA}"
                )))
            }
            "DSA PRIVATE KEY" => {
                return Err(invalid(format!(
                    "this is a DSA key (BEGIN DSA PRIVATE KEY), not an RSA key; {NEED_RSA}"
                )))
            }
            "OPENSSH PRIVATE KEY" => {
                return Err(invalid(
                    "this is an OpenSSH key (BEGIN OPENSSH PRIVATE KEY); convert an RSA one with `ssh-keygen -p -m PEM -f key` or use the PEM key DocuSign generated",
                ))
            }
            other => {
                return Err(invalid(format!(
                    "unsupported PEM block BEGIN {other}; expected {EXPECTED}"
                )))
            }
        };
        let want = match form {
            DerForm::Pkcs1 => SectionKind::RsaPrivateKey,
            DerForm::Pkcs8 => SectionKind::PrivateKey,
        };
        for section in <(SectionKind, Vec<u8>) as PemObject>::pem_slice_iter(text.as_bytes()) {
            let (kind, body) = section.map_err(pem_error)?;
            let body = Zeroizing::new(body);
            if kind == want {
                return Self::from_der_form(&body, form);
            }
        }
        Err(invalid(format!(
            "the BEGIN {label} block has no matching -----END {label}----- line"
        )))
    }

    /// Reads one RSA private key from binary DER, PKCS#8 `PrivateKeyInfo`
    /// or PKCS#1 `RSAPrivateKey`.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        if der.starts_with(b"-----BEGIN ") {
            return Err(invalid(
                "this is PEM text, not binary DER: use RsaPrivateKey::from_pem",
            ));
        }
        if der::parse_pkcs8(der).is_some() {
            Self::from_der_form(der, DerForm::Pkcs8)
        } else if der::rsa_private_key_bits(der).is_some() {
            Self::from_der_form(der, DerForm::Pkcs1)
        } else {
            Err(invalid(
                "not a DER-encoded unencrypted private key (PKCS#8 PrivateKeyInfo or PKCS#1 RSAPrivateKey); encrypted keys, certificates and public keys are refused",
            ))
        }
    }

    fn from_der_form(der: &[u8], form: DerForm) -> Result<Self> {
        let rsa_key = match form {
            DerForm::Pkcs1 => der,
            DerForm::Pkcs8 => {
                let info = der::parse_pkcs8(der).ok_or_else(|| {
                    invalid("the PKCS#8 structure (BEGIN PRIVATE KEY) is damaged")
                })?;
                if info.algorithm != der::KeyAlgorithm::Rsa {
                    return Err(invalid(format!(
                        "this is an {} key in PKCS#8 (BEGIN PRIVATE KEY), not an RSA key; {NEED_RSA}",
                        info.algorithm.name()
                    )));
                }
                info.private_key
            }
        };
        let bits = der::rsa_private_key_bits(rsa_key)
            .ok_or_else(|| invalid("the RSA key structure (PKCS#1 RSAPrivateKey) is damaged"))?;
        check_bits(bits)?;
        match der::rsa_private_key_form(rsa_key) {
            RsaKeyForm::TwoPrime => {}
            RsaKeyForm::MultiPrime => {
                return Err(invalid(
                    "multi-prime RSA keys are not supported; use a two-prime key",
                ))
            }
            RsaKeyForm::Damaged => return Err(invalid("the RSA key structure is damaged")),
        }
        // The structure is sound, so ring refuses only the numbers in it.
        let pair = RsaKeyPair::from_der(rsa_key)
            .map_err(|_| invalid("the RSA key's numbers are inconsistent (a corrupted key)"))?;
        Ok(RsaPrivateKey {
            pair: Arc::new(pair),
            bits,
        })
    }

    /// The modulus size in bits (2048, 3072 or 4096).
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The public key as PKCS#1 `RSAPublicKey` DER.
    pub fn public_key_pkcs1_der(&self) -> &[u8] {
        self.pair.public().as_ref()
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 and SHA-256 (JWS `RS256`).
    pub fn sign_rs256(&self, message: &[u8]) -> Result<Vec<u8>> {
        let mut signature = vec![0u8; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| invalid("signing failed (the system random number generator failed)"))?;
        Ok(signature)
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("bits", &self.bits)
            .finish()
    }
}

fn check_bits(bits: usize) -> Result<()> {
    if bits < MIN_KEY_BITS {
        Err(invalid(format!(
            "the RSA key is {bits} bits; at least {MIN_KEY_BITS} bits are needed (DocuSign generates 2048-bit keys)"
        )))
    } else if bits > MAX_KEY_BITS {
        Err(invalid(format!(
            "the RSA key is {bits} bits; the largest size supported is {MAX_KEY_BITS} bits (DocuSign generates 2048-bit keys)"
        )))
    } else if bits % 1024 != 0 {
        Err(invalid(format!(
            "the RSA key is {bits} bits; supported sizes are 2048, 3072 and 4096 bits"
        )))
    } else {
        Ok(())
    }
}

/// The PEM text with every line trimmed (keys pasted indented into YAML or
/// a config file) and, when the text has no line break but literal `\n`
/// sequences (a key squeezed into one environment variable), those turned
/// into line breaks. Wiped when dropped.
fn normalize(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len() + 1));
    let escaped = !text.contains(['\n', '\r']) && text.contains("\\n");
    let lines: Box<dyn Iterator<Item = &str>> = if escaped {
        Box::new(text.split("\\n"))
    } else {
        Box::new(text.split(['\n', '\r']))
    };
    for line in lines {
        let line = line.trim();
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The labels of every `-----BEGIN <label>-----` line.
fn begin_labels(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("-----BEGIN ")?
                .strip_suffix("-----")
                .map(str::trim)
        })
        .collect()
}

/// True when a PEM header says `Proc-Type: 4,ENCRYPTED` (OpenSSL's legacy
/// PKCS#1 encryption).
fn is_legacy_encrypted(text: &str) -> bool {
    text.lines().any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("Proc-Type")
                && value.to_ascii_uppercase().contains("ENCRYPTED")
        })
    })
}

/// The error for text with no private-key PEM block.
fn no_private_key(text: &str, labels: &[&str]) -> Error {
    let public = "DocuSign keeps the public key; the assertion must be signed with the private key saved when the RSA key pair was generated";
    if labels.contains(&"CERTIFICATE") {
        invalid(format!(
            "this is a certificate (BEGIN CERTIFICATE), not a private key; {public}"
        ))
    } else if labels.contains(&"PUBLIC KEY") || labels.contains(&"RSA PUBLIC KEY") {
        invalid(format!(
            "this is a public key (BEGIN {}), not the private key; {public}",
            if labels.contains(&"PUBLIC KEY") {
                "PUBLIC KEY"
            } else {
                "RSA PUBLIC KEY"
            }
        ))
    } else if text.trim_start().starts_with("ssh-") {
        invalid(format!(
            "this is an OpenSSH public key, not a private key; {public}"
        ))
    } else if let Some(first) = labels.first() {
        invalid(format!(
            "no private key found (only BEGIN {first}); expected {EXPECTED}"
        ))
    } else {
        invalid(format!("no PEM block found; expected {EXPECTED}"))
    }
}

/// Describes a PEM decoding failure without quoting the input.
fn pem_error(error: pem::Error) -> Error {
    invalid(match error {
        pem::Error::MissingSectionEnd { .. } => {
            "a PEM block has no matching -----END line".to_owned()
        }
        pem::Error::IllegalSectionStart { .. } => "a -----BEGIN line is malformed".to_owned(),
        pem::Error::Base64Decode(_) => {
            "the base64 text of the PEM block is damaged (or has headers other than the key)"
                .to_owned()
        }
        _ => "the PEM text cannot be decoded".to_owned(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};

    pub(crate) const PKCS1: &[u8] = include_bytes!("testdata/rsa2048-pkcs1.pem");
    pub(crate) const PKCS8: &[u8] = include_bytes!("testdata/rsa2048-pkcs8.pem");
    pub(crate) const PUBLIC: &str = include_str!("testdata/rsa2048-public.pem");

    fn reason(input: &[u8]) -> String {
        let err = RsaPrivateKey::from_pem(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidPrivateKey);
        let text = err.to_string();
        assert!(text.starts_with("invalid RSA private key: "), "{text}");
        text
    }

    #[test]
    fn pkcs1_and_pkcs8_are_the_same_key() {
        let a = RsaPrivateKey::from_pem(PKCS1).unwrap();
        let b = RsaPrivateKey::from_pem(PKCS8).unwrap();
        assert_eq!(a.bits(), 2048);
        assert_eq!(a.public_key_pkcs1_der(), b.public_key_pkcs1_der());
        // The public key matches the one openssl derived.
        assert_eq!(a.public_key_pem(), PUBLIC);
        assert_eq!(format!("{a:?}"), "RsaPrivateKey { bits: 2048 }");
        let der = include_bytes!("testdata/rsa2048-pkcs1.der");
        let c = RsaPrivateKey::from_der(der).unwrap();
        assert_eq!(c.public_key_pkcs1_der(), a.public_key_pkcs1_der());
        assert!(RsaPrivateKey::from_der(&a.public_key_spki_der()).is_err());
        assert!(RsaPrivateKey::from_der(PKCS1)
            .unwrap_err()
            .to_string()
            .contains("use RsaPrivateKey::from_pem"));
    }

    #[test]
    fn crlf_and_certificate_next_to_the_key() {
        let crlf = String::from_utf8(PKCS1.to_vec())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(
            RsaPrivateKey::from_pem(crlf.as_bytes()).unwrap().bits(),
            2048
        );
        let mut bundle = include_bytes!("testdata/rsa2048-cert.pem").to_vec();
        bundle.extend_from_slice(PKCS8);
        assert_eq!(RsaPrivateKey::from_pem(&bundle).unwrap().bits(), 2048);
    }

    #[test]
    fn indented_and_escaped_pem() {
        let text = std::str::from_utf8(PKCS1).unwrap();
        let indented: String = text.lines().map(|l| format!("    {l}  \n")).collect();
        assert_eq!(
            RsaPrivateKey::from_pem(indented.as_bytes()).unwrap().bits(),
            2048
        );
        let escaped = text.replace('\n', "\\n");
        assert!(!escaped.contains('\n'));
        assert_eq!(
            RsaPrivateKey::from_pem(escaped.as_bytes()).unwrap().bits(),
            2048
        );
    }

    #[test]
    fn other_sizes() {
        let k = RsaPrivateKey::from_pem(include_bytes!("testdata/rsa3072-pkcs1.pem")).unwrap();
        assert_eq!(k.bits(), 3072);
        assert!(reason(include_bytes!("testdata/rsa1024-pkcs1.pem"))
            .contains("is 1024 bits; at least 2048 bits are needed"));
        assert!(reason(include_bytes!("testdata/rsa5120-pkcs1.pem"))
            .contains("is 5120 bits; the largest size supported is 4096"));
        assert!(reason(include_bytes!("testdata/rsa2560-pkcs8.pem"))
            .contains("is 2560 bits; supported sizes are 2048, 3072 and 4096"));
    }

    #[test]
    fn refuses_what_is_not_an_unencrypted_rsa_key() {
        let r = reason(include_bytes!("testdata/rsa2048-encrypted-pkcs8.pem"));
        assert!(r.contains("encrypted (BEGIN ENCRYPTED PRIVATE KEY)"), "{r}");
        assert!(r.contains("openssl pkcs8"), "{r}");
        let r = reason(include_bytes!("testdata/rsa2048-encrypted-pkcs1.pem"));
        assert!(r.contains("Proc-Type: 4,ENCRYPTED"), "{r}");
        let r = reason(include_bytes!("testdata/ec-p256-sec1.pem"));
        assert!(
            r.contains("EC (elliptic curve) key (BEGIN EC PRIVATE KEY)"),
            "{r}"
        );
        let r = reason(include_bytes!("testdata/ec-p256-pkcs8.pem"));
        assert!(r.contains("an EC (elliptic curve) key in PKCS#8"), "{r}");
        let r = reason(include_bytes!("testdata/ed25519-pkcs8.pem"));
        assert!(r.contains("an Ed25519 key in PKCS#8"), "{r}");
        let r = reason(include_bytes!("testdata/rsa-pss-pkcs8.pem"));
        assert!(r.contains("RSA-PSS"), "{r}");
        let r = reason(PUBLIC.as_bytes());
        assert!(r.contains("public key (BEGIN PUBLIC KEY)"), "{r}");
        let r = reason(include_bytes!("testdata/rsa2048-public-pkcs1.pem"));
        assert!(r.contains("public key (BEGIN RSA PUBLIC KEY)"), "{r}");
        let r = reason(include_bytes!("testdata/rsa2048-cert.pem"));
        assert!(r.contains("certificate"), "{r}");
        let r = reason(b"ssh-rsa AAAAB3NzaC1yc2E user@host\n");
        assert!(r.contains("OpenSSH public key"), "{r}");
        let r = reason(
            b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
        );
        assert!(r.contains("OpenSSH key"), "{r}");
        let r = reason(b"hello world");
        assert!(r.contains("no PEM block found"), "{r}");
        let r = reason(b"");
        assert!(r.contains("no PEM block found"), "{r}");
        let r = reason(&[0x30, 0x82, 0xff, 0xfe]);
        assert!(r.contains("not UTF-8") && r.contains("binary DER"), "{r}");
        let mut two = PKCS1.to_vec();
        two.extend_from_slice(PKCS8);
        let r = reason(&two);
        assert!(r.contains("found 2 private keys"), "{r}");
    }

    #[test]
    fn damaged_pem() {
        let text = std::str::from_utf8(PKCS1).unwrap();
        let truncated = &text[..text.find("-----END").unwrap()];
        let r = reason(truncated.as_bytes());
        assert!(r.contains("no matching -----END"), "{r}");
        let damaged = text.replacen("MII", "M*I", 1);
        let r = reason(damaged.as_bytes());
        assert!(r.contains("base64"), "{r}");
        // Valid base64, but not a key: the key body is never quoted.
        let fake = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END RSA PRIVATE KEY-----\n";
        let r = reason(fake.as_bytes());
        assert!(r.contains("damaged") && !r.contains("c2VjcmV0"), "{r}");
        let fake = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END PRIVATE KEY-----\n";
        assert!(reason(fake.as_bytes()).contains("PKCS#8 structure"));
    }

    #[test]
    fn refusals_after_the_size_check() {
        let der = include_bytes!("testdata/rsa2048-pkcs1.der");
        let refused = |der: &[u8]| RsaPrivateKey::from_der(der).unwrap_err().to_string();
        // SEQUENCE (4-byte header), then INTEGER version 0 at bytes 4..7.
        assert_eq!(der[4..7], [0x02, 0x01, 0x00]);
        let mut multi = der.to_vec();
        multi[6] = 1;
        assert!(refused(&multi).contains("multi-prime RSA keys are not supported"));
        let mut trailing = der.to_vec();
        trailing[2..4].copy_from_slice(&(u16::from_be_bytes([der[2], der[3]]) + 2).to_be_bytes());
        trailing.extend_from_slice(&[0x05, 0x00]);
        assert!(refused(&trailing).ends_with("the RSA key structure is damaged"));
        let mut corrupted = der.to_vec();
        *corrupted.last_mut().unwrap() ^= 1;
        assert!(refused(&corrupted).contains("numbers are inconsistent (a corrupted key)"));
    }

    #[test]
    fn signatures_verify_with_the_public_key() {
        let key = RsaPrivateKey::from_pem(PKCS8).unwrap();
        let sig = key.sign_rs256(b"message").unwrap();
        assert_eq!(sig.len(), 256);
        let public =
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key.public_key_pkcs1_der());
        public.verify(b"message", &sig).unwrap();
        assert!(public.verify(b"messagf", &sig).is_err());
    }
}
