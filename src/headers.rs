//! Rendering of the HTTP authentication headers DocuSign accepts.
//!
//! Credentials render their headers once, when they are built; [`rendered`]
//! lends one out and [`render`] copies it, so neither escapes anything.

use std::fmt::{self, Write};

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::escape::{json_to, xml_to};
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

/// A rendered header, kept as its line `Name: value`; the value is the
/// line's tail. The line holds the secret, so it is wiped on drop and
/// `Debug` shows only the name.
#[derive(Clone)]
pub struct Header {
    name: &'static str,
    line: Secret,
}

impl Header {
    /// Renders `name: value` into one wiped buffer of exactly its size, so
    /// that writing never reallocates (which would leave an unwiped copy of
    /// the secret behind). `value` writes the value; it runs twice, once to
    /// measure and once to fill.
    fn build(name: &'static str, value: impl Fn(&mut dyn Write) -> fmt::Result) -> Header {
        let mut len = Len(name.len() + 2);
        // Counting cannot fail, and neither can writing to a String.
        let _ = value(&mut len);
        let mut line = buffer_for_secret(len.0);
        line.push_str(name);
        line.push_str(": ");
        let _ = value(&mut *line);
        debug_assert_eq!(line.len(), len.0, "the measured size is exact");
        Header {
            name,
            line: Secret::from_buffer(line),
        }
    }

    /// `Authorization: <value>` for a value already built as `Bearer …`.
    pub(crate) fn bearer(value: Secret) -> Header {
        Header::build(AUTHORIZATION, |out| out.write_str(value.expose()))
    }

    /// `Authorization: Bearer <token>` for an already validated token.
    pub(crate) fn bearer_token(token: &str) -> Header {
        Header::build(AUTHORIZATION, |out| {
            out.write_str("Bearer ")?;
            out.write_str(token)
        })
    }

    /// The JSON and the XML `X-DocuSign-Authentication` header of already
    /// validated legacy credentials. Fields come in DocuSign's order
    /// (`Username`, `Password`, `IntegratorKey`, then `SendOnBehalfOf` when
    /// set) and are escaped for their syntax; the result is 7-bit ASCII.
    pub(crate) fn legacy(
        username: &str,
        password: &Secret,
        integrator_key: &str,
        send_on_behalf_of: Option<&str>,
    ) -> (Header, Header) {
        let fields = [
            ("Username", Some(username)),
            ("Password", Some(password.expose())),
            ("IntegratorKey", Some(integrator_key)),
            ("SendOnBehalfOf", send_on_behalf_of),
        ];
        let fields = || {
            fields
                .iter()
                .filter_map(|&(name, value)| Some((name, value?)))
        };
        let json = Header::build(X_DOCUSIGN_AUTHENTICATION, |out| {
            out.write_char('{')?;
            for (i, (name, value)) in fields().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write!(out, "\"{name}\":\"")?;
                json_to(out, value)?;
                out.write_char('"')?;
            }
            out.write_char('}')
        });
        let xml = Header::build(X_DOCUSIGN_AUTHENTICATION, |out| {
            out.write_str("<DocuSignCredentials>")?;
            for (name, value) in fields() {
                write!(out, "<{name}>")?;
                xml_to(out, value)?;
                write!(out, "</{name}>")?;
            }
            out.write_str("</DocuSignCredentials>")
        });
        (json, xml)
    }

    /// The header's name, e.g. `X-DocuSign-Authentication`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header value, without the name; 7-bit ASCII.
    pub fn value(&self) -> &str {
        &self.line.expose()[self.name.len() + 2..]
    }

    /// The full header line `Name: value`, without CR LF.
    pub fn line(&self) -> &Secret {
        &self.line
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Header")
            .field("name", &self.name)
            .field("value", &self.line)
            .finish()
    }
}

/// A `fmt::Write` that only counts the bytes written.
struct Len(usize);

