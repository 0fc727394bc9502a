//! Credentials checks: the legacy `X-DocuSign-Authentication` header (JSON
//! and XML forms), bearer tokens, and the user/key lookups they share.

use crate::config::{IntegrationKey, User};
use crate::server::Shared;

/// The fields of a legacy header, as sent (not trimmed).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LegacyFields {
    pub username: Option<String>,
    pub password: Option<String>,
    pub integrator_key: Option<String>,
    pub send_on_behalf_of: Option<String>,
}

/// Parses the header value: JSON object or `<DocuSignCredentials>` XML, any
/// member order, escapes decoded by the parsers. `Err` = not parseable.
pub fn parse_legacy(value: &str) -> Result<LegacyFields, String> {
    let v = value.trim_start();
    let mut f = LegacyFields::default();
    if v.starts_with('{') {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(value).map_err(|e| format!("invalid JSON: {e}"))?;
        for (k, val) in map {
            let slot = match k.as_str() {
                "Username" => &mut f.username,
                "Password" => &mut f.password,
                "IntegratorKey" => &mut f.integrator_key,
                "SendOnBehalfOf" => &mut f.send_on_behalf_of,
                _ => continue,
            };
            match val {
                serde_json::Value::String(s) => *slot = Some(s),
                serde_json::Value::Null => {}
                _ => return Err(format!("{k} must be a string")),
            }
        }
        Ok(f)
    } else if v.starts_with('<') {
        let doc = roxmltree::Document::parse(value).map_err(|e| format!("invalid XML: {e}"))?;
        let root = doc.root_element();
        if root.tag_name().name() != "DocuSignCredentials" {
            return Err("root element must be DocuSignCredentials".into());
        }
        for child in root.children().filter(|n| n.is_element()) {
            let name = child.tag_name().name();
            let slot = match name {
                "Username" => &mut f.username,
                "Password" => &mut f.password,
                "IntegratorKey" => &mut f.integrator_key,
                "SendOnBehalfOf" => &mut f.send_on_behalf_of,
                _ => continue,
            };
            if slot.is_some() {
                return Err(format!("duplicate element {name}"));
            }
            if child.children().any(|n| n.is_element()) {
                return Err(format!("element {name} must contain text only"));
            }
            let text: String = child
                .children()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            *slot = Some(text);
        }
        Ok(f)
    } else {
        Err("neither JSON nor XML".into())
    }
}

/// Why a credential check failed; rendered per API (REST JSON, SOAP fault,
/// OAuth error) by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No credentials at all.
    NoCredentials,
    /// Header present but unparseable.
    Malformed,
    /// IntegratorKey missing or empty.
    KeyMissing,
    /// Key unknown, disabled, or demo-only in production.
    KeyUnknown,
    /// Username/password wrong (or user disabled).
    UserFailed,
    /// SendOnBehalfOf names no known user.
    SoboUnknown,
    /// Bearer token unknown, expired or revoked.
    InvalidToken,
}

impl AuthFailure {
    pub fn rest_parts(self) -> (u16, &'static str, &'static str) {
        match self {
            AuthFailure::NoCredentials => (
                401,
                "PARTNER_AUTHENTICATION_FAILED",
                "The specified Integrator Key was not found or is disabled. An Integrator key was not specified.",
            ),
            AuthFailure::Malformed => (
                401,
                "PARTNER_AUTHENTICATION_FAILED",
                "The specified Integrator Key was not found or is disabled. Invalid authentication header.",
            ),
            AuthFailure::KeyMissing => (
                401,
                "PARTNER_AUTHENTICATION_FAILED",
                "An Integrator key was not specified.",
            ),
            AuthFailure::KeyUnknown => (
                401,
                "PARTNER_AUTHENTICATION_FAILED",
                "The specified Integrator Key was not found or is disabled.",
            ),
            AuthFailure::UserFailed => (
                401,
                "USER_AUTHENTICATION_FAILED",
                "One or both of Username and Password are invalid.",
            ),
            AuthFailure::SoboUnknown => (
                400,
                "USER_DOES_NOT_EXIST_IN_SYSTEM",
                "The user specified in SendOnBehalfOf does not exist in the system.",
            ),
            AuthFailure::InvalidToken => (
                401,
                "AUTHORIZATION_INVALID_TOKEN",
                "The access token provided is expired, revoked or malformed.",
            ),
        }
    }
}

