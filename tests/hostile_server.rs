//! A hostile server, written here: it echoes what it was sent (the request
//! head with the credentials, the form with the JWT assertion) into every
//! text dsauth puts in errors. No secret may come back out of an error, in
//! any encoding; error bodies are kept, redacted and bounded; oversized
//! texts are capped.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use common::rng::Rng;
use dsauth::client::Proxy;
use dsauth::oauth::{AuthorizationCodeCredentials, AuthorizationCodeGrant};
use dsauth::{soap, Client, ClientOptions, Credentials, Environment, Error, ErrorKind};
use dsauth_mock::fixture;

/// What a request looked like to the server: its head and its body.
struct Seen {
    head: String,
    body: String,
}

/// An answer: status, extra headers, body.
type Answer = (u16, Vec<(String, String)>, String);
type Responder = Box<dyn Fn(&Seen) -> Answer + Send>;

/// An HTTP/1.1 server on loopback that answers every request with what the
/// current responder makes of it, and remembers the last request.
struct EchoServer {
    url: String,
    responder: Arc<Mutex<Responder>>,
    last: Arc<Mutex<Option<Seen>>>,
}

impl EchoServer {
    fn start(responder: Responder) -> EchoServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let responder = Arc::new(Mutex::new(responder));
        let last = Arc::new(Mutex::new(None));
        let (r, l) = (responder.clone(), last.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &r, &l);
            }
        });
        EchoServer {
            url,
            responder,
            last,
        }
    }

    fn respond_with(&self, responder: Responder) {
        *self.responder.lock().unwrap() = responder;
    }

    fn last_body(&self) -> String {
        let last = self.last.lock().unwrap();
        last.as_ref().map(|s| s.body.clone()).unwrap_or_default()
    }
}

fn serve(
    stream: TcpStream,
    responder: &Mutex<Responder>,
    last: &Mutex<Option<Seen>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let seen = Seen {
        head,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let (status, headers, body) = (responder.lock().unwrap())(&seen);
    *last.lock().unwrap() = Some(seen);
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&body);
    let mut stream = stream;
    stream.write_all(out.as_bytes())
}

fn json_answer(status: u16, fields: &[(&str, &str)]) -> Answer {
    let map: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
        .collect();
    let headers = vec![("Content-Type".into(), "application/json".into())];
    (status, headers, serde_json::Value::Object(map).to_string())
}

/// DocuSign's error body with the whole request in `message`.
fn echo_in_message(seen: &Seen) -> Answer {
    let echoed = format!("{}\r\n{}", seen.head, seen.body);
    let mut answer = json_answer(400, &[("errorCode", "E"), ("message", &echoed)]);
    answer
        .1
        .push(("X-DocuSign-TraceToken".into(), "t-1".into()));
    answer
}

/// OAuth's error body with the whole request in `error_description`.
fn echo_in_description(seen: &Seen) -> Answer {
    let echoed = format!("{}\r\n{}", seen.head, seen.body);
    json_answer(
        400,
        &[("error", "invalid_grant"), ("error_description", &echoed)],
    )
}

fn options() -> ClientOptions {
    let mut options = ClientOptions::default();
    options.proxy = Proxy::None;
    options
}

fn client(server: &EchoServer, credentials: Credentials) -> Client {
    Client::new(
        Environment::custom(&server.url).unwrap(),
        credentials,
        options(),
    )
    .unwrap()
}

/// Every text of an error: Display, Debug, and each field.
fn texts(err: &Error) -> String {
    let mut out = format!("{err}\n{err:?}\n{err:#?}\n");
    match err {
        Error::Api(api) => out.push_str(&format!(
            "{}\n{}\n{:?}\n{}",
            api.message,
            api.body(),
            api.trace_token,
            api.error_code
        )),
        Error::OAuth(oauth) => out.push_str(&format!(
            "{}\n{:?}\n{}\n{:?}",
            oauth.error, oauth.description, oauth.body, oauth.trace_token
        )),
        _ => {}
    }
    out
}

