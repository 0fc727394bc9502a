//! SOAP calls against the stand-in: both authentication forms and faults.

mod common;

use common::*;
use dsauth::{Credentials, ErrorKind, SoapEndpoint};
use dsauth_mock::fixture;

const PING: &str = "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>";

#[test]
fn ping_on_both_endpoints() {
    let mock = mock();
    let client = client(&mock);
    for endpoint in [SoapEndpoint::Api, SoapEndpoint::DsApi] {
        let response = client.soap_call(endpoint, "Ping", PING).unwrap();
        assert_eq!(response.status(), 200);
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        let doc = roxmltree::Document::parse(&body).unwrap();
        let result = doc
            .descendants()
            .find(|n| n.tag_name().name() == "PingResult")
            .unwrap();
        assert_eq!(result.text(), Some("true"));
    }
    let recorded = mock.requests();
    let api = recorded
        .iter()
        .find(|r| r.path.ends_with("/api.asmx"))
        .unwrap();
    let body = String::from_utf8_lossy(&api.body);
    assert!(body.contains("wsse:UsernameToken"), "{body}");
    assert!(api
        .headers
        .iter()
        .all(|(n, _)| !n.eq_ignore_ascii_case("X-DocuSign-Authentication")));
    let action = api
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("SOAPAction"))
        .unwrap();
    assert_eq!(action.1, "\"http://www.docusign.net/API/3.0/Ping\"");
    let dsapi = recorded
        .iter()
        .find(|r| r.path.ends_with("/dsapi.asmx"))
        .unwrap();
    assert!(dsapi
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("X-DocuSign-Authentication")));
}

#[test]
fn request_status_reads_an_envelope() {
    let mock = mock();
    let client = client(&mock);
    let body = format!(
        "<RequestStatus xmlns=\"http://www.docusign.net/API/3.0\"><EnvelopeID>{}</EnvelopeID></RequestStatus>",
        fixture::ENVELOPE_ID
    );
    let response = client
        .soap_call(SoapEndpoint::Api, "RequestStatus", &body)
        .unwrap();
    let text = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(text.contains(fixture::ENVELOPE_ID), "{text}");
}

#[test]
fn bad_credentials_are_a_soap_fault_on_both_endpoints() {
    let mock = mock();
    let wrong = Credentials::legacy(
        fixture::INTEGRATION_KEY,
        fixture::ALICE_EMAIL,
        "wrong-password",
        None,
    )
    .unwrap();
    let client = client_with(&mock, true, wrong, options(&mock));
    for endpoint in [SoapEndpoint::Api, SoapEndpoint::DsApi] {
        let err = client.soap_call(endpoint, "Ping", PING).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SoapFault, "{err}");
        assert!(!err.to_string().contains("wrong-password"));
        match err {
            dsauth::Error::Api(api) => {
                assert_eq!(api.status, 500);
                assert!(!api.error_code.is_empty());
                assert!(api.trace_token.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn soap_input_is_checked_before_sending() {
    let mock = mock();
    let client = client(&mock);
    assert_eq!(
        kind(client.soap_call(SoapEndpoint::Api, "Ping\"", PING)),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        kind(client.soap_call(SoapEndpoint::Api, "Ping", "<Ping>")),
        ErrorKind::InvalidArgument
    );
    let token = Credentials::access_token("abc").unwrap();
    let client = client_with(&mock, true, token, options(&mock));
    assert_eq!(
        kind(client.soap_call(SoapEndpoint::Api, "Ping", PING)),
        ErrorKind::WrongCredentialKind
    );
    assert!(mock.requests().is_empty());
}

#[test]
fn an_error_status_without_xml_keeps_its_status_and_trace_token() {
    let mock = mock();
    let client = client(&mock);
    mock.inject_fault(dsauth_mock::Fault::status("/api/3.0/api.asmx", 503));
    let err = client
        .soap_call(SoapEndpoint::Api, "Ping", PING)
        .unwrap_err();
    assert_ne!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    match err {
        dsauth::Error::Api(api) => {
            assert_eq!(api.status, 503);
            assert!(api.trace_token.is_some());
        }
        other => panic!("{other:?}"),
    }
}
