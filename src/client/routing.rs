//! Request paths to URLs: below the account (`/envelopes`), below the REST
//! base (`/restapi/…`), or a full URL on a host the credentials may go to.

use super::Inner;
use crate::environment::{check_base_url, has_dot_segment};
use crate::error::{Error, Result};
use crate::url::origin;

impl Inner {
    /// The URL for a request path (see [`super::Request`] for the forms).
    /// Nothing with a `.` or `..` segment (also percent-encoded) leaves:
    /// a server would resolve it to another path than the one checked.
    pub(super) fn url_for(&self, path: &str) -> Result<String> {
        if path.chars().any(|c| c.is_control() || c == ' ') || path.contains(['?', '#']) {
            return Err(invalid_path(
                "a path has no spaces, control characters, query or fragment (use query parameters)",
            ));
        }
        if has_dot_segment(path) {
            return Err(invalid_path(
                "a path has no . or .. segments (also not percent-encoded)",
            ));
        }
        let url = self.route(path)?;
        // The account id and host come from discovery: checked here too.
        let after_origin = &url[origin(&url).len()..];
        if has_dot_segment(after_origin) {
            return Err(invalid_path(
                "the request URL would have a . or .. segment (from the discovered account)",
            ));
        }
        Ok(url)
    }

    fn route(&self, path: &str) -> Result<String> {
        if path.starts_with("https://") || path.starts_with("http://") {
            let url = check_base_url(path)?;
            let target = origin(&url);
            let env = &self.environment;
            let allowed = target == origin(env.base_url())
                || target == origin(env.account_server_url())
                || target == origin(&self.account()?.rest_base);
            if !allowed {
                return Err(invalid_path(
                    "a full URL must be on the environment's or the account's host; credentials are never sent elsewhere",
                ));
            }
            return Ok(url);
        }
        if !path.is_empty() && !path.starts_with('/') {
            return Err(invalid_path(
                "a path is empty (the account itself), starts with /, or is a full https URL",
            ));
        }
        let account = self.account()?;
        if let Some(below) = path.strip_prefix("/restapi") {
            return Ok(format!("{}{below}", account.rest_base));
        }
        Ok(format!(
            "{}/{}/accounts/{}{path}",
            account.rest_base,
            self.options.api_version,
            crate::url::encode(&account.account_id)
        ))
    }
}

fn invalid_path(reason: &str) -> Error {
    Error::InvalidArgument {
        name: "path",
        reason: reason.to_owned(),
    }
}

/// The account a REST URL is below: its origin and the `{id}` of
/// `/accounts/{id}`, lower-cased. What the account's rate budget and polling
/// marks are kept under.
pub(super) fn account_of(url: &str) -> Option<[String; 2]> {
    let (_, after) = url.split_once("/accounts/")?;
    let id = after.split('/').next().unwrap_or("");
    (!id.is_empty()).then(|| [origin(url).to_owned(), id.to_ascii_lowercase()])
}

/// The path below `/accounts/{id}` of a REST URL, lower-cased (GUIDs
/// compare without case), whichever form the request used.
pub(super) fn account_relative_path(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (_, after) = path.split_once("/accounts/")?;
    let below = after.find('/').map_or("", |slash| &after[slash..]);
    Some(below.to_ascii_lowercase())
}
