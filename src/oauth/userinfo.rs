//! `/oauth/userinfo`: the user and the accounts the token can reach, and
//! the choice of one account.

use serde_json::Value;

use crate::environment::check_base_url;
use crate::error::{Error, Result};
use crate::oauth::token::error_answer;
use crate::redact::Redactor;

/// What [`Error::Transport`] names as the URL when a userinfo answer is
/// malformed.
const USERINFO_ENDPOINT: &str = "/oauth/userinfo";

/// The user behind a token, from `/oauth/userinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    /// The user id (GUID).
    pub sub: String,
    /// The user's name (empty when not given).
    pub name: String,
    /// The user's email (empty when not given).
    pub email: String,
    /// The accounts the user belongs to.
    pub accounts: Vec<OAuthAccount>,
}

/// One account in a userinfo answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthAccount {
    /// The API account id (GUID).
    pub account_id: String,
    /// The account's name (empty when not given).
    pub account_name: String,
    /// True for the user's default account.
    pub is_default: bool,
    /// The account's host, e.g. `https://na3.docusign.net` (no trailing
    /// `/`; checked like every base URL: https, or http to loopback).
    pub base_uri: String,
}

impl OAuthAccount {
    /// The REST base of the account: `base_uri + "/restapi"`.
    pub fn rest_base(&self) -> String {
        format!("{}/restapi", self.base_uri)
    }
}

impl crate::client::account::AccountEntry for OAuthAccount {
    fn id(&self) -> &str {
        &self.account_id
    }

    fn is_default(&self) -> bool {
        self.is_default
    }
}

impl UserInfo {
    /// Parses the JSON of a 2xx userinfo answer. `is_default` may be a bool
    /// or the string `"true"`/`"false"` (any case). Anything else is an
    /// [`crate::ErrorKind::MalformedResponse`].
    pub fn from_json(body: &[u8]) -> Result<Self> {
        parse(body, None)
    }

    /// The configured account, else the default one; see
    /// [`choose_account`].
    pub fn choose_account(&self, configured: Option<&str>) -> Result<&OAuthAccount> {
        choose_account(&self.accounts, configured)
    }
}

/// Parses an answer of `/oauth/userinfo`: 2xx as [`UserInfo::from_json`],
/// other statuses as errors (an OAuth error body → [`Error::OAuth`],
/// otherwise [`Error::Api`]; a 401 means the token is invalid or expired).
pub fn parse_userinfo_response(
    status: u16,
    body: &[u8],
    trace_token: Option<&str>,
) -> Result<UserInfo> {
    if !(200..300).contains(&status) {
        return Err(error_answer(
            status,
            body,
            trace_token,
            None,
            &Redactor::new(),
        ));
    }
    parse(body, trace_token)
}

fn parse(body: &[u8], trace_token: Option<&str>) -> Result<UserInfo> {
    let bad = |reason: &str| Error::malformed(USERINFO_ENDPOINT, reason, trace_token);
    let root: Value =
        serde_json::from_slice(body).map_err(|_| bad("the userinfo answer is not JSON"))?;
    let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
    let sub = text(&root, "sub").ok_or_else(|| bad("the userinfo answer has no sub"))?;
    let accounts = root
        .get("accounts")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("the userinfo answer has no accounts array"))?;
    let mut out = Vec::with_capacity(accounts.len());
    for (i, account) in accounts.iter().enumerate() {
        let account_id = text(account, "account_id")
            .filter(|id| !id.is_empty())
            .ok_or_else(|| bad(&format!("account {i} has no account_id")))?;
        let is_default = match account.get("is_default") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
            Some(_) => {
                return Err(bad(&format!(
                    "account {account_id}: is_default is neither a bool nor \"true\"/\"false\""
                )))
            }
        };
        let base_uri = text(account, "base_uri")
            .ok_or_else(|| bad(&format!("account {account_id} has no base_uri")))?;
        let base_uri = check_base_url(&base_uri).map_err(|e| {
            bad(&format!(
                "account {account_id} has an unusable base_uri: {e}"
            ))
        })?;
        out.push(OAuthAccount {
            account_name: text(account, "account_name").unwrap_or_default(),
            account_id,
            is_default,
            base_uri,
        });
    }
    Ok(UserInfo {
        sub,
        name: text(&root, "name").unwrap_or_default(),
        email: text(&root, "email").unwrap_or_default(),
        accounts: out,
    })
}

