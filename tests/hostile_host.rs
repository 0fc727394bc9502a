//! Hostile servers written here (not the stand-in): discovery answers that
//! name another host, TLS alerts, dot segments, out-of-range ports.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use dsauth::client::Proxy;
use dsauth::{Client, ClientOptions, Credentials, Environment, Error, ErrorKind};

/// A listener that counts every byte anyone sends it.
struct Sink {
    url: String,
    bytes: Arc<AtomicUsize>,
}

fn sink() -> Sink {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let bytes = Arc::new(AtomicUsize::new(0));
    let counter = bytes.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let counter = counter.clone();
            thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = stream.read(&mut buf) {
                    counter.fetch_add(n, Ordering::SeqCst);
                }
            });
        }
    });
    Sink { url, bytes }
}

/// A plain-HTTP server answering every request with `answer(its own URL,
/// request line)` as a JSON 200; returns its URL and the request lines
/// seen.
type Log = Arc<Mutex<Vec<String>>>;

fn server(answer: impl Fn(&str, &str) -> String + Send + Sync + 'static) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let answer = Arc::new(answer);
    let own = url.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (answer, log, own) = (answer.clone(), log.clone(), own.clone());
            thread::spawn(move || serve(stream, &|line| answer(&own, line), &log));
        }
    });
    (url, seen)
}

fn serve(mut stream: TcpStream, answer: &dyn Fn(&str) -> String, log: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or_default().to_owned();
    log.lock().unwrap().push(line.clone());
    let body = answer(&line);
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn options() -> ClientOptions {
    let mut options = ClientOptions::default();
    options.proxy = Proxy::None;
    options
}

fn legacy() -> Credentials {
    Credentials::legacy("key", "alice@example.com", "secret-password", None).unwrap()
}

fn login_information(base_url: &str, account_id: &str) -> String {
    serde_json::json!({"loginAccounts": [{
        "accountId": account_id, "name": "A", "isDefault": "true",
        "baseUrl": format!("{base_url}/restapi/v2/accounts/{account_id}"),
    }]})
    .to_string()
}

fn refused_host(result: dsauth::error::Result<dsauth::Response>) -> String {
    match result.unwrap_err() {
        Error::DiscoveredHostRefused { host, .. } => host,
        other => panic!("expected DiscoveredHostRefused, got {other:?}"),
    }
}

#[test]
fn login_information_naming_another_host_sends_it_nothing() {
    let attacker = sink();
    let target = attacker.url.clone();
    let (url, _) = server(move |_, _| login_information(&target, "1"));
    let client = Client::new(Environment::custom(&url).unwrap(), legacy(), options()).unwrap();
    let err = client.get("/envelopes").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DiscoveredHostRefused);
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
    assert_eq!(refused_host(client.get("")), "127.0.0.1");
    thread::sleep(Duration::from_millis(200));
    assert_eq!(attacker.bytes.load(Ordering::SeqCst), 0);

    // Opted in: the discovered host gets the call.
    let mut follow = options();
    follow.follow_discovered_hosts = true;
    follow.timeout = Duration::from_millis(500);
    let client = Client::new(Environment::custom(&url).unwrap(), legacy(), follow).unwrap();
    assert_eq!(client.get("").unwrap_err().kind(), ErrorKind::Timeout);
    assert!(attacker.bytes.load(Ordering::SeqCst) > 0);
}

#[test]
fn userinfo_naming_another_host_sends_it_nothing() {
    let attacker = sink();
    let target = attacker.url.clone();
    let (url, _) = server(move |_, _| {
        serde_json::json!({"sub": "u", "accounts": [{
            "account_id": "a", "is_default": true, "base_uri": target,
        }]})
        .to_string()
    });
    let token = Credentials::access_token("eyJ0eXAiOiJNVCJ9.token").unwrap();
    let client = Client::new(Environment::custom(&url).unwrap(), token, options()).unwrap();
    let err = client.account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DiscoveredHostRefused, "{err}");
    assert_eq!(refused_host(client.get("/envelopes")), "127.0.0.1");
    thread::sleep(Duration::from_millis(200));
    assert_eq!(attacker.bytes.load(Ordering::SeqCst), 0);
}

#[test]
fn dot_segments_are_never_sent() {
    let (url, seen) = server(|own, line| {
        if line.contains("login_information") {
            login_information(own, "1")
        } else {
            "{}".into()
        }
    });
    let client = Client::new(Environment::custom(&url).unwrap(), legacy(), options()).unwrap();
    // Discovery names this very server: followed.
    assert_eq!(client.get("").unwrap().status(), 200);
    let before = seen.lock().unwrap().len();
    for path in [
        "/restapi/../oauth/token",
        "/envelopes/%2e%2E/x",
        "/envelopes/./x",
        "/envelopes/..",
        &format!("{url}/restapi/../oauth/token"),
        &format!("{url}/restapi/%2E./oauth/token"),
    ] {
        let err = client.get(path).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::InvalidArgument | ErrorKind::InvalidUrl
            ),
            "{path}: {err}"
        );
    }
    assert_eq!(seen.lock().unwrap().len(), before, "a dot segment went out");

    // A discovered account id of `..` is refused as well.
    let (url, seen) = server(|own, line| {
        if line.contains("login_information") {
            login_information(own, "..")
        } else {
            "{}".into()
        }
    });
    let client = Client::new(Environment::custom(&url).unwrap(), legacy(), options()).unwrap();
    assert_eq!(
        client.get("/envelopes").unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    let lines = seen.lock().unwrap().clone();
    assert_eq!(lines.len(), 1, "{lines:?}");
}

#[test]
fn tls_alerts_are_tls_errors() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut hello = [0u8; 5];
            let _ = stream.read_exact(&mut hello);
            // A fatal protocol_version alert, as a TLS 1.0-only server sends.
            let _ = stream.write_all(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]);
            let _ = stream.flush();
            thread::sleep(Duration::from_millis(100));
        }
    });
    let client = Client::new(Environment::custom(&url).unwrap(), legacy(), options()).unwrap();
    let err = client.get("").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
}

#[test]
fn ports_out_of_range_are_refused() {
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65616",
        "http://127.0.0.1:70000",
        "http://127.0.0.1:0",
    ] {
        let err = Environment::custom(url).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{url}");
    }
    let mut options = options();
    options.proxy = Proxy::Url("http://127.0.0.1:99999".into());
    let err = Client::new(Environment::demo(), legacy(), options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{err}");
}
