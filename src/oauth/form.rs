//! Percent-encoding for URLs and `application/x-www-form-urlencoded`
//! bodies. Everything but the RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) is encoded as `%XX` (space as `%20`, which form
//! decoders accept as well as `+`), so one encoder serves query strings and
//! form bodies alike.

use crate::secret::{buffer_for_secret, Secret};

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// The length of `text` once encoded.
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

/// Appends `text`, percent-encoded, to `out`.
pub(crate) fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// `text`, percent-encoded.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(encoded_len(text));
    encode_into(&mut out, text);
    out
}

/// Appends `name=value&name=value…`, every name and value percent-encoded.
fn pairs_into(out: &mut String, pairs: &[(&str, &str)]) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(out, name);
        out.push('=');
        encode_into(out, value);
    }
}

/// `name=value&name=value…`, every name and value percent-encoded.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    pairs_into(&mut out, pairs);
    out
}

/// [`query`] into a [`Secret`] whose buffer is sized up front, so no
/// unwiped copy of a value is left behind by a reallocation.
pub(crate) fn secret_form(pairs: &[(&str, &str)]) -> Secret {
    let capacity = pairs
        .iter()
        .map(|(n, v)| encoded_len(n) + encoded_len(v) + 2)
        .sum();
    let mut out = buffer_for_secret(capacity);
    pairs_into(&mut out, pairs);
    debug_assert!(out.len() <= capacity);
    Secret::from_buffer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(
            percent_encode("signature impersonation"),
            "signature%20impersonation"
        );
        assert_eq!(
            percent_encode("https://x.test/cb?a=1&b=2+3#f"),
            "https%3A%2F%2Fx.test%2Fcb%3Fa%3D1%26b%3D2%2B3%23f"
        );
        assert_eq!(percent_encode("é%"), "%C3%A9%25");
    }

    #[test]
    fn forms() {
        assert_eq!(query(&[("a", "1 2"), ("b&", "=")]), "a=1%202&b%26=%3D");
        let s = secret_form(&[("grant_type", "refresh_token"), ("refresh_token", "a+b/c=")]);
        assert_eq!(
            s.expose(),
            "grant_type=refresh_token&refresh_token=a%2Bb%2Fc%3D"
        );
    }
}
