//! REST, legacy header, bearer, rate limits, faults, recording.

mod common;

use common::*;
use dsauth_mock::{fixture, Fault, Limits};
use serde_json::json;
use std::time::Duration;

const LOGIN: &str = "/restapi/v2/login_information";

#[test]
fn login_information_over_http_and_https_with_keep_alive() {
    let mock = start();
    let h = alice_header();
    for (mut c, scheme) in [
        (Client::http(&mock), "http"),
        (Client::https(&mock), "https"),
    ] {
        let host = c.host().to_string();
        for _ in 0..3 {
            let r = c.get(LOGIN, &[("X-DocuSign-Authentication", &h)]);
            assert_eq!(r.status, 200, "{}", r.text());
            let v = r.json();
            let accts = v["loginAccounts"].as_array().unwrap();
            assert_eq!(accts.len(), 2);
            assert_eq!(accts[0]["accountId"], fixture::ACCOUNT_ID);
            assert_eq!(accts[0]["isDefault"], "true");
            assert_eq!(accts[1]["isDefault"], "false");
            assert_eq!(accts[0]["email"], fixture::ALICE_EMAIL);
            assert_eq!(accts[0]["userId"], fixture::ALICE_USER_ID);
            assert_eq!(accts[0]["userName"], "Alice Andersen");
            assert_eq!(
                accts[0]["baseUrl"],
                format!(
                    "{scheme}://{host}/restapi/v2/accounts/{}",
                    fixture::ACCOUNT_ID
                )
            );
            assert!(accts[0].get("accountIdGuid").is_none());
            assert!(r.header("X-DocuSign-TraceToken").unwrap().len() >= 32);
            assert_eq!(r.header("Connection"), Some("keep-alive"));
        }
    }
    // 2 clients, 3 requests each, on exactly 2 connections.
    assert_eq!(mock.counters().connections, 2);
    assert_eq!(mock.counters().requests, 6);
}

#[test]
fn trace_tokens_are_fresh_and_on_every_response() {
    let mock = start();
    let mut c = Client::http(&mock);
    let a = c.get("/nowhere", &[]);
    let b = c.get("/nowhere", &[]);
    assert_eq!(a.status, 404);
    assert_eq!(a.error_code(), "RESOURCE_NOT_FOUND");
    assert_ne!(
        a.header("X-DocuSign-TraceToken"),
        b.header("X-DocuSign-TraceToken")
    );
    let r = c.get("/__mock/counters", &[]);
    assert!(r.header("X-DocuSign-TraceToken").is_some());
}

