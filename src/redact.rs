//! Server text made safe for errors: every secret the client holds is
//! replaced by `<redacted>`, texts are capped, URLs lose query values.
//!
//! A server can echo anything it was sent (the request head, the form with
//! the JWT assertion) into the texts dsauth puts in errors: DocuSign's
//! `message`, OAuth's `error_description`, SOAP fault strings, body
//! excerpts, trace tokens. A [`Redactor`] holds the secrets of one call and
//! finds each of them however a server may have encoded it: plain, with
//! JSON escapes (`\"`, `\uXXXX`, `\/`), XML or HTML references (`&quot;`,
//! `&#39;`, `&#x27;`), percent-encoded in either case or form-encoded
//! (`+`), each character in any of these forms; and up to two levels deeper
//! (a JSON-escaped header inside a JSON string, XML inside XML): the text
//! is searched as it is and once and twice decoded, and what is found in a
//! decoded view is replaced where it came from.

use std::borrow::Cow;

use zeroize::Zeroizing;

/// How many bytes of text per byte of a secret are searched past the cut:
/// enough for a secret encoded three times over (`'` is `&amp;amp;apos;`).
const MAX_EXPANSION: usize = 64;

/// What replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// The most bytes of server text (or of a URL) an error keeps; longer texts
/// end with `…`.
pub const MAX_TEXT: usize = 4096;

