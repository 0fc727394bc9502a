//! The proxy from the environment (HTTPS_PROXY, NO_PROXY). Its own test
//! binary with one test, because environment variables are process-wide.

mod common;

use common::proxy::start_proxy;
use common::*;
use dsauth::client::Proxy;

#[test]
fn https_proxy_and_no_proxy_from_the_environment() {
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