#[test]
fn v21_login_information_and_account_guid() {
    let mock = start();
    let mut c = Client::http(&mock);
    let r = c.get(
        "/restapi/v2.1/login_information?include_account_id_guid=true",
        &[("X-DocuSign-Authentication", &alice_header())],
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(
        v["loginAccounts"][0]["accountIdGuid"],
        fixture::ACCOUNT_GUID
    );
    assert!(v["loginAccounts"][0]["baseUrl"]
        .as_str()
        .unwrap()
        .contains("/restapi/v2.1/accounts/"));
}

#[test]
fn legacy_header_outcomes() {
    let mock = start();
    let mut c = Client::http(&mock);
    let mut check = |header: Option<String>, status: u16, code: &str, msg: &str| {
        let h;
        let headers: Vec<(&str, &str)> = match &header {
            Some(v) => {
                h = v.clone();
                vec![("X-DocuSign-Authentication", h.as_str())]
            }
            None => vec![],
        };
        let r = c.get(LOGIN, &headers);
        assert_eq!(r.status, status, "{header:?}: {}", r.text());
        if !code.is_empty() {
            assert_eq!(r.error_code(), code, "{header:?}");
            assert!(
                r.json()["message"].as_str().unwrap().contains(msg),
                "{}",
                r.text()
            );
        }
        assert!(r.header("X-RateLimit-Limit").is_some());
        assert!(r.header("X-DocuSign-TraceToken").is_some());
    };
    use fixture::*;
    // JSON and XML, every field order.
    check(
        Some(legacy_json(ALICE_EMAIL, ALICE_PASSWORD, INTEGRATION_KEY)),
        200,
        "",
        "",
    );
    check(
        Some(legacy_xml(ALICE_EMAIL, ALICE_PASSWORD, INTEGRATION_KEY)),
        200,
        "",
        "",
    );
    check(
        Some(format!(
            r#"{{"IntegratorKey":"{INTEGRATION_KEY}","Password":"{ALICE_PASSWORD}","Username":"{ALICE_USER_ID}"}}"#
        )),
        200,
        "",
        "",
    );
    check(
        Some(format!(
            "<DocuSignCredentials><IntegratorKey>{INTEGRATION_KEY}</IntegratorKey><Password>{ALICE_PASSWORD}</Password><Username>{}</Username></DocuSignCredentials>",
            ALICE_EMAIL.to_uppercase()
        )),
        200,
        "",
        "",
    );
    // Bob's password needs escaping in both forms.
    check(
        Some(legacy_json(BOB_EMAIL, BOB_PASSWORD, INTEGRATION_KEY)),
        200,
        "",
        "",
    );
    check(
        Some(legacy_xml(BOB_EMAIL, BOB_PASSWORD, INTEGRATION_KEY)),
        200,
        "",
        "",
    );
    // \uXXXX escapes and numeric character references decode.
    check(
        Some(format!(
            r#"{{"Username":"\u0062ob@example.com","Password":"B0b&\"<pa$$>'\\word","IntegratorKey":"{INTEGRATION_KEY}"}}"#
        )),
        200,
        "",
        "",
    );
    check(
        Some(format!(
            "<DocuSignCredentials><Username>bob@example.com</Username><Password>B0b&#x26;&quot;&#60;pa$$&gt;&apos;\\word</Password><IntegratorKey>{INTEGRATION_KEY}</IntegratorKey></DocuSignCredentials>"
        )),
        200,
        "",
        "",
    );
    // Unescaped (concatenated) credentials break the parser or the password.
    check(
        Some(format!(
            "<DocuSignCredentials><Username>bob@example.com</Username><Password>{BOB_PASSWORD}</Password><IntegratorKey>{INTEGRATION_KEY}</IntegratorKey></DocuSignCredentials>"
        )),
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        "",
    );
    check(
        None,
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        "An Integrator key was not specified.",
    );
    check(
        Some(json!({"Username": ALICE_EMAIL, "Password": ALICE_PASSWORD}).to_string()),
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        "An Integrator key was not specified.",
    );
    let unknown = "The specified Integrator Key was not found or is disabled.";
    check(
        Some(legacy_json(
            ALICE_EMAIL,
            ALICE_PASSWORD,
            "00000000-0000-0000-0000-000000000000",
        )),
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        unknown,
    );
    check(
        Some(legacy_json(
            ALICE_EMAIL,
            ALICE_PASSWORD,
            DISABLED_INTEGRATION_KEY,
        )),
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        unknown,
    );
    check(
        Some(legacy_json(
            ALICE_EMAIL,
            ALICE_PASSWORD,
            &format!(" {INTEGRATION_KEY}"),
        )),
        401,
        "PARTNER_AUTHENTICATION_FAILED",
        unknown,
    );
    // Demo-only keys work on demo.
    check(
        Some(legacy_json(
            ALICE_EMAIL,
            ALICE_PASSWORD,
            DEMO_ONLY_INTEGRATION_KEY,
        )),
        200,
        "",
        "",
    );
    let bad_user = "One or both of Username and Password are invalid.";
    check(
        Some(legacy_json(ALICE_EMAIL, "wrong", INTEGRATION_KEY)),
        401,
        "USER_AUTHENTICATION_FAILED",
        bad_user,
    );
    check(
        Some(legacy_json(
            "nobody@example.com",
            ALICE_PASSWORD,
            INTEGRATION_KEY,
        )),
        401,
        "USER_AUTHENTICATION_FAILED",
        bad_user,
    );
    check(
        Some(legacy_json(
            ALICE_EMAIL,
            &format!("{ALICE_PASSWORD} "),
            INTEGRATION_KEY,
        )),
        401,
        "USER_AUTHENTICATION_FAILED",
        bad_user,
    );
    // SendOnBehalfOf.
    check(
        Some(json!({"Username": ALICE_EMAIL, "Password": ALICE_PASSWORD, "IntegratorKey": INTEGRATION_KEY, "SendOnBehalfOf": "ghost@example.com"}).to_string()),
        400,
        "USER_DOES_NOT_EXIST_IN_SYSTEM",
        "",
    );
}

#[test]
fn send_on_behalf_of_acts_as_that_user() {
    let mock = start();
    let mut c = Client::http(&mock);
    let h = format!(
        "<DocuSignCredentials><Username>{}</Username><Password>{}</Password><IntegratorKey>{}</IntegratorKey><SendOnBehalfOf>{}</SendOnBehalfOf></DocuSignCredentials>",
        fixture::ALICE_EMAIL, fixture::ALICE_PASSWORD, fixture::INTEGRATION_KEY, fixture::BOB_USER_ID
    );
    let r = c.get(LOGIN, &[("X-DocuSign-Authentication", &h)]);
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["loginAccounts"].as_array().unwrap().len(), 1);
    assert_eq!(v["loginAccounts"][0]["email"], fixture::BOB_EMAIL);
}

