//! The polling guard against a server written here: a status GET the
//! client refuses itself (nothing sent) does not count as the envelope's
//! poll, one that went out does, a state with a bound on its marks
//! forgets the oldest first; and its modes: enforce refuses, warn logs a
//! WARN record and sends, off sends without a record.

#[path = "support/answering_server.rs"]
mod answering_server;

use std::sync::{Mutex, Once};

use answering_server::AnsweringServer;
use dsauth::client::Request;
use dsauth::{
    Client, ClientOptions, Credentials, Environment, ErrorKind, PollingGuard, SharedState,
};

fn client(server: &AnsweringServer, state: SharedState) -> Client {
    guarded(server, state, PollingGuard::Enforce)
}

fn guarded(server: &AnsweringServer, state: SharedState, mode: PollingGuard) -> Client {
    let mut options = ClientOptions::default().shared_state(state);
    options.proxy = dsauth::client::Proxy::None;
    options.polling_guard = mode;
    let credentials =
        Credentials::legacy("integration-key", "user@example.com", "password", None).unwrap();
    Client::new(
        Environment::custom(&server.url).unwrap(),
        credentials,
        options,
    )
    .unwrap()
}

fn envelope(server: &AnsweringServer, id: &str) -> String {
    format!("{}/restapi/v2.1/accounts/1/envelopes/{id}", server.url)
}

#[test]
fn a_get_refused_locally_does_not_block_the_real_poll() {
    let server = AnsweringServer::start(200, &[], "{}");
    let client = client(&server, SharedState::memory());
    // Over the 64 KiB the HTTP layer accepts in a URI: refused, unsent.
    let too_long = Request::get(&envelope(&server, "e1")).query("include", &"x".repeat(70_000));
    let err = client.send(&too_long).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidArgument | ErrorKind::InvalidUrl
        ),
        "{err:?}"
    );
    assert_eq!(server.requests(), 0);
    client.get(&envelope(&server, "e1")).unwrap();
    assert_eq!(server.requests(), 1);
    // That one went out: the next is refused for 15 minutes.
    let err = client.get(&envelope(&server, "e1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PollingTooSoon);
    assert_eq!(server.requests(), 1);
}

#[test]
fn a_bounded_state_forgets_the_oldest_poll_first() {
    let server = AnsweringServer::start(200, &[], "{}");
    let client = client(&server, SharedState::memory_with_max_poll_marks(2));
    for id in ["a", "b", "c"] {
        client.get(&envelope(&server, id)).unwrap();
    }
    // "a" was dropped to make room for "c"; "b" and "c" are still marked.
    client.get(&envelope(&server, "a")).unwrap();
    for id in ["c", "a"] {
        let err = client.get(&envelope(&server, id)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PollingTooSoon, "{id}");
    }
    assert_eq!(server.requests(), 4);
}

/// The records logged by this test binary: level, target, message.
static RECORDS: Mutex<Vec<(log::Level, String, String)>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let entry = (
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        );
        RECORDS.lock().unwrap().push(entry);
    }
    fn flush(&self) {}
}

/// The records about envelope `id` (tests run in parallel: each polls its
/// own envelope).
fn records_about(id: &str) -> Vec<(log::Level, String, String)> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&Capture).unwrap();
        log::set_max_level(log::LevelFilter::Debug);
    });
    let records = RECORDS.lock().unwrap();
    let needle = format!("/envelopes/{id}");
    records
        .iter()
        .filter(|(level, _, message)| *level <= log::Level::Info && message.contains(&needle))
        .cloned()
        .collect()
}

#[test]
fn each_mode_does_what_it_says() {
    records_about("");
    let server = AnsweringServer::start(200, &[], "{}");
    let twice = |mode: PollingGuard, id: &str| {
        let client = guarded(&server, SharedState::memory(), mode);
        client.get(&envelope(&server, id)).unwrap();
        client.get(&envelope(&server, id)).map(|_| ())
    };

    let err = twice(PollingGuard::Enforce, "enforced").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PollingTooSoon);
    assert_eq!(server.requests(), 1, "refused unsent");
    let refused = records_about("enforced");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, log::Level::Info);
    assert!(refused[0].2.contains("refused, unsent"), "{refused:?}");

    twice(PollingGuard::Warn, "warned").unwrap();
    assert_eq!(server.requests(), 3, "sent");
    let warned = records_about("warned");
    assert_eq!(warned.len(), 1, "{warned:?}");
    let (level, target, message) = &warned[0];
    assert_eq!(*level, log::Level::Warn);
    assert_eq!(target, "dsauth::client::polling");
    assert!(message.contains("sending it anyway"), "{message}");

    twice(PollingGuard::Off, "unguarded").unwrap();
    assert_eq!(server.requests(), 5, "sent");
    assert_eq!(records_about("unguarded"), vec![], "silent");
}
