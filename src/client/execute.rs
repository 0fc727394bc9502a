//! Sending: a REST request's URL and headers, the polling guard around it,
//! and the loop that authenticates each attempt, replaces a refused token
//! once and waits out rate limits.

use std::borrow::Cow;
use std::time::Duration;

use super::header_rules::{check_request_headers, has_header};
use super::polling::poll_key;
use super::request::{Method, Request};
use super::response::Response;
use super::routing::account_relative_path;
use super::{api_error, rate_limit, tokens, Inner};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::headers::Header;

impl Inner {
    /// See [`super::Client::send`].
    pub(super) fn send(&self, request: &Request) -> Result<Response> {
        check_request_headers(&request.headers, request.body.is_some())?;
        let url = self.url_for(&request.path)?;
        let guard_key = match request.method {
            Method::Get if self.options.polling_guard => {
                account_relative_path(&url).and_then(|path| poll_key(&path, &request.query))
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
        let before_send = || match &guard_key {
            Some(key) => self.polling.check_and_record(key),
            None => Ok(()),
        };
        let result = self.execute(request.method, &full_url, &headers, body, &before_send);
        if let (Err(err), Some(key)) = (&result, &guard_key) {
            if never_reached_server(err) {
                self.polling.forget(key);
            }
        }
        result
    }

    /// Sends with the auth header. A 401 to an OAuth token that dsauth
    /// obtained itself drops the token and retries once with a new one; a
    /// rate-limited idempotent call is retried within the configured
    /// maximum wait.
    /// `before_send` runs once, right before the first attempt goes out.
    pub(super) fn execute(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        before_send: &dyn Fn() -> Result<()>,
    ) -> Result<Response> {
        let mut waited = Duration::ZERO;
        let mut renewed = false;
        let mut first = true;
        loop {
            let auth = self.auth_header()?;
            if std::mem::take(&mut first) {
                before_send()?;
            }
            let mut all = Vec::with_capacity(headers.len() + 1);
            all.push((auth.name(), auth.value()));
            all.extend_from_slice(headers);
            let response = self.transport.send(method, url, &all, body)?;
            if (200..300).contains(&response.status) {
                return Ok(response);
            }
            if response.status == 401 && !renewed && tokens::renews(&self.credentials) {
                // Refused before it was processed: safe to resend, even a POST.
                self.tokens.invalidate(auth.value());
                renewed = true;
                continue;
            }
            let error = self.api_error(&response);
            let max_wait = self.options.rate_limit_max_wait;
            match rate_limit::retry_wait(max_wait, method, &error, waited) {
                Some(wait) => {
                    std::thread::sleep(wait);
                    waited = waited.saturating_add(wait);
                }
                None => return Err(error),
            }
        }
    }

    /// The typed error for a REST answer (not SOAP: see `crate::soap`).
    fn api_error(&self, response: &Response) -> Error {
        let legacy = matches!(self.credentials, Credentials::Legacy(_));
        api_error::from_response(response, self.environment.is_production(), legacy, None)
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

/// True for failures where the request certainly never reached DocuSign.
fn never_reached_server(error: &Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::Dns | ErrorKind::Connect | ErrorKind::Tls | ErrorKind::Proxy
    )
}