fn assert_clean(err: &Error, secrets: &[&str]) {
    let text = texts(err);
    for secret in secrets {
        assert!(!secret.is_empty());
        for form in encodings(secret) {
            assert!(
                !text.contains(&form),
                "secret {secret:?} leaked as {form:?} into: {text}"
            );
        }
    }
}

// ------------------------------------------------------------ encodings
// Written here, independently of the library.

fn json(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Python's `json.dumps` (ASCII only, lowercase `\u` escapes).
fn json_ascii(s: &str) -> String {
    let mut out = String::new();
    for c in json(s).chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// Every character but letters and digits as `&#N;`.
fn xml_numeric(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect()
}

fn percent(s: &str, lower: bool, plus: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else if b == b' ' && plus {
            out.push('+');
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encodings(s: &str) -> Vec<String> {
    vec![
        s.to_owned(),
        json(s),
        json_ascii(s),
        xml(s),
        xml_numeric(s),
        percent(s, false, false),
        percent(s, true, true),
        json(&json(s)),
        json(&xml(s)),
        xml(&xml(s)),
        percent(&percent(s, false, false), false, false),
    ]
}

// ------------------------------------------------------------ echoes

#[test]
fn an_echoed_legacy_header_is_redacted_and_the_body_kept() {
    let password = "Pa\"ss<w>&'rd\\ é1";
    let server = EchoServer::start(Box::new(echo_in_message));
    let creds = Credentials::legacy("ik", "user@example.com", password, None).unwrap();
    let err = client(&server, creds).account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_clean(&err, &[password]);
    let Error::Api(api) = &err else {
        unreachable!()
    };
    assert!(api.message.contains("<redacted>"), "{}", api.message);
    assert!(api.message.contains("login_information"), "{}", api.message);
    assert!(api.body().contains("<redacted>"), "{}", api.body());
    assert!(api.body().len() <= 4096 + 3);
}

#[test]
fn an_echoed_bearer_token_is_redacted() {
    let token = "eyJ0eXAi.s3cr3t-T0ken_~+/=";
    let server = EchoServer::start(Box::new(echo_in_message));
    let creds = Credentials::access_token(token).unwrap();
    let err = client(&server, creds).get("").unwrap_err();
    assert_clean(&err, &[token, "s3cr3t-T0ken"]);
    assert!(err.to_string().contains(": <redacted>"), "{err}");
}

#[test]
fn an_echoed_jwt_assertion_is_redacted() {
    let server = EchoServer::start(Box::new(echo_in_description));
    let creds = Credentials::jwt(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_USER_ID,
        fixture::JWT_PRIVATE_KEY_PKCS1_PEM.as_bytes(),
    )
    .unwrap();
    let err = client(&server, creds).account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OAuth);
    let form = server.last_body();
    let assertion = form.split("assertion=").nth(1).unwrap().to_owned();
    assert!(assertion.len() > 100, "{form}");
    // The signature alone is usable by no one; the whole assertion is.
    let signature = assertion.rsplit('.').next().unwrap().to_owned();
    assert_clean(&err, &[&assertion, &signature[..40]]);
    assert!(err.to_string().contains("assertion=<redacted>"), "{err}");
}

#[test]
fn an_echoed_refresh_and_client_secret_are_redacted() {
    let server = EchoServer::start(Box::new(echo_in_description));
    let grant = AuthorizationCodeGrant::new(fixture::INTEGRATION_KEY, fixture::REDIRECT_URI)
        .unwrap()
        .with_client_secret("cl1ent-S3cret&x")
        .unwrap();
    let refresh = "r3fresh+Tok/en=";
    let code = AuthorizationCodeCredentials::from_refresh_token(grant, refresh).unwrap();
    let err = client(&server, Credentials::authorization_code(code))
        .token()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OAuth);
    // The Basic header carries base64(key:secret).
    let head_basic = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:cl1ent-S3cret&x", fixture::INTEGRATION_KEY))
    };
    assert_clean(&err, &[refresh, "cl1ent-S3cret&x", &head_basic]);
}

#[test]
fn an_echoed_soap_header_is_redacted_from_the_fault() {
    let password = "S0ap<&>\"'pw";
    let server = EchoServer::start(Box::new(|seen: &Seen| {
        let echoed = xml(&format!("{}{}", seen.head, seen.body));
        let fault = format!(
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
             <soap:Fault><faultcode>soap:Client</faultcode><faultstring>{echoed}</faultstring>\
             <detail><x>{echoed}</x></detail></soap:Fault></soap:Body></soap:Envelope>"
        );
        (500, vec![("Content-Type".into(), "text/xml".into())], fault)
    }));
    let creds = Credentials::legacy("ik", "user@example.com", password, None).unwrap();
    let client = client(&server, creds);
    for endpoint in [dsauth::SoapEndpoint::Api, dsauth::SoapEndpoint::DsApi] {
        let err = client
            .soap_call(
                endpoint,
                "Ping",
                "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>",
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SoapFault);
        assert_clean(&err, &[password]);
        let sent = soap::security_header(client.credentials()).ok();
        if let (dsauth::SoapEndpoint::Api, Some(sent)) = (endpoint, sent) {
            assert_clean(&err, &[sent.expose()]);
        }
    }
}

#[test]
fn an_echoed_trace_token_is_redacted() {
    let password = "Tr4ce-Passw0rd";
    let server = EchoServer::start(Box::new(|_: &Seen| {
        let mut answer = json_answer(400, &[("errorCode", "E"), ("message", "m")]);
        answer
            .1
            .push(("X-DocuSign-TraceToken".into(), "x Tr4ce-Passw0rd y".into()));
        answer
    }));
    let creds = Credentials::legacy("ik", "user@example.com", password, None).unwrap();
    let err = client(&server, creds).account().unwrap_err();
    assert_clean(&err, &[password]);
    assert!(
        err.to_string().contains("[trace token x <redacted> y]"),
        "{err}"
    );
}

// ------------------------------------------------------------ bodies

#[test]
fn a_gateway_body_is_kept_and_named() {
    let server = EchoServer::start(Box::new(|_: &Seen| {
        let body = "5 is not of type 'string' - 'emailSubject'".to_owned();
        (
            400,
            vec![("Content-Type".into(), "text/plain".into())],
            body,
        )
    }));
    let err = client(&server, Credentials::access_token("tok").unwrap())
        .get("")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus);
    assert_eq!(
        err.to_string(),
        "HTTP 400 (text/plain): 5 is not of type 'string' - 'emailSubject'"
    );
    let Error::Api(api) = &err else {
        unreachable!()
    };
    assert_eq!(api.body(), "5 is not of type 'string' - 'emailSubject'");

    server.respond_with(Box::new(|_: &Seen| {
        let body = format!("{}{}", "x".repeat(10_000), "tail");
        (502, vec![("Content-Type".into(), "text/html".into())], body)
    }));
    let err = client(&server, Credentials::access_token("tok").unwrap())
        .get("")
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body().len(), 4096 + '…'.len_utf8());
    assert!(api.body().ends_with('…'));
    assert!(err.to_string().len() < 600, "{err}");
    assert!(
        err.to_string().starts_with("HTTP 502 (text/html): xxx"),
        "{err}"
    );
}

