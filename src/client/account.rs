//! Account discovery for legacy credentials: `login_information`.

use crate::environment::check_base_url;
use crate::error::{Error, Result};

/// The DocuSign account calls are made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account id used in REST paths.
    pub account_id: String,
    /// The account's name.
    pub name: String,
    /// The REST base of the account's host, e.g. `https://na3.docusign.net/restapi`.
    pub rest_base: String,
    /// True for the user's default account.
    pub is_default: bool,
}

/// Parses `GET /restapi/v2/login_information` (`loginAccounts[]` with
/// `accountId`, `baseUrl`, `isDefault` as "true"/"false", `name`).
pub fn parse_login_information(body: &[u8], url: &str) -> Result<Vec<Account>> {
    let malformed = |reason: String| Error::malformed(url, &reason, None);
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("login_information is not JSON: {e}")))?;
    let list = value
        .get("loginAccounts")
        .and_then(|v| v.as_array())
        .ok_or_else(|| malformed("login_information has no loginAccounts array".into()))?;
    list.iter()
        .map(|entry| {
            let text = |name: &str| entry.get(name).and_then(|v| v.as_str());
            let account_id = text("accountId")
                .filter(|id| !id.is_empty())
                .ok_or_else(|| malformed("a login account has no accountId".into()))?;
            let base_url = text("baseUrl")
                .ok_or_else(|| malformed(format!("account {account_id} has no baseUrl")))?;
            Ok(Account {
                account_id: account_id.to_owned(),
                name: text("name").unwrap_or_default().to_owned(),
                rest_base: rest_base_of(base_url)?,
                is_default: is_true(entry.get("isDefault")),
            })
        })
        .collect()
}

/// `true` or `"true"` (any case).
pub fn is_true(value: Option<&serde_json::Value>) -> bool {
    match value {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// `https://host/restapi/v2/accounts/123` → `https://host/restapi`,
/// checked like any base URL (https, or http to loopback).
fn rest_base_of(base_url: &str) -> Result<String> {
    let cut = base_url
        .find("/restapi")
        .map(|at| &base_url[..at + "/restapi".len()])
        .ok_or_else(|| Error::InvalidUrl {
            url: base_url.to_owned(),
            reason: "an account baseUrl must contain /restapi".into(),
        })?;
    check_base_url(cut)
}

/// What choosing an account needs to know of an entry of an account list
/// (`login_information` or `/oauth/userinfo`).
pub(crate) trait AccountEntry {
    fn id(&self) -> &str;
    fn is_default(&self) -> bool;
}

impl AccountEntry for Account {
    fn id(&self) -> &str {
        &self.account_id
    }

    fn is_default(&self) -> bool {
        self.is_default
    }
}

/// How many account ids an [`Error::AccountNotFound`] lists.
const MAX_IDS_SHOWN: usize = 20;

/// The configured account (ids compared case-insensitively, as GUIDs are),
/// else the default one, else the only one. [`Error::AccountNotFound`]
/// lists the ids available otherwise.
pub(crate) fn choose<'a, A: AccountEntry>(
    accounts: &'a [A],
    configured: Option<&str>,
) -> Result<&'a A> {
    let ids = || {
        let mut shown = accounts
            .iter()
            .take(MAX_IDS_SHOWN)
            .map(|a| crate::redact::cap(a.id()).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        if accounts.len() > MAX_IDS_SHOWN {
            shown.push_str(&format!(" and {} more", accounts.len() - MAX_IDS_SHOWN));
        }
        shown
    };
    if accounts.is_empty() {
        return Err(Error::AccountNotFound(
            "the user belongs to no DocuSign account".into(),
        ));
    }
    match configured {
        Some(id) => accounts
            .iter()
            .find(|a| a.id().eq_ignore_ascii_case(id))
            .ok_or_else(|| {
                Error::AccountNotFound(format!(
                    "account {id} is not one of the user's accounts (available: {})",
                    ids()
                ))
            }),
        None => accounts
            .iter()
            .find(|a| a.is_default())
            .or(match accounts {
                [only] => Some(only),
                _ => None,
            })
            .ok_or_else(|| {
                Error::AccountNotFound(format!(
                    "none of the user's accounts is marked default; configure one of: {}",
                    ids()
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const BODY: &str = r#"{"loginAccounts":[
        {"name":"A","accountId":"111","baseUrl":"https://na3.docusign.net/restapi/v2/accounts/111","isDefault":"false"},
        {"name":"B","accountId":"222","baseUrl":"https://eu1.docusign.net/restapi/v2/accounts/222","isDefault":"true"}]}"#;

    #[test]
    fn parses_and_chooses() {
        let accounts = parse_login_information(BODY.as_bytes(), "u").unwrap();
        assert_eq!(accounts.len(), 2);
        let default = choose(&accounts, None).unwrap();
        assert_eq!(default.account_id, "222");
        assert_eq!(default.rest_base, "https://eu1.docusign.net/restapi");
        assert_eq!(choose(&accounts, Some("111")).unwrap().name, "A");
        let err = choose(&accounts, Some("999")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccountNotFound);
        assert!(err.to_string().contains("111, 222"));
    }

    #[test]
    fn refuses_insecure_base_url() {
        let body = r#"{"loginAccounts":[{"accountId":"1","baseUrl":"http://evil.example/restapi/v2/accounts/1","isDefault":"true"}]}"#;
        let err = parse_login_information(body.as_bytes(), "u").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InsecureUrl);
    }
}
