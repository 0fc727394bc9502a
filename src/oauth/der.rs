//! Just enough DER to tell keys apart and to describe them: reads the
//! structure of PKCS#8 `PrivateKeyInfo` and PKCS#1 `RSAPrivateKey`. Nothing
//! here copies key material; every function borrows from its input.

/// DER tags used below.
pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;

/// `rsaEncryption`, 1.2.840.113549.1.1.1 (content octets of the OID).
pub(crate) const OID_RSA_ENCRYPTION: &[u8] =
    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `id-RSASSA-PSS`, 1.2.840.113549.1.1.10.
const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// `id-ecPublicKey`, 1.2.840.10045.2.1.
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// `id-dsa`, 1.2.840.10040.4.1.
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
/// `id-X25519`, `id-X448`, `id-Ed25519`, `id-Ed448` (1.3.101.110–113).
const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];
const OID_X448: &[u8] = &[0x2b, 0x65, 0x6f];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];

/// Reads one tag-length-value from the front of `input`: the tag, the
/// contents and what follows. `None` when it is not well-formed DER (only
/// single-byte tags and minimal definite lengths up to 4 bytes are
/// accepted).
pub(crate) fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (bytes, after) = rest.split_at(count);
        rest = after;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        // DER: the long form only from 128 on, without leading zero bytes.
        if len < 0x80 || bytes[0] == 0 {
            return None;
        }
        len
    };
    if rest.len() < len {
        return None;
    }
    let (contents, after) = rest.split_at(len);
    Some((tag, contents, after))
}

/// Reads a TLV that must have tag `want`.
fn expect(input: &[u8], want: u8) -> Option<(&[u8], &[u8])> {
    match read_tlv(input)? {
        (tag, contents, rest) if tag == want => Some((contents, rest)),
        _ => None,
    }
}

/// The algorithm of a PKCS#8 key, as far as dsauth cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAlgorithm {
    Rsa,
    RsaPss,
    Ec,
    Dsa,
    Ed25519,
    Ed448,
    X25519,
    X448,
    Other,
}

impl KeyAlgorithm {
    fn from_oid(oid: &[u8]) -> Self {
        match oid {
            OID_RSA_ENCRYPTION => KeyAlgorithm::Rsa,
            OID_RSASSA_PSS => KeyAlgorithm::RsaPss,
            OID_EC_PUBLIC_KEY => KeyAlgorithm::Ec,
            OID_DSA => KeyAlgorithm::Dsa,
            OID_ED25519 => KeyAlgorithm::Ed25519,
            OID_ED448 => KeyAlgorithm::Ed448,
            OID_X25519 => KeyAlgorithm::X25519,
            OID_X448 => KeyAlgorithm::X448,
            _ => KeyAlgorithm::Other,
        }
    }

    /// A human name for error messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa => "RSA",
            KeyAlgorithm::RsaPss => "RSA-PSS (restricted to PSS signatures)",
            KeyAlgorithm::Ec => "EC (elliptic curve)",
            KeyAlgorithm::Dsa => "DSA",
            KeyAlgorithm::Ed25519 => "Ed25519",
            KeyAlgorithm::Ed448 => "Ed448",
            KeyAlgorithm::X25519 => "X25519",
            KeyAlgorithm::X448 => "X448",
            KeyAlgorithm::Other => "unknown-algorithm",
        }
    }
}

/// The outer structure of a PKCS#8 `PrivateKeyInfo`:
/// `SEQUENCE { INTEGER version, SEQUENCE { OID, params }, OCTET STRING key, ... }`.
pub(crate) struct Pkcs8<'a> {
    pub(crate) algorithm: KeyAlgorithm,
    /// The contents of the `privateKey` OCTET STRING (an `RSAPrivateKey`
    /// for RSA).
    pub(crate) private_key: &'a [u8],
}

/// Parses the outer structure of a PKCS#8 `PrivateKeyInfo`, or `None`.
pub(crate) fn parse_pkcs8(der: &[u8]) -> Option<Pkcs8<'_>> {
    let (info, trailing) = expect(der, TAG_SEQUENCE)?;
    if !trailing.is_empty() {
        return None;
    }
    let (_version, rest) = expect(info, TAG_INTEGER)?;
    let (alg_id, rest) = expect(rest, TAG_SEQUENCE)?;
    let (oid, _params) = expect(alg_id, TAG_OID)?;
    let (private_key, _attributes) = expect(rest, TAG_OCTET_STRING)?;
    Some(Pkcs8 {
        algorithm: KeyAlgorithm::from_oid(oid),
        private_key,
    })
}

/// The size in bits of the modulus of a PKCS#1 `RSAPrivateKey`
/// (`SEQUENCE { INTEGER version, INTEGER n, ... }`), or `None`.
pub(crate) fn rsa_private_key_bits(der: &[u8]) -> Option<usize> {
    let (key, trailing) = expect(der, TAG_SEQUENCE)?;
    if !trailing.is_empty() {
        return None;
    }
    let (_version, rest) = expect(key, TAG_INTEGER)?;
    let (modulus, _) = expect(rest, TAG_INTEGER)?;
    Some(integer_bits(modulus))
}

