//! The authenticated client: one per (environment, credentials), shared by
//! threads, reusing connections.

pub(crate) mod account;
pub(crate) mod api_error;
mod options;
mod polling;
mod rate_limit;
mod request;
mod resolver;
mod response;
mod soap_call;
mod token_cache;
mod transport;

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

pub use account::Account;
pub use options::{ClientOptions, Proxy};
pub use polling::POLLING_INTERVAL;
pub use rate_limit::{limit_kind, LimitKind, RateLimit};
pub use request::{Method, Request};
pub use response::Response;

use crate::credentials::Credentials;
use crate::environment::{check_base_url, Environment, SoapEndpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::headers::{self, Header, HeaderFormat};
use crate::oauth::{self, AuthorizationCodeCredentials, AuthorizationCodeGrant, Token, UserInfo};
use crate::secret::Secret;
use crate::url::origin;
use polling::{poll_key, PollingGuard};
use token_cache::{TokenCache, TokenState};
use transport::Transport;

/// Performs authenticated REST and SOAP calls. Cheap to clone (clones share
/// the connection pool, the discovered account and any token), `Send` and
/// `Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    environment: Environment,
    credentials: Credentials,
    options: ClientOptions,
    transport: Transport,
    account: Mutex<Option<Account>>,
    user_info: Mutex<Option<UserInfo>>,
    tokens: TokenCache,
    /// The header of credentials that need no token request.
    fixed_auth: Option<Header>,
    polling: PollingGuard,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.inner.environment)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

/// Headers the client sets itself; a request may not carry them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "x-docusign-authentication",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "proxy-authorization",
];

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

