//! Rendering of the HTTP authentication headers DocuSign accepts.

use std::fmt;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::escape::{json_into, xml_into, MAX_EXPANSION};
use crate::secret::{buffer_for_secret, Secret};

/// Name of the legacy credentials header.
pub const X_DOCUSIGN_AUTHENTICATION: &str = "X-DocuSign-Authentication";
/// Name of the OAuth header.
pub const AUTHORIZATION: &str = "Authorization";

/// Which header to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderFormat {
    /// `X-DocuSign-Authentication: {"Username":…,"Password":…,"IntegratorKey":…}`
    Json,
    /// `X-DocuSign-Authentication: <DocuSignCredentials>…</DocuSignCredentials>`
    Xml,
    /// `Authorization: Bearer <token>`
    Bearer,
}

impl HeaderFormat {
    /// The header's name.
    pub fn header_name(self) -> &'static str {
        match self {
            HeaderFormat::Json | HeaderFormat::Xml => X_DOCUSIGN_AUTHENTICATION,
            HeaderFormat::Bearer => AUTHORIZATION,
        }
    }
}

/// A rendered header. The value holds the secret, so it is wiped on drop
/// and `Debug` shows only the name.
#[derive(Clone)]
pub struct Header {
    name: &'static str,
    value: Secret,
}

impl Header {
    /// `Authorization: <value>` for a value already built as `Bearer …`.
    pub(crate) fn bearer(value: Secret) -> Header {
        Header {
            name: AUTHORIZATION,
            value,
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header value, without the name; 7-bit ASCII.
    pub fn value(&self) -> &str {
        self.value.expose()
    }

    /// The full header line `Name: value`, without CR LF.
    pub fn line(&self) -> Secret {
        let mut line = buffer_for_secret(self.name.len() + 2 + self.value.len());
        line.push_str(self.name);
        line.push_str(": ");
        line.push_str(self.value.expose());
        Secret::from_buffer(line)
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Header")
            .field("name", &self.name)
            .field("value", &self.value)
            .finish()
    }
}

/// Renders `format` for `credentials`: JSON and XML need legacy
/// credentials, Bearer an access token. Fields come in DocuSign's order
/// (`Username`, `Password`, `IntegratorKey`, then `SendOnBehalfOf` when set)
/// and are escaped for their syntax; the result is 7-bit ASCII.
pub fn render(credentials: &Credentials, format: HeaderFormat) -> Result<Header> {
    let value = match format {
        HeaderFormat::Json => json_value(credentials)?,
        HeaderFormat::Xml => xml_value(credentials)?,
        HeaderFormat::Bearer => bearer_value(credentials)?,
    };
    Ok(Header {
        name: format.header_name(),
        value,
    })
}

/// The fields of a legacy header, in DocuSign's order.
fn legacy_fields<'a>(
    credentials: &'a Credentials,
    format: &'static str,
) -> Result<Vec<(&'static str, &'a str)>> {
    let legacy = credentials.as_legacy(format)?;
    let mut fields = vec![
        ("Username", legacy.username()),
        ("Password", legacy.password().expose()),
        ("IntegratorKey", legacy.integrator_key()),
    ];
    if let Some(sobo) = legacy.send_on_behalf_of() {
        fields.push(("SendOnBehalfOf", sobo));
    }
    Ok(fields)
}

/// Room for the fields once escaped plus `overhead_per_field` bytes of
/// syntax each and `overhead` once.
fn capacity(fields: &[(&str, &str)], overhead_per_field: usize, overhead: usize) -> usize {
    fields
        .iter()
        .map(|(name, value)| value.len() * MAX_EXPANSION + 2 * name.len() + overhead_per_field)
        .sum::<usize>()
        + overhead
}

fn json_value(credentials: &Credentials) -> Result<Secret> {
    let fields = legacy_fields(credentials, "the JSON X-DocuSign-Authentication header")?;
    let mut out = buffer_for_secret(capacity(&fields, 6, 2));
    out.push('{');
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str("\":\"");
        json_into(&mut out, value);
        out.push('"');
    }
    out.push('}');
    Ok(Secret::from_buffer(out))
}

fn xml_value(credentials: &Credentials) -> Result<Secret> {
    let fields = legacy_fields(credentials, "the XML X-DocuSign-Authentication header")?;
    let mut out = buffer_for_secret(capacity(&fields, 5, 45));
    out.push_str("<DocuSignCredentials>");
    for (name, value) in &fields {
        out.push('<');
        out.push_str(name);
        out.push('>');
        xml_into(&mut out, value);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</DocuSignCredentials>");
    Ok(Secret::from_buffer(out))
}

fn bearer_value(credentials: &Credentials) -> Result<Secret> {
    match credentials {
        Credentials::AccessToken(token) => Ok(bearer(token)),
        other => Err(Error::WrongCredentialKind {
            operation: "the Authorization: Bearer header",
            needed: "access token",
            actual: other.kind_name(),
        }),
    }
}

/// `Bearer <token>` for an already validated token.
pub(crate) fn bearer(token: &Secret) -> Secret {
    let mut out = buffer_for_secret(7 + token.len());
    out.push_str("Bearer ");
    out.push_str(token.expose());
    Secret::from_buffer(out)
}
