//! OAuth 2.0 with DocuSign: JWT grant, authorization code grant, tokens, userinfo.

mod der;
pub mod jwt;
pub mod key;

pub use key::RsaPrivateKey;