impl Client {
    /// A client for `environment` authenticating with `credentials`. No
    /// network traffic happens until the first call.
    pub fn new(
        environment: Environment,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Client> {
        options.validate()?;
        let transport = Transport::new(&options)?;
        let tokens = match &credentials {
            Credentials::AuthorizationCode(code) => TokenCache::new(TokenState {
                token: code.initial_token().map(|(t, at)| (t.clone(), at)),
                refresh_token: Some(code.refresh_token().clone()),
            }),
            _ => TokenCache::default(),
        };
        let fixed_auth = match &credentials {
            Credentials::Legacy(_) => Some(headers::render(&credentials, HeaderFormat::Json)?),
            Credentials::AccessToken(_) => {
                Some(headers::render(&credentials, HeaderFormat::Bearer)?)
            }
            _ => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                environment,
                credentials,
                options,
                transport,
                account: Mutex::new(None),
                user_info: Mutex::new(None),
                tokens,
                fixed_auth,
                polling: PollingGuard::default(),
            }),
        })
    }

    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Drops every pooled connection; the next call opens a new one. A
    /// client notices by itself that it runs in a process forked after its
    /// connections were made (and then drops them before sending); call
    /// this to close the inherited sockets at once, e.g. from an after-fork
    /// hook. Tokens and the discovered account are kept.
    pub fn reset_connections(&self) {
        self.inner.transport.reset();
    }

    /// The account calls are made for: discovered on first use
    /// (`login_information` for legacy credentials, `/oauth/userinfo` for
    /// OAuth), then cached. Concurrent first calls discover once.
    pub fn account(&self) -> Result<Account> {
        let mut slot = self.inner.account.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(account) = &*slot {
            return Ok(account.clone());
        }
        let account = self.discover()?;
        *slot = Some(account.clone());
        Ok(account)
    }

    /// `GET path` (see [`Request`] for the path forms).
    pub fn get(&self, path: &str) -> Result<Response> {
        self.send(&Request::get(path))
    }

    /// Sends `request` with authentication. Errors: DocuSign's error
    /// answers as [`Error::Api`], transport failures as
    /// [`Error::Transport`], [`Error::PollingTooSoon`] from the polling
    /// guard (nothing sent).
    pub fn send(&self, request: &Request) -> Result<Response> {
        check_request_headers(&request.headers, request.body.is_some())?;
        let url = self.resolve(&request.path)?;
        let guard_key = match request.method {
            Method::Get if self.inner.options.polling_guard => {
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
            Some(key) => self.inner.polling.check_and_record(key),
            None => Ok(()),
        };
        let result = self.execute(request.method, &full_url, &headers, body, &before_send);
        if let (Err(err), Some(key)) = (&result, &guard_key) {
            if never_reached_server(err) {
                self.inner.polling.forget(key);
            }
        }
        result
    }

    /// Calls a SOAP API 3.0 `operation` with `body`, the operation element
    /// (e.g. `<Ping xmlns="http://www.docusign.net/API/3.0"/>`). `api.asmx`
    /// is authenticated with a WS-Security UsernameToken in the SOAP
    /// header, the other endpoints with the `X-DocuSign-Authentication`
    /// header. Needs legacy credentials. A fault is an [`Error::Api`] of
    /// kind [`ErrorKind::SoapFault`]. Never retried.
    pub fn soap_call(
        &self,
        endpoint: SoapEndpoint,
        operation: &str,
        body: &str,
    ) -> Result<Response> {
        soap_call::check_operation(operation)?;
        soap_call::check_body(body)?;
        let credentials = &self.inner.credentials;
        credentials.as_legacy("a SOAP call")?;
        let (soap_header, http_auth) = match endpoint {
            SoapEndpoint::Api => (Some(crate::soap::security_header(credentials)?), None),
            _ => (None, Some(headers::render(credentials, HeaderFormat::Xml)?)),
        };
        let envelope = soap_call::envelope(soap_header.as_ref().map_or("", |h| h.expose()), body);
        let action = format!("\"{}/{operation}\"", soap_call::DOCUSIGN_NS);
        let mut http_headers = vec![
            ("Content-Type", "text/xml; charset=utf-8"),
            ("SOAPAction", action.as_str()),
        ];
        if let Some(auth) = &http_auth {
            http_headers.push((auth.name(), auth.value()));
        }
        let url = self.inner.environment.soap_url(endpoint);
        let response = self.inner.transport.send(
            Method::Post,
            &url,
            &http_headers,
            Some(envelope.expose().as_bytes()),
        )?;
        if let Some(fault) = soap_call::fault(
            response.status,
            &response.body,
            response.trace_token(),
            &url,
        ) {
            return Err(fault);
        }
        if !(200..300).contains(&response.status) {
            return Err(answer_error(
                &response,
                self.inner.environment.is_production(),
                false,
                None,
            ));
        }
        Ok(response)
    }

    /// Sends with the auth header. A 401 to an OAuth token that dsauth
    /// obtained itself drops the token and retries once with a new one; a
    /// rate-limited idempotent call is retried within the configured
    /// maximum wait.
    /// `before_send` runs once, right before the first attempt goes out.
    fn execute(
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
            let response = self.inner.transport.send(method, url, &all, body)?;
            if (200..300).contains(&response.status) {
                return Ok(response);
            }
            if response.status == 401 && !renewed && self.renews_tokens() {
                // Refused before it was processed: safe to resend, even a POST.
                self.inner.tokens.invalidate(auth.value());
                renewed = true;
                continue;
            }
            let error = self.api_error(&response);
            match self.rate_limit_wait(method, &error, waited) {
                Some(wait) => {
                    std::thread::sleep(wait);
                    waited = waited.saturating_add(wait);
                }
                None => return Err(error),
            }
        }
    }

    /// How long to wait before retrying after `error`, if a retry is
    /// allowed: an idempotent method, a rate limit with a known reset, and
    /// the total wait within `rate_limit_max_wait`.
    fn rate_limit_wait(&self, method: Method, error: &Error, waited: Duration) -> Option<Duration> {
        let max = self.inner.options.rate_limit_max_wait?;
        let Error::Api(api) = error else { return None };
        if api.kind != ErrorKind::RateLimited || !method.is_idempotent() {
            return None;
        }
        let reset_at = api.reset_at?;
        let wait = Duration::from_secs(reset_at.saturating_sub(rate_limit::unix_now()).max(1));
        (waited.saturating_add(wait) <= max).then_some(wait)
    }

    /// The typed error for a REST answer (not SOAP: see `soap_call`).
    fn api_error(&self, response: &Response) -> Error {
        let legacy = matches!(self.inner.credentials, Credentials::Legacy(_));
        answer_error(
            response,
            self.inner.environment.is_production(),
            legacy,
            None,
        )
    }

    /// True when the client obtains its tokens itself (JWT and
    /// authorization code grants) and so can replace one DocuSign refused.
    fn renews_tokens(&self) -> bool {
        matches!(
            self.inner.credentials,
            Credentials::Jwt(_) | Credentials::AuthorizationCode(_)
        )
    }

    /// The authentication header for the next request.
    /// Legacy and ready-token headers never change: rendered once, when the
    /// client is built.
    fn auth_header(&self) -> Result<Cow<'_, Header>> {
        match &self.inner.fixed_auth {
            Some(header) => Ok(Cow::Borrowed(header)),
            None => Ok(Cow::Owned(Header::bearer(self.token()?.authorization()))),
        }
    }

    /// The OAuth access token the client uses now: the cached one while
    /// more than the renewal margin remains, else a new one (requested by
    /// one thread while the others wait). Needs OAuth grant credentials.
    pub fn token(&self) -> Result<Token> {
        if !self.renews_tokens() {
            return Err(Error::WrongCredentialKind {
                operation: "obtaining an OAuth token",
                needed: "JWT grant or authorization code",
                actual: self.inner.credentials.kind_name(),
            });
        }
        let mut state = self.inner.tokens.lock();
        let margin = self.inner.options.token_renewal_margin;
        if let Some((token, received_at)) = &state.token {
            if !token.needs_refresh(*received_at, Instant::now(), margin) {
                return Ok(token.clone());
            }
        }
        let (token, received_at) = self.request_token(&state)?;
        if let Some(refresh) = &token.refresh_token {
            state.refresh_token = Some(refresh.clone());
        }
        state.token = Some((token.clone(), received_at));
        Ok(token)
    }

    /// The newest refresh token of authorization code credentials (DocuSign
    /// may issue a new one at each refresh): keep it to build credentials
    /// in a later session. `None` for other credentials.
    pub fn refresh_token(&self) -> Option<Secret> {
        match &self.inner.credentials {
            Credentials::AuthorizationCode(_) => self.inner.tokens.lock().refresh_token.clone(),
            _ => None,
        }
    }

    /// POSTs the grant to the account server's token endpoint.
    fn request_token(&self, state: &TokenState) -> Result<(Token, Instant)> {
        let env = &self.inner.environment;
        let (form, basic, consent_url) = match &self.inner.credentials {
            Credentials::Jwt(grant) => (
                grant.token_request_form(env, SystemTime::now())?,
                None,
                grant.consent_url(env, None),
            ),
            Credentials::AuthorizationCode(code) => {
                let refresh = state.refresh_token.as_ref().unwrap_or(code.refresh_token());
                let grant = code.grant();
                (
                    grant.refresh_form(refresh.expose())?,
                    grant.basic_authorization(),
                    None,
                )
            }
            _ => unreachable!("request_token is only called for OAuth grants"),
        };
        post_token_form(
            &self.inner.transport,
            env,
            &form,
            basic.as_ref(),
            consent_url,
        )
    }

    /// The user and accounts behind the OAuth credentials, from
    /// `/oauth/userinfo`, fetched once and cached (DocuSign rate-limits
    /// it). Needs OAuth credentials (a token or a grant).
    pub fn user_info(&self) -> Result<UserInfo> {
        if !self.inner.credentials.is_oauth() {
            return Err(Error::WrongCredentialKind {
                operation: "userinfo",
                needed: "OAuth",
                actual: self.inner.credentials.kind_name(),
            });
        }
        let mut slot = self
            .inner
            .user_info
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(info) = &*slot {
            return Ok(info.clone());
        }
        let url = oauth::userinfo_url(&self.inner.environment);
        let response = self.get_url(&url)?;
        let info =
            oauth::parse_userinfo_response(response.status, &response.body, response.trace_token())
                .map_err(|e| e.with_url(&url))?;
        *slot = Some(info.clone());
        Ok(info)
    }

    /// An authenticated GET of a full URL expecting JSON (discovery).
    fn get_url(&self, url: &str) -> Result<Response> {
        let accept = [("Accept", "application/json")];
        self.execute(Method::Get, url, &accept, None, &|| Ok(()))
    }

    fn discover(&self) -> Result<Account> {
        let configured = self.inner.options.account_id.as_deref();
        if self.inner.credentials.is_oauth() {
            let info = self.user_info()?;
            let chosen = info.choose_account(configured)?;
            return Ok(Account {
                account_id: chosen.account_id.clone(),
                name: chosen.account_name.clone(),
                rest_base: chosen.rest_base(),
                is_default: chosen.is_default,
            });
        }
        let url = format!(
            "{}/v2/login_information",
            self.inner.environment.rest_base()
        );
        let response = self.get_url(&url)?;
        let accounts = account::parse_login_information(&response.body, &url)?;
        account::choose(&accounts, configured).cloned()
    }

    /// Exchanges the `code` the authorization redirect delivered for
    /// tokens, at the account server of `environment`, and returns the
    /// credentials to build a client with. `pkce_verifier` is the verifier
    /// of the [`oauth::Pkce`] used in the authorization URL, if any.
    pub fn exchange_authorization_code(
        environment: &Environment,
        grant: AuthorizationCodeGrant,
        code: &str,
        pkce_verifier: Option<&str>,
        options: &ClientOptions,
    ) -> Result<AuthorizationCodeCredentials> {
        options.validate()?;
        let transport = Transport::new(options)?;
        let form = grant.code_exchange_form(code, pkce_verifier)?;
        let basic = grant.basic_authorization();
        let (token, received_at) =
            post_token_form(&transport, environment, &form, basic.as_ref(), None)?;
        AuthorizationCodeCredentials::from_token(grant, token, received_at)
    }

    /// The URL for a request path (see [`Request`] for the forms).
    fn resolve(&self, path: &str) -> Result<String> {
        let invalid = |reason: &str| Error::InvalidArgument {
            name: "path",
            reason: reason.to_owned(),
        };
        if path.chars().any(|c| c.is_control() || c == ' ') || path.contains(['?', '#']) {
            return Err(invalid(
                "a path has no spaces, control characters, query or fragment (use query parameters)",
            ));
        }
        if path.starts_with("https://") || path.starts_with("http://") {
            let url = check_base_url(path)?;
            let target = origin(&url);
            let env = &self.inner.environment;
            let allowed = target == origin(env.base_url())
                || target == origin(env.account_server_url())
                || target == origin(&self.account()?.rest_base);
            if !allowed {
                return Err(invalid(
                    "a full URL must be on the environment's or the account's host; credentials are never sent elsewhere",
                ));
            }
            return Ok(url);
        }
        if !path.is_empty() && !path.starts_with('/') {
            return Err(invalid(
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
            self.inner.options.api_version,
            crate::url::encode(&account.account_id)
        ))
    }
}