// ------------------------------------------------------------ sizes

#[test]
fn huge_urls_and_query_secrets_are_not_repeated_in_errors() {
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    // Refused as a base URL or failing to connect: either way, bounded.
    let huge = format!("http://127.0.0.1:{closed}/{}", "a".repeat(8 << 20));
    let err = match Environment::custom(&huge) {
        Err(err) => err,
        Ok(env) => {
            let creds = Credentials::access_token("tok").unwrap();
            Client::new(env, creds, options())
                .unwrap()
                .account()
                .unwrap_err()
        }
    };
    let text = texts(&err);
    assert!(text.len() < 64 * 1024, "{} bytes", text.len());

    // A query value in a URL is never shown.
    let err = Environment::custom("https://example.com/?pw=hunter2").unwrap_err();
    let text = texts(&err);
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("pw=<redacted>"), "{text}");
}

#[test]
fn a_huge_account_list_gives_a_short_message() {
    let server = EchoServer::start(Box::new(|_: &Seen| {
        let accounts: Vec<String> = (0..300_000)
            .map(|i| {
                format!(
                    r#"{{"accountId":"{i}","baseUrl":"http://127.0.0.1/restapi/v2/accounts/{i}","isDefault":"false","name":"n"}}"#
                )
            })
            .collect();
        let body = format!(r#"{{"loginAccounts":[{}]}}"#, accounts.join(","));
        (
            200,
            vec![("Content-Type".into(), "application/json".into())],
            body,
        )
    }));
    let mut opts = options();
    opts.account_id = Some("nope".into());
    opts.max_response_body = 64 << 20;
    let creds = Credentials::legacy("ik", "user@example.com", "pw-pw-pw", None).unwrap();
    let client = Client::new(Environment::custom(&server.url).unwrap(), creds, opts).unwrap();
    let err = client.account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccountNotFound, "{err}");
    let text = err.to_string();
    assert!(text.len() < 4096, "{} bytes", text.len());
    assert!(text.contains("and 299980 more"), "{text}");
}