#[test]
fn demo_only_key_refused_in_production() {
    let mock = dsauth_mock::MockServer::start(dsauth_mock::Config {
        production: true,
        ..Default::default()
    })
    .unwrap();
    let mut c = Client::https(&mock);
    let h = legacy_json(
        fixture::ALICE_EMAIL,
        fixture::ALICE_PASSWORD,
        fixture::DEMO_ONLY_INTEGRATION_KEY,
    );
    let r = c.get(LOGIN, &[("X-DocuSign-Authentication", &h)]);
    assert_eq!(r.status, 401);
    assert_eq!(r.error_code(), "PARTNER_AUTHENTICATION_FAILED");
    let r = c.get(LOGIN, &[("X-DocuSign-Authentication", &alice_header())]);
    assert_eq!(r.status, 200);
}

#[test]
fn bearer_tokens() {
    let mock = start();
    let mut c = Client::http(&mock);
    let bad = c.get(LOGIN, &[("Authorization", "Bearer not-a-token")]);
    assert_eq!(bad.status, 401);
    assert_eq!(bad.error_code(), "AUTHORIZATION_INVALID_TOKEN");
    assert_eq!(
        bad.json()["message"],
        "The access token provided is expired, revoked or malformed."
    );
    let tok = mock.issue_token(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID);
    let auth = format!("Bearer {tok}");
    let ok = c.get(LOGIN, &[("Authorization", &auth)]);
    assert_eq!(ok.status, 200);
    // Expiry on the mock clock.
    mock.advance_clock(Duration::from_secs(3601));
    let r = c.get(LOGIN, &[("Authorization", &auth)]);
    assert_eq!(r.error_code(), "AUTHORIZATION_INVALID_TOKEN");
    // Revocation.
    let tok = mock.issue_token(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID);
    let auth = format!("Bearer {tok}");
    assert_eq!(c.get(LOGIN, &[("Authorization", &auth)]).status, 200);
    mock.revoke_tokens();
    assert_eq!(c.get(LOGIN, &[("Authorization", &auth)]).status, 401);
}