/// Picks the account to use: the one whose id is `configured` (compared
/// case-insensitively, as GUIDs are), else the default account, else the
/// only account. [`Error::AccountNotFound`] lists the ids available
/// otherwise.
pub fn choose_account<'a>(
    accounts: &'a [OAuthAccount],
    configured: Option<&str>,
) -> Result<&'a OAuthAccount> {
    crate::client::account::choose(accounts, configured)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const BODY: &str = r#"{
        "sub": "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50",
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "email": "ada@example.com",
        "accounts": [
            {"account_id": "11111111-aaaa-4bbb-8ccc-000000000001", "is_default": false,
             "account_name": "Sandbox", "base_uri": "https://demo.docusign.net"},
            {"account_id": "22222222-aaaa-4bbb-8ccc-000000000002", "is_default": "true",
             "account_name": "Main", "base_uri": "https://na3.docusign.net/",
             "organization": {"organization_id": "x"}},
            {"account_id": "33333333-aaaa-4bbb-8ccc-000000000003", "is_default": "FALSE",
             "base_uri": "http://127.0.0.1:8080"}
        ]
    }"#;

    #[test]
    fn parses_both_is_default_forms() {
        let info = UserInfo::from_json(BODY.as_bytes()).unwrap();
        assert_eq!(info.sub, "4c8e2a9b-0d3f-4e51-8a6c-2b7d9e1f3a50");
        assert_eq!(info.name, "Ada Lovelace");
        assert_eq!(info.email, "ada@example.com");
        let defaults: Vec<bool> = info.accounts.iter().map(|a| a.is_default).collect();
        assert_eq!(defaults, [false, true, false]);
        assert_eq!(info.accounts[1].account_name, "Main");
        assert_eq!(info.accounts[2].account_name, "");
        assert_eq!(
            info.accounts[1].rest_base(),
            "https://na3.docusign.net/restapi"
        );
        assert_eq!(
            info.accounts[2].rest_base(),
            "http://127.0.0.1:8080/restapi"
        );
        let with_bool = BODY.replace(r#""is_default": "true""#, r#""is_default": true"#);
        let info2 = UserInfo::from_json(with_bool.as_bytes()).unwrap();
        assert_eq!(info, info2);
    }

    #[test]
    fn chooses_accounts() {
        let info = UserInfo::from_json(BODY.as_bytes()).unwrap();
        assert_eq!(
            info.choose_account(None).unwrap().account_id,
            "22222222-aaaa-4bbb-8ccc-000000000002"
        );
        assert_eq!(
            info.choose_account(Some("33333333-AAAA-4bbb-8ccc-000000000003"))
                .unwrap()
                .account_name,
            ""
        );
        let e = info.choose_account(Some("nope")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AccountNotFound);
        assert!(e.to_string().contains("account nope is not one of the user's accounts (available: 11111111-aaaa-4bbb-8ccc-000000000001, 22222222-"), "{e}");
        let mut none_default = info.accounts.clone();
        none_default[1].is_default = false;
        let e = choose_account(&none_default, None).unwrap_err();
        assert!(
            e.to_string()
                .contains("none of the user's accounts is marked default"),
            "{e}"
        );
        assert_eq!(
            choose_account(&none_default[..1], None)
                .unwrap()
                .account_name,
            "Sandbox"
        );
        assert_eq!(
            choose_account(&[], None).unwrap_err().kind(),
            ErrorKind::AccountNotFound
        );
    }

    #[test]
    fn malformed_and_errors() {
        let bad = |body: &str, needle: &str| {
            let e = parse_userinfo_response(200, body.as_bytes(), Some("t-9")).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedResponse);
            assert!(e.to_string().contains(needle), "{e}");
            assert!(e.to_string().contains("t-9"), "{e}");
        };
        bad("nope", "not JSON");
        bad(r#"{"accounts":[]}"#, "no sub");
        bad(r#"{"sub":"u"}"#, "no accounts array");
        bad(
            r#"{"sub":"u","accounts":[{"base_uri":"https://x"}]}"#,
            "account 0 has no account_id",
        );
        bad(
            r#"{"sub":"u","accounts":[{"account_id":"a"}]}"#,
            "account a has no base_uri",
        );
        bad(
            r#"{"sub":"u","accounts":[{"account_id":"a","is_default":"yes","base_uri":"https://x"}]}"#,
            "is_default",
        );
        bad(
            r#"{"sub":"u","accounts":[{"account_id":"a","base_uri":"http://evil.example"}]}"#,
            "unusable base_uri",
        );
        let ok = parse_userinfo_response(200, br#"{"sub":"u","accounts":[]}"#, None).unwrap();
        assert!(ok.accounts.is_empty() && ok.name.is_empty());
        let e =
            parse_userinfo_response(401, br#"{"error":"invalid_token"}"#, Some("t")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OAuth);
        let Error::OAuth(o) = e else { panic!() };
        assert_eq!((o.status, o.error.as_str()), (401, "invalid_token"));
    }
}
