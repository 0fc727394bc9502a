//! Sending: a REST request's URL and headers, the polling guard around it,
//! and the loop that takes a slot of the account's rate budget for each
//! attempt, authenticates it, replaces a refused token once and waits out
//! rate limits.

use std::borrow::Cow;
use std::time::Duration;

use super::header_rules::{check_request_headers, has_header};
use super::polling::{Poll, PollingGuard};
use super::rate_limit::RateLimit;
use super::request::{Method, Request};
use super::response::Response;
use super::routing::{account_of, account_relative_path};
use super::{api_error, cancel, rate_limit, tokens, Inner};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::headers::Header;
use crate::shared_state::StateKey;

/// How often a call waiting for a slot of a spent budget looks again.
const SLOT_RECHECK: Duration = Duration::from_millis(500);

impl Inner {
    /// See [`super::Client::send`].
    pub(super) fn send(&self, request: &Request) -> Result<Response> {
        check_request_headers(&request.headers, request.body.is_some())?;
        let url = self.url_for(&request.path)?;
        let poll = match (request.method, account_of(&url)) {
            (Method::Get, Some(account)) if self.options.polling_guard != PollingGuard::Off => {
                let account: Vec<&str> = account.iter().map(String::as_str).collect();
                account_relative_path(&url)
                    .and_then(|path| Poll::of(&account, &path, &request.query))
            }
            _ => None,
        };
        let full_url = format!("{url}{}", crate::url::query_string(&request.query));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if !has_header(&request.headers, "accept") {
            headers.push(("Accept", "application/json"));
        }
        if let Some((_, content_type)) = &request.body {
            headers.push(("Content-Type", content_type));
        }
        headers.extend(
            request
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        );
        let body = request.body.as_ref().map(|(bytes, _)| bytes.as_slice());
        // The guard records the poll only once the request is about to go
        // out: a failure to get a token first sends nothing and counts
        // nothing.
        let state = self.options.state();
        let mode = self.options.polling_guard;
        let shown = || crate::url::without_query_values(&full_url);
        let before_send = || match &poll {
            Some(poll) => poll.check_and_record(state, mode, &shown()),
            None => Ok(()),
        };
        let result = self.execute(request.method, &full_url, &headers, body, &before_send);
        if let (Err(err), Some(poll)) = (&result, &poll) {
            if never_reached_server(err) {
                poll.forget(state);
            }
        }
        result
    }

    /// Sends with the auth header. A request below an account first takes
    /// a slot of the account's rate budget (waiting for the reset within the
    /// configured maximum wait, else failing without sending). A 401 to an
    /// OAuth token that dsauth obtained itself drops the token and retries
    /// once with a new one; a rate-limited idempotent call is retried within
    /// the configured maximum wait. A cancelled call ([`super::Cancel`])
    /// stops waiting at once and sends nothing more.
    /// `before_send` runs once, right before the first attempt goes out.
    pub(super) fn execute(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        before_send: &dyn Fn() -> Result<()>,
    ) -> Result<Response> {
        let budget = account_of(url).map(|[origin, id]| StateKey::new(&["rate", &origin, &id]));
        let mut waited = Duration::ZERO;
        let mut renewed = false;
        let mut first = true;
        // After DocuSign itself refused for a rate limit and said when to
        // come back, the retry goes out at that time without asking the
        // local budget, whose window may be longer than DocuSign's.
        let mut told_when = false;
        loop {
            let auth = self.auth_header()?;
            // A call cancelled while it got a token or waited sends nothing more.
            cancel::check()?;
            if std::mem::take(&mut first) {
                before_send()?;
            }
            let slot = match &budget {
                Some(key) if !std::mem::take(&mut told_when) => {
                    self.take_slot(key, &mut waited)?;
                    Some(key)
                }
                _ => None,
            };
            let mut all = Vec::with_capacity(headers.len() + 1);
            all.push((auth.name(), auth.value()));
            all.extend_from_slice(headers);
            let secrets = || {
                let mut redactor = self.redactor();
                redactor.add(auth.value());
                redactor
            };
            let sent = self.transport.send(method, url, &all, body, &secrets);
            if let Ok(response) = &sent {
                self.clock.observe(response);
            }
            if let Some(key) = slot {
                let seen = sent
                    .as_ref()
                    .map_or(RateLimit::default(), Response::rate_limit);
                let state = self.options.state();
                state.learn(key, &seen, self.options.rate_reserve);
            }
            let response = sent?;
            if (200..300).contains(&response.status) {
                return Ok(response);
            }
            if response.status == 401 && !renewed && tokens::renews(&self.credentials) {
                // Refused before it was processed: safe to resend, even a POST.
                log::info!(
                    "{} {}: 401 to the access token; renewing it and resending once",
                    method.as_str(),
                    crate::url::without_query_values(url)
                );
                self.token_refused(auth.value());
                renewed = true;
                continue;
            }
            let error = self.api_error(&response, auth.value());
            let max_wait = self.options.rate_limit_max_wait;
            let now = self.clock.now();
            match rate_limit::retry_wait(max_wait, method, &error, waited, now) {
                Some(wait) => {
                    let reason = match &error {
                        Error::Api(api) => api.error_code.as_str(),
                        other => other.kind().name(),
                    };
                    log_wait(
                        wait,
                        format_args!(
                            "{} {}: rate limited ({}); waiting {} s for the reset, then retrying",
                            method.as_str(),
                            crate::url::without_query_values(url),
                            reason,
                            wait.as_secs()
                        ),
                    );
                    cancel::sleep(wait)?;
                    waited = waited.saturating_add(wait);
                    told_when = true;
                }
                None => return Err(error),
            }
        }
    }

