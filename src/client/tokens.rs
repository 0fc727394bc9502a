//! The OAuth tokens a client obtains itself (JWT and authorization code
//! grants): held in [`Tokens`], reused until less than the renewal margin
//! remains, renewed by exactly one thread while the others wait, dropped
//! when DocuSign answers 401 to them; and the requests to `/oauth/token`
//! that get them.
//!
//! JWT grant tokens are also shared through the client's `SharedState`,
//! keyed by account server, integration key, user id and scopes: a client
//! that needs a new one takes the state's one if it is fresh enough, else
//! one client of all that share the state requests it while the others
//! wait. Authorization code tokens stay in the client: they come from its
//! own refresh token (DocuSign may rotate it at each refresh), and the user
//! they belong to is not known before userinfo is asked.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use super::api_error;
use super::rate_limit::unix_now;
use super::request::Method;
use super::transport::Transport;
use super::Inner;
use crate::credentials::Credentials;
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::oauth::{self, AuthorizationCodeCredentials, AuthorizationCodeGrant, Token};
use crate::redact::Redactor;
use crate::secret::Secret;
use crate::shared_state::StateKey;

/// How much longer than the HTTP timeout a single-flight lock lasts.
const LOCK_SLACK: Duration = Duration::from_secs(5);

/// The current access token and, for the authorization code grant, the
/// newest refresh token (DocuSign may rotate it on each refresh).
#[derive(Default)]
struct TokenState {
    token: Option<(Token, Instant)>,
    refresh_token: Option<Secret>,
}

/// Where a client keeps its tokens. Holding the lock while a token is
/// requested is what keeps one token request in flight however many
/// threads need one.
pub(super) struct Tokens {
    state: Mutex<TokenState>,
}