/// The secrets of one call, and the search for them in server text.
#[derive(Default, Clone)]
pub struct Redactor {
    /// The secrets.
    needles: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} needles)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor that knows no secret (it still caps).
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Adds a secret (an empty one is ignored).
    pub fn add(&mut self, secret: &str) {
        if !secret.is_empty() && !self.needles.iter().any(|n| **n == secret) {
            self.needles.push(Zeroizing::new(secret.to_owned()));
        }
    }

    /// Adds an OAuth token's access and refresh tokens.
    pub fn add_token(&mut self, token: &crate::oauth::Token) {
        self.add(token.access_token.expose());
        if let Some(refresh) = &token.refresh_token {
            self.add(refresh.expose());
        }
    }

    /// Adds the values of an `application/x-www-form-urlencoded` body
    /// (decoded, and as sent), except `grant_type` and `client_id`, which
    /// are not secret.
    pub fn add_form(&mut self, form: &str) {
        for pair in form.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or(("", pair));
            if name == "grant_type" || name == "client_id" {
                continue;
            }
            self.add(value);
            let mut decoded = Zeroizing::new(Vec::with_capacity(value.len()));
            let mut rest = value.as_bytes();
            while let Some((c, len)) = percent(rest).or_else(|| literal(rest)) {
                let mut buf = [0u8; 4];
                decoded.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                rest = &rest[len..];
            }
            if let Ok(text) = std::str::from_utf8(&decoded) {
                self.add(text);
            }
        }
    }

    /// [`Redactor::clean`] of bytes read as UTF-8 (invalid sequences become
    /// U+FFFD). Only a prefix is read: enough for the cut and for a secret
    /// that starts before it, in its longest encoding.
    pub fn clean_bytes(&self, bytes: &[u8], max: usize) -> String {
        let longest = self.needles.iter().map(|n| n.len()).max().unwrap_or(0);
        let reach = max.saturating_add(longest.saturating_mul(MAX_EXPANSION));
        let cut = bytes.len() > reach;
        let mut text = self.clean(
            &String::from_utf8_lossy(&bytes[..bytes.len().min(reach)]),
            max,
        );
        if cut && !text.ends_with('…') {
            text.push('…');
        }
        text
    }

    /// `text` with every secret replaced by [`REDACTED`], cut after
    /// `max` bytes with `…`. A secret that starts before the cut is
    /// replaced whole, so no prefix of one survives the cut.
    pub fn clean(&self, text: &str, max: usize) -> String {
        let mut out = self.pass(text, max);
        // A secret could be formed anew around a replacement; look again.
        for _ in 0..3 {
            if !out.0.contains(REDACTED) {
                break;
            }
            let again = self.pass(&out.0, usize::MAX);
            if again.0 == out.0 {
                break;
            }
            out.0 = again.0;
        }
        if out.1 {
            out.0.push('…');
        }
        out.0
    }

    /// One pass: the redacted text of the first `max` bytes (matches may
    /// run past them), and whether anything was cut.
    fn pass(&self, text: &str, max: usize) -> (String, bool) {
        let longest = self.needles.iter().map(|n| n.len()).max().unwrap_or(0);
        let window = floor_char_boundary(
            text,
            max.saturating_add(longest.saturating_mul(MAX_EXPANSION)),
        );
        let found = self.find(&text[..window], max);
        let mut out = String::with_capacity(text.len().min(max) + 16);
        let mut at = 0;
        let mut found = found.iter().peekable();
        while at < text.len() {
            if at >= max {
                return (out, true);
            }
            let mut end = None;
            while let Some(&&(start, stop)) = found.peek() {
                if start > at {
                    break;
                }
                end = end.max(Some(stop));
                found.next();
            }
            if let Some(end) = end.filter(|&end| end > at) {
                out.push_str(REDACTED);
                at = end;
                continue;
            }
            let c = text[at..].chars().next().unwrap_or('\u{FFFD}');
            if at + c.len_utf8() > max {
                return (out, true);
            }
            out.push(c);
            at += c.len_utf8();
        }
        (out, false)
    }

    /// The byte ranges of `text` that hold a secret starting before `max`,
    /// sorted by start: found in the text itself and in its once and twice
    /// decoded views.
    fn find(&self, text: &str, max: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        if self.needles.is_empty() {
            return found;
        }
        // The text, and its views decoded by one scheme, then by another.
        let schemes: [Scheme; 3] = [percent, json_escape, xml_reference];
        let mut views = vec![View::of(text)];
        for level in 0..2 {
            let start = views.len();
            for i in 0..views.len() {
                if level == 1 && i == 0 {
                    continue;
                }
                for scheme in schemes {
                    let decoded = views[i].decoded(scheme);
                    if !views.iter().any(|v| v.text == decoded.text) {
                        views.push(decoded);
                    }
                }
            }
            if views.len() == start {
                break;
            }
        }
        for view in &views {
            let bytes = view.text.as_bytes();
            for start in (0..bytes.len()).filter(|&i| view.text.is_char_boundary(i)) {
                let from = view.spans[start].0;
                if from >= max {
                    break;
                }
                let end = self
                    .needles
                    .iter()
                    .filter_map(|needle| match_at(bytes, start, needle))
                    .max();
                if let Some(end) = end {
                    found.push((from, view.spans[end - 1].1));
                }
            }
        }
        found.sort_unstable();
        found
    }
}

/// Reads one encoded character at the start of a text: its value and
/// length.
type Scheme = fn(&[u8]) -> Option<(char, usize)>;

/// A text and, for each of its bytes, the byte range of the original text
/// it was decoded from.
struct View {
    text: Zeroizing<String>,
    spans: Vec<(usize, usize)>,
}

impl View {
    fn of(text: &str) -> View {
        View {
            text: Zeroizing::new(text.to_owned()),
            spans: (0..text.len()).map(|i| (i, i + 1)).collect(),
        }
    }

    /// Every escape of `scheme` in the text decoded once, left to right.
    fn decoded(&self, scheme: Scheme) -> View {
        let bytes = self.text.as_bytes();
        let mut text = Zeroizing::new(String::with_capacity(bytes.len()));
        let mut spans = Vec::with_capacity(bytes.len());
        let mut at = 0;
        while let Some((c, len)) = scheme(&bytes[at..]).or_else(|| literal(&bytes[at..])) {
            let span = (self.spans[at].0, self.spans[at + len - 1].1);
            text.push(c);
            spans.extend(std::iter::repeat_n(span, c.len_utf8()));
            at += len;
        }
        View { text, spans }
    }
}

