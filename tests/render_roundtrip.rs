//! 10,000+ generated credential sets: what is accepted renders to JSON and
//! XML that independent parsers (serde_json, roxmltree) read back exactly;
//! what must be refused is refused with the right error kind.

mod common;

use common::rng::Rng;
use dsauth::headers::{render, HeaderFormat};
use dsauth::{soap, Credentials, ErrorKind};

/// Characters that exercise escaping, Unicode and every refusal rule.
const PIECES: &[&str] = &[
    "a", "Z", "0", "@", ".", "-", "_", " ", "\"", "\\", "<", ">", "&", "'", "/", "{", "}", "[",
    "]", ":", ",", "=", "+", "%", "#", ";", "é", "ß", "中", "文", "😀", "𝄞", "\u{FFFD}",
    "\u{E000}", "\u{200B}", "\u{00A0}", "\u{3000}",
];
const BAD_PIECES: &[&str] = &[
    "\r", "\n", "\0", "\t", "\u{7f}", "\u{85}", "\u{1b}", "\u{FFFF}",
];

fn field(rng: &mut Rng) -> String {
    let len = match rng.below(20) {
        0 => 0,
        1 => 1000 + rng.below(3500),
        _ => 1 + rng.below(40),
    };
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(400) == 0 {
            s.push_str(BAD_PIECES[rng.below(BAD_PIECES.len())]);
        } else {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

/// The kind dsauth must report for `value`, computed independently of it.
fn expected_problem(value: &str, is_key: bool) -> Option<ErrorKind> {
    if value.is_empty() {
        return Some(ErrorKind::CredentialEmpty);
    }
    if value.len() > 4096 {
        return Some(ErrorKind::CredentialTooLong);
    }
    for c in value.chars() {
        if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) {
            return Some(ErrorKind::CredentialControlCharacter);
        }
        if c == '\u{FFFE}' || c == '\u{FFFF}' {
            return Some(ErrorKind::CredentialInvalidCharacter);
        }
    }
    let ws = |c: Option<char>| c.is_some_and(|c| c == ' ' || c == '\u{A0}' || c == '\u{3000}');
    if ws(value.chars().next()) || ws(value.chars().last()) {
        return Some(ErrorKind::CredentialWhitespace);
    }
    if is_key && value.contains(['[', ']']) {
        return Some(ErrorKind::CredentialInvalidCharacter);
    }
    None
}

fn check_json(value: &str, expected: &[(&str, &str)]) {
    assert!(value.is_ascii(), "header value must be ASCII: {value}");
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(value).unwrap_or_else(|e| panic!("{e}: {value}"));
    assert_eq!(parsed.len(), expected.len());
    let mut last = 0;
    for (name, text) in expected {
        assert_eq!(parsed[*name].as_str(), Some(*text), "{name} in {value}");
        let at = value.find(&format!("\"{name}\":")).unwrap();
        assert!(at >= last, "{name} out of order in {value}");
        last = at;
    }
}

fn check_xml(value: &str, expected: &[(&str, &str)]) {
    assert!(value.is_ascii(), "header value must be ASCII: {value}");
    let doc = roxmltree::Document::parse(value).unwrap_or_else(|e| panic!("{e}: {value}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "DocuSignCredentials");
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(children.len(), expected.len());
    for (node, (name, text)) in children.iter().zip(expected) {
        assert_eq!(node.tag_name().name(), *name);
        assert_eq!(node.text().unwrap_or(""), *text, "{name} in {value}");
    }
}

fn check_wsse(creds: &Credentials, soap_user: &str, password: &str) {
    let xml = soap::security_header(creds).unwrap();
    let doc = roxmltree::Document::parse(xml.expose()).unwrap();
    let ns = soap::WSSE_NS;
    let username = doc
        .descendants()
        .find(|n| n.has_tag_name((ns, "Username")))
        .unwrap();
    assert_eq!(username.text().unwrap(), soap_user);
    let pw = doc
        .descendants()
        .find(|n| n.has_tag_name((ns, "Password")))
        .unwrap();
    assert_eq!(pw.text().unwrap(), password);
    assert_eq!(pw.attribute("Type"), Some(soap::PASSWORD_TEXT));
}

#[test]
fn generated_credentials_round_trip_or_are_refused() {
    let mut rng = Rng(0x5eed_d0c5_1a1e);
    let (mut accepted, mut refused) = (0, 0);
    while accepted < 10_000 {
        let key = field(&mut rng);
        let user = field(&mut rng);
        let password = field(&mut rng);
        let sobo = (rng.below(3) == 0).then(|| field(&mut rng));

        let expected = expected_problem(&key, true)
            .or_else(|| expected_problem(&user, false))
            .or_else(|| expected_problem(&password, false))
            .or_else(|| sobo.as_deref().and_then(|s| expected_problem(s, false)));
        let result = Credentials::legacy(&key, &user, &password, sobo.as_deref());
        let creds = match (expected, result) {
            (Some(kind), Err(err)) => {
                assert_eq!(err.kind(), kind, "{err}");
                refused += 1;
                continue;
            }
            (Some(kind), Ok(_)) => panic!("accepted input that must be refused ({kind:?})"),
            (None, Err(err)) => panic!("refused valid input: {err}"),
            (None, Ok(creds)) => creds,
        };
        let mut fields = vec![
            ("Username", user.as_str()),
            ("Password", password.as_str()),
            ("IntegratorKey", key.as_str()),
        ];
        if let Some(sobo) = &sobo {
            fields.push(("SendOnBehalfOf", sobo));
        }
        check_json(render(&creds, HeaderFormat::Json).unwrap().value(), &fields);
        check_xml(render(&creds, HeaderFormat::Xml).unwrap().value(), &fields);
        let soap_user = format!("[{key}]{user}");
        assert_eq!(soap::username(&creds).unwrap(), soap_user);
        check_wsse(&creds, &soap_user, &password);
        accepted += 1;
    }
    assert!(
        refused > 1000,
        "the generator must exercise refusals too ({refused})"
    );
}

#[test]
fn generated_tokens_render_as_bearer_or_are_refused() {
    let mut rng = Rng(0x70ce_4e11);
    let alphabet: Vec<char> = "ABCxyz0189-._~+/= \"\\é\r\n".chars().collect();
    let mut accepted = 0;
    for _ in 0..10_000 {
        let len = rng.below(60);
        let token: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let body = token.trim_end_matches('=');
        let valid = !body.is_empty()
            && body
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~+/".contains(c));
        match Credentials::access_token(&token) {
            Ok(creds) => {
                assert!(valid, "accepted {token:?}");
                let h = render(&creds, HeaderFormat::Bearer).unwrap();
                assert_eq!(h.value().strip_prefix("Bearer "), Some(token.as_str()));
                accepted += 1;
            }
            Err(err) => assert!(!valid, "refused {token:?}: {err}"),
        }
    }
    assert!(accepted > 100);
}
