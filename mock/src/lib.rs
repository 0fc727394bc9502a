//! `dsauth-mock`: a local DocuSign stand-in for tests and offline work.
//!
//! A real HTTP/1.1 server on loopback, with an HTTP and an HTTPS listener
//! (its own CA, written to a file), that behaves like DocuSign's eSignature
//! REST and SOAP APIs and its OAuth account server: it checks credentials
//! (legacy header in JSON and XML form, SOAP WS-Security, bearer tokens, JWT
//! assertions), answers DocuSign's bodies and errors, sends and enforces rate
//! limits, injects faults, and records every request.
//!
//! ```no_run
//! let mock = dsauth_mock::MockServer::start(dsauth_mock::Config::default())?;
//! println!("{} {} {}", mock.http_url(), mock.https_url(), mock.ca_path().display());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The fixture ([`Config::default()`]) is described by the constants in
//! [`fixture`]; the control API (`/__mock/…`) and the defaults are in
//! mock/README.md.

mod app;
mod auth;
pub mod config;
mod control;
pub mod fixture;
mod http;
mod oauth;
mod rest;
mod server;
mod soap;
mod state;
mod util;

pub use config::{Account, Config, EnvelopeSeed, IntegrationKey, Limits, User};
pub use server::MockServer;
pub use state::{Counters, Fault, FaultKind, RecordedRequest};
