//! The client through an HTTP CONNECT proxy (a small one run by the test).

mod common;

use common::proxy::start_proxy;
use common::*;
use dsauth::client::Proxy;
use dsauth::ErrorKind;

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
