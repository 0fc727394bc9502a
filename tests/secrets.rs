//! No secret reaches Debug, Display or an error message.

mod common;

use dsauth::headers::{render, HeaderFormat};
use dsauth::{soap, Credentials, Error};

const PASSWORD: &str = "Sup3r-S3cret-Passw0rd";
const TOKEN: &str = "eyJTOKENSECRETVALUE.abcdef";

fn assert_clean(text: &str) {
    for secret in [PASSWORD, TOKEN, "Sup3r", "TOKENSECRET"] {
        assert!(!text.contains(secret), "secret leaked into: {text}");
    }
}

fn shown_error(err: &Error) -> String {
    format!("{err} | {err:?} | {err:#?}")
}

#[test]
fn invalid_fields_never_echo_the_value() {
    let bad_passwords = [
        format!("{PASSWORD}\n"),
        format!(" {PASSWORD}"),
        format!("{PASSWORD}\0x"),
        format!("{PASSWORD}\u{FFFF}"),
        PASSWORD.repeat(500),
    ];
    for password in &bad_passwords {
        let err = Credentials::legacy("ik", "user@example.com", password, None).unwrap_err();
        assert_clean(&shown_error(&err));
    }
    for token in [
        format!("{TOKEN} x"),
        format!("{TOKEN}\r\n"),
        TOKEN.repeat(2000),
    ] {
        assert_clean(&shown_error(
            &Credentials::access_token(&token).unwrap_err(),
        ));
    }
}

#[test]
fn credentials_headers_and_errors_are_redacted() {
    let legacy = Credentials::legacy("ik", "user@example.com", PASSWORD, Some("bob")).unwrap();
    let token = Credentials::access_token(TOKEN).unwrap();
    assert_clean(&format!("{legacy:?} {legacy:#?} {token:?} {token:#?}"));
    for (creds, format) in [
        (&legacy, HeaderFormat::Json),
        (&legacy, HeaderFormat::Xml),
        (&token, HeaderFormat::Bearer),
    ] {
        let header = render(creds, format).unwrap();
        assert_clean(&format!("{header:?} {:?}", header.line()));
    }
    assert_clean(&format!("{:?}", soap::security_header(&legacy).unwrap()));
    for err in [
        render(&legacy, HeaderFormat::Bearer).unwrap_err(),
        render(&token, HeaderFormat::Json).unwrap_err(),
        soap::username(&token).unwrap_err(),
    ] {
        assert_clean(&shown_error(&err));
    }
}

#[test]
fn client_and_call_errors_are_redacted() {
    let mock = common::mock();
    let creds = Credentials::legacy(
        dsauth_mock::fixture::INTEGRATION_KEY,
        dsauth_mock::fixture::ALICE_EMAIL,
        PASSWORD,
        None,
    )
    .unwrap();
    let client = common::client_with(&mock, true, creds, common::options(&mock));
    assert_clean(&format!("{client:?}"));
    assert_clean(&shown_error(&client.account().unwrap_err()));
    let err = client
        .soap_call(
            dsauth::SoapEndpoint::Api,
            "Ping",
            "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>",
        )
        .unwrap_err();
    assert_clean(&shown_error(&err));

    let token = Credentials::access_token(TOKEN).unwrap();
    let client = common::client_with(&mock, true, token, common::options(&mock));
    assert_clean(&format!("{client:?}"));
    let err = client
        .get(&format!("{}/restapi/v2.1/accounts/1", mock.https_url()))
        .unwrap_err();
    assert_clean(&shown_error(&err));
}

#[test]
fn urls_with_passwords_are_redacted() {
    let mut options = dsauth::ClientOptions::default();
    options.proxy = dsauth::client::Proxy::Url(format!("http://user:{PASSWORD}@proxy:3128"));
    assert_clean(&format!("{options:?}"));
    let err =
        dsauth::Environment::custom(&format!("https://user:{PASSWORD}@example.com")).unwrap_err();
    assert_clean(&shown_error(&err));
    let err =
        dsauth::Environment::custom(&format!("http://user:{PASSWORD}@example.com")).unwrap_err();
    assert_clean(&shown_error(&err));
}
