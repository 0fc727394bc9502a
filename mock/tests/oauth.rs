//! OAuth: JWT grant, consent, authorization code (+PKCE), refresh, userinfo.

mod common;

use base64::Engine;
use common::*;
use dsauth_mock::{fixture, MockServer};
use serde_json::{json, Value};
use std::time::Duration;

const JWT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

fn jwt_token(c: &mut Client, assertion: &str) -> Resp {
    c.post_form(
        "/oauth/token",
        &[],
        &[("grant_type", JWT), ("assertion", assertion)],
    )
}

fn err(r: &Resp) -> (String, String) {
    let v = r.json();
    (
        v["error"].as_str().unwrap_or("").to_string(),
        v["error_description"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn jwt_grant_accepts_a_good_assertion_over_both_listeners() {
    let mock = start();
    for (mut c, pkcs1) in [(Client::http(&mock), true), (Client::https(&mock), false)] {
        let aud = c.host().to_string();
        let a = sign_jwt_with(
            &json!({"alg": "RS256", "typ": "JWT"}),
            &claims(&mock, fixture::ALICE_USER_ID, &aud),
            pkcs1,
        );
        let r = jwt_token(&mut c, &a);
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["token_type"], "Bearer");
        assert_eq!(v["expires_in"], 3600);
        assert!(v.get("refresh_token").is_none());
        let tok = v["access_token"].as_str().unwrap();
        assert!(!tok.contains(fixture::ALICE_USER_ID));
        // The token works for REST and userinfo.
        let auth = format!("Bearer {tok}");
        let r = c.get(
            "/restapi/v2.1/login_information",
            &[("Authorization", &auth)],
        );
        assert_eq!(r.status, 200);
        let r = c.get("/oauth/userinfo", &[("Authorization", &auth)]);
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["sub"], fixture::ALICE_USER_ID);
    }
    assert_eq!(mock.counters().token_requests, 2);
    assert_eq!(mock.counters().userinfo_requests, 2);
}

#[test]
fn jwt_grant_rejections() {
    let mock = start();
    let mut c = Client::http(&mock);
    let aud = c.host().to_string();
    let good = claims(&mock, fixture::ALICE_USER_ID, &aud);
    let now = mock.now_unix();
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    let cases: Vec<(String, &str, &str)> = vec![
        (
            sign_jwt(&with("iss", json!("00000000-0000-0000-0000-000000000000"))),
            "invalid_grant",
            "issuer_not_found",
        ),
        (
            sign_jwt(&with("iss", json!(fixture::DISABLED_INTEGRATION_KEY))),
            "invalid_grant",
            "issuer_not_found",
        ),
        (
            sign_jwt(&with("sub", json!("00000000-0000-0000-0000-000000000000"))),
            "invalid_grant",
            "user_not_found",
        ),
        (
            sign_jwt(&with("aud", json!("account-d.docusign.com"))),
            "invalid_grant",
            "invalid_audience",
        ),
        (
            sign_jwt(&with("aud", json!(format!("http://{aud}")))),
            "invalid_grant",
            "invalid_audience",
        ),
        (
            sign_jwt(&with("exp", json!(now - 1))),
            "invalid_grant",
            "expired_assertion",
        ),
        (
            sign_jwt(&with("exp", json!(now + 7200))),
            "invalid_grant",
            "assertion_lifetime_too_long",
        ),
        (
            sign_jwt(&with("iat", json!(now + 600)).tap_exp(now + 900)),
            "invalid_grant",
            "assertion_issued_in_the_future",
        ),
        (
            sign_jwt(&with("scope", json!("signature"))),
            "invalid_scope",
            "",
        ),
        (
            sign_jwt(&with("sub", json!(fixture::BOB_USER_ID))),
            "consent_required",
            "",
        ),
        (
            sign_jwt_with(&json!({"alg": "HS256", "typ": "JWT"}), &good, false),
            "invalid_request",
            "unsupported_signature_algorithm",
        ),
        ("not.a.jwt!".to_string(), "invalid_request", ""),
        ("abc".to_string(), "invalid_request", ""),
    ];
    for (assertion, error, desc) in cases {
        let r = jwt_token(&mut c, &assertion);
        assert_eq!(r.status, 400, "{}", r.text());
        let (e, d) = err(&r);
        assert_eq!(e, error, "{}", r.text());
        if !desc.is_empty() {
            assert_eq!(d, desc, "{}", r.text());
        }
    }
    // A bad signature: flip a byte of the signature.
    let a = sign_jwt(&good);
    let (head, sig) = a.rsplit_once('.').unwrap();
    let mut raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sig)
        .unwrap();
    raw[10] ^= 1;
    let forged = format!(
        "{head}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    );
    let r = jwt_token(&mut c, &forged);
    assert_eq!(r.status, 400);
    assert_eq!(
        err(&r),
        ("invalid_grant".into(), "no_valid_keys_or_signatures".into())
    );
    // Tampered claims with the original signature.
    let (h, rest) = a.split_once('.').unwrap();
    let (_, s) = rest.split_once('.').unwrap();
    let other = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(with("sub", json!(fixture::BOB_USER_ID)).to_string());
    let r = jwt_token(&mut c, &format!("{h}.{other}.{s}"));
    assert_eq!(err(&r).1, "no_valid_keys_or_signatures");
    // Other grant types / missing pieces.
    let r = c.post_form("/oauth/token", &[], &[("grant_type", "password")]);
    assert_eq!(err(&r).0, "unsupported_grant_type");
    let r = c.post_form("/oauth/token", &[], &[("grant_type", JWT)]);
    assert_eq!(err(&r).0, "invalid_request");
    // The good one still works, and nothing above issued a token.
    assert_eq!(mock.counters().tokens_issued, 0);
    assert_eq!(jwt_token(&mut c, &sign_jwt(&good)).status, 200);
    assert_eq!(mock.counters().tokens_issued, 1);
}

trait TapExp {
    fn tap_exp(self, exp: u64) -> Self;
}
impl TapExp for Value {
    fn tap_exp(mut self, exp: u64) -> Self {
        self["exp"] = json!(exp);
        self
    }
}

#[test]
fn configured_account_server_host_and_production() {
    let mock = MockServer::start(dsauth_mock::Config {
        account_server_host: Some("account-d.docusign.com".into()),
        production: true,
        ..Default::default()
    })
    .unwrap();
    let mut c = Client::https(&mock);
    let a = sign_jwt(&claims(
        &mock,
        fixture::ALICE_USER_ID,
        "account-d.docusign.com",
    ));
    assert_eq!(jwt_token(&mut c, &a).status, 200);
    // A demo-only key is unknown in production.
    let mut cl = claims(&mock, fixture::ALICE_USER_ID, "account-d.docusign.com");
    cl["iss"] = json!(fixture::DEMO_ONLY_INTEGRATION_KEY);
    let r = jwt_token(&mut c, &sign_jwt(&cl));
    assert_eq!(err(&r), ("invalid_grant".into(), "issuer_not_found".into()));
}

#[test]
fn consent_toggle_and_token_lifetime() {
    let mock = start();
    let mut c = Client::http(&mock);
    let aud = c.host().to_string();
    let bob = || sign_jwt(&claims(&mock, fixture::BOB_USER_ID, &aud));
    assert_eq!(err(&jwt_token(&mut c, &bob())).0, "consent_required");
    mock.set_consent(fixture::INTEGRATION_KEY, fixture::BOB_USER_ID, true);
    assert_eq!(jwt_token(&mut c, &bob()).status, 200);
    mock.set_consent(fixture::INTEGRATION_KEY, fixture::BOB_USER_ID, false);
    assert_eq!(err(&jwt_token(&mut c, &bob())).0, "consent_required");
    // Over the control API.
    let r = c.post_json(
        "/__mock/consent",
        &[],
        &json!({"integration_key": fixture::INTEGRATION_KEY, "user_id": fixture::BOB_USER_ID, "granted": true}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(jwt_token(&mut c, &bob()).status, 200);

    // Short token lifetimes expire on the mock clock.
    let r = c.post_json("/__mock/token_lifetime", &[], &json!({"seconds": 5}));
    assert_eq!(r.status, 200);
    let r = jwt_token(&mut c, &bob());
    assert_eq!(r.json()["expires_in"], 5);
    let auth = format!("Bearer {}", r.json()["access_token"].as_str().unwrap());
    assert_eq!(
        c.get("/oauth/userinfo", &[("Authorization", &auth)]).status,
        200
    );
    c.post_json("/__mock/clock", &[], &json!({"advance_seconds": 6}));
    let r = c.get("/oauth/userinfo", &[("Authorization", &auth)]);
    assert_eq!(r.status, 401);
    assert_eq!(err(&r).0, "invalid_token");
    let r = c.get(
        "/restapi/v2.1/login_information",
        &[("Authorization", &auth)],
    );
    assert_eq!(r.error_code(), "AUTHORIZATION_INVALID_TOKEN");
    // Reset restores consent and lifetime.
    c.post_json("/__mock/reset", &[], &json!({}));
    assert_eq!(err(&jwt_token(&mut c, &bob())).0, "consent_required");
    let a = sign_jwt(&claims(&mock, fixture::ALICE_USER_ID, &aud));
    assert_eq!(jwt_token(&mut c, &a).json()["expires_in"], 3600);
}

fn location_param(loc: &str, name: &str) -> Option<String> {
    let q = loc.split_once('?')?.1;
    q.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then(|| v.replace("%2D", "-").replace("%5F", "_"))
    })
}

fn authorize(c: &mut Client, extra: &str) -> Resp {
    c.get(
        &format!(
            "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id={}&redirect_uri={}{extra}",
            fixture::INTEGRATION_KEY,
            enc(fixture::REDIRECT_URI)
        ),
        &[],
    )
}

fn basic() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            fixture::INTEGRATION_KEY,
            fixture::CLIENT_SECRET
        ))
    )
}