    /// Takes a slot of the rate budget `key`. A spent budget is waited out
    /// when its reset comes within the maximum wait (counting `waited`),
    /// looking again every [`SLOT_RECHECK`]: answers to requests still in
    /// flight may free slots before the reset. Otherwise the call fails with
    /// a rate-limit error, unsent.
    fn take_slot(&self, key: &StateKey, waited: &mut Duration) -> Result<()> {
        let mut announced = false;
        loop {
            let now = self.clock.now();
            let Err(refused) = self.options.state().take_slot(key, now) else {
                return Ok(());
            };
            let until_reset = Duration::from_secs(refused.reset_at.saturating_sub(now).max(1));
            match self.options.rate_limit_max_wait {
                Some(max) if waited.saturating_add(until_reset) <= max => {
                    if !std::mem::replace(&mut announced, true) {
                        log_wait(
                            until_reset,
                            format_args!(
                                "the account's {:?} rate budget is spent; waiting up to {} s \
                                 for its reset",
                                refused.window,
                                until_reset.as_secs()
                            ),
                        );
                    }
                    let nap = until_reset.min(SLOT_RECHECK);
                    cancel::sleep(nap)?;
                    *waited = waited.saturating_add(nap);
                }
                _ => {
                    log::info!(
                        "the account's {:?} rate budget is spent until {}; refused unsent",
                        refused.window,
                        refused.reset_at
                    );
                    return Err(api_error::refused_locally(refused));
                }
            }
        }
    }

    /// The typed error for a REST answer (not SOAP: see `crate::soap`) to
    /// a request sent with the `Authorization` value `auth`.
    fn api_error(&self, response: &Response, auth: &str) -> Error {
        let legacy = matches!(self.credentials, Credentials::Legacy(_));
        let mut redactor = self.redactor();
        redactor.add(auth);
        let production = self.environment.is_production();
        api_error::from_response(response, &redactor, production, legacy, None)
    }

    /// The authentication header for the next request.
    /// Legacy and ready-token headers never change: rendered once, when the
    /// client is built.
    fn auth_header(&self) -> Result<Cow<'_, Header>> {
        match &self.fixed_auth {
            Some(header) => Ok(Cow::Borrowed(header)),
            None => Ok(Cow::Owned(Header::bearer(self.token()?.authorization()))),
        }
    }
}

/// Logs a rate-limit wait before it starts: at INFO when it is longer than
/// a second (the caller will notice), else at DEBUG.
fn log_wait(wait: Duration, message: std::fmt::Arguments<'_>) {
    let level = if wait > Duration::from_secs(1) {
        log::Level::Info
    } else {
        log::Level::Debug
    };
    log::log!(level, "{message}");
}

/// True for failures where the request certainly never reached DocuSign:
/// it was refused here (an argument or URL the HTTP layer will not send,
/// such as a URI over 64 KiB), could not be delivered, or the rate budget
/// kept it back.
fn never_reached_server(error: &Error) -> bool {
    match error {
        Error::Api(api) => api.status == 0,
        _ => matches!(
            error.kind(),
            ErrorKind::InvalidArgument
                | ErrorKind::InvalidUrl
                | ErrorKind::InsecureUrl
                | ErrorKind::Dns
                | ErrorKind::Connect
                | ErrorKind::Tls
                | ErrorKind::Proxy
        ),
    }
}
