//! Test support: the public half of an [`RsaPrivateKey`] as
//! `SubjectPublicKeyInfo` DER and PEM, to compare with what openssl derived.
//! dsauth itself never needs the public key in these forms.

use base64::Engine as _;

use crate::oauth::der::{OID_RSA_ENCRYPTION, TAG_OID, TAG_SEQUENCE};
use crate::oauth::key::RsaPrivateKey;

const TAG_BIT_STRING: u8 = 0x03;
const TAG_NULL: u8 = 0x05;

impl RsaPrivateKey {
    /// The public key as `SubjectPublicKeyInfo` DER: `SEQUENCE { SEQUENCE {
    /// rsaEncryption, NULL }, BIT STRING { 0 unused bits, RSAPublicKey } }`.
    pub(crate) fn public_key_spki_der(&self) -> Vec<u8> {
        let mut alg = Vec::new();
        push_tlv(&mut alg, TAG_OID, OID_RSA_ENCRYPTION);
        push_tlv(&mut alg, TAG_NULL, &[]);
        let mut bits = vec![0];
        bits.extend_from_slice(self.public_key_pkcs1_der());
        let mut body = Vec::new();
        push_tlv(&mut body, TAG_SEQUENCE, &alg);
        push_tlv(&mut body, TAG_BIT_STRING, &bits);
        let mut out = Vec::new();
        push_tlv(&mut out, TAG_SEQUENCE, &body);
        out
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`, 64-column
    /// lines, trailing newline), as `openssl pkey -pubout` writes it.
    pub(crate) fn public_key_pem(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(self.public_key_spki_der());
        let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(line).unwrap());
            out.push('\n');
        }
        out.push_str("-----END PUBLIC KEY-----\n");
        out
    }
}

/// Appends a TLV with a minimal DER length.
fn push_tlv(out: &mut Vec<u8>, tag: u8, contents: &[u8]) {
    out.push(tag);
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(contents);
}

#[test]
fn lengths_round_trip() {
    use crate::oauth::der::{read_tlv, TAG_OCTET_STRING};
    for len in [0usize, 1, 127, 128, 255, 256, 65535, 70000] {
        let contents = vec![7u8; len];
        let mut out = Vec::new();
        push_tlv(&mut out, TAG_OCTET_STRING, &contents);
        let (tag, got, rest) = read_tlv(&out).unwrap();
        assert_eq!((tag, got.len(), rest.len()), (TAG_OCTET_STRING, len, 0));
    }
}
