//! OAuth 2.0 with DocuSign: JWT grant, authorization code grant, tokens,
//! userinfo.
//!
//! Everything here is pure and transport-free: it builds request URLs,
//! headers and form bodies, and parses answers; the client sends them.
//!
//! - [`RsaPrivateKey`] (PKCS#1 / PKCS#8 PEM) signs [`jwt`] assertions for
//!   a [`JwtGrant`]; [`JwtGrant::token_request_form`] is the body to POST to
//!   [`token_url`].
//! - [`AuthorizationCodeGrant`] builds the [authorization
//!   URL](AuthorizationCodeGrant::authorization_url) (with [`Pkce`]), the
//!   code exchange and refresh bodies and the `Basic` header;
//!   [`AuthorizationCodeCredentials`] is what a client starts from.
//! - [`parse_token_response`] turns an answer into a [`Token`] or a typed
//!   error (`consent_required` carries [`consent_url`]).
//! - [`parse_userinfo_response`] lists the [`OAuthAccount`]s;
//!   [`choose_account`] picks one.

pub mod auth_code;
mod der;
pub(crate) mod form;
pub mod jwt;
pub mod jwt_grant;
pub mod key;
pub mod pkce;
mod scope;
#[cfg(test)]
mod spki;
pub mod token;
pub mod urls;
pub mod userinfo;

pub use auth_code::{AuthorizationCodeCredentials, AuthorizationCodeGrant};
pub use form::percent_encode;
pub use jwt_grant::{JwtGrant, JWT_BEARER_GRANT_TYPE};
pub use key::RsaPrivateKey;
pub use pkce::{generate_state, Pkce};
pub use scope::{DEFAULT_CODE_SCOPES, DEFAULT_JWT_SCOPES};
pub use token::{parse_token_response, Token};
pub use urls::{consent_url, token_url, userinfo_url};
pub use userinfo::{choose_account, parse_userinfo_response, OAuthAccount, UserInfo};
