//! SOAP API 3.0: dsapi.asmx (HTTP header) and api.asmx (WS-Security).

mod common;

use common::*;
use dsauth_mock::fixture;

const DS: &str = "http://www.docusign.net/API/3.0";
const PT: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

fn envelope(header: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>{header}</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
}

fn ws_security(username: &str, password: &str, ty: &str) -> String {
    format!(
        r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>{}</wsse:Username><wsse:Password Type="{ty}">{}</wsse:Password></wsse:UsernameToken></wsse:Security>"#,
        xml_esc(username),
        xml_esc(password)
    )
}

fn ping() -> String {
    format!(r#"<Ping xmlns="{DS}" />"#)
}

fn request_status(id: &str) -> String {
    format!(r#"<RequestStatus xmlns="{DS}"><EnvelopeID>{id}</EnvelopeID></RequestStatus>"#)
}

fn call(c: &mut Client, path: &str, op: &str, extra: &[(&str, &str)], xml: &str) -> Resp {
    let action = format!("\"{DS}/{op}\"");
    let mut h = vec![
        ("Content-Type", "text/xml; charset=utf-8"),
        ("SOAPAction", action.as_str()),
    ];
    h.extend_from_slice(extra);
    c.send("POST", path, &h, xml.as_bytes()).unwrap()
}

fn fault_of(r: &Resp) -> (String, String) {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let f = doc
        .descendants()
        .find(|n| n.has_tag_name("Fault"))
        .expect("a Fault");
    let get = |name: &str| {
        f.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    (get("faultcode"), get("ErrorCode"))
}

fn result_text(r: &Resp, name: &str) -> String {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(DS))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string()
}

#[test]
fn dsapi_with_the_http_header() {
    let mock = start();
    let mut c = Client::https(&mock);
    let h = legacy_xml(
        fixture::BOB_EMAIL,
        fixture::BOB_PASSWORD,
        fixture::INTEGRATION_KEY,
    );
    let auth = [("X-DocuSign-Authentication", h.as_str())];
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Ping",
        &auth,
        &envelope("", &ping()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("Content-Type").unwrap().starts_with("text/xml"));
    assert_eq!(result_text(&r, "PingResult"), "true");
    assert!(r.header("X-DocuSign-TraceToken").is_some());
    // Alice's envelope.
    let a = alice_header();
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "RequestStatus",
        &[("X-DocuSign-Authentication", &a)],
        &envelope("", &request_status(fixture::ENVELOPE_ID)),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(result_text(&r, "EnvelopeID"), fixture::ENVELOPE_ID);
    assert_eq!(result_text(&r, "Status"), "Sent");
    assert_eq!(result_text(&r, "Email"), fixture::ALICE_EMAIL);
    // Bob cannot see it.
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "RequestStatus",
        &auth,
        &envelope("", &request_status(fixture::ENVELOPE_ID)),
    );
    assert_eq!(r.status, 500);
    assert_eq!(
        fault_of(&r),
        ("soap:Client".into(), "ENVELOPE_DOES_NOT_EXIST".into())
    );
    // Bad credentials.
    let bad = legacy_json(fixture::ALICE_EMAIL, "nope", fixture::INTEGRATION_KEY);
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Ping",
        &[("X-DocuSign-Authentication", &bad)],
        &envelope("", &ping()),
    );
    assert_eq!(r.status, 500);
    assert_eq!(
        fault_of(&r),
        ("soap:Client".into(), "USER_AUTHENTICATION_FAILED".into())
    );
    let bad = legacy_json(
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        fixture::DISABLED_INTEGRATION_KEY,
    );
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Ping",
        &[("X-DocuSign-Authentication", &bad)],
        &envelope("", &ping()),
    );
    assert_eq!(fault_of(&r).1, "PARTNER_AUTHENTICATION_FAILED");
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Ping",
        &[],
        &envelope("", &ping()),
    );
    assert_eq!(fault_of(&r).1, "PARTNER_AUTHENTICATION_FAILED");
    // dsapi does not take WS-Security alone.
    let ws = ws_security(
        &format!("[{}]{}", fixture::INTEGRATION_KEY, fixture::ALICE_EMAIL),
        fixture::ALICE_PASSWORD,
        PT,
    );
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Ping",
        &[],
        &envelope(&ws, &ping()),
    );
    assert_eq!(r.status, 500);
    assert_eq!(mock.counters().soap_requests, 7);
}

