//! The client against the local stand-in over real sockets, HTTP and HTTPS.

mod common;

use std::time::{Duration, Instant};

use common::*;
use dsauth::client::{Cancel, Method, Proxy, Request};
use dsauth::{Credentials, ErrorKind};
use dsauth_mock::{fixture, Fault, FaultKind, Limits};

#[test]
fn discovers_the_default_account_over_http_and_https() {
    let mock = mock();
    for https in [false, true] {
        let client = client_with(&mock, https, alice(), options(&mock));
        let account = client.account().unwrap();
        assert_eq!(account.account_id, fixture::ACCOUNT_ID);
        assert!(account.is_default);
        let base = if https {
            mock.https_url()
        } else {
            mock.http_url()
        };
        assert_eq!(account.rest_base, format!("{base}/restapi"));
        // Cached: a second call sends nothing.
        let before = mock.requests().len();
        client.account().unwrap();
        assert_eq!(mock.requests().len(), before);
    }
}

#[test]
fn uses_the_configured_account_or_says_which_exist() {
    let mock = mock();
    let mut opts = options(&mock);
    opts.account_id = Some(fixture::SECOND_ACCOUNT_ID.into());
    let client = client_with(&mock, false, alice(), opts);
    assert_eq!(
        client.account().unwrap().account_id,
        fixture::SECOND_ACCOUNT_ID
    );

    let mut opts = options(&mock);
    opts.account_id = Some("99999999".into());
    let client = client_with(&mock, false, alice(), opts);
    let err = client.account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccountNotFound);
    assert!(err.to_string().contains(fixture::ACCOUNT_ID), "{err}");
}

#[test]
fn get_and_post_account_relative_paths() {
    let mock = mock();
    let client = client(&mock);
    let account = client.get("").unwrap();
    assert_eq!(account.status(), 200);
    assert!(account.trace_token().is_some());
    assert!(account.rate_limit().limit.is_some());

    let created = client
        .send(&Request::post("/envelopes").json(&serde_json::json!({
            "emailSubject": "Please sign",
            "status": "sent"
        })))
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = created.json().unwrap()["envelopeId"]
        .as_str()
        .unwrap()
        .to_owned();
    let fetched = client.get(&format!("/envelopes/{id}")).unwrap();
    assert_eq!(fetched.json().unwrap()["envelopeId"], id.as_str());

    let recorded = mock.requests();
    let post = recorded.iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(
        post.path,
        format!("/restapi/v2.1/accounts/{}/envelopes", fixture::ACCOUNT_ID)
    );
    let content_type = post
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .unwrap();
    assert_eq!(content_type.1, "application/json");
    let user_agent = post
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
        .unwrap();
    assert_eq!(user_agent.1, format!("dsauth/{}", dsauth::VERSION));
}

#[test]
fn query_parameters_are_encoded() {
    let mock = mock();
    let client = client(&mock);
    client
        .send(
            &Request::get("/envelopes")
                .query("from_date", "2024-01-01T00:00:00+01:00")
                .query("search_text", "a b&c=d/é"),
        )
        .unwrap();
    let last = mock.requests().pop().unwrap();
    assert_eq!(
        last.query,
        "from_date=2024-01-01T00%3A00%3A00%2B01%3A00&search_text=a%20b%26c%3Dd%2F%C3%A9"
    );
}

#[test]
fn docusign_errors_are_typed() {
    let mock = mock();
    let wrong_password = Credentials::legacy(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_EMAIL,
        "not-the-password",
        None,
    )
    .unwrap();
    let client = client_with(&mock, false, wrong_password, options(&mock));
    let err = match client.account().unwrap_err() {
        dsauth::Error::Api(api) => api,
        other => panic!("{other:?}"),
    };
    assert_eq!(err.kind, ErrorKind::AuthenticationFailed);
    assert_eq!(err.status, 401);
    assert_eq!(err.error_code, "USER_AUTHENTICATION_FAILED");
    assert!(err.trace_token.is_some());
    assert!(err.hint.as_deref().unwrap().contains("App Password"));

    let unknown_key = Credentials::legacy(
        "00000000-0000-0000-0000-000000000000",
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        None,
    )
    .unwrap();
    let client = client_with(&mock, false, unknown_key, options(&mock));
    let err = api(client.get("/envelopes/x"));
    assert_eq!(err.kind, ErrorKind::AuthenticationFailed);
    assert_eq!(err.error_code, "PARTNER_AUTHENTICATION_FAILED");
    assert!(err.hint.is_some());

    let client = common::client(&mock);
    let err = api(client.get("/envelopes/00000000-0000-0000-0000-000000000000"));
    assert_eq!(err.kind, ErrorKind::Api);
    assert!(err.status >= 400);
    assert!(!err.error_code.is_empty());
    assert!(err.trace_token.is_some());
}

