//! Percent-encoding for query strings and form bodies.

use std::fmt::Write;

/// Appends `text` percent-encoded: everything but RFC 3986 unreserved
/// characters (letters, digits, `-._~`) becomes `%XX`.
pub fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

/// `text` percent-encoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

/// `?k=v&k2=v2`, or nothing when `pairs` is empty.
pub fn query_string(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        encode_into(&mut out, key);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_unicode() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            query_string(&[("from_date".into(), "2024-01-01T00:00:00+01:00".into())]),
            "?from_date=2024-01-01T00%3A00%3A00%2B01%3A00"
        );
        assert_eq!(query_string(&[]), "");
    }
}
