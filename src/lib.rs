//! dsauth: authenticate to DocuSign's eSignature APIs.
//!
//! Credentials ([`Credentials`]) are validated once, when they are built, so
//! every header rendered from them ([`headers`], [`soap`]) can be sent as is.
//! Nothing in this crate's core knows about C or Python: the C ABI lives in
//! [`ffi`] and the Python module in `bindings/python`.

#![warn(missing_docs)]

pub mod client;
pub mod credentials;
pub mod environment;
pub mod error;
mod escape;
pub mod from_env;
pub mod headers;
pub mod oauth;
pub mod redact;
mod secret;
pub mod shared_state;
pub mod soap;
mod url;
mod validate;

// Its doc comments are the C header's (cbindgen copies them into
// include/dsauth.h): written for C readers, not rustdoc.
#[cfg(feature = "ffi")]
#[doc(hidden)]
#[allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::private_intra_doc_links
)]
pub mod ffi;

pub use client::{Account, Client, ClientOptions, Method, PollingGuard, Request, Response};
pub use credentials::{Credentials, LegacyCredentials};
pub use environment::{Environment, SoapEndpoint};
pub use error::{ApiError, CredentialField, CredentialProblem, Error, ErrorKind, OAuthError};
pub use headers::{Header, HeaderFormat};
pub use secret::Secret;
pub use shared_state::SharedState;

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