#[test]
fn accounts_and_envelopes() {
    let mock = start();
    let mut c = Client::https(&mock);
    let h = alice_header();
    let auth = [("X-DocuSign-Authentication", h.as_str())];
    let acct = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_ID);
    let r = c.get(&acct, &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["accountIdGuid"], fixture::ACCOUNT_GUID);
    assert_eq!(r.json()["accountName"], fixture::ACCOUNT_NAME);
    // GUID in the path works too.
    let r = c.get(
        &format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_GUID),
        &auth,
    );
    assert_eq!(r.status, 200);
    // Bob is not a member of Alice's default account.
    let bob = legacy_json(
        fixture::BOB_EMAIL,
        fixture::BOB_PASSWORD,
        fixture::INTEGRATION_KEY,
    );
    let r = c.get(&acct, &[("X-DocuSign-Authentication", &bob)]);
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "USER_LACKS_MEMBERSHIP");

    // The fixture envelope.
    let r = c.get(&format!("{acct}/envelopes/{}", fixture::ENVELOPE_ID), &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["envelopeId"], fixture::ENVELOPE_ID);
    assert_eq!(r.json()["status"], "sent");
    let r = c.get(
        &format!("{acct}/envelopes/00000000-0000-0000-0000-000000000000"),
        &auth,
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.error_code(), "ENVELOPE_DOES_NOT_EXIST");

    // Create.
    let r = c.post_json(
        &format!("{acct}/envelopes"),
        &auth,
        &json!({"emailSubject": "Please sign", "status": "sent", "documents": [], "recipients": {}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let id = v["envelopeId"].as_str().unwrap().to_string();
    assert_eq!(v["uri"], format!("/envelopes/{id}"));
    assert_eq!(v["status"], "sent");
    assert!(v["statusDateTime"].as_str().unwrap().ends_with('Z'));
    let r = c
        .send("POST", &format!("{acct}/envelopes"), &auth, b"not json")
        .unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "INVALID_REQUEST_BODY");

    // List: DocuSign wants from_date (or ids).
    let r = c.get(&format!("{acct}/envelopes"), &auth);
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "INVALID_REQUEST_PARAMETER");
    let r = c.get(&format!("{acct}/envelopes?from_date=2020-01-01"), &auth);
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["resultSetSize"], "2");
    assert_eq!(v["envelopes"].as_array().unwrap().len(), 2);
    let r = c.get(&format!("{acct}/envelopes?envelope_ids={id}"), &auth);
    assert_eq!(r.json()["resultSetSize"], "1");
    // Another account's list does not show them.
    let r = c.get(
        &format!(
            "/restapi/v2.1/accounts/{}/envelopes?from_date=2020-01-01",
            fixture::SECOND_ACCOUNT_ID
        ),
        &auth,
    );
    assert_eq!(r.json()["resultSetSize"], "0");
    // Unknown resource and wrong method.
    assert_eq!(c.get(&format!("{acct}/nothing"), &auth).status, 404);
    assert_eq!(c.send("DELETE", &acct, &auth, b"").unwrap().status, 405);
}

#[test]
fn rate_limit_headers_and_limits() {
    let mock = start();
    let mut c = Client::http(&mock);
    let h = alice_header();
    let auth = [("X-DocuSign-Authentication", h.as_str())];
    let acct = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_ID);
    let r = c.get(&acct, &auth);
    assert_eq!(r.header("X-RateLimit-Limit"), Some("100000"));
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("99999"));
    assert_eq!(r.header("X-BurstLimit-Limit"), Some("10000"));
    assert_eq!(r.header("X-BurstLimit-Remaining"), Some("9999"));
    let reset: u64 = r.header("X-RateLimit-Reset").unwrap().parse().unwrap();
    let now = mock.now_unix();
    assert!(reset > now && reset <= now + 3601, "{reset} {now}");

    // Burst limit.
    mock.reset();
    mock.set_limits(Limits {
        hourly: 5,
        burst: 2,
        burst_window_seconds: 30,
        status: 429,
        envelope_poll_interval_seconds: 900,
    });
    assert_eq!(c.get(&acct, &auth).status, 200);
    let r = c.get(&acct, &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("X-BurstLimit-Remaining"), Some("0"));
    let r = c.get(&acct, &auth);
    assert_eq!(r.status, 429);
    assert_eq!(r.error_code(), "BURST_APIINVOCATION_LIMIT_EXCEEDED");
    mock.advance_clock(Duration::from_secs(31));
    assert_eq!(c.get(&acct, &auth).status, 200);
    assert_eq!(c.get(&acct, &auth).status, 200);
    mock.advance_clock(Duration::from_secs(31));
    let r = c.get(&acct, &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
    // Hourly limit, with the historic 400 status.
    mock.set_limits(Limits {
        status: 400,
        ..mock.limits()
    });
    let r = c.get(&acct, &auth);
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
    // Another account has its own bucket.
    let other = format!("/restapi/v2.1/accounts/{}", fixture::SECOND_ACCOUNT_ID);
    assert_eq!(c.get(&other, &auth).status, 200);
    mock.advance_clock(Duration::from_secs(3600));
    assert_eq!(c.get(&acct, &auth).status, 200);
}