#[test]
fn demo_only_key_refused_by_a_production_stand_in() {
    let config = dsauth_mock::Config {
        production: true,
        ..Default::default()
    };
    let mock = dsauth_mock::MockServer::start(config).unwrap();
    let creds = Credentials::legacy(
        fixture::DEMO_ONLY_INTEGRATION_KEY,
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        None,
    )
    .unwrap();
    let client = client_with(&mock, false, creds, options(&mock));
    match client.account().unwrap_err() {
        dsauth::Error::Api(api) => assert_eq!(api.error_code, "PARTNER_AUTHENTICATION_FAILED"),
        other => panic!("{other:?}"),
    }
}

fn fault(path: &str, kind: FaultKind) -> Fault {
    Fault {
        path: path.into(),
        kind,
        delay_ms: 1000,
        status: 503,
        bytes: None,
        times: 1,
    }
}

#[test]
fn each_fault_has_its_own_kind() {
    let mock = mock();
    let client = client(&mock);
    client.account().unwrap();
    let path = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_ID);

    let mut opts = options(&mock);
    opts.timeout = Duration::from_millis(500);
    opts.account_id = Some(fixture::ACCOUNT_ID.into());
    let impatient = client_with(&mock, true, alice(), opts);
    impatient.account().unwrap();
    mock.inject_fault(Fault {
        delay_ms: 3000,
        ..fault(&path, FaultKind::Delay)
    });
    assert_eq!(kind(impatient.get("")), ErrorKind::Timeout);

    mock.inject_fault(fault(&path, FaultKind::Drop));
    assert_eq!(kind(client.get("")), ErrorKind::ConnectionLost);

    mock.inject_fault(fault(&path, FaultKind::Status));
    let err = api(client.get(""));
    assert_eq!(err.status, 503);
    assert!(matches!(err.kind, ErrorKind::Api | ErrorKind::HttpStatus));

    mock.inject_fault(fault(&path, FaultKind::MalformedJson));
    let response = client.get("").unwrap();
    assert_eq!(kind(response.json()), ErrorKind::MalformedResponse);

    let mut opts = options(&mock);
    opts.max_response_body = 64 * 1024;
    let small = client_with(&mock, true, alice(), opts);
    small.account().unwrap();
    mock.inject_fault(Fault {
        bytes: Some(1024 * 1024),
        ..fault(&path, FaultKind::Oversized)
    });
    assert_eq!(kind(small.get("")), ErrorKind::BodyTooLarge);
}

#[test]
fn connection_refused_dns_and_untrusted_certificate() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let env = dsauth::Environment::custom(&format!("http://127.0.0.1:{port}")).unwrap();
    let mut opts = dsauth::ClientOptions::default();
    opts.proxy = Proxy::None;
    let client = dsauth::Client::new(env, alice(), opts.clone()).unwrap();
    assert_eq!(kind(client.account()), ErrorKind::Connect);

    let env = dsauth::Environment::custom("https://host-that-does-not-exist.invalid").unwrap();
    let client = dsauth::Client::new(env, alice(), opts.clone()).unwrap();
    assert_eq!(kind(client.account()), ErrorKind::Dns);

    let mock = mock();
    let env = dsauth::Environment::custom(&mock.https_url()).unwrap();
    let untrusting = dsauth::Client::new(env, alice(), opts).unwrap();
    assert_eq!(kind(untrusting.account()), ErrorKind::Tls);
    assert!(client_with(&mock, true, alice(), options(&mock))
        .account()
        .is_ok());
}

fn set_limits(mock: &dsauth_mock::MockServer, hourly: u32, burst: u32, status: u16) {
    mock.set_limits(Limits {
        hourly,
        burst,
        status,
        ..Limits::default()
    });
}

/// A client with its own state, that has learned nothing of the account's
/// rate budget: its next call reaches DocuSign whatever the budget.
fn unaware_client(mock: &dsauth_mock::MockServer, max_wait: Option<Duration>) -> dsauth::Client {
    let mut opts = options(mock);
    opts.rate_limit_max_wait = max_wait;
    let client = client_with(mock, true, alice(), opts);
    client.account().unwrap();
    client
}

#[test]
fn rate_limits_are_classified_by_code_at_400_and_429() {
    for status in [400, 429] {
        let mock = mock();
        let client = client(&mock);
        client.account().unwrap();
        let unaware = unaware_client(&mock, None);
        set_limits(&mock, 2, 1000, status);
        client.get("").unwrap();
        client.get("").unwrap();
        let err = api(unaware.get(""));
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.status, status);
        assert_eq!(err.error_code, "HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
        assert!(err.reset_at.unwrap() > mock.now_unix());

        let mock = common::mock();
        let client = common::client(&mock);
        client.account().unwrap();
        let unaware = unaware_client(&mock, None);
        set_limits(&mock, 1000, 1, status);
        client.get("").unwrap();
        let err = api(unaware.get(""));
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.error_code, "BURST_APIINVOCATION_LIMIT_EXCEEDED");
    }
}