/// Where a match of `needle` starting at `start` ends (the longest one),
/// each of its characters written plainly or in any encoding
/// [`decode_at`] knows. The possible positions are followed as a set, so
/// ambiguous forms (`%` plain or as `%25`) cost no backtracking.
fn match_at(text: &[u8], start: usize, needle: &str) -> Option<usize> {
    let first = needle.chars().next()?;
    if decode_at(&text[start..], first).iter().all(Option::is_none) {
        return None;
    }
    let mut positions = vec![start];
    let mut next = Vec::new();
    for c in needle.chars() {
        next.clear();
        for &at in &positions {
            for len in decode_at(&text[at..], c).into_iter().flatten() {
                let end = at + len;
                if !next.contains(&end) {
                    next.push(end);
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        std::mem::swap(&mut positions, &mut next);
    }
    positions.into_iter().max()
}

/// The lengths of the forms of `c` that `text` starts with: the character
/// itself, `+` for a space, percent-encoded UTF-8, a JSON escape, an XML
/// or HTML character reference.
fn decode_at(text: &[u8], c: char) -> [Option<usize>; 4] {
    let is = |found: Option<(char, usize)>| found.filter(|(d, _)| *d == c).map(|(_, len)| len);
    [
        is(literal(text)),
        is(percent(text)).or_else(|| is((text.first() == Some(&b'+')).then_some((' ', 1)))),
        is(json_escape(text)),
        is(xml_reference(text)),
    ]
}

/// The UTF-8 character `text` starts with.
fn literal(text: &[u8]) -> Option<(char, usize)> {
    let len = utf8_len(*text.first()?);
    let c = std::str::from_utf8(text.get(..len)?).ok()?.chars().next()?;
    Some((c, len))
}

/// The length of the UTF-8 sequence that starts with byte `lead` (for a
/// byte that cannot start one, a length whose decoding then fails).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 2,
    }
}

fn hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(text, 16).ok()
}

/// A character as `%HH` (`%HH%HH…` for UTF-8 beyond ASCII), either case.
fn percent(text: &[u8]) -> Option<(char, usize)> {
    let byte = |i: usize| -> Option<u8> {
        let unit = text.get(i * 3..i * 3 + 3)?;
        if unit[0] != b'%' {
            return None;
        }
        u8::try_from(hex(&unit[1..])?).ok()
    };
    let first = byte(0)?;
    let mut utf8 = [first, 0, 0, 0];
    let len = utf8_len(first);
    for (i, slot) in utf8.iter_mut().enumerate().take(len).skip(1) {
        *slot = byte(i)?;
    }
    let c = std::str::from_utf8(&utf8[..len]).ok()?.chars().next()?;
    Some((c, len * 3))
}