// ------------------------------------------------------------ property

/// A random password: letters and digits around the characters every
/// encoding treats specially.
fn random_secret(rng: &mut Rng) -> String {
    const SPECIAL: &[&str] = &[
        "\"", "\\", "<", ">", "&", "'", "%", "+", " ", "/", "=", "?", "#", ";", "é", "😀",
        "\u{2028}",
    ];
    let alnum = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let letter = |rng: &mut Rng| char::from(alnum[rng.below(alnum.len())]).to_string();
    let len = 6 + rng.below(30);
    let mut out = letter(rng);
    for _ in 0..len {
        if rng.below(3) == 0 {
            let special: &str = SPECIAL[rng.below(SPECIAL.len())];
            out.push_str(special);
        } else {
            out.push_str(&letter(rng));
        }
    }
    out.push_str(&letter(rng));
    out
}

#[test]
fn no_secret_comes_back_in_any_encoding_or_place() {
    let server = EchoServer::start(Box::new(echo_in_message));
    let seed = std::env::var("DSAUTH_PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0005_EED0_FD5A_u64);
    let mut rng = Rng(seed);
    for round in 0..300 {
        let secret = random_secret(&mut rng);
        let encoding = rng.below(encodings(&secret).len());
        let encoded = encodings(&secret).swap_remove(encoding);
        // Around the 4 KiB cut half the time, so the cut splits the secret.
        let prefix = if rng.below(2) == 0 {
            4096 - rng.below(encoded.len() + 1)
        } else {
            rng.below(64)
        };
        let filler = "f".repeat(prefix);
        let place = rng.below(4);
        let (secret_c, encoded_c, filler_c) = (secret.clone(), encoded.clone(), filler.clone());
        server.respond_with(Box::new(move |_: &Seen| {
            let half = encoded_c
                .char_indices()
                .map(|(i, _)| i)
                .nth(encoded_c.chars().count() / 2)
                .unwrap_or(0);
            let (a, b) = encoded_c.split_at(half);
            let message = format!("{filler_c}{encoded_c} end");
            let mut answer = match place {
                0 => json_answer(400, &[("errorCode", "E"), ("message", &message)]),
                1 => json_answer(
                    401,
                    &[("error", "invalid_token"), ("error_description", &message)],
                ),
                // Split across two fields.
                2 => json_answer(
                    400,
                    &[("errorCode", a), ("message", &format!("{b}{message}"))],
                ),
                // Not DocuSign's JSON: the body excerpt is the message.
                _ => (
                    400,
                    vec![("Content-Type".into(), "text/plain".into())],
                    message,
                ),
            };
            if secret_c.is_ascii() && !secret_c.contains(['\\', '"']) {
                answer
                    .1
                    .push(("X-DocuSign-TraceToken".into(), encoded_c.clone()));
            }
            answer
        }));
        let creds = Credentials::legacy("ik", "user@example.com", &secret, None).unwrap();
        let err = client(&server, creds).account().unwrap_err();
        let text = texts(&err);
        for form in encodings(&secret) {
            assert!(
                !text.contains(&form),
                "round {round} (seed {seed}): secret {secret:?} sent as {encoded:?} leaked as {form:?} into: {text}"
            );
        }
    }
}
