//! The polling guard against a server written here: a status GET the
//! client refuses itself (nothing sent) does not count as the envelope's
//! poll, one that went out does, and a state with a bound on its marks
//! forgets the oldest first.

#[path = "support/answering_server.rs"]
mod answering_server;

use answering_server::AnsweringServer;
use dsauth::client::Request;
use dsauth::{Client, ClientOptions, Credentials, Environment, ErrorKind, SharedState};

fn client(server: &AnsweringServer, state: SharedState) -> Client {
    let mut options = ClientOptions::default().shared_state(state);
    options.proxy = dsauth::client::Proxy::None;
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
