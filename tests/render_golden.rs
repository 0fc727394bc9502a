//! Each rendering against a hand-checked expected string.

use dsauth::headers::{render, HeaderFormat};
use dsauth::{soap, Credentials};

const IK: &str = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10";

fn legacy(password: &str, sobo: Option<&str>) -> Credentials {
    Credentials::legacy(IK, "alice@example.com", password, sobo).unwrap()
}

#[test]
fn json_plain() {
    let h = render(&legacy("s3cret", None), HeaderFormat::Json).unwrap();
    assert_eq!(h.name(), "X-DocuSign-Authentication");
    assert_eq!(
        h.value(),
        r#"{"Username":"alice@example.com","Password":"s3cret","IntegratorKey":"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10"}"#
    );
}

#[test]
fn json_escaped_with_send_on_behalf_of() {
    let h = render(
        &legacy(r#"a"b\c<d>&'é😀"#, Some("bob@example.com")),
        HeaderFormat::Json,
    )
    .unwrap();
    assert_eq!(
        h.value(),
        r#"{"Username":"alice@example.com","Password":"a\"b\\c<d>&'\u00e9\ud83d\ude00","IntegratorKey":"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10","SendOnBehalfOf":"bob@example.com"}"#
    );
    assert_eq!(
        h.line().expose(),
        format!("X-DocuSign-Authentication: {}", h.value())
    );
}

#[test]
fn xml_escaped_with_send_on_behalf_of() {
    let h = render(
        &legacy(r#"a"b\c<d>&'é😀"#, Some("bob@example.com")),
        HeaderFormat::Xml,
    )
    .unwrap();
    assert_eq!(h.name(), "X-DocuSign-Authentication");
    assert_eq!(
        h.value(),
        "<DocuSignCredentials><Username>alice@example.com</Username>\
         <Password>a&quot;b\\c&lt;d&gt;&amp;&apos;&#xe9;&#x1f600;</Password>\
         <IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>\
         <SendOnBehalfOf>bob@example.com</SendOnBehalfOf></DocuSignCredentials>"
    );
}

#[test]
fn bearer() {
    let token = Credentials::access_token("eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln").unwrap();
    let h = render(&token, HeaderFormat::Bearer).unwrap();
    assert_eq!(h.name(), "Authorization");
    assert_eq!(h.value(), "Bearer eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln");
    assert_eq!(
        h.line().expose(),
        "Authorization: Bearer eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln"
    );
}

#[test]
fn soap_username_and_security() {
    let creds = legacy("p<&>w", None);
    assert_eq!(
        soap::username(&creds).unwrap(),
        "[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]alice@example.com"
    );
    assert_eq!(
        soap::security_header(&creds).unwrap().expose(),
        "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">\
         <wsse:UsernameToken><wsse:Username>[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]alice@example.com</wsse:Username>\
         <wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">p&lt;&amp;&gt;w</wsse:Password>\
         </wsse:UsernameToken></wsse:Security>"
    );
}

#[test]
fn wrong_kind_is_refused() {
    let token = Credentials::access_token("abc").unwrap();
    fn kind<T>(r: Result<T, dsauth::Error>) -> dsauth::ErrorKind {
        r.map(|_| ()).unwrap_err().kind()
    }
    assert_eq!(
        kind(render(&token, HeaderFormat::Json)),
        dsauth::ErrorKind::WrongCredentialKind
    );
    assert_eq!(
        kind(render(&token, HeaderFormat::Xml)),
        dsauth::ErrorKind::WrongCredentialKind
    );
    assert_eq!(
        kind(soap::username(&token)),
        dsauth::ErrorKind::WrongCredentialKind
    );
    assert_eq!(
        kind(render(&legacy("p", None), HeaderFormat::Bearer)),
        dsauth::ErrorKind::WrongCredentialKind
    );
}
