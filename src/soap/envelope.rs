//! SOAP 1.1 messages: the envelope around the caller's body, checks of
//! what goes into it, and faults turned into typed errors.

use crate::error::{ApiError, Error, ErrorKind, Result};
use crate::redact::{Redactor, MAX_TEXT};
use crate::secret::{buffer_for_secret, Secret};

/// The SOAP 1.1 envelope namespace.
pub const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// DocuSign's SOAP API 3.0 namespace; `SOAPAction` is this plus `/<operation>`.
pub const DOCUSIGN_NS: &str = "http://www.docusign.net/API/3.0";

/// A SOAP 1.1 envelope with `header` (may be empty) and `body` (the
/// operation element, e.g. `<Ping xmlns="http://www.docusign.net/API/3.0"/>`).
/// The header may hold a password, so the envelope is built in a buffer
/// sized up front and wiped on drop.
pub fn envelope(header: &str, body: &str) -> Secret {
    let parts = [
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"",
        SOAP_ENV_NS,
        "\"><soap:Header>",
        header,
        "</soap:Header><soap:Body>",
        body,
        "</soap:Body></soap:Envelope>",
    ];
    let mut out = buffer_for_secret(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    Secret::from_buffer(out)
}

/// Checks that an operation name is a plain XML name, so it can be used in
/// `SOAPAction` unescaped.
pub fn check_operation(operation: &str) -> Result<()> {
    let ok = !operation.is_empty()
        && operation.len() <= 128
        && operation
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            name: "operation",
            reason: "a SOAP operation name is letters, digits and _".into(),
        })
    }
}

/// Checks that `body` is one well-formed XML element, without an XML
/// declaration or processing instruction (it goes inside the envelope).
pub fn check_body(body: &str) -> Result<()> {
    if body.trim_start().starts_with("<?") {
        return Err(Error::InvalidArgument {
            name: "body",
            reason: "the SOAP body is the operation element, without an XML declaration".into(),
        });
    }
    roxmltree::Document::parse(body)
        .map(|_| ())
        .map_err(|e| Error::InvalidArgument {
            name: "body",
            reason: format!("the SOAP body is not well-formed XML: {e}"),
        })
}

/// The `soap:Fault` in `xml`, if there is one, as an [`Error::Api`] of kind
/// [`ErrorKind::SoapFault`]. A 2xx body that is not XML is a malformed
/// answer; an error status without XML is left to the caller, which
/// classifies it like any error answer (rate limits, gateway pages).
/// Every text of the fault, and the trace token, is redacted with
/// `redactor`.
pub fn fault(
    status: u16,
    xml: &[u8],
    trace_token: Option<&str>,
    url: &str,
    redactor: &Redactor,
) -> Option<Error> {
    let trace_token = trace_token.map(|t| redactor.clean(t, 256));
    let trace_token = trace_token.as_deref();
    let parsed = std::str::from_utf8(xml)
        .map_err(|e| e.to_string())
        .and_then(|text| roxmltree::Document::parse(text).map_err(|e| e.to_string()));
    let doc = match parsed {
        Ok(doc) => doc,
        Err(_) if status >= 400 => return None,
        Err(e) => {
            let reason = format!("SOAP answer is not XML: {e}");
            return Some(Error::malformed(url, &reason, trace_token));
        }
    };
    let fault = doc
        .descendants()
        .find(|n| n.has_tag_name((SOAP_ENV_NS, "Fault")))?;
    let child_text = |name: &str| {
        fault
            .children()
            .find(|n| n.tag_name().name() == name)
            .map(|n| n.text().unwrap_or("").trim())
            .unwrap_or_default()
    };
    let detail = fault
        .children()
        .find(|n| n.tag_name().name() == "detail")
        .map(|d| {
            d.descendants()
                .filter_map(|n| n.text())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|d| !d.is_empty());
    let message = match detail {
        Some(detail) => format!("{} ({detail})", child_text("faultstring")),
        None => child_text("faultstring").to_owned(),
    };
    Some(Error::Api(Box::new(ApiError {
        kind: ErrorKind::SoapFault,
        status,
        error_code: redactor.clean(child_text("faultcode"), 256),
        message: redactor.clean(&message, MAX_TEXT),
        trace_token: trace_token.map(str::to_owned),
        hint: None,
        reset_at: None,
        body: redactor.clean_bytes(xml, MAX_TEXT),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_fault() {
        let none = Redactor::new();
        let xml = format!(
            "<soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\"><soap:Body><soap:Fault>\
             <faultcode>soap:Client</faultcode><faultstring>User name or password is invalid.</faultstring>\
             <detail><ErrorReason>USER_AUTHENTICATION_FAILED</ErrorReason></detail>\
             </soap:Fault></soap:Body></soap:Envelope>"
        );
        let err = fault(500, xml.as_bytes(), Some("t"), "u", &none).unwrap();
        assert_eq!(err.kind(), ErrorKind::SoapFault);
        let text = err.to_string();
        assert!(text.contains("soap:Client"), "{text}");
        assert!(text.contains("USER_AUTHENTICATION_FAILED"), "{text}");
        let ok = envelope("", "<PingResponse/>");
        assert!(fault(200, ok.expose().as_bytes(), None, "u", &none).is_none());
        assert!(fault(503, b"<html>busy", None, "u", &none).is_none());
        assert_eq!(
            fault(200, b"not xml", None, "u", &none).unwrap().kind(),
            ErrorKind::MalformedResponse
        );
    }

    #[test]
    fn checks_operation_names() {
        assert!(check_operation("RequestStatus").is_ok());
        assert!(check_operation("Bad\"Op").is_err());
        assert!(check_body("<Ping xmlns=\"x\"/>").is_ok());
        assert!(check_body("<Ping>").is_err());
        assert!(check_body("<?xml version=\"1.0\"?><Ping/>").is_err());
    }
}
