//! The proxy from the environment (HTTPS_PROXY, NO_PROXY). Its own test
//! binary, because environment variables are process-wide; its tests take
//! `ENV` so they never run at the same time.

mod common;

use std::sync::Mutex;

use common::proxy::start_proxy;
use common::*;
use dsauth::client::Proxy;
use dsauth::{Client, Environment, ErrorKind};

static ENV: Mutex<()> = Mutex::new(());

const PROXY_VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

#[test]
fn https_proxy_and_no_proxy_from_the_environment() {
    let _env = ENV.lock().unwrap_or_else(|e| e.into_inner());
    let mock = mock();
    let (proxy, seen) = start_proxy(false);
    std::env::set_var("HTTPS_PROXY", &proxy);
    std::env::remove_var("NO_PROXY");
    let mut opts = options(&mock);
    opts.proxy = Proxy::FromEnvironment;
    let client = client_with(&mock, true, alice(), opts.clone());
    assert_eq!(client.get("").unwrap().status(), 200);
    let tunnelled = seen.lock().unwrap().len();
    assert!(tunnelled > 0, "HTTPS_PROXY was not used");

    std::env::set_var("NO_PROXY", "127.0.0.1");
    let direct = client_with(&mock, true, alice(), opts);
    assert_eq!(direct.get("").unwrap().status(), 200);
    assert_eq!(
        seen.lock().unwrap().len(),
        tunnelled,
        "NO_PROXY was not honoured"
    );
    std::env::remove_var("HTTPS_PROXY");
    std::env::remove_var("NO_PROXY");
}

/// An unusable proxy variable is an error naming it when the client is
/// built, never a silent direct connection.
#[test]
fn invalid_proxy_variables_fail_closed() {
    let _env = ENV.lock().unwrap_or_else(|e| e.into_inner());
    let mock = mock();
    let mut opts = options(&mock);
    opts.proxy = Proxy::FromEnvironment;
    let env = Environment::custom(&mock.https_url()).unwrap();
    for name in PROXY_VARIABLES {
        for bad in [
            "http://127.0.0.1:99999",
            "http://proxy:0",
            "ftp://proxy:21",
            "http://bob:hunter2@proxy:70000",
            "not a url",
        ] {
            std::env::set_var(name, bad);
            let err = Client::new(env.clone(), alice(), opts.clone()).unwrap_err();
            std::env::remove_var(name);
            assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{name}={bad}: {err}");
            let text = err.to_string();
            assert!(text.contains(name), "{text}");
            assert!(!text.contains("hunter2"), "{text}");
        }
        // Empty is unset.
        std::env::set_var(name, "");
        let client = Client::new(env.clone(), alice(), opts.clone()).unwrap();
        std::env::remove_var(name);
        assert_eq!(client.get("").unwrap().status(), 200);
    }
    // The same values as an option are refused too.
    opts.proxy = Proxy::Url("http://127.0.0.1:99999".into());
    let err = Client::new(env, alice(), opts).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidUrl, "{err}");
}