#[test]
fn authorization_code_with_secret_and_refresh() {
    let mock = start();
    let mut c = Client::https(&mock);
    let r = authorize(&mut c, "&state=xyz%20123");
    assert_eq!(r.status, 302, "{}", r.text());
    let loc = r.header("Location").unwrap().to_string();
    assert!(
        loc.starts_with("http://localhost:8765/callback?code="),
        "{loc}"
    );
    assert_eq!(location_param(&loc, "state").as_deref(), Some("xyz%20123"));
    let code = location_param(&loc, "code").unwrap();
    let b = basic();
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &b)],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", fixture::REDIRECT_URI),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3600);
    let rt = v["refresh_token"].as_str().unwrap().to_string();
    let at = v["access_token"].as_str().unwrap().to_string();
    let r = c.get(
        "/oauth/userinfo",
        &[("Authorization", &format!("Bearer {at}"))],
    );
    assert_eq!(r.json()["email"], fixture::ALICE_EMAIL);
    // A code is single-use.
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &b)],
        &[("grant_type", "authorization_code"), ("code", &code)],
    );
    assert_eq!(err(&r).0, "invalid_grant");
    // Refresh needs the client secret.
    let r = c.post_form(
        "/oauth/token",
        &[],
        &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
    );
    assert_eq!(r.status, 401);
    assert_eq!(err(&r).0, "invalid_client");
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:nope", fixture::INTEGRATION_KEY))
    );
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &wrong)],
        &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
    );
    assert_eq!(err(&r).0, "invalid_client");
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &b)],
        &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_ne!(v["access_token"].as_str().unwrap(), at);
    assert!(v["refresh_token"].is_string());
    // Revocation kills refresh tokens too.
    mock.revoke_tokens();
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &b)],
        &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
    );
    assert_eq!(err(&r).0, "invalid_grant");
    // A code expires after 5 minutes on the mock clock.
    let loc = authorize(&mut c, "")
        .header("Location")
        .unwrap()
        .to_string();
    let code = location_param(&loc, "code").unwrap();
    mock.advance_clock(Duration::from_secs(301));
    let r = c.post_form(
        "/oauth/token",
        &[("Authorization", &b)],
        &[("grant_type", "authorization_code"), ("code", &code)],
    );
    assert_eq!(err(&r).0, "invalid_grant");
}

