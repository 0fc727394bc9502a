//! Everything SOAP API 3.0: the authentication forms (public, here), the
//! envelope and fault parsing (`envelope`), and the client's call
//! (`call`, behind [`crate::Client::soap_call`]).

mod call;
mod envelope;

pub(crate) use call::call;

use crate::credentials::Credentials;
use crate::error::Result;
use crate::escape::{xml_into, MAX_EXPANSION};
use crate::secret::{buffer_for_secret, Secret};

/// The WS-Security extension namespace.
pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// The `Type` of a clear-text UsernameToken password.
pub const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

/// The SOAP username `[IntegratorKey]username`, unescaped.
pub fn username(credentials: &Credentials) -> Result<String> {
    let legacy = credentials.as_legacy("the SOAP username")?;
    Ok(format!(
        "[{}]{}",
        legacy.integrator_key(),
        legacy.username()
    ))
}

/// The `<wsse:Security>` element carrying a UsernameToken for `api.asmx`,
/// escaped and ready to place in a SOAP `Header`. Send-on-behalf-of is not
/// part of it: DocuSign takes that from the `X-DocuSign-Authentication`
/// header only.
pub fn security_header(credentials: &Credentials) -> Result<Secret> {
    let legacy = credentials.as_legacy("the WS-Security header")?;
    let user = username(credentials)?;
    let password = legacy.password().expose();
    let mut out = buffer_for_secret(
        400 + WSSE_NS.len() + PASSWORD_TEXT.len() + (user.len() + password.len()) * MAX_EXPANSION,
    );
    out.push_str("<wsse:Security xmlns:wsse=\"");
    out.push_str(WSSE_NS);
    out.push_str("\"><wsse:UsernameToken><wsse:Username>");
    xml_into(&mut out, &user);
    out.push_str("</wsse:Username><wsse:Password Type=\"");
    out.push_str(PASSWORD_TEXT);
    out.push_str("\">");
    xml_into(&mut out, password);
    out.push_str("</wsse:Password></wsse:UsernameToken></wsse:Security>");
    Ok(Secret::from_buffer(out))
}
