//! Which account calls are made for, and who the OAuth user is: asked of
//! DocuSign once (`login_information` for legacy credentials,
//! `/oauth/userinfo` for OAuth) and kept in [`Discovered`]. The userinfo
//! answer is also shared through the client's `SharedState`.

use std::sync::Mutex;
use std::time::Duration;

use super::account::{self, Account};
use super::request::Method;
use super::response::Response;
use super::Inner;
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::oauth::{self, UserInfo};
use crate::shared_state::StateKey;

/// How long a shared userinfo answer is reused.
const USERINFO_TTL: Duration = Duration::from_secs(3600);

/// What discovery found. A slot's lock is held while it is filled, so
/// concurrent first calls ask DocuSign once.
#[derive(Default)]
pub(super) struct Discovered {
    account: Mutex<Option<Account>>,
    user_info: Mutex<Option<UserInfo>>,
}

impl Discovered {
    /// The account, from `discover` the first time.
    pub fn account(&self, discover: impl FnOnce() -> Result<Account>) -> Result<Account> {
        cached(&self.account, discover)
    }

    /// The userinfo, from `fetch` the first time.
    pub fn user_info(&self, fetch: impl FnOnce() -> Result<UserInfo>) -> Result<UserInfo> {
        cached(&self.user_info, fetch)
    }
}

fn cached<T: Clone>(slot: &Mutex<Option<T>>, fill: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = &*slot {
        return Ok(value.clone());
    }
    let value = fill()?;
    *slot = Some(value.clone());
    Ok(value)
}

impl Inner {
    /// See [`super::Client::account`].
    pub(super) fn account(&self) -> Result<Account> {
        self.discovered.account(|| self.discover())
    }

    /// See [`super::Client::user_info`].
    pub(super) fn user_info(&self) -> Result<UserInfo> {
        if !self.credentials.is_oauth() {
            return Err(Error::WrongCredentialKind {
                operation: "userinfo",
                needed: "OAuth",
                actual: self.credentials.kind_name(),
            });
        }
        self.discovered.user_info(|| {
            let url = oauth::userinfo_url(&self.environment);
            let state = self.options.state();
            let json = state.userinfo_or_fetch(
                &self.userinfo_key()?,
                USERINFO_TTL,
                self.lock_ttl(),
                || {
                    let response = self.get_json(&url)?;
                    let body = &response.body;
                    oauth::parse_userinfo_response(response.status, body, response.trace_token())
                        .map_err(|e| e.with_url(&url))?;
                    // Parsed as JSON above: UTF-8.
                    Ok(String::from_utf8_lossy(body).into_owned())
                },
            )?;
            oauth::parse_userinfo_response(200, json.as_bytes(), None).map_err(|e| e.with_url(&url))
        })
    }

    /// Where the userinfo answer is shared: under the JWT grant's user, or
    /// under the access token it was asked with (hashed by [`StateKey`]).
    fn userinfo_key(&self) -> Result<StateKey> {
        let server = self.environment.account_server_url();
        Ok(match &self.credentials {
            Credentials::Jwt(grant) => StateKey::new(&[
                "userinfo",
                server,
                &grant.integration_key().to_ascii_lowercase(),
                &grant.user_id().to_ascii_lowercase(),
            ]),
            Credentials::AccessToken(token) => {
                StateKey::new(&["userinfo by token", server, token.value()])
            }
            _ => StateKey::new(&[
                "userinfo by token",
                server,
                self.token()?.access_token.expose(),
            ]),
        })
    }

    /// The account to use, its host checked by the host policy (see
    /// [`crate::Environment::check_discovered`]) unless the options follow
    /// any discovered host.
    fn discover(&self) -> Result<Account> {
        let account = self.discover_any()?;
        if !self.options.follow_discovered_hosts {
            self.environment.check_discovered(&account.rest_base)?;
        }
        log::info!(
            "account {} ({}) at {}: {}",
            account.account_id,
            account.name,
            account.rest_base,
            if self.options.account_id.is_some() {
                "the configured one"
            } else {
                "the user's default"
            }
        );
        Ok(account)
    }

    fn discover_any(&self) -> Result<Account> {
        let configured = self.options.account_id.as_deref();
        log::debug!(
            "discovering the account through {}",
            if self.credentials.is_oauth() {
                "/oauth/userinfo"
            } else {
                "login_information"
            }
        );
        if self.credentials.is_oauth() {
            let info = self.user_info()?;
            let chosen = info.choose_account(configured)?;
            return Ok(Account {
                account_id: chosen.account_id.clone(),
                name: chosen.account_name.clone(),
                rest_base: chosen.rest_base(),
                is_default: chosen.is_default,
            });
        }
        let url = format!("{}/v2/login_information", self.environment.rest_base());
        let response = self.get_json(&url)?;
        let accounts = account::parse_login_information(&response.body, &url)?;
        account::choose(&accounts, configured).cloned()
    }

    /// An authenticated GET of a full URL expecting JSON.
    fn get_json(&self, url: &str) -> Result<Response> {
        let accept = [("Accept", "application/json")];
        self.execute(Method::Get, url, &accept, None, &|| Ok(()))
    }
}