fn pkce_pair() -> (String, String) {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string();
    let d = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    (
        verifier,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(d.as_ref()),
    )
}

#[test]
fn authorization_code_with_pkce_and_consent_for_jwt() {
    let mock = start();
    let mut c = Client::http(&mock);
    let (verifier, challenge) = pkce_pair();
    // Bob logs in (login_hint), which also records his consent.
    let r = authorize(
        &mut c,
        &format!(
            "&code_challenge={challenge}&code_challenge_method=S256&login_hint={}",
            enc(fixture::BOB_EMAIL)
        ),
    );
    assert_eq!(r.status, 302);
    let code = location_param(r.header("Location").unwrap(), "code").unwrap();
    // Wrong verifier.
    let r = c.post_form(
        "/oauth/token",
        &[],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", fixture::INTEGRATION_KEY),
            (
                "code_verifier",
                "wrong-verifier-wrong-verifier-wrong-verifier",
            ),
        ],
    );
    assert_eq!(err(&r).0, "invalid_grant");
    // The code was consumed; get another and use the right verifier.
    let r = authorize(
        &mut c,
        &format!(
            "&code_challenge={challenge}&code_challenge_method=S256&login_hint={}",
            enc(fixture::BOB_EMAIL)
        ),
    );
    let code = location_param(r.header("Location").unwrap(), "code").unwrap();
    let r = c.post_form(
        "/oauth/token",
        &[],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", fixture::INTEGRATION_KEY),
            ("code_verifier", &verifier),
            ("redirect_uri", fixture::REDIRECT_URI),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let at = v["access_token"].as_str().unwrap();
    let r = c.get(
        "/oauth/userinfo",
        &[("Authorization", &format!("Bearer {at}"))],
    );
    assert_eq!(r.json()["sub"], fixture::BOB_USER_ID);
    // A public client refreshes with its client_id.
    let rt = v["refresh_token"].as_str().unwrap();
    let r = c.post_form(
        "/oauth/token",
        &[],
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", fixture::INTEGRATION_KEY),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Bob consented through /oauth/auth: JWT works for him now.
    let aud = c.host().to_string();
    let r = jwt_token(
        &mut c,
        &sign_jwt(&claims(&mock, fixture::BOB_USER_ID, &aud)),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Without PKCE and without a secret, the exchange is refused.
    let loc = authorize(&mut c, "")
        .header("Location")
        .unwrap()
        .to_string();
    let code = location_param(&loc, "code").unwrap();
    let r = c.post_form(
        "/oauth/token",
        &[],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", fixture::INTEGRATION_KEY),
        ],
    );
    assert_eq!(err(&r).0, "invalid_client");
}

#[test]
fn authorize_errors() {
    let mock = start();
    let mut c = Client::http(&mock);
    let r = c.get(
        &format!(
            "/oauth/auth?response_type=code&client_id={}&redirect_uri={}",
            fixture::INTEGRATION_KEY,
            enc("http://evil.example/cb")
        ),
        &[],
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("redirect URI is not registered"));
    let r = c.get(
        &format!(
            "/oauth/auth?response_type=code&client_id={}&redirect_uri={}",
            fixture::DISABLED_INTEGRATION_KEY,
            enc(fixture::REDIRECT_URI)
        ),
        &[],
    );
    assert_eq!(r.status, 400);
    let r = c.get(
        &format!(
            "/oauth/auth?response_type=token&client_id={}&redirect_uri={}&state=s",
            fixture::INTEGRATION_KEY,
            enc(fixture::REDIRECT_URI)
        ),
        &[],
    );
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("Location"),
        Some("http://localhost:8765/callback?error=unsupported_response_type&state=s")
    );
    assert_eq!(mock.counters().authorize_requests, 3);
}