#[test]
fn a_spent_budget_refuses_locally_without_sending() {
    let mock = mock();
    let client = client(&mock);
    client.account().unwrap();
    set_limits(&mock, 2, 1000, 429);
    client.get("").unwrap();
    client.get("").unwrap();
    let before = mock.requests().len();
    let err = api(client.get(""));
    assert_eq!(mock.requests().len(), before, "nothing was sent");
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert_eq!(err.status, 0);
    assert_eq!(err.error_code, "HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
    assert!(err.reset_at.unwrap() > mock.now_unix());
    assert!(err.to_string().contains("refused locally"), "{err}");
}

#[test]
fn retry_waits_only_up_to_the_maximum_and_never_resends_a_post() {
    let mock = mock();
    let mut opts = options(&mock);
    opts.rate_limit_max_wait = Some(Duration::from_secs(2));
    let client = client_with(&mock, true, alice(), opts);
    client.account().unwrap();
    let max_wait = Some(Duration::from_secs(2));
    let (other, other_post) = (
        unaware_client(&mock, max_wait),
        unaware_client(&mock, max_wait),
    );
    set_limits(&mock, 1000, 1, 429);
    client.get("").unwrap();

    // The burst window is 30 s: more than the maximum wait, so no retry.
    let before = mock.requests().len();
    let started = std::time::Instant::now();
    assert_eq!(kind(other.get("")), ErrorKind::RateLimited);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(mock.requests().len(), before + 1);
    // The client that learned the spent burst does not wait either, and
    // sends nothing.
    assert_eq!(kind(client.get("")), ErrorKind::RateLimited);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(mock.requests().len(), before + 1);

    // A POST is never resent.
    let before = mock.requests().len();
    let post = Request::post("/envelopes").json(&serde_json::json!({"status": "created"}));
    assert_eq!(kind(other_post.send(&post)), ErrorKind::RateLimited);
    assert_eq!(mock.requests().len(), before + 1);
}

#[test]
fn retry_succeeds_when_the_limit_resets_within_the_maximum() {
    let mock = mock();
    let client = client(&mock);
    client.account().unwrap();
    let other = unaware_client(&mock, Some(Duration::from_secs(10)));
    mock.set_limits(Limits {
        hourly: 1000,
        burst: 1,
        burst_window_seconds: 2,
        status: 429,
        ..Limits::default()
    });
    client.get("").unwrap();
    // DocuSign refuses and says when to come back (Retry-After): the retry
    // goes out then.
    let before = mock.requests().len();
    let response = other.get("").unwrap();
    assert_eq!(response.status(), 200);
    assert!(mock.requests().len() >= before + 2, "the call was retried");
}

#[test]
fn a_cancelled_call_stops_its_rate_limit_wait_and_sends_nothing_more() {
    let mock = mock();
    let max_wait = Some(Duration::from_secs(120));
    let mut opts = options(&mock);
    opts.rate_limit_max_wait = max_wait;
    let client = client_with(&mock, true, alice(), opts);
    client.account().unwrap();
    let other = unaware_client(&mock, max_wait);
    mock.set_limits(Limits {
        burst: 1,
        burst_window_seconds: 60,
        status: 429,
        ..Limits::default()
    });
    client.get("").unwrap();
    // `other` is refused by DocuSign and waits for its Retry-After (60 s);
    // `client` knows the burst is spent and waits for a slot (31 s).
    for (waiting, sent) in [(&other, 1), (&client, 0)] {
        let before = mock.requests().len();
        let cancel = Cancel::new();
        let call = {
            let (cancel, waiting) = (cancel.clone(), waiting.clone());
            std::thread::spawn(move || cancel.run(|| waiting.get("")))
        };
        std::thread::sleep(Duration::from_millis(300));
        let cancelled_at = Instant::now();
        cancel.cancel();
        assert_eq!(kind(call.join().unwrap()), ErrorKind::Cancelled);
        assert!(cancelled_at.elapsed() < Duration::from_secs(1));
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(mock.requests().len(), before + sent);
    }
    // Both clients go on (on the other account: they still know that the
    // first one's burst is spent).
    mock.set_limits(Limits::default());
    let second = format!("/restapi/v2.1/accounts/{}", fixture::SECOND_ACCOUNT_ID);
    for client in [other, client] {
        assert_eq!(client.get(&second).unwrap().status(), 200);
    }
}

#[test]
fn polling_guard_refuses_a_second_status_get_without_sending_it() {
    let mock = mock();
    let client = client(&mock);
    let path = format!("/envelopes/{}", fixture::ENVELOPE_ID);
    client.get(&path).unwrap();
    let before = mock.requests().len();
    let err = client.get(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PollingTooSoon);
    assert!(err.to_string().contains("15 minutes"), "{err}");
    assert_eq!(mock.requests().len(), before, "nothing was sent");

    // Switched off, the request goes out and DocuSign's own limit answers.
    let mut opts = options(&mock);
    opts.polling_guard = dsauth::PollingGuard::Off;
    let unguarded = client_with(&mock, true, alice(), opts);
    let err = api(unguarded.get(&path));
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert!(err.error_code.to_ascii_lowercase().contains("polling"));
}

#[test]
fn polling_guard_sees_every_form_of_the_same_envelope() {
    let mock = mock();
    let client = client(&mock);
    client
        .get(&format!("/envelopes/{}", fixture::ENVELOPE_ID))
        .unwrap();
    let upper = fixture::ENVELOPE_ID.to_ascii_uppercase();
    let on_host = format!(
        "/restapi/v2.1/accounts/{}/envelopes/{upper}",
        fixture::ACCOUNT_ID
    );
    assert_eq!(kind(client.get(&on_host)), ErrorKind::PollingTooSoon);
    let full = format!("{}{on_host}", mock.https_url());
    assert_eq!(kind(client.get(&full)), ErrorKind::PollingTooSoon);
}

#[test]
fn request_headers_that_would_break_framing_are_refused() {
    let mock = mock();
    let client = client(&mock);
    for name in ["Content-Length", "transfer-encoding", "Connection", "Host"] {
        let request = Request::get("").header(name, "1");
        assert_eq!(
            kind(client.send(&request)),
            ErrorKind::InvalidArgument,
            "{name}"
        );
    }
    let doubled = Request::post("/envelopes")
        .json(&serde_json::json!({}))
        .header("Content-Type", "text/plain");
    assert_eq!(kind(client.send(&doubled)), ErrorKind::InvalidArgument);
    let accept = Request::get("").header("Accept", "application/json");
    client.send(&accept).unwrap();
    let last = mock.requests().pop().unwrap();
    let accepts = last
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("accept"))
        .count();
    assert_eq!(accepts, 1);
}

