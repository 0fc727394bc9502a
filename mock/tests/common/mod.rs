//! A deliberately plain HTTP/1.1 client (std TcpStream, rustls for HTTPS)
//! for talking to the mock, plus credential and JWT helpers.
#![allow(dead_code)]

use base64::Engine;
use dsauth_mock::{fixture, MockServer};
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

pub trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

pub struct Client {
    r: BufReader<Box<dyn Stream>>,
    host: String,
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn error_code(&self) -> String {
        self.json()["errorCode"].as_str().unwrap_or("").to_string()
    }
}

pub fn tls_config(ca_pem: &str) -> Arc<rustls::ClientConfig> {
    let start = ca_pem.find("-----BEGIN CERTIFICATE-----").unwrap() + 27;
    let end = ca_pem.find("-----END CERTIFICATE-----").unwrap();
    let b64: String = ca_pem[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(der))
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

impl Client {
    pub fn http(mock: &MockServer) -> Client {
        Self::plain(mock.http_addr())
    }

    pub fn plain(addr: SocketAddr) -> Client {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        Client {
            r: BufReader::new(Box::new(s)),
            host: addr.to_string(),
        }
    }

    pub fn https(mock: &MockServer) -> Client {
        Self::tls(mock.https_addr(), "127.0.0.1", tls_config(mock.ca_pem()))
    }

    pub fn tls(addr: SocketAddr, name: &str, cfg: Arc<rustls::ClientConfig>) -> Client {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let sn = rustls::pki_types::ServerName::try_from(name.to_string()).unwrap();
        let conn = rustls::ClientConnection::new(cfg, sn).unwrap();
        Client {
            r: BufReader::new(Box::new(rustls::StreamOwned::new(conn, s))),
            host: addr.to_string(),
        }
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Resp> {
        let mut req = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: {}\r\n", self.host));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        let w = self.r.get_mut();
        w.write_all(&bytes)?;
        w.flush()?;
        self.read_response()
    }

    pub fn read_response(&mut self) -> io::Result<Resp> {
        let mut line = String::new();
        if self.r.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = vec![];
        loop {
            let mut l = String::new();
            self.r.read_line(&mut l)?;
            let l = l.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap();
            headers.push((k.to_string(), v.trim().to_string()));
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .map(|(_, v)| v.parse().unwrap())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        self.r.read_exact(&mut body)?;
        Ok(Resp {
            status,
            headers,
            body,
        })
    }

    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.send("GET", path, headers, b"").unwrap()
    }

    pub fn post_json(&mut self, path: &str, headers: &[(&str, &str)], body: &Value) -> Resp {
        let mut h = headers.to_vec();
        h.push(("Content-Type", "application/json"));
        self.send("POST", path, &h, body.to_string().as_bytes())
            .unwrap()
    }

    pub fn post_form(
        &mut self,
        path: &str,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Resp {
        let body: Vec<String> = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        let mut h = headers.to_vec();
        h.push(("Content-Type", "application/x-www-form-urlencoded"));
        self.send("POST", path, &h, body.join("&").as_bytes())
            .unwrap()
    }
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn start() -> MockServer {
    MockServer::start(dsauth_mock::Config::default()).unwrap()
}

/// The legacy header in JSON form, built with serde_json (proper escaping).
pub fn legacy_json(user: &str, password: &str, key: &str) -> String {
    serde_json::json!({"Username": user, "Password": password, "IntegratorKey": key}).to_string()
}

pub fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The legacy header in XML form.
pub fn legacy_xml(user: &str, password: &str, key: &str) -> String {
    format!(
        "<DocuSignCredentials><Username>{}</Username><Password>{}</Password><IntegratorKey>{}</IntegratorKey></DocuSignCredentials>",
        xml_esc(user),
        xml_esc(password),
        xml_esc(key)
    )
}

pub fn alice_header() -> String {
    legacy_json(
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        fixture::INTEGRATION_KEY,
    )
}

fn b64url(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn pem_der(pem: &str, label: &str) -> Vec<u8> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let s = pem.find(&begin).unwrap() + begin.len();
    let e = pem.find(&end).unwrap();
    let b64: String = pem[s..e].chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// Signs `claims` as an RS256 JWT with the fixture's private key.
pub fn sign_jwt_with(header: &Value, claims: &Value, pkcs1: bool) -> String {
    let key = if pkcs1 {
        ring::signature::RsaKeyPair::from_der(&pem_der(
            fixture::JWT_PRIVATE_KEY_PKCS1_PEM,
            "RSA PRIVATE KEY",
        ))
        .unwrap()
    } else {
        ring::signature::RsaKeyPair::from_pkcs8(&pem_der(
            fixture::JWT_PRIVATE_KEY_PKCS8_PEM,
            "PRIVATE KEY",
        ))
        .unwrap()
    };
    let signing_input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let mut sig = vec![0u8; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signing_input.as_bytes(),
        &mut sig,
    )
    .unwrap();
    format!("{signing_input}.{}", b64url(&sig))
}

pub fn sign_jwt(claims: &Value) -> String {
    sign_jwt_with(
        &serde_json::json!({"alg": "RS256", "typ": "JWT"}),
        claims,
        false,
    )
}

/// Standard claims for `sub` against `aud`, on the mock's clock.
pub fn claims(mock: &MockServer, sub: &str, aud: &str) -> Value {
    let now = mock.now_unix();
    serde_json::json!({
        "iss": fixture::INTEGRATION_KEY,
        "sub": sub,
        "aud": aud,
        "iat": now,
        "exp": now + 3600,
        "scope": "signature impersonation",
    })
}