#[test]
fn envelope_polling_limit() {
    let mock = start();
    let mut c = Client::http(&mock);
    let h = alice_header();
    let auth = [("X-DocuSign-Authentication", h.as_str())];
    let env = format!(
        "/restapi/v2.1/accounts/{}/envelopes/{}",
        fixture::ACCOUNT_ID,
        fixture::ENVELOPE_ID
    );
    assert_eq!(c.get(&env, &auth).status, 200);
    let r = c.get(&env, &auth);
    assert_eq!(r.status, 429);
    assert_eq!(r.error_code(), "Hourly_Envelope_Polling_Limit_Exceeded");
    mock.advance_clock(Duration::from_secs(899));
    assert_eq!(c.get(&env, &auth).status, 429);
    mock.advance_clock(Duration::from_secs(2));
    assert_eq!(c.get(&env, &auth).status, 200);
    // 0 disables the check.
    mock.set_limits(Limits {
        envelope_poll_interval_seconds: 0,
        ..Limits::default()
    });
    assert_eq!(c.get(&env, &auth).status, 200);
    assert_eq!(c.get(&env, &auth).status, 200);
}

#[test]
fn faults() {
    let mock = start();
    let h = alice_header();
    let auth = [("X-DocuSign-Authentication", h.as_str())];

    // status
    mock.inject_fault(Fault::status("/restapi/", 503));
    let mut c = Client::http(&mock);
    let r = c.get(LOGIN, &auth);
    assert_eq!(r.status, 503);
    assert_eq!(r.error_code(), "SERVICE_UNAVAILABLE");
    assert!(r.header("X-DocuSign-TraceToken").is_some());
    assert_eq!(c.get(LOGIN, &auth).status, 200, "times = 1");

    // malformed_json
    mock.inject_fault(Fault::malformed_json(LOGIN));
    let r = c.get(LOGIN, &auth);
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert!(r.text().starts_with("{\"loginAccounts\""));

    // oversized
    mock.inject_fault(Fault::oversized(LOGIN, 3_000_000));
    let r = c.get(LOGIN, &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 3_000_000);
    assert_eq!(c.get(LOGIN, &auth).status, 200, "connection still usable");

    // delay
    mock.inject_fault(Fault::delay("/restapi/v2/", 300));
    let t = std::time::Instant::now();
    assert_eq!(c.get(LOGIN, &auth).status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    // drop: head sent, body cut, connection closed; on both listeners.
    for mut c in [Client::http(&mock), Client::https(&mock)] {
        mock.inject_fault(Fault::drop_connection(LOGIN));
        let e = c.send("GET", LOGIN, &auth, b"").unwrap_err();
        assert!(
            matches!(
                e.kind(),
                std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset
            ),
            "{e:?}"
        );
    }

    // times and prefix matching; control paths never affected.
    mock.inject_fault(Fault::status("/oauth/", 500).times(2));
    let mut c = Client::http(&mock);
    assert_eq!(c.get(LOGIN, &auth).status, 200);
    assert_eq!(c.get("/__mock/counters", &[]).status, 200);
    assert_eq!(c.get("/oauth/userinfo", &[]).status, 500);
    assert_eq!(c.get("/oauth/userinfo", &[]).status, 500);
    assert_eq!(c.get("/oauth/userinfo", &[]).status, 401);
    assert_eq!(mock.counters().faults_injected, 8);
}

#[test]
fn recording() {
    let mock = start();
    let mut c = Client::https(&mock);
    let h = alice_header();
    c.send(
        "POST",
        "/restapi/v2.1/login_information?x=1&y=a%20b",
        &[("X-DocuSign-Authentication", &h), ("X-Test", "yes")],
        b"\xff\x00binary",
    )
    .unwrap();
    c.get("/__mock/counters", &[]);
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 1, "control requests are not recorded");
    let r = &reqs[0];
    assert_eq!(r.scheme, "https");
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/restapi/v2.1/login_information");
    assert_eq!(r.query, "x=1&y=a%20b");
    assert_eq!(r.header("x-test"), Some("yes"));
    assert_eq!(r.header("X-DocuSign-Authentication"), Some(h.as_str()));
    assert_eq!(r.body, b"\xff\x00binary");
    // The same over the control API.
    let v = c.get("/__mock/requests", &[]).json();
    assert_eq!(v[0]["body_encoding"], "base64");
    assert_eq!(v[0]["body"], "/wBiaW5hcnk=");
    assert_eq!(v[0]["headers"][1][0], "X-DocuSign-Authentication");
    mock.reset();
    assert!(mock.requests().is_empty());
}

