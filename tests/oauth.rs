//! OAuth against the stand-in: JWT grant (both key formats), consent,
//! token reuse, expiry and renewal, one token request for many threads,
//! 401 → one renewal and one retry, userinfo discovery, the authorization
//! code grant with PKCE and refresh, and ready tokens.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, SystemTime};

use base64::Engine;
use common::*;
use dsauth::oauth::{AuthorizationCodeGrant, JwtGrant, Pkce};
use dsauth::{Client, Credentials, ErrorKind};
use dsauth_mock::{fixture, Fault, FaultKind, MockServer};

fn jwt(user: &str, pem: &str) -> Credentials {
    Credentials::Jwt(
        JwtGrant::from_pem(fixture::INTEGRATION_KEY, user, pem.as_bytes())
            .unwrap()
            .with_consent_redirect_uri(fixture::REDIRECT_URI)
            .unwrap(),
    )
}

fn jwt_client(mock: &MockServer) -> Client {
    client_with(
        mock,
        true,
        jwt(fixture::ALICE_USER_ID, fixture::JWT_PRIVATE_KEY_PKCS1_PEM),
        options(mock),
    )
}

fn b64_json(part: &str) -> serde_json::Value {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn jwt_with_pkcs1_and_pkcs8_keys_discovers_the_userinfo_account() {
    let mock = mock();
    for pem in [
        fixture::JWT_PRIVATE_KEY_PKCS1_PEM,
        fixture::JWT_PRIVATE_KEY_PKCS8_PEM,
    ] {
        let client = client_with(
            &mock,
            true,
            jwt(fixture::ALICE_USER_ID, pem),
            options(&mock),
        );
        let account = client.account().unwrap();
        assert_eq!(account.account_id, fixture::ACCOUNT_GUID);
        assert_eq!(account.rest_base, format!("{}/restapi", mock.https_url()));
        assert_eq!(client.get("").unwrap().status(), 200);
        let info = client.user_info().unwrap();
        assert_eq!(info.sub, fixture::ALICE_USER_ID);
        assert_eq!(info.email, fixture::ALICE_EMAIL);
    }
}

#[test]
fn the_assertion_sent_has_every_claim_docusign_checks() {
    let mock = mock();
    let client = jwt_client(&mock);
    client.token().unwrap();
    let request = mock
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth/token")
        .unwrap();
    let body = String::from_utf8(request.body.clone()).unwrap();
    let assertion = body
        .split('&')
        .find_map(|kv| kv.strip_prefix("assertion="))
        .unwrap();
    assert!(body.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
    let parts: Vec<&str> = assertion.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        b64_json(parts[0]),
        serde_json::json!({"alg": "RS256", "typ": "JWT"})
    );
    let claims = b64_json(parts[1]);
    assert_eq!(claims["iss"], fixture::INTEGRATION_KEY);
    assert_eq!(claims["sub"], fixture::ALICE_USER_ID);
    assert_eq!(
        claims["aud"],
        mock.https_url().trim_start_matches("https://")
    );
    assert_eq!(claims["scope"], "signature impersonation");
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert_eq!(exp - iat, 3600);
}

#[test]
fn consent_required_carries_the_consent_url_until_consent_is_given() {
    let mock = mock();
    let client = client_with(
        &mock,
        true,
        jwt(fixture::BOB_USER_ID, fixture::JWT_PRIVATE_KEY_PKCS8_PEM),
        options(&mock),
    );
    let err = client.account().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConsentRequired);
    let dsauth::Error::OAuth(oauth) = &err else {
        panic!("{err:?}")
    };
    let url = oauth.consent_url.as_deref().unwrap();
    assert!(
        url.starts_with(&format!("{}/oauth/auth?", mock.https_url())),
        "{url}"
    );
    assert!(url.contains("response_type=code"));
    assert!(url.contains("scope=signature%20impersonation"));
    assert!(url.contains(&format!("client_id={}", fixture::INTEGRATION_KEY)));
    assert!(url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A8765%2Fcallback"));
    assert!(err.to_string().contains(url));

    mock.set_consent(fixture::INTEGRATION_KEY, fixture::BOB_USER_ID, true);
    assert_eq!(
        client.account().unwrap().account_id,
        fixture::SECOND_ACCOUNT_GUID
    );
}

#[test]
fn a_token_is_reused_then_renewed_near_expiry() {
    let mock = mock();
    mock.set_token_lifetime(Duration::from_secs(2));
    let client = jwt_client(&mock);
    client.get("").unwrap();
    client.get("").unwrap();
    assert_eq!(mock.counters().token_requests, 1);
    // Less than the margin (capped at half the lifetime) remains.
    std::thread::sleep(Duration::from_millis(1100));
    client.get("").unwrap();
    assert_eq!(mock.counters().token_requests, 2);
}

#[test]
fn a_cached_token_expires_when_its_answer_said_not_later() {
    let mock = mock();
    let client = jwt_client(&mock);
    let before = SystemTime::now();
    let (token, expires_at) = client.token_with_expiry().unwrap();
    let lifetime = expires_at.duration_since(before).unwrap();
    assert!(lifetime >= token.expires_in && lifetime < token.expires_in + Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    let (again, same) = client.token_with_expiry().unwrap();
    assert_eq!(again.access_token.expose(), token.access_token.expose());
    let drift = same
        .duration_since(expires_at)
        .unwrap_or_else(|e| e.duration());
    assert!(drift < Duration::from_millis(100), "{drift:?}");
}

#[test]
fn sixteen_threads_starting_at_once_cause_one_token_request() {
    let mock = mock();
    let client = jwt_client(&mock);
    let barrier = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                client.get("").map(|r| r.status())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap(), 200);
    }
    assert_eq!(mock.counters().token_requests, 1);
    assert_eq!(mock.counters().userinfo_requests, 1);
}