#[test]
fn api_asmx_with_ws_security() {
    let mock = start();
    let mut c = Client::http(&mock);
    let user = format!("[{}]{}", fixture::INTEGRATION_KEY, fixture::BOB_EMAIL);
    let ws = ws_security(&user, fixture::BOB_PASSWORD, PT);
    let r = call(
        &mut c,
        "/api/3.0/api.asmx",
        "Ping",
        &[],
        &envelope(&ws, &ping()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(result_text(&r, "PingResult"), "true");
    // User GUID as username, any namespace prefix.
    let ws2 = format!(
        r#"<s:Security xmlns:s="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><s:UsernameToken><s:Password Type="{PT}">{}</s:Password><s:Username>[{}]{}</s:Username></s:UsernameToken></s:Security>"#,
        fixture::ALICE_PASSWORD,
        fixture::INTEGRATION_KEY,
        fixture::ALICE_USER_ID
    );
    let r = call(
        &mut c,
        "/api/3.0/api.asmx",
        "RequestStatus",
        &[],
        &envelope(&ws2, &request_status(fixture::ENVELOPE_ID)),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(result_text(&r, "EnvelopeID"), fixture::ENVELOPE_ID);

    let check = |c: &mut Client, header: String, code: &str| {
        let r = call(
            c,
            "/api/3.0/api.asmx",
            "Ping",
            &[],
            &envelope(&header, &ping()),
        );
        assert_eq!(r.status, 500, "{}", r.text());
        assert_eq!(
            fault_of(&r),
            ("soap:Client".to_string(), code.to_string()),
            "{}",
            r.text()
        );
    };
    check(
        &mut c,
        ws_security(&user, "wrong", PT),
        "USER_AUTHENTICATION_FAILED",
    );
    check(&mut c, ws_security(&user, fixture::BOB_PASSWORD, "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"), "USER_AUTHENTICATION_FAILED");
    check(
        &mut c,
        ws_security(fixture::BOB_EMAIL, fixture::BOB_PASSWORD, PT),
        "PARTNER_AUTHENTICATION_FAILED",
    );
    check(
        &mut c,
        ws_security(
            &format!(
                "[{}]{}",
                fixture::DISABLED_INTEGRATION_KEY,
                fixture::BOB_EMAIL
            ),
            fixture::BOB_PASSWORD,
            PT,
        ),
        "PARTNER_AUTHENTICATION_FAILED",
    );
    check(&mut c, String::new(), "PARTNER_AUTHENTICATION_FAILED");
    // The HTTP header alone does not authenticate api.asmx.
    let h = alice_header();
    let r = call(
        &mut c,
        "/api/3.0/api.asmx",
        "Ping",
        &[("X-DocuSign-Authentication", &h)],
        &envelope("", &ping()),
    );
    assert_eq!(r.status, 500);
}

#[test]
fn soap_protocol_errors() {
    let mock = start();
    let mut c = Client::http(&mock);
    let h = alice_header();
    let auth = ("X-DocuSign-Authentication", h.as_str());
    // Unknown operation.
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "Frobnicate",
        &[auth],
        &envelope("", &format!(r#"<Frobnicate xmlns="{DS}"/>"#)),
    );
    assert_eq!(r.status, 500);
    assert_eq!(fault_of(&r).0, "soap:Client");
    // Missing SOAPAction.
    let r = c
        .send(
            "POST",
            "/api/3.0/dsapi.asmx",
            &[auth, ("Content-Type", "text/xml")],
            envelope("", &ping()).as_bytes(),
        )
        .unwrap();
    assert_eq!(r.status, 500);
    assert!(r.text().contains("SOAPAction"));
    // SOAPAction that does not match the body.
    let r = call(
        &mut c,
        "/api/3.0/dsapi.asmx",
        "RequestStatus",
        &[auth],
        &envelope("", &ping()),
    );
    assert_eq!(r.status, 500);
    // Not XML.
    let r = call(&mut c, "/api/3.0/dsapi.asmx", "Ping", &[auth], "<nope");
    assert_eq!(r.status, 500);
    assert_eq!(fault_of(&r).0, "soap:Client");
    // GET and unknown service.
    assert_eq!(c.get("/api/3.0/dsapi.asmx", &[]).status, 405);
    assert_eq!(
        c.send("POST", "/api/3.0/nothing.asmx", &[], b"")
            .unwrap()
            .status,
        404
    );
}
