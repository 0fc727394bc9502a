//! The client through an HTTP CONNECT proxy (a small one run by the test).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use common::*;
use dsauth::client::Proxy;
use dsauth::ErrorKind;

/// A CONNECT-only proxy on loopback; records the targets it was asked for.
/// `refuse` answers 403 instead of tunnelling.
fn start_proxy(refuse: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let log = log.clone();
            thread::spawn(move || tunnel(client, &log, refuse));
        }
    });
    (url, seen)
}

fn tunnel(mut client: TcpStream, log: &Mutex<Vec<String>>, refuse: bool) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
            break;
        }
    }
    log.lock().unwrap().push(line.trim().to_owned());
    if refuse || !line.starts_with("CONNECT ") {
        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    let upstream = TcpStream::connect(&target).unwrap();
    client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .unwrap();
    let (mut up_read, mut up_write) = (upstream.try_clone().unwrap(), upstream);
    let mut down_write = client.try_clone().unwrap();
    let upward = thread::spawn(move || {
        let _ = std::io::copy(&mut reader, &mut up_write);
        let _ = up_write.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut up_read, &mut down_write);
    let _ = down_write.shutdown(std::net::Shutdown::Write);
    let _ = upward.join();
}

#[test]
fn calls_go_through_an_explicit_proxy() {
    let mock = mock();
    let (proxy, seen) = start_proxy(false);
    let mut opts = options(&mock);
    opts.proxy = Proxy::Url(proxy);
    let client = client_with(&mock, true, alice(), opts);
    assert_eq!(client.get("").unwrap().status(), 200);
    let seen = seen.lock().unwrap();
    let authority = mock.https_url().trim_start_matches("https://").to_owned();
    assert!(
        seen.iter()
            .any(|l| l == &format!("CONNECT {authority} HTTP/1.1")),
        "{seen:?}"
    );
}

#[test]
fn a_refusing_proxy_is_a_proxy_error() {
    let mock = mock();
    let (proxy, _) = start_proxy(true);
    let mut opts = options(&mock);
    opts.proxy = Proxy::Url(proxy);
    let client = client_with(&mock, true, alice(), opts);
    assert_eq!(kind(client.account()), ErrorKind::Proxy);
}

#[test]
fn a_bad_proxy_url_is_refused_without_leaking_its_password() {
    let mock = mock();
    let mut opts = options(&mock);
    opts.proxy = Proxy::Url("ht!tp://user:hunter2@:99999".into());
    let err = dsauth::Client::new(
        dsauth::Environment::custom(&mock.https_url()).unwrap(),
        alice(),
        opts,
    )
    .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}