#[test]
fn a_revoked_token_is_renewed_once_and_the_call_retried_once() {
    let mock = mock();
    let client = jwt_client(&mock);
    client.get("").unwrap();
    mock.revoke_tokens();
    let before = mock.counters();
    assert_eq!(client.get("").unwrap().status(), 200);
    let after = mock.counters();
    assert_eq!(after.token_requests, before.token_requests + 1);
    assert_eq!(after.rest_requests, before.rest_requests + 2);

    // A server that refuses every token: one renewal, one retry, no loop.
    let path = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_GUID);
    mock.inject_fault(Fault {
        times: 0,
        ..Fault::status(&path, 401)
    });
    let before = mock.counters();
    let err = client.get("").unwrap_err();
    assert_eq!(err.status_code(), Some(401));
    let after = mock.counters();
    assert_eq!(after.rest_requests, before.rest_requests + 2);
    assert_eq!(after.token_requests, before.token_requests + 1);
}

#[test]
fn a_token_refused_elsewhere_is_dropped_only_while_current() {
    let mock = mock();
    let client = jwt_client(&mock);
    let first = client.token().unwrap();
    client.token_refused(&first);
    let second = client.token().unwrap();
    assert_ne!(second.access_token.expose(), first.access_token.expose());
    // A late report about the old token keeps the new one.
    client.token_refused(&first);
    assert_eq!(
        client.token().unwrap().access_token.expose(),
        second.access_token.expose()
    );
    assert_eq!(mock.counters().token_requests, 2);
}

#[test]
fn a_ready_token_works_and_is_not_renewed() {
    let mock = mock();
    let token = mock.issue_token(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID);
    let client = client_with(
        &mock,
        false,
        Credentials::access_token(&token).unwrap(),
        options(&mock),
    );
    assert_eq!(client.account().unwrap().account_id, fixture::ACCOUNT_GUID);
    assert_eq!(client.get("").unwrap().status(), 200);
    mock.revoke_tokens();
    let before = mock.counters();
    let err = client.get("").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(mock.counters().rest_requests, before.rest_requests + 1);
    assert_eq!(mock.counters().token_requests, before.token_requests);
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains(&token), "{shown}");
}

