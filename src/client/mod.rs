//! The authenticated client: one per (environment, credentials), shared by
//! threads, reusing connections.
//!
//! This file is the public face. The work is done by `Inner`, whose methods
//! live with their concern: `routing` (paths to URLs), `execute` (the send
//! loop), `tokens` (OAuth tokens), `discovery` (the account and userinfo);
//! SOAP calls are in [`crate::soap`].
//!
//! What clients may share lives in the options' [`crate::SharedState`]:
//! JWT grant tokens and userinfo answers (fetched once by all that share
//! it), the rate budget of each account (a slot per request below an
//! account, learned from DocuSign's rate-limit headers) and the polling
//! guard's marks.

pub(crate) mod account;
pub(crate) mod api_error;
mod cancel;
mod discovery;
mod dns;
mod execute;
mod header_rules;
pub(crate) mod options;
mod polling;
mod rate_limit;
mod request;
mod response;
mod routing;
mod server_clock;
mod tokens;
pub(crate) mod transport;
mod trust;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

pub use account::Account;
pub use cancel::Cancel;
pub use options::{ClientOptions, Proxy};
pub use polling::{PollingGuard, POLLING_INTERVAL};
pub use rate_limit::{limit_kind, LimitKind, RateLimit};
pub use request::{Method, Request};
pub use response::Response;

use crate::credentials::Credentials;
use crate::environment::{Environment, SoapEndpoint};
use crate::error::Result;
use crate::headers::{self, Header, HeaderFormat};
use crate::oauth::{AuthorizationCodeCredentials, AuthorizationCodeGrant, Token, UserInfo};
use crate::secret::Secret;
use discovery::Discovered;
use server_clock::ServerClock;
use tokens::Tokens;
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
    discovered: Discovered,
    tokens: Tokens,
    /// The header of credentials that need no token request.
    fixed_auth: Option<Header>,
    /// DocuSign's clock, for waits until its rate-limit resets.
    clock: ServerClock,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.inner.environment)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
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
        let fixed_auth = match &credentials {
            Credentials::Legacy(_) => Some(headers::render(&credentials, HeaderFormat::Json)?),
            Credentials::AccessToken(_) => {
                Some(headers::render(&credentials, HeaderFormat::Bearer)?)
            }
            _ => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                tokens: Tokens::new(&credentials),
                environment,
                credentials,
                options,
                transport,
                discovered: Discovered::default(),
                fixed_auth,
                clock: ServerClock::default(),
            }),
        })
    }

    /// The environment the client calls.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The client's own copy of the credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The options the client was built with.
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
        self.inner.account()
    }

    /// `GET path` (see [`Request`] for the path forms).
    pub fn get(&self, path: &str) -> Result<Response> {
        self.send(&Request::get(path))
    }

    /// Sends `request` with authentication. Errors: DocuSign's error
    /// answers as [`Error::Api`](crate::Error::Api), transport failures as
    /// [`Error::Transport`](crate::Error::Transport), [`Error::PollingTooSoon`](crate::Error::PollingTooSoon) from the polling
    /// guard (nothing sent).
    pub fn send(&self, request: &Request) -> Result<Response> {
        self.inner.send(request)
    }

    /// Calls a SOAP API 3.0 `operation` with `body`, the operation element
    /// (e.g. `<Ping xmlns="http://www.docusign.net/API/3.0"/>`). `api.asmx`
    /// is authenticated with a WS-Security UsernameToken in the SOAP
    /// header, the other endpoints with the `X-DocuSign-Authentication`
    /// header. Needs legacy credentials. A fault is an [`Error::Api`](crate::Error::Api) of
    /// kind [`ErrorKind::SoapFault`](crate::ErrorKind::SoapFault). Never
    /// retried.
    pub fn soap_call(
        &self,
        endpoint: SoapEndpoint,
        operation: &str,
        body: &str,
    ) -> Result<Response> {
        let inner = &*self.inner;
        crate::soap::call(
            &inner.transport,
            &inner.environment,
            &inner.credentials,
            endpoint,
            operation,
            body,
        )
    }

    /// The OAuth access token the client uses now: the cached one while
    /// more than the renewal margin remains, else a new one (requested by
    /// one thread while the others wait). Needs OAuth grant credentials.
    pub fn token(&self) -> Result<Token> {
        self.inner.token()
    }

    /// [`token`](Self::token) and when it expires by the system clock: its
    /// `expires_in` counted from when its answer was received, not from
    /// now (a cached token is older than the call).
    pub fn token_with_expiry(&self) -> Result<(Token, SystemTime)> {
        let (token, received_at) = self.inner.token_received()?;
        let expires_at = SystemTime::now() + token.remaining(received_at, Instant::now());
        Ok((token, expires_at))
    }

    /// DocuSign answered 401 to `token` on a call made outside this client
    /// (another HTTP library sending [`token`](Self::token)'s header):
    /// drops it, here and in the shared state, if it is still the current
    /// one, so that the next [`token`](Self::token) obtains a new one.
    pub fn token_refused(&self, token: &Token) {
        self.inner.token_refused(token.authorization().expose());
    }

    /// The newest refresh token of authorization code credentials (DocuSign
    /// may issue a new one at each refresh): keep it to build credentials
    /// in a later session. `None` for other credentials.
    pub fn refresh_token(&self) -> Option<Secret> {
        match &self.inner.credentials {
            Credentials::AuthorizationCode(_) => self.inner.tokens.refresh_token(),
            _ => None,
        }
    }

    /// The user and accounts behind the OAuth credentials, from
    /// `/oauth/userinfo`, fetched once and cached (DocuSign rate-limits
    /// it). Needs OAuth credentials (a token or a grant).
    pub fn user_info(&self) -> Result<UserInfo> {
        self.inner.user_info()
    }

    /// Exchanges the `code` the authorization redirect delivered for
    /// tokens, at the account server of `environment`, and returns the
    /// credentials to build a client with. `pkce_verifier` is the verifier
    /// of the [`crate::oauth::Pkce`] used in the authorization URL, if any.
    pub fn exchange_authorization_code(
        environment: &Environment,
        grant: AuthorizationCodeGrant,
        code: &str,
        pkce_verifier: Option<&str>,
        options: &ClientOptions,
    ) -> Result<AuthorizationCodeCredentials> {
        options.validate()?;
        let transport = Transport::new(options)?;
        tokens::exchange_code(&transport, environment, grant, code, pkce_verifier)
    }
}