/// Who a request acts as.
#[derive(Debug, Clone)]
pub struct Principal {
    /// Integration key, as configured.
    pub key: String,
    /// The user the request acts as (SendOnBehalfOf applied).
    pub user: User,
}

/// A usable integration key: known, enabled, and not demo-only in production.
pub fn find_key<'a>(shared: &'a Shared, key: &str) -> Option<&'a IntegrationKey> {
    shared
        .config
        .integration_keys
        .iter()
        .find(|k| k.key.eq_ignore_ascii_case(key))
        .filter(|k| !(k.disabled || (k.demo_only && shared.config.production)))
}

/// A user by email (case-insensitive) or user id.
pub fn find_user<'a>(shared: &'a Shared, name: &str) -> Option<&'a User> {
    shared
        .config
        .users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(name) || u.user_id.eq_ignore_ascii_case(name))
}

/// Checks legacy credentials.
pub fn check_legacy(shared: &Shared, f: &LegacyFields) -> Result<Principal, AuthFailure> {
    let key = match f.integrator_key.as_deref() {
        None | Some("") => return Err(AuthFailure::KeyMissing),
        Some(k) => k,
    };
    let key = find_key(shared, key).ok_or(AuthFailure::KeyUnknown)?;
    let (Some(username), Some(password)) = (f.username.as_deref(), f.password.as_deref()) else {
        return Err(AuthFailure::UserFailed);
    };
    let user = find_user(shared, username)
        .filter(|u| !u.disabled && u.password == password)
        .ok_or(AuthFailure::UserFailed)?;
    let user = match f.send_on_behalf_of.as_deref() {
        None => user,
        Some(sobo) => find_user(shared, sobo)
            .filter(|u| !u.disabled)
            .ok_or(AuthFailure::SoboUnknown)?,
    };
    Ok(Principal {
        key: key.key.clone(),
        user: user.clone(),
    })
}

/// Checks a bearer token on the mock clock.
pub fn check_bearer(shared: &Shared, token: &str) -> Result<Principal, AuthFailure> {
    let info = {
        let st = shared.state();
        let now = st.now_ms();
        st.tokens
            .get(token)
            .filter(|t| t.expires_ms > now)
            .cloned()
            .ok_or(AuthFailure::InvalidToken)?
    };
    let user = find_user(shared, &info.user_id)
        .filter(|u| !u.disabled)
        .ok_or(AuthFailure::InvalidToken)?;
    Ok(Principal {
        key: info.key,
        user: user.clone(),
    })
}

/// The bearer token of an `Authorization` header, if it is one.
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, rest) = authorization.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// REST and dsapi.asmx: `Authorization: Bearer` if present, else the legacy header.
pub fn authenticate(
    shared: &Shared,
    req: &crate::http::Request,
    allow_bearer: bool,
) -> Result<Principal, AuthFailure> {
    if allow_bearer {
        if let Some(a) = req.header("authorization") {
            return match bearer_token(a) {
                Some(t) => check_bearer(shared, t),
                None => Err(AuthFailure::InvalidToken),
            };
        }
    }
    let Some(h) = req.header("x-docusign-authentication") else {
        return Err(AuthFailure::NoCredentials);
    };
    let fields = parse_legacy(h).map_err(|_| AuthFailure::Malformed)?;
    check_legacy(shared, &fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_xml_forms() {
        let j =
            parse_legacy(r#"{"Password":"p\"\u0041","IntegratorKey":"k","Username":"u"}"#).unwrap();
        assert_eq!(j.password.as_deref(), Some("p\"A"));
        assert_eq!(j.username.as_deref(), Some("u"));
        let x = parse_legacy(
            "<DocuSignCredentials><IntegratorKey>k</IntegratorKey><Password>a&amp;&#x3C;b</Password><Username>u</Username></DocuSignCredentials>",
        )
        .unwrap();
        assert_eq!(x.password.as_deref(), Some("a&<b"));
        assert_eq!(x.integrator_key.as_deref(), Some("k"));
        assert!(parse_legacy("Username=u").is_err());
        assert!(parse_legacy("<Other/>").is_err());
        assert!(parse_legacy("<DocuSignCredentials><Username>a</Username><Username>b</Username></DocuSignCredentials>").is_err());
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
    }
}