/// Follows the authorization URL as a browser would and returns the code
/// from the redirect.
fn authorize(url: &str) -> (String, Option<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent.get(url).call().unwrap();
    assert_eq!(response.status().as_u16(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let query = location.split_once('?').unwrap().1.to_owned();
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(str::to_owned)
    };
    (param("code").expect("a code"), param("state"))
}

#[test]
fn authorization_code_with_pkce_and_secret_then_refresh() {
    let mock = mock();
    mock.set_token_lifetime(Duration::from_secs(2));
    let env = dsauth::Environment::custom(&mock.http_url()).unwrap();
    for confidential in [false, true] {
        let mut grant =
            AuthorizationCodeGrant::new(fixture::INTEGRATION_KEY, fixture::REDIRECT_URI).unwrap();
        if confidential {
            grant = grant.with_client_secret(fixture::CLIENT_SECRET).unwrap();
        }
        // A public client proves itself with PKCE, a confidential one with
        // its secret.
        let pkce = Pkce::generate().unwrap();
        let challenge = (!confidential).then_some(&pkce);
        let url = grant.authorization_url(&env, Some("st4te"), challenge);
        let (code, state) = authorize(&url);
        assert_eq!(state.as_deref(), Some("st4te"));
        let verifier = (!confidential).then(|| pkce.verifier().expose().to_owned());
        let creds = Client::exchange_authorization_code(
            &env,
            grant,
            &code,
            verifier.as_deref(),
            &options(&mock),
        )
        .unwrap();
        let before = mock.counters().token_requests;
        let client = Client::new(
            env.clone(),
            Credentials::authorization_code(creds),
            options(&mock),
        )
        .unwrap();
        assert_eq!(client.get("").unwrap().status(), 200);
        assert_eq!(
            mock.counters().token_requests,
            before,
            "exchange token reused"
        );
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(client.get("").unwrap().status(), 200);
        assert_eq!(mock.counters().token_requests, before + 1, "refreshed once");
        assert!(client.token().unwrap().refresh_token.is_some());
    }
}

#[test]
fn a_used_code_cannot_be_exchanged_twice() {
    let mock = mock();
    let env = dsauth::Environment::custom(&mock.http_url()).unwrap();
    let grant = AuthorizationCodeGrant::new(fixture::INTEGRATION_KEY, fixture::REDIRECT_URI)
        .unwrap()
        .with_client_secret(fixture::CLIENT_SECRET)
        .unwrap();
    let (code, _) = authorize(&grant.authorization_url(&env, None, None));
    Client::exchange_authorization_code(&env, grant.clone(), &code, None, &options(&mock)).unwrap();
    let err =
        Client::exchange_authorization_code(&env, grant, &code, None, &options(&mock)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OAuth);
}

#[test]
fn tokens_never_appear_in_debug_or_errors() {
    let mock = mock();
    let client = jwt_client(&mock);
    let token = client.token().unwrap();
    let secret = token.access_token.expose().to_owned();
    let shown = format!("{token:?} {client:?} {:?}", client.credentials());
    assert!(!shown.contains(&secret));
    mock.revoke_tokens();
    let path = format!("/restapi/v2.1/accounts/{}", fixture::ACCOUNT_GUID);
    mock.inject_fault(Fault {
        times: 0,
        ..Fault::new(&path, FaultKind::Drop)
    });
    let err = client.get("").unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret));
}

#[test]
fn a_failed_token_request_does_not_burn_the_polling_guard() {
    let mock = mock();
    mock.set_token_lifetime(Duration::from_secs(2));
    let client = jwt_client(&mock);
    client.account().unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    mock.set_consent(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID, false);
    let path = format!("/envelopes/{}", fixture::ENVELOPE_ID);
    assert_eq!(kind(client.get(&path)), ErrorKind::ConsentRequired);
    mock.set_consent(fixture::INTEGRATION_KEY, fixture::ALICE_USER_ID, true);
    assert_eq!(client.get(&path).unwrap().status(), 200);
}

#[test]
fn a_huge_expires_in_does_not_break_the_client() {
    let mock = mock();
    mock.set_token_lifetime(Duration::from_secs(u32::MAX as u64 * 1000));
    let client = jwt_client(&mock);
    client.get("").unwrap();
    client.get("").unwrap();
    assert_eq!(mock.counters().token_requests, 1);
}