#[test]
fn userinfo_shape() {
    let mock = start();
    let mut c = Client::https(&mock);
    let tok = mock.issue_token(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID);
    let r = c.get(
        "/oauth/userinfo",
        &[("Authorization", &format!("Bearer {tok}"))],
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["sub"], fixture::ALICE_USER_ID);
    assert_eq!(v["name"], "Alice Andersen");
    assert_eq!(v["given_name"], "Alice");
    assert_eq!(v["family_name"], "Andersen");
    assert_eq!(v["email"], fixture::ALICE_EMAIL);
    assert!(v["created"].is_string());
    let accts = v["accounts"].as_array().unwrap();
    assert_eq!(accts.len(), 2);
    assert_eq!(accts[0]["account_id"], fixture::ACCOUNT_GUID);
    assert_eq!(accts[0]["is_default"], json!(true));
    assert_eq!(accts[0]["account_name"], fixture::ACCOUNT_NAME);
    assert_eq!(accts[0]["base_uri"], format!("https://{}", c.host()));
    assert_eq!(accts[1]["account_id"], fixture::SECOND_ACCOUNT_GUID);
    assert_eq!(accts[1]["is_default"], json!("false"));
    // Bob: his only account is rendered with the string form.
    let tok = mock.issue_token(fixture::INTEGRATION_KEY, fixture::BOB_USER_ID);
    let v = c
        .get(
            "/oauth/userinfo",
            &[("Authorization", &format!("Bearer {tok}"))],
        )
        .json();
    assert_eq!(v["accounts"][0]["is_default"], json!("true"));
    // The GUID from userinfo works in REST paths.
    let r = c.get(
        &format!("/restapi/v2.1/accounts/{}", fixture::SECOND_ACCOUNT_GUID),
        &[("Authorization", &format!("Bearer {tok}"))],
    );
    assert_eq!(r.status, 200);
    assert_eq!(c.get("/oauth/userinfo", &[]).status, 401);
}

#[test]
fn jwt_times_follow_the_mock_clock_unless_told_otherwise() {
    for real in [false, true] {
        let mock = MockServer::start(dsauth_mock::Config {
            jwt_real_clock: real,
            ..Default::default()
        })
        .unwrap();
        let mut c = Client::http(&mock);
        let aud = c.host().to_string();
        // An assertion built on the real clock, then the mock clock jumps 2 h.
        let a = sign_jwt(&claims(&mock, fixture::ALICE_USER_ID, &aud));
        mock.advance_clock(Duration::from_secs(7200));
        let r = jwt_token(&mut c, &a);
        if real {
            assert_eq!(r.status, 200, "{}", r.text());
        } else {
            assert_eq!(err(&r).1, "expired_assertion");
        }
    }
}