/// How a PKCS#1 `RSAPrivateKey` is built, checked as ring reads it:
/// `SEQUENCE { INTEGER version, INTEGER n, e, d, p, q, dP, dQ, qInv }`, every
/// INTEGER non-negative and minimally encoded, nothing after `qInv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaKeyForm {
    /// Version 0, two primes: what ring signs with.
    TwoPrime,
    /// Another version: a multi-prime key (`otherPrimeInfos`).
    MultiPrime,
    /// Not that structure.
    Damaged,
}

/// Classifies a PKCS#1 `RSAPrivateKey`; see [`RsaKeyForm`].
pub(crate) fn rsa_private_key_form(der: &[u8]) -> RsaKeyForm {
    let Some((key, [])) = expect(der, TAG_SEQUENCE) else {
        return RsaKeyForm::Damaged;
    };
    let Some((version, mut rest)) = nonnegative_integer(key) else {
        return RsaKeyForm::Damaged;
    };
    match version {
        [0] => {}
        [_] => return RsaKeyForm::MultiPrime,
        _ => return RsaKeyForm::Damaged,
    }
    for _ in 0..8 {
        match nonnegative_integer(rest) {
            Some((_, after)) => rest = after,
            None => return RsaKeyForm::Damaged,
        }
    }
    if rest.is_empty() {
        RsaKeyForm::TwoPrime
    } else {
        RsaKeyForm::Damaged
    }
}

/// Reads a non-negative, minimally encoded INTEGER: its value without the
/// leading zero a high bit needs, and what follows.
fn nonnegative_integer(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let (contents, rest) = expect(input, TAG_INTEGER)?;
    let value = match contents {
        [] => return None,
        [0] => contents,
        [0, second, ..] if second & 0x80 != 0 => &contents[1..],
        [0, ..] => return None,
        [first, ..] if first & 0x80 != 0 => return None,
        _ => contents,
    };
    Some((value, rest))
}

/// The number of significant bits of a DER INTEGER's contents.
fn integer_bits(contents: &[u8]) -> usize {
    let significant: &[u8] = match contents.iter().position(|&b| b != 0) {
        Some(at) => &contents[at..],
        None => return 0,
    };
    significant.len() * 8 - significant[0].leading_zeros() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_malformed() {
        assert!(read_tlv(&[]).is_none());
        assert!(read_tlv(&[0x30]).is_none());
        assert!(read_tlv(&[0x30, 0x05, 1]).is_none());
        assert!(read_tlv(&[0x30, 0x80]).is_none());
        assert!(read_tlv(&[0x1f, 0x01, 0]).is_none());
        assert!(read_tlv(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(parse_pkcs8(b"garbage").is_none());
        assert!(rsa_private_key_bits(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_none());
        // Lengths in the long form that the short form could hold, or with
        // a leading zero byte.
        assert!(read_tlv(&[0x04, 0x81, 0x01, 0]).is_none());
        assert!(read_tlv(&[0x04, 0x82, 0x00, 0x80]).is_none());
        assert!(read_tlv(&[0x04, 0x81, 0x80]).is_none());
    }

    /// `SEQUENCE { INTEGER version, 8 INTEGERs, extra }`.
    fn rsa_key(version: &[u8], integers: &[&[u8]], extra: &[u8]) -> Vec<u8> {
        let mut body = vec![TAG_INTEGER, version.len() as u8];
        body.extend_from_slice(version);
        for i in integers {
            body.extend_from_slice(&[TAG_INTEGER, i.len() as u8]);
            body.extend_from_slice(i);
        }
        body.extend_from_slice(extra);
        let mut der = vec![TAG_SEQUENCE, body.len() as u8];
        der.extend_from_slice(&body);
        der
    }

    #[test]
    fn rsa_private_key_forms() {
        let eight: &[&[u8]] = &[
            &[0x00, 0xc1],
            &[1, 0, 1],
            &[5],
            &[7],
            &[0],
            &[1],
            &[2],
            &[3],
        ];
        assert_eq!(
            rsa_private_key_form(&rsa_key(&[0], eight, &[])),
            RsaKeyForm::TwoPrime
        );
        assert_eq!(
            rsa_private_key_form(&rsa_key(&[1], eight, &[])),
            RsaKeyForm::MultiPrime
        );
        let damaged = [
            rsa_key(&[0], &eight[..7], &[]),
            rsa_key(&[0], eight, &[0x30, 0x00]),
            rsa_key(&[0, 0], eight, &[]),
            rsa_key(
                &[0],
                &[&[0x00, 0x41], &[3], &[5], &[7], &[0], &[1], &[2], &[3]],
                &[],
            ),
            rsa_key(
                &[0],
                &[&[0x81], &[3], &[5], &[7], &[0], &[1], &[2], &[3]],
                &[],
            ),
            rsa_key(&[0], &[&[], &[3], &[5], &[7], &[0], &[1], &[2], &[3]], &[]),
        ];
        for der in &damaged {
            assert_eq!(rsa_private_key_form(der), RsaKeyForm::Damaged, "{der:02x?}");
        }
        let mut trailing = rsa_key(&[0], eight, &[]);
        trailing.push(0);
        assert_eq!(rsa_private_key_form(&trailing), RsaKeyForm::Damaged);
    }

    #[test]
    fn integer_bit_counts() {
        assert_eq!(integer_bits(&[0x00, 0x80]), 8);
        assert_eq!(integer_bits(&[0x01, 0x00]), 9);
        assert_eq!(integer_bits(&[0x00]), 0);
    }
}