/// The typed error for an error answer, with its trace token, rate-limit
/// headers and `Retry-After`.
fn answer_error(
    response: &Response,
    production: bool,
    legacy_rest: bool,
    consent_url: Option<String>,
) -> Error {
    let retry_after = response
        .header("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|secs| rate_limit::unix_now().saturating_add(secs));
    api_error::classify(
        response.status,
        &response.body,
        api_error::AnswerContext {
            trace_token: response.trace_token(),
            rate_limit: response.rate_limit(),
            retry_after,
            production,
            legacy_rest,
            consent_url,
        },
    )
}

/// POSTs a token request form and parses the answer.
fn post_token_form(
    transport: &Transport,
    environment: &Environment,
    form: &Secret,
    basic: Option<&Secret>,
    consent_url: Option<String>,
) -> Result<(Token, Instant)> {
    let url = oauth::token_url(environment);
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    if let Some(basic) = basic {
        headers.push(("Authorization", basic.expose()));
    }
    let mut response =
        transport.send(Method::Post, &url, &headers, Some(form.expose().as_bytes()))?;
    let received_at = Instant::now();
    let result = if (200..300).contains(&response.status) {
        oauth::parse_token_response(
            response.status,
            &response.body,
            response.trace_token(),
            consent_url,
        )
        .map_err(|e| e.with_url(&url))
    } else {
        Err(answer_error(
            &response,
            environment.is_production(),
            false,
            consent_url,
        ))
    };
    // The body held the tokens.
    zeroize::Zeroize::zeroize(&mut response.body);
    result.map(|token| (token, received_at))
}

/// The path below `/accounts/{id}` of a REST URL, lower-cased (GUIDs
/// compare without case), whichever form the request used.
fn account_relative_path(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (_, after) = path.split_once("/accounts/")?;
    let below = after.find('/').map_or("", |slash| &after[slash..]);
    Some(below.to_ascii_lowercase())
}

/// True for failures where the request certainly never reached DocuSign.
fn never_reached_server(error: &Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::Dns | ErrorKind::Connect | ErrorKind::Tls | ErrorKind::Proxy
    )
}

fn check_request_headers(headers: &[(String, String)], has_body: bool) -> Result<()> {
    if has_body && has_header(headers, "content-type") {
        return Err(Error::InvalidArgument {
            name: "header",
            reason: "Content-Type comes with the body; do not set it as a header too".into(),
        });
    }
    for (name, value) in headers {
        if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(Error::InvalidArgument {
                name: "header",
                reason: format!("{name} is set by the client itself"),
            });
        }
        let bad_name = name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if bad_name || value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(Error::InvalidArgument {
                name: "header",
                reason: format!(
                    "header {name:?} has an invalid name or a control character in its value"
                ),
            });
        }
    }
    Ok(())
}
