//! Sealing of stored values: AES-256-GCM under the application's 32-byte
//! key, a random 96-bit nonce per value, and the value's key name as
//! associated data, so a blob copied under another name does not open.
//!
//! Stored form: `S` + nonce + ciphertext + tag when sealed, `P` + payload
//! when the application opted into plaintext. A blob in the other form, or
//! one that does not open under this key, reads as absent.

use std::fmt;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The length of a seal key in bytes.
pub const SEAL_KEY_LEN: usize = 32;

const SEALED: u8 = b'S';
const PLAIN: u8 = b'P';

/// The application's 32-byte AES-256-GCM key for sealing tokens; wiped
/// when dropped, never printed.
#[derive(Clone)]
pub struct SealKey(Zeroizing<[u8; SEAL_KEY_LEN]>);

impl SealKey {
    /// The key in `bytes`, which must be exactly 32 bytes long.
    pub fn new(bytes: &[u8]) -> Result<SealKey> {
        let mut key = Zeroizing::new([0u8; SEAL_KEY_LEN]);
        if bytes.len() != SEAL_KEY_LEN {
            return Err(Error::InvalidArgument {
                name: "seal_key",
                reason: format!("must be exactly {SEAL_KEY_LEN} bytes, not {}", bytes.len()),
            });
        }
        key.copy_from_slice(bytes);
        Ok(SealKey(key))
    }
}

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey([redacted])")
    }
}

/// How values are written to a backend outside this process.
pub(crate) enum Sealing {
    /// AES-256-GCM under the application's key.
    Sealed(Box<LessSafeKey>),
    /// Stored as is: the application passed `allow_plaintext_tokens`.
    Plain,
}

impl fmt::Debug for Sealing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sealing::Sealed(_) => "Sealed(AES-256-GCM, [redacted key])",
            Sealing::Plain => "Plain",
        })
    }
}

impl Sealing {
    /// The sealing the options ask for. Without a key and without the
    /// explicit opt-out, the state is refused when it is built, so that a
    /// bearer token never lands unsealed on disk or in Redis by accident.
    pub(crate) fn from_options(seal_key: Option<&SealKey>, allow_plaintext: bool) -> Result<Self> {
        match seal_key {
            Some(SealKey(key)) => {
                // A 32-byte key is always accepted by AES-256-GCM.
                let key = UnboundKey::new(&AES_256_GCM, &key[..]).map_err(|_| {
                    Error::InvalidArgument {
                        name: "seal_key",
                        reason: "rejected by AES-256-GCM".to_owned(),
                    }
                })?;
                Ok(Sealing::Sealed(Box::new(LessSafeKey::new(key))))
            }
            None if allow_plaintext => Ok(Sealing::Plain),
            None => Err(Error::InvalidArgument {
                name: "seal_key",
                reason: "a shared state outside the process seals tokens with AES-256-GCM: \
                         give a 32-byte seal key, or opt out with allow_plaintext_tokens"
                    .to_owned(),
            }),
        }
    }

    /// `payload` in stored form, bound to `name`.
    pub(crate) fn seal(&self, name: &str, payload: &[u8]) -> Option<Vec<u8>> {
        match self {
            Sealing::Plain => {
                let mut out = Vec::with_capacity(1 + payload.len());
                out.push(PLAIN);
                out.extend_from_slice(payload);
                Some(out)
            }
            Sealing::Sealed(key) => {
                let mut nonce = [0u8; NONCE_LEN];
                SystemRandom::new().fill(&mut nonce).ok()?;
                let mut body = Zeroizing::new(payload.to_vec());
                let tag = key
                    .seal_in_place_separate_tag(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(name.as_bytes()),
                        &mut body,
                    )
                    .ok()?;
                let mut out = Vec::with_capacity(1 + NONCE_LEN + body.len() + tag.as_ref().len());
                out.push(SEALED);
                out.extend_from_slice(&nonce);
                out.extend_from_slice(&body);
                out.extend_from_slice(tag.as_ref());
                Some(out)
            }
        }
    }

    /// The payload of a stored blob, or `None` when it does not open (wrong
    /// key, another name, the other form, damaged).
    pub(crate) fn open(&self, name: &str, stored: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (&form, rest) = stored.split_first()?;
        match (self, form) {
            (Sealing::Plain, PLAIN) => Some(Zeroizing::new(rest.to_vec())),
            (Sealing::Sealed(key), SEALED) if rest.len() >= NONCE_LEN => {
                let (nonce, sealed) = rest.split_at(NONCE_LEN);
                let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
                let mut buffer = Zeroizing::new(sealed.to_vec());
                let len = key
                    .open_in_place(nonce, Aad::from(name.as_bytes()), &mut buffer)
                    .ok()?
                    .len();
                buffer.truncate(len);
                Some(buffer)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(byte: u8) -> Sealing {
        let key = SealKey::new(&[byte; SEAL_KEY_LEN]).unwrap();
        Sealing::from_options(Some(&key), false).unwrap()
    }

    #[test]
    fn round_trip_and_no_plaintext_in_blob() {
        let s = sealed(7);
        let blob = s.seal("tok:a", b"bearer-secret").unwrap();
        assert!(!blob.windows(6).any(|w| w == b"bearer"));
        assert_eq!(&s.open("tok:a", &blob).unwrap()[..], b"bearer-secret");
    }

    #[test]
    fn wrong_key_other_name_or_form_read_as_absent() {
        let blob = sealed(7).seal("tok:a", b"x").unwrap();
        assert!(sealed(8).open("tok:a", &blob).is_none());
        assert!(sealed(7).open("tok:b", &blob).is_none());
        let plain = Sealing::Plain.seal("tok:a", b"x").unwrap();
        assert!(sealed(7).open("tok:a", &plain).is_none());
        assert!(Sealing::Plain.open("tok:a", &blob).is_none());
        assert!(sealed(7).open("tok:a", b"S").is_none());
    }

    #[test]
    fn key_is_required_unless_opted_out() {
        let err = Sealing::from_options(None, false).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(err.to_string().contains("allow_plaintext_tokens"));
        assert!(SealKey::new(&[1; 31]).is_err());
        assert_eq!(
            format!("{:?}", SealKey::new(&[1; 32]).unwrap()),
            "SealKey([redacted])"
        );
        assert!(matches!(
            Sealing::from_options(None, true),
            Ok(Sealing::Plain)
        ));
    }

    #[test]
    fn plaintext_when_opted_out() {
        let blob = Sealing::Plain.seal("tok:a", b"bearer").unwrap();
        assert_eq!(blob, b"Pbearer");
        assert_eq!(&Sealing::Plain.open("tok:a", &blob).unwrap()[..], b"bearer");
    }

    #[test]
    fn debug_names_the_sealing_but_not_the_key() {
        assert_eq!(
            format!("{:?}", sealed(7)),
            "Sealed(AES-256-GCM, [redacted key])"
        );
        assert_eq!(format!("{:?}", Sealing::Plain), "Plain");
    }
}