impl Write for Len {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// The header `format` of `credentials`, rendered when they were built:
/// JSON and XML need legacy credentials, Bearer an access token.
pub fn rendered(credentials: &Credentials, format: HeaderFormat) -> Result<&Header> {
    match (format, credentials) {
        (HeaderFormat::Json, _) => Ok(credentials
            .as_legacy("the JSON X-DocuSign-Authentication header")?
            .json_header()),
        (HeaderFormat::Xml, _) => Ok(credentials
            .as_legacy("the XML X-DocuSign-Authentication header")?
            .xml_header()),
        (HeaderFormat::Bearer, Credentials::AccessToken(header)) => Ok(header),
        (HeaderFormat::Bearer, other) => Err(Error::WrongCredentialKind {
            operation: "the Authorization: Bearer header",
            needed: "access token",
            actual: other.kind_name(),
        }),
    }
}

/// A copy of [`rendered`], for keeping apart from the credentials.
pub fn render(credentials: &Credentials, format: HeaderFormat) -> Result<Header> {
    rendered(credentials, format).cloned()
}

/// `Bearer <token>` for an already validated token.
pub(crate) fn bearer(token: &Secret) -> Secret {
    let mut out = buffer_for_secret(7 + token.len());
    out.push_str("Bearer ");
    out.push_str(token.expose());
    Secret::from_buffer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worst-case fields (every byte expands the most) render into a buffer
    /// exactly their size: nothing reallocated, nothing left behind.
    #[test]
    fn buffers_are_exactly_the_rendering() {
        for nasty in ["\"\"\"\"", "''''", "\\\\", "\u{1}\u{1f}", "é😀", "plain"] {
            let password = Secret::from(nasty);
            let (json, xml) = Header::legacy(nasty, &password, "ik", Some(nasty));
            for header in [&json, &xml] {
                let line = header.line().expose();
                assert_eq!(line.len(), header.name().len() + 2 + header.value().len());
                assert_eq!(header.line().capacity(), line.len(), "reallocated: {line}");
                assert!(line.starts_with("X-DocuSign-Authentication: "), "{line}");
            }
        }
        let password = Secret::from("'\"");
        let (json, xml) = Header::legacy("u", &password, "ik", None);
        assert_eq!(
            json.value(),
            r#"{"Username":"u","Password":"'\"","IntegratorKey":"ik"}"#
        );
        assert_eq!(
            xml.value(),
            "<DocuSignCredentials><Username>u</Username><Password>&apos;&quot;</Password>\
             <IntegratorKey>ik</IntegratorKey></DocuSignCredentials>"
        );
        let bearer = Header::bearer_token("t0ken");
        assert_eq!(bearer.line().expose(), "Authorization: Bearer t0ken");
        assert_eq!(bearer.value(), "Bearer t0ken");
        let again = Header::bearer(Secret::from("Bearer t0ken"));
        assert_eq!(again.line(), bearer.line());
        for header in [&bearer, &again] {
            assert_eq!(header.line().capacity(), header.line().len());
        }
        let long = "t".repeat(40);
        let value = super::bearer(&Secret::from(long.as_str()));
        assert_eq!(value.expose(), format!("Bearer {long}"));
        assert_eq!(value.capacity(), value.len(), "reallocated");
    }

    #[test]
    fn names_and_renderings_by_format() {
        assert_eq!(
            HeaderFormat::Json.header_name(),
            "X-DocuSign-Authentication"
        );
        assert_eq!(HeaderFormat::Xml.header_name(), "X-DocuSign-Authentication");
        assert_eq!(HeaderFormat::Bearer.header_name(), "Authorization");

        let legacy = Credentials::legacy("ik", "u", "pw", None).unwrap();
        let json = render(&legacy, HeaderFormat::Json).unwrap();
        assert_eq!(json.name(), "X-DocuSign-Authentication");
        assert_eq!(
            json.value(),
            r#"{"Username":"u","Password":"pw","IntegratorKey":"ik"}"#
        );
        let xml = rendered(&legacy, HeaderFormat::Xml).unwrap();
        assert!(xml.value().starts_with("<DocuSignCredentials><Username>u<"));
        let err = render(&legacy, HeaderFormat::Bearer).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::WrongCredentialKind);

        let token = Credentials::access_token("t0ken").unwrap();
        let bearer = render(&token, HeaderFormat::Bearer).unwrap();
        assert_eq!(bearer.line().expose(), "Authorization: Bearer t0ken");
        let err = render(&token, HeaderFormat::Json).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::WrongCredentialKind);
    }

    #[test]
    fn debug_names_the_header_but_not_the_value() {
        let header = Header::bearer_token("t0ken");
        assert_eq!(
            format!("{header:?}"),
            r#"Header { name: "Authorization", value: Secret([redacted]) }"#
        );
    }
}