#[test]
fn paths_that_would_leak_credentials_are_refused() {
    let mock = mock();
    let client = client(&mock);
    let refused = |path: &str| kind(client.get(path));
    assert_eq!(
        refused("https://example.com/restapi"),
        ErrorKind::InvalidArgument
    );
    assert_eq!(refused("envelopes"), ErrorKind::InvalidArgument);
    assert_eq!(refused("/envelopes?x=1"), ErrorKind::InvalidArgument);
    assert_eq!(refused("/envelopes\r\nX: y"), ErrorKind::InvalidArgument);
    let with_auth = Request::get("/envelopes").header("Authorization", "Bearer x");
    assert_eq!(kind(client.send(&with_auth)), ErrorKind::InvalidArgument);
    let absolute = format!(
        "{}/restapi/v2.1/accounts/{}",
        mock.https_url(),
        fixture::ACCOUNT_ID
    );
    assert_eq!(client.get(&absolute).unwrap().status(), 200);
    let on_host = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_ID);
    assert_eq!(client.get(&on_host).unwrap().status(), 200);
}

#[test]
fn eight_threads_share_one_client() {
    let mock = mock();
    let client = client(&mock);
    client.account().unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                let mut errors = 0;
                for _ in 0..500 {
                    match client.get("") {
                        Ok(r) if r.status() == 200 => {}
                        _ => errors += 1,
                    }
                }
                errors
            })
        })
        .collect();
    let errors: u32 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(errors, 0);
}

#[test]
fn the_password_goes_only_into_the_authentication_header() {
    let mock = mock();
    let client = client(&mock);
    client.get("").unwrap();
    client
        .send(&Request::new(Method::Get, "/envelopes").query("from_date", "2020-01-01"))
        .unwrap();
    for request in mock.requests() {
        for (name, value) in &request.headers {
            if value.contains(fixture::ALICE_PASSWORD) {
                assert!(
                    name.eq_ignore_ascii_case("X-DocuSign-Authentication"),
                    "{name}"
                );
            }
        }
        assert!(!request.path.contains(fixture::ALICE_PASSWORD));
        assert!(!request.query.contains(fixture::ALICE_PASSWORD));
        assert!(!String::from_utf8_lossy(&request.body).contains(fixture::ALICE_PASSWORD));
    }
    assert!(!format!("{client:?}").contains(fixture::ALICE_PASSWORD));
}
