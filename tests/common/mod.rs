//! Shared set-up for the integration tests: the stand-in and clients on it.
#![allow(dead_code)]

pub mod proxy;
pub mod redis_server;
pub mod rng;
pub mod temp_dir;

use dsauth::{Client, ClientOptions, Credentials, Environment};
use dsauth_mock::{fixture, Config, MockServer};

pub fn mock() -> MockServer {
    MockServer::start(Config::default()).expect("start the stand-in")
}

pub fn alice() -> Credentials {
    Credentials::legacy(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        None,
    )
    .unwrap()
}

/// Options that trust the stand-in's CA and ignore proxy variables.
pub fn options(mock: &MockServer) -> ClientOptions {
    let mut options = ClientOptions::default();
    options.extra_ca_pem = mock.ca_pem().as_bytes().to_vec();
    options.proxy = dsauth::client::Proxy::None;
    options
}

pub fn client_with(
    mock: &MockServer,
    https: bool,
    credentials: Credentials,
    options: ClientOptions,
) -> Client {
    let url = if https {
        mock.https_url()
    } else {
        mock.http_url()
    };
    Client::new(Environment::custom(&url).unwrap(), credentials, options).unwrap()
}

pub fn client(mock: &MockServer) -> Client {
    client_with(mock, true, alice(), options(mock))
}

pub fn kind<T: std::fmt::Debug>(result: dsauth::error::Result<T>) -> dsauth::ErrorKind {
    result.unwrap_err().kind()
}

pub fn api(result: dsauth::error::Result<dsauth::Response>) -> dsauth::ApiError {
    match result.unwrap_err() {
        dsauth::Error::Api(api) => *api,
        other => panic!("expected an API error, got {other:?}"),
    }
}
