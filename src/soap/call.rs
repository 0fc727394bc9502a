//! One SOAP call over the client's transport, authenticated for its
//! endpoint.

use super::envelope::{self, DOCUSIGN_NS};
use crate::client::api_error;
use crate::client::transport::Transport;
use crate::client::{Method, Response};
use crate::credentials::Credentials;
use crate::environment::{Environment, SoapEndpoint};
use crate::error::Result;
use crate::headers::{self, HeaderFormat};
use crate::redact::Redactor;

/// See [`crate::Client::soap_call`].
pub(crate) fn call(
    transport: &Transport,
    environment: &Environment,
    credentials: &Credentials,
    endpoint: SoapEndpoint,
    operation: &str,
    body: &str,
) -> Result<Response> {
    envelope::check_operation(operation)?;
    envelope::check_body(body)?;
    credentials.as_legacy("a SOAP call")?;
    let (soap_header, http_auth) = match endpoint {
        SoapEndpoint::Api => (Some(super::security_header(credentials)?), None),
        _ => (None, Some(headers::render(credentials, HeaderFormat::Xml)?)),
    };
    let message = envelope::envelope(soap_header.as_ref().map_or("", |h| h.expose()), body);
    let action = format!("\"{DOCUSIGN_NS}/{operation}\"");
    let mut http_headers = vec![
        ("Content-Type", "text/xml; charset=utf-8"),
        ("SOAPAction", action.as_str()),
    ];
    if let Some(auth) = &http_auth {
        http_headers.push((auth.name(), auth.value()));
    }
    // The credentials' secrets include both rendered legacy headers.
    let mut redactor = Redactor::new();
    credentials.add_secrets(&mut redactor);
    if let Some(header) = &soap_header {
        redactor.add(header.expose());
    }
    let url = environment.soap_url(endpoint);
    let response = transport.send(
        Method::Post,
        &url,
        &http_headers,
        Some(message.expose().as_bytes()),
        &|| redactor.clone(),
    )?;
    if let Some(fault) = envelope::fault(
        response.status,
        &response.body,
        response.trace_token(),
        &url,
        &redactor,
    ) {
        return Err(fault);
    }
    if !(200..300).contains(&response.status) {
        return Err(api_error::from_response(
            &response,
            &redactor,
            environment.is_production(),
            false,
            None,
        ));
    }
    Ok(response)
}
