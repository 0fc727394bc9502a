//! Numbers no server can mean — `X-RateLimit-Reset: 18446744073709551615`,
//! a reset in year 10000, `Retry-After: 10^18`, negative and oversized
//! counts — from a hostile server written here: the call gives the
//! ordinary rate-limit error or response, the numbers read as unknown, no
//! wait follows, and the shared rate budget (memory, file, Redis) is not
//! poisoned by them.

#[path = "support/answering_server.rs"]
mod answering_server;
mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use answering_server::AnsweringServer;
use common::redis_server::RedisServer;
use common::temp_dir::TempDir;
use dsauth::client::RateLimit;
use dsauth::shared_state::{FileOptions, RateReserve, RedisOptions, SealKey, StateKey};
use dsauth::{Client, ClientOptions, Credentials, Environment, Error, ErrorKind, SharedState};

const HOURLY: &str = r#"{"errorCode":"HOURLY_APIINVOCATION_LIMIT_EXCEEDED","message":"slow down"}"#;
const BURST: &str = r#"{"errorCode":"BURST_APIINVOCATION_LIMIT_EXCEEDED","message":"slow down"}"#;
const HOSTILE_RESETS: [&str; 4] = [
    "18446744073709551615",
    "253402300800",
    "99999999999999999999999",
    "-1",
];

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn client(server: &AnsweringServer, state: SharedState) -> Client {
    let mut options = ClientOptions::default().shared_state(state);
    options.proxy = dsauth::client::Proxy::None;
    // A retry would wait for the reset: none may follow an unknown one.
    options.rate_limit_max_wait = Some(Duration::from_secs(120));
    let credentials =
        Credentials::legacy("integration-key", "user@example.com", "password", None).unwrap();
    let environment = Environment::custom(&server.url).unwrap();
    Client::new(environment, credentials, options).unwrap()
}

fn users(server: &AnsweringServer) -> String {
    format!("{}/restapi/v2.1/accounts/1/users", server.url)
}

fn rate_limited(result: dsauth::error::Result<dsauth::Response>) -> dsauth::ApiError {
    match result {
        Err(Error::Api(api)) if api.kind == ErrorKind::RateLimited => *api,
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}

#[test]
fn hostile_reset_on_429_is_unknown_and_not_waited_for() {
    for reset in HOSTILE_RESETS {
        let headers = [("X-RateLimit-Reset", reset), ("Retry-After", reset)];
        let server = AnsweringServer::start(429, &headers, HOURLY);
        let client = client(&server, SharedState::memory());
        let api = rate_limited(client.get(&users(&server)));
        assert_eq!(api.status, 429);
        assert_eq!(api.reset_at, None, "{reset}");
        assert!(!api.to_string().is_empty());
        assert_eq!(server.requests(), 1, "{reset}: retried");
    }
}

#[test]
fn hostile_retry_after_on_429_falls_back_to_the_burst_window() {
    let server = AnsweringServer::start(429, &[("Retry-After", "1000000000000000000")], BURST);
    let mut options = ClientOptions::default();
    options.proxy = dsauth::client::Proxy::None;
    let credentials =
        Credentials::legacy("integration-key", "user@example.com", "password", None).unwrap();
    let client = Client::new(
        Environment::custom(&server.url).unwrap(),
        credentials,
        options,
    )
    .unwrap();
    let before = now();
    let api = rate_limited(client.get(&users(&server)));
    let reset_at = api.reset_at.expect("the burst window's end");
    assert!((before + 30..=now() + 31).contains(&reset_at), "{reset_at}");
}

#[test]
fn hostile_numbers_on_200_read_as_absent() {
    let headers = [
        ("X-RateLimit-Limit", "18446744073709551615"),
        ("X-RateLimit-Remaining", "-1"),
        ("X-RateLimit-Reset", "253402300800"),
        ("X-BurstLimit-Limit", "99999999999999999999999"),
        ("X-BurstLimit-Remaining", "1e9"),
    ];
    let server = AnsweringServer::start(200, &headers, "{}");
    let client = client(&server, SharedState::memory());
    let response = client.get(&users(&server)).unwrap();
    assert!(
        response.rate_limit().is_empty(),
        "{:?}",
        response.rate_limit()
    );
}

/// The states a budget can live in: memory, a directory, Redis (when
/// installed).
fn states(dir: &TempDir, redis: Option<&RedisServer>) -> Vec<SharedState> {
    let key = || Some(SealKey::new(&[7; 32]).unwrap());
    let file = FileOptions {
        seal_key: key(),
        ..FileOptions::default()
    };
    let mut states = vec![
        SharedState::memory(),
        SharedState::file(&dir.0, file).unwrap(),
    ];
    if let Some(redis) = redis {
        let options = RedisOptions {
            seal_key: key(),
            ..RedisOptions::default()
        };
        states.push(SharedState::redis(&redis.url(), options).unwrap());
    }
    states
}

#[test]
fn hostile_resets_do_not_poison_the_shared_budget() {
    let dir = TempDir::new("hostile-budget");
    let redis = RedisServer::start();
    for state in states(&dir, redis.as_ref()) {
        for reset in HOSTILE_RESETS {
            // "Nothing left until the end of time": must not be believed.
            let headers = [
                ("X-RateLimit-Limit", "1000"),
                ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-Reset", reset),
            ];
            let server = AnsweringServer::start(200, &headers, "{}");
            let client = client(&server, state.clone());
            client.get(&users(&server)).unwrap();
            client.get(&users(&server)).unwrap();
            assert_eq!(server.requests(), 2, "{state:?} {reset}: kept back");
        }
        // The same answer with a sane reset is believed: the check above
        // would see a poisoned budget.
        let reset = (now() + 3600).to_string();
        let headers = [
            ("X-RateLimit-Limit", "1000"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", reset.as_str()),
        ];
        let server = AnsweringServer::start(200, &headers, "{}");
        let client = client(&server, state.clone());
        client.get(&users(&server)).unwrap();
        let api = rate_limited(client.get(&users(&server)));
        assert_eq!((api.status, api.reset_at), (0, Some(now() + 3600)));
        assert_eq!(server.requests(), 1, "{state:?}");
    }
}

#[test]
fn hand_built_hostile_snapshots_do_not_poison_the_shared_budget() {
    let dir = TempDir::new("hostile-learn");
    let redis = RedisServer::start();
    for state in states(&dir, redis.as_ref()) {
        let account = StateKey::new(&["hand-built", &format!("{state:?}")]);
        let t = now();
        state.take_slot(&account, t).unwrap();
        let hostile = RateLimit {
            limit: Some(u64::MAX),
            remaining: Some(0),
            reset_at: Some(u64::MAX),
            burst_limit: Some(u64::MAX),
            burst_remaining: Some(u64::MAX),
        };
        state.learn(&account, &hostile, RateReserve::default());
        state.take_slot(&account, t).unwrap();
        // The budget still works: a sane answer is believed.
        let sane = RateLimit {
            limit: Some(10),
            remaining: Some(0),
            reset_at: Some(t + 600),
            ..RateLimit::default()
        };
        state.learn(&account, &sane, RateReserve::default());
        let refused = state.take_slot(&account, t).unwrap_err();
        assert_eq!(refused.reset_at, t + 600, "{state:?}");
    }
}
