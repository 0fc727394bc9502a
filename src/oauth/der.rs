//! Just enough DER to tell keys apart and to describe them: reads the outer
//! structure of PKCS#8 `PrivateKeyInfo` and PKCS#1 `RSAPrivateKey`, and
//! writes a `SubjectPublicKeyInfo` around an RSA public key. Nothing here
//! copies key material; every function borrows from its input.

/// DER tags used below.
pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_NULL: u8 = 0x05;
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
/// single-byte tags and definite lengths up to 4 bytes are accepted).
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
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
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

/// The number of significant bits of a DER INTEGER's contents.
fn integer_bits(contents: &[u8]) -> usize {
    let significant: &[u8] = match contents.iter().position(|&b| b != 0) {
        Some(at) => &contents[at..],
        None => return 0,
    };
    significant.len() * 8 - significant[0].leading_zeros() as usize
}

/// Appends a DER length.
fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Appends a TLV.
fn push_tlv(out: &mut Vec<u8>, tag: u8, contents: &[u8]) {
    out.push(tag);
    push_len(out, contents.len());
    out.extend_from_slice(contents);
}

/// Wraps a PKCS#1 `RSAPublicKey` in a `SubjectPublicKeyInfo`
/// (`BEGIN PUBLIC KEY`): `SEQUENCE { SEQUENCE { rsaEncryption, NULL },
/// BIT STRING { 0 unused bits, RSAPublicKey } }`.
pub(crate) fn rsa_spki(rsa_public_key: &[u8]) -> Vec<u8> {
    let mut alg = Vec::with_capacity(16);
    push_tlv(&mut alg, TAG_OID, OID_RSA_ENCRYPTION);
    push_tlv(&mut alg, TAG_NULL, &[]);
    let mut bits = Vec::with_capacity(rsa_public_key.len() + 1);
    bits.push(0);
    bits.extend_from_slice(rsa_public_key);
    let mut body = Vec::with_capacity(alg.len() + bits.len() + 16);
    push_tlv(&mut body, TAG_SEQUENCE, &alg);
    push_tlv(&mut body, TAG_BIT_STRING, &bits);
    let mut out = Vec::with_capacity(body.len() + 8);
    push_tlv(&mut out, TAG_SEQUENCE, &body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 70000] {
            let contents = vec![7u8; len];
            let mut out = Vec::new();
            push_tlv(&mut out, TAG_OCTET_STRING, &contents);
            let (tag, got, rest) = read_tlv(&out).unwrap();
            assert_eq!((tag, got.len(), rest.len()), (TAG_OCTET_STRING, len, 0));
        }
    }

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
    }

    #[test]
    fn integer_bit_counts() {
        assert_eq!(integer_bits(&[0x00, 0x80]), 8);
        assert_eq!(integer_bits(&[0x01, 0x00]), 9);
        assert_eq!(integer_bits(&[0x00]), 0);
    }
}