#[test]
fn http_protocol_details() {
    use std::io::{Read, Write};
    let mock = start();
    let h = alice_header();
    let acct_envs = format!("/restapi/v2.1/accounts/{}/envelopes", fixture::ACCOUNT_ID);
    // Chunked request body with Expect: 100-continue.
    let mut s = std::net::TcpStream::connect(mock.http_addr()).unwrap();
    let body = br#"{"emailSubject":"chunked","status":"created"}"#;
    let head = format!(
        "POST {acct_envs} HTTP/1.1\r\nHost: x\r\nX-DocuSign-Authentication: {h}\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 25];
    s.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"HTTP/1.1 100 Continue\r\n\r\n");
    let (a, b) = body.split_at(10);
    let chunked = [
        format!("{:x}\r\n", a.len()).into_bytes(),
        a.to_vec(),
        b"\r\n".to_vec(),
        format!("{:x};ext=1\r\n", b.len()).into_bytes(),
        b.to_vec(),
        b"\r\n0\r\n\r\n".to_vec(),
    ]
    .concat();
    s.write_all(&chunked).unwrap();
    // Pipelined second request on the same connection, HTTP/1.0: closes after.
    s.write_all(b"GET /__mock/counters HTTP/1.0\r\n\r\n")
        .unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert!(all.starts_with("HTTP/1.1 201 Created\r\n"), "{all}");
    assert_eq!(all.matches("HTTP/1.1 ").count(), 2);
    assert!(all.contains("Connection: close"));
    let rec = mock.requests();
    assert_eq!(rec[0].body, body);

    // Garbage gets a 400 and a closed connection.
    let mut s = std::net::TcpStream::connect(mock.http_addr()).unwrap();
    s.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert!(all.starts_with("HTTP/1.1 400"), "{all}");

    // HEAD sends no body.
    let mut s = std::net::TcpStream::connect(mock.http_addr()).unwrap();
    s.write_all(b"HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert!(all.starts_with("HTTP/1.1 404"), "{all}");
    assert!(all.ends_with("\r\n\r\n"), "{all}");
}

#[test]
fn many_threads_one_server() {
    let mock = start();
    let h = alice_header();
    std::thread::scope(|s| {
        for i in 0..8 {
            let (mock, h) = (&mock, &h);
            s.spawn(move || {
                let mut c = if i % 2 == 0 {
                    Client::http(mock)
                } else {
                    Client::https(mock)
                };
                for _ in 0..100 {
                    let r = c.get(LOGIN, &[("X-DocuSign-Authentication", h)]);
                    assert_eq!(r.status, 200);
                }
            });
        }
    });
    assert_eq!(mock.counters().requests, 800);
    assert_eq!(mock.counters().connections, 8);
}