/// A JSON (or JavaScript) escape: `\"`, `\\`, `\/`, `\'`, `\b`, `\f`, `\n`,
/// `\r`, `\t`, `\uXXXX` (a surrogate pair for characters beyond U+FFFF).
fn json_escape(text: &[u8]) -> Option<(char, usize)> {
    if text.first() != Some(&b'\\') {
        return None;
    }
    let simple = match *text.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'\'' => '\'',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex(text.get(2..6)?)?;
            if (0xD800..0xDC00).contains(&unit) {
                let low = text.get(6..12)?;
                if &low[..2] != b"\\u" {
                    return None;
                }
                let low = hex(&low[2..])?;
                let c = 0x10000 + ((unit - 0xD800) << 10) + low.checked_sub(0xDC00)?;
                return Some((char::from_u32(c)?, 12));
            }
            return Some((char::from_u32(unit)?, 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// An XML or HTML reference: `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`,
/// `&#NN;` or `&#xHH;`.
fn xml_reference(text: &[u8]) -> Option<(char, usize)> {
    if text.first() != Some(&b'&') {
        return None;
    }
    let end = text.iter().take(12).position(|&b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        [b'#', b'x' | b'X', digits @ ..] => char::from_u32(hex(digits)?)?,
        [b'#', digits @ ..] if digits.iter().all(u8::is_ascii_digit) => {
            char::from_u32(std::str::from_utf8(digits).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    Some((c, end + 1))
}

/// `text` cut after [`MAX_TEXT`] bytes (at a character boundary) with `…`.
pub fn cap(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_TEXT {
        return Cow::Borrowed(text);
    }
    let end = floor_char_boundary(text, MAX_TEXT);
    Cow::Owned(format!("{}…", &text[..end]))
}

/// The last character boundary of `text` at or before byte `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// A URL as errors show it: user information and every query value
/// replaced (`?pw=<redacted>`), capped at [`MAX_TEXT`].
pub fn shown_url(url: &str) -> String {
    let capped = cap(url);
    let url = crate::url::redact_userinfo(&capped);
    let Some((base, query)) = url.split_once('?') else {
        return url;
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut out = format!("{base}?");
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) => {
                out.push_str(name);
                out.push('=');
                out.push_str(REDACTED);
            }
            None => out.push_str(pair),
        }
    }
    if fragment.is_some() {
        out.push_str("#…");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(secrets: &[&str]) -> Redactor {
        let mut r = Redactor::new();
        for s in secrets {
            r.add(s);
        }
        r
    }

    #[test]
    fn keeps_each_secret_once_and_no_empty_one() {
        let r = redactor(&["a", "", "a", "b"]);
        assert_eq!(format!("{r:?}"), "Redactor(2 needles)");
    }

    #[test]
    fn a_token_adds_both_of_its_tokens() {
        let token = crate::oauth::Token {
            access_token: "acc3ss".into(),
            token_type: "Bearer".into(),
            expires_in: std::time::Duration::from_secs(3600),
            refresh_token: Some("r3fresh".into()),
            scope: None,
        };
        let mut r = Redactor::new();
        r.add_token(&token);
        assert_eq!(r.clean("acc3ss r3fresh", MAX_TEXT), "<redacted> <redacted>");
    }

    #[test]
    fn overlapping_secrets_make_one_replacement() {
        let r = redactor(&["abcde", "cde", "bc"]);
        assert_eq!(r.clean("abcde!", MAX_TEXT), "<redacted>!");
    }

    #[test]
    fn a_secret_formed_around_a_replacement_is_replaced_too() {
        let r = redactor(&["xy", "a<redacted>b"]);
        assert_eq!(r.clean("<axyb>", MAX_TEXT), "<<redacted>>");
    }

    #[test]
    fn bytes_are_cut_at_max_with_one_ellipsis() {
        let r = Redactor::new();
        assert_eq!(r.clean_bytes(b"abc", 3), "abc");
        assert_eq!(r.clean_bytes(b"abcdef", 3), "abc…");
        assert_eq!(r.clean_bytes("aé".as_bytes(), 2), "a…");
        assert_eq!(r.clean("aé", 2), "a…");
        let text = format!("{}é", "a".repeat(MAX_TEXT - 1));
        assert_eq!(cap(&text), format!("{}…", "a".repeat(MAX_TEXT - 1)));
        assert_eq!(cap("short"), "short");
    }

    #[test]
    fn finds_every_encoding() {
        let r = redactor(&["p\"w&<é 1/+%"]);
        for text in [
            "x p\"w&<é 1/+% y",
            r#"x p\"w&<\u00e9 1\/+% y"#,
            r#"x p\u0022w\u0026\u003C\u00E9\u00201/+\u0025 y"#,
            "x p&quot;w&amp;&lt;&#xe9; 1/+% y",
            "x p&#34;w&#38;&#60;&#233;&#x20;1&#47;+&#37; y",
            "x p%22w%26%3C%C3%A9%201%2F%2B%25 y",
            "x p%22w%26%3c%c3%a9+1%2f%2b%25 y",
            // Inside other levels: JSON of JSON, XML of XML, mixed.
            r#"x p\\\"w&<\\u00e9 1/+% y"#,
            "x p&amp;quot;w&amp;amp;&amp;lt;é 1/+% y",
            "x p&amp;#x22;w&amp;amp;&amp;lt;&amp;#233; 1/+% y",
            "x p%2526quot%253Bw&<é 1/+% y",
            r#"x p\u0026quot;w&amp;&lt;é 1/+% y"#,
        ] {
            assert_eq!(r.clean(text, MAX_TEXT), "x <redacted> y", "{text}");
        }
    }

    #[test]
    fn characters_of_every_utf8_length() {
        let r = redactor(&["aé€😀"]);
        assert_eq!(
            r.clean("<aé€😀> <%61%C3%A9%E2%82%AC%F0%9F%98%80>", MAX_TEXT),
            "<<redacted>> <<redacted>>"
        );
    }

    #[test]
    fn numbers_are_digits_only() {
        let r = redactor(&["Q"]);
        assert_eq!(
            r.clean("&#x+51; &#+81; %+5", MAX_TEXT),
            "&#x+51; &#+81; %+5"
        );
        assert_eq!(
            r.clean("&#x51; &#81; %51", MAX_TEXT),
            "<redacted> <redacted> <redacted>"
        );
    }

    #[test]
    fn every_json_escape_and_xml_entity() {
        let r = redactor(&["a'\u{8}\u{c}\n\r\t>😀"]);
        for text in [
            r#"<a\'\b\f\n\r\t&gt;\ud83d\ude00>"#,
            r#"<\u0061\u0027\u0008\u000c\u000a\u000d\u0009\u003e\uD83D\uDE00>"#,
        ] {
            assert_eq!(r.clean(text, MAX_TEXT), "<<redacted>>", "{text}");
        }
        // A high surrogate needs a low one after it.
        let r = redactor(&["😀"]);
        assert_eq!(r.clean(r#"\ud83d/ude00"#, MAX_TEXT), r#"\ud83d/ude00"#);
    }

    #[test]
    fn an_escape_inside_a_secret_survives_decoding() {
        let r = redactor(&["x'%41\\u0041&#65;"]);
        for text in [
            "<x&amp;apos;%41\\u0041&amp;#65;>",
            "<x%2527%252541%255Cu0041%2526%252365%253B>",
            r#"<x'%41\\\\u0041&#65;>"#,
        ] {
            assert_eq!(r.clean(text, MAX_TEXT), "<<redacted>>", "{text}");
        }
    }

    #[test]
    fn caps_without_leaving_a_prefix() {
        let r = redactor(&["s3cr3t-value"]);
        let text = format!("{}s3cr3t-value tail", "a".repeat(10));
        assert_eq!(r.clean(&text, 12), format!("{}<redacted>…", "a".repeat(10)));
        assert_eq!(r.clean("abcdef", 3), "abc…");
        assert_eq!(r.clean("é", 1), "…");
        assert_eq!(Redactor::new().clean("plain", MAX_TEXT), "plain");
    }

    #[test]
    fn form_values_are_secrets() {
        let mut r = Redactor::new();
        r.add_form("grant_type=refresh_token&refresh_token=r1%2B%2F%3D&client_id=key");
        assert_eq!(
            r.clean("bad refresh_token r1+/= for key", MAX_TEXT),
            "bad refresh_token <redacted> for key"
        );
        assert_eq!(r.clean("r1%2B%2F%3D", MAX_TEXT), REDACTED);
    }

    #[test]
    fn urls_lose_query_values_and_length() {
        assert_eq!(
            shown_url("https://u:p@h/x?pw=1&a=b&flag#f"),
            "https://[redacted]@h/x?pw=<redacted>&a=<redacted>&flag#…"
        );
        assert_eq!(shown_url("https://h/x"), "https://h/x");
        let huge = format!("https://h/{}", "a".repeat(1 << 20));
        assert!(shown_url(&huge).len() <= MAX_TEXT + 3);
    }
}