impl Tokens {
    /// Seeded with the token pair of authorization code credentials, empty
    /// for every other kind.
    pub fn new(credentials: &Credentials) -> Self {
        let state = match credentials {
            Credentials::AuthorizationCode(code) => TokenState {
                token: code.initial_token().map(|(t, at)| (t.clone(), at)),
                refresh_token: Some(code.refresh_token().clone()),
            },
            _ => TokenState::default(),
        };
        Tokens {
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The held token while more than `margin` remains; else the one
    /// `renew` obtains (given the newest refresh token), which is kept.
    /// With when its answer was received.
    pub fn current(
        &self,
        margin: Duration,
        renew: impl FnOnce(Option<&Secret>) -> Result<(Token, Instant)>,
    ) -> Result<(Token, Instant)> {
        let mut state = self.lock();
        if let Some((token, received_at)) = &state.token {
            let now = Instant::now();
            if !token.needs_refresh(*received_at, now, margin) {
                return Ok((token.clone(), *received_at));
            }
            log::info!(
                "renewing the access token: {} s left, renewal margin {} s",
                token.remaining(*received_at, now).as_secs(),
                margin.as_secs()
            );
        }
        let (token, received_at) = renew(state.refresh_token.as_ref())?;
        if let Some(refresh) = &token.refresh_token {
            state.refresh_token = Some(refresh.clone());
        }
        state.token = Some((token.clone(), received_at));
        Ok((token, received_at))
    }

    /// Drops the token if it is still the one whose `Authorization` value
    /// was `used`, so that of many threads refused with the same token only
    /// the first causes a renewal; returns the dropped token.
    pub fn invalidate(&self, used: &str) -> Option<Token> {
        let mut state = self.lock();
        let same = state
            .token
            .as_ref()
            .is_some_and(|(token, _)| token.authorization().expose() == used);
        if same {
            state.token.take().map(|(token, _)| token)
        } else {
            None
        }
    }

    /// The newest refresh token, if any.
    pub fn refresh_token(&self) -> Option<Secret> {
        self.lock().refresh_token.clone()
    }

    /// Adds the held access and refresh tokens to `redactor`.
    fn add_secrets(&self, redactor: &mut Redactor) {
        let state = self.lock();
        if let Some((token, _)) = &state.token {
            redactor.add_token(token);
        }
        if let Some(refresh) = &state.refresh_token {
            redactor.add(refresh.expose());
        }
    }
}

/// True when the client obtains its tokens itself (JWT and authorization
/// code grants) and so can replace one DocuSign refused.
pub(super) fn renews(credentials: &Credentials) -> bool {
    matches!(
        credentials,
        Credentials::Jwt(_) | Credentials::AuthorizationCode(_)
    )
}

impl Inner {
    /// Every secret the client holds (credentials and the tokens it got),
    /// to redact from what a server says.
    pub(super) fn redactor(&self) -> Redactor {
        let mut redactor = Redactor::new();
        self.credentials.add_secrets(&mut redactor);
        self.tokens.add_secrets(&mut redactor);
        redactor
    }

    /// See [`super::Client::token`].
    pub(super) fn token(&self) -> Result<Token> {
        self.token_received().map(|(token, _)| token)
    }

    /// [`Self::token`] and when its answer was received.
    pub(super) fn token_received(&self) -> Result<(Token, Instant)> {
        if !renews(&self.credentials) {
            return Err(Error::WrongCredentialKind {
                operation: "obtaining an OAuth token",
                needed: "JWT grant or authorization code",
                actual: self.credentials.kind_name(),
            });
        }
        self.tokens
            .current(self.options.token_renewal_margin, |refresh| {
                match self.shared_token_key() {
                    Some(key) => self.shared_token(&key),
                    None => self.request_token(refresh),
                }
            })
    }

    /// DocuSign answered 401 to the `Authorization` value `used`: drops
    /// the token, here and (first, so that the renewal does not read it
    /// back) in the shared state.
    pub(super) fn token_refused(&self, used: &str) {
        let Some(refused) = self.tokens.invalidate(used) else {
            return;
        };
        log::debug!("dropped the access token DocuSign refused; the next call obtains a new one");
        if let Some(key) = self.shared_token_key() {
            let state = self.options.state();
            state.forget_token(&key, refused.access_token.expose());
        }
    }

    /// Where a JWT grant's token is shared; `None` for tokens that stay in
    /// the client.
    fn shared_token_key(&self) -> Option<StateKey> {
        let Credentials::Jwt(grant) = &self.credentials else {
            return None;
        };
        Some(StateKey::new(&[
            "token",
            self.environment.account_server_url(),
            &grant.integration_key().to_ascii_lowercase(),
            &grant.user_id().to_ascii_lowercase(),
            &grant.scope(),
        ]))
    }

    /// The shared token of `key` if more than the renewal margin remains,
    /// else one requested under the state's lock. Its expiry is stored as
    /// when the answer came plus `expires_in`.
    fn shared_token(&self, key: &StateKey) -> Result<(Token, Instant)> {
        let mut requested = None;
        let (access_token, expires_at) = self.options.state().token_or_fetch(
            key,
            self.options.token_renewal_margin,
            self.lock_ttl(),
            || {
                let (token, received_at) = self.request_token(None)?;
                let left = token.remaining(received_at, Instant::now());
                let shared = (token.access_token.clone(), unix_now() + left.as_secs());
                requested = Some((token, received_at));
                Ok(shared)
            },
        )?;
        if let Some(ours) = requested {
            return Ok(ours);
        }
        log::debug!(
            "using the access token of {:?}: {} s left",
            self.options.state(),
            expires_at.saturating_sub(unix_now())
        );
        let token = Token {
            access_token,
            token_type: "Bearer".to_owned(),
            expires_in: Duration::from_secs(expires_at.saturating_sub(unix_now())),
            refresh_token: None,
            scope: None,
        };
        Ok((token, Instant::now()))
    }

    /// How long a token or userinfo lock lasts: longer than the request made
    /// under it may take, so that it never expires under a live holder.
    pub(super) fn lock_ttl(&self) -> Duration {
        self.options.timeout + LOCK_SLACK
    }

    /// POSTs the grant to the account server's token endpoint; `refresh`
    /// is the newest refresh token of the authorization code grant.
    fn request_token(&self, refresh: Option<&Secret>) -> Result<(Token, Instant)> {
        let env = &self.environment;
        let grant = match &self.credentials {
            Credentials::Jwt(_) => "JWT grant",
            _ => "refresh token",
        };
        let (form, basic, consent_url) = match &self.credentials {
            Credentials::Jwt(grant) => (
                grant.token_request_form(env, SystemTime::now())?,
                None,
                grant.consent_url(env, None),
            ),
            Credentials::AuthorizationCode(code) => {
                let refresh = refresh.unwrap_or(code.refresh_token());
                let grant = code.grant();
                (
                    grant.refresh_form(refresh.expose())?,
                    grant.basic_authorization(),
                    None,
                )
            }
            _ => unreachable!("request_token is only called for OAuth grants"),
        };
        // Called under the tokens' lock: the held tokens are not read again.
        let mut redactor = Redactor::new();
        self.credentials.add_secrets(&mut redactor);
        if let Some(refresh) = refresh {
            redactor.add(refresh.expose());
        }
        log::info!("requesting an access token ({grant})");
        post_token_form(
            &self.transport,
            env,
            &form,
            basic.as_ref(),
            consent_url,
            redactor,
        )
        .inspect(|(token, _)| log_issued(grant, token))
    }
}

/// See [`super::Client::exchange_authorization_code`].
pub(super) fn exchange_code(
    transport: &Transport,
    environment: &Environment,
    grant: AuthorizationCodeGrant,
    code: &str,
    pkce_verifier: Option<&str>,
) -> Result<AuthorizationCodeCredentials> {
    let form = grant.code_exchange_form(code, pkce_verifier)?;
    let basic = grant.basic_authorization();
    let mut redactor = Redactor::new();
    if let Some(secret) = grant.client_secret() {
        redactor.add(secret.expose());
    }
    log::info!("exchanging an authorization code for tokens");
    let (token, received_at) = post_token_form(
        transport,
        environment,
        &form,
        basic.as_ref(),
        None,
        redactor,
    )?;
    log_issued("authorization code", &token);
    AuthorizationCodeCredentials::from_token(grant, token, received_at)
}

/// Logs what an issued token is good for (never the token).
fn log_issued(grant: &str, token: &Token) {
    log::info!(
        "access token issued ({grant}): valid for {} s{}",
        token.expires_in.as_secs(),
        if token.refresh_token.is_some() {
            ", with a refresh token"
        } else {
            ""
        }
    );
}

/// POSTs a token request form and parses the answer; `redactor` holds the
/// client's secrets, to which the form's values (the assertion, code,
/// refresh token) and the `Authorization` header are added.
fn post_token_form(
    transport: &Transport,
    environment: &Environment,
    form: &Secret,
    basic: Option<&Secret>,
    consent_url: Option<String>,
    mut redactor: Redactor,
) -> Result<(Token, Instant)> {
    let url = oauth::token_url(environment);
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    if let Some(basic) = basic {
        headers.push(("Authorization", basic.expose()));
    }
    redactor.add_form(form.expose());
    if let Some(basic) = basic {
        redactor.add(basic.expose());
        redactor.add(basic.expose().trim_start_matches("Basic "));
    }
    let mut response = transport.send(
        Method::Post,
        &url,
        &headers,
        Some(form.expose().as_bytes()),
        &|| redactor.clone(),
    )?;
    let received_at = Instant::now();
    let result = if (200..300).contains(&response.status) {
        oauth::token::parse_token_answer(
            response.status,
            &response.body,
            response.trace_token(),
            consent_url,
            &redactor,
        )
        .map_err(|e| e.with_url(&url))
    } else {
        Err(api_error::from_response(
            &response,
            &redactor,
            environment.is_production(),
            false,
            consent_url,
        ))
    };
    // The body held the tokens.
    zeroize::Zeroize::zeroize(&mut response.body);
    result.map(|token| (token, received_at))
}
