"""Type stubs of the Rust extension module ``dsauth._dsauth``."""

import os
from datetime import datetime
from types import TracebackType
from typing import (
    Any,
    Iterable,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    final,
)

from typing_extensions import Self

__all__ = [
    "__version__",
    "DEFAULT_MAX_RESPONSE_BODY",
    "HeaderFormat",
    "Header",
    "Credentials",
    "SoapEndpoint",
    "Environment",
    "RateLimit",
    "Account",
    "Response",
    "SharedState",
    "Client",
    "error_kinds",
    "AuthorizationCodeGrant",
    "Pkce",
    "Token",
    "OAuthAccount",
    "UserInfo",
    "generate_state",
    "consent_url",
    "refresh_logging",
]

__version__: str
DEFAULT_MAX_RESPONSE_BODY: int

_QueryValue = Union[str, int, bool]
_Query = Union[Mapping[str, _QueryValue], Sequence[Tuple[str, _QueryValue]]]
_Headers = Union[Mapping[str, str], Sequence[Tuple[str, str]]]
_Body = Union[bytes, bytearray, str]

def error_kinds() -> list[tuple[str, int]]:
    """Every error kind of the core as ``(name, code)``, in code order."""

@final
class HeaderFormat:
    """Which authentication header to render."""

    JSON: HeaderFormat
    XML: HeaderFormat
    BEARER: HeaderFormat
    @property
    def header_name(self) -> str:
        """``X-DocuSign-Authentication`` (JSON, XML) or ``Authorization`` (BEARER)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __int__(self) -> int: ...

@final
class SoapEndpoint:
    """A SOAP API 3.0 endpoint."""

    API: SoapEndpoint
    DSAPI: SoapEndpoint
    ACCOUNT_MANAGEMENT: SoapEndpoint
    @property
    def path(self) -> str:
        """The path below the base URL, e.g. ``/api/3.0/api.asmx``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __int__(self) -> int: ...

@final
class Header:
    """A rendered header; ``repr()`` shows only the name."""

    @property
    def name(self) -> str:
        """``X-DocuSign-Authentication`` or ``Authorization``."""
    @property
    def value(self) -> str:
        """The value without the name (7-bit ASCII). Contains the secret."""
    @property
    def line(self) -> str:
        """``Name: value`` without CR LF. Contains the secret."""
    def as_dict(self) -> dict[str, str]:
        """``{name: value}``, e.g. for ``requests.get(url, headers=h.as_dict())``."""

@final
class Credentials:
    """Validated, immutable credentials."""

    @staticmethod
    def legacy(
        *,
        integrator_key: str,
        username: str,
        password: str,
        send_on_behalf_of: Optional[str] = None,
    ) -> Credentials:
        """Legacy header credentials: integrator key, username (email or API
        user GUID), password (or App Password). Raises ``CredentialError``
        naming the first bad field: empty, surrounding white space, a control
        character, over 4 KiB, or ``[``/``]`` in the key."""
    @staticmethod
    def access_token(token: str) -> Credentials:
        """An OAuth access token obtained elsewhere, sent as ``Authorization:
        Bearer``; never renewed. RFC 6750 characters, at most 16 KiB, else
        ``CredentialError``."""
    @staticmethod
    def jwt(
        *,
        integration_key: str,
        user_id: str,
        private_key: Union[bytes, bytearray, str],
        scopes: Optional[Iterable[str]] = None,
        assertion_lifetime: float = 3600.0,
        clock_skew: float = 0.0,
        consent_redirect_uri: Optional[str] = None,
    ) -> Credentials:
        """OAuth JWT grant: the client signs RS256 assertions with
        ``private_key`` (PEM, PKCS#1 or PKCS#8, RSA 2048-4096) and gets and
        renews tokens itself. ``scopes`` must include ``impersonation``;
        ``assertion_lifetime`` 1-3600 s; ``clock_skew`` backdates ``iat``
        (0-600 s); with ``consent_redirect_uri``, ``ConsentRequiredError``
        carries the consent URL. Raises ``InvalidPrivateKeyError``."""
    @staticmethod
    def authorization_code(grant: AuthorizationCodeGrant, *, refresh_token: str) -> Credentials:
        """Authorization code grant from a refresh token kept from an earlier
        session (the client refreshes before its first call). After a fresh
        login use ``Client.exchange_authorization_code``."""
    @staticmethod
    def from_env() -> Credentials:
        """The credentials the ``DSAUTH_*`` variables describe, read as the
        ``dsauth`` command reads them (the README's table): the first of
        ``DSAUTH_ACCESS_TOKEN``, ``DSAUTH_PRIVATE_KEY`` (JWT grant, with the
        integration key and ``DSAUTH_USER_ID``), ``DSAUTH_REFRESH_TOKEN``
        (authorization code grant), ``DSAUTH_USERNAME``/``DSAUTH_PASSWORD``
        (legacy); each secret ``X`` also as a file named by ``X_FILE`` (not
        both). Raises ``ConfigurationError`` naming every variable that
        would supply a missing setting."""
    @property
    def user_id(self) -> Optional[str]:
        """The user GUID of JWT grant credentials, else ``None``."""
    @property
    def is_oauth(self) -> bool:
        """True for the kinds sent as ``Authorization: Bearer``."""
    def jwt_assertion(self, environment: Environment) -> str:
        """A signed JWT grant assertion for ``environment``, valid from now,
        for callers who POST to ``/oauth/token`` themselves (a bearer
        credential until it expires). Signs with the GIL released; raises
        ``WrongCredentialKindError`` for other kinds."""
    def consent_url(self, environment: Environment, *, state: Optional[str] = None) -> Optional[str]:
        """The page where the user grants consent once (JWT grant with a
        ``consent_redirect_uri``), else ``None``."""
    @property
    def kind(self) -> str:
        """``"legacy"``, ``"access_token"``, ``"jwt_grant"`` or
        ``"authorization_code_grant"``."""
    @property
    def integrator_key(self) -> Optional[str]:
        """The integrator (integration) key; ``None`` for a bare access token."""
    @property
    def username(self) -> Optional[str]:
        """The username of legacy credentials, else ``None``."""
    @property
    def send_on_behalf_of(self) -> Optional[str]:
        """The send-on-behalf-of user of legacy credentials, if any."""
    def header(self, format: Optional[HeaderFormat] = None) -> Header:
        """The authentication header; ``format`` defaults to JSON for legacy
        credentials, BEARER for a token. JSON and XML need legacy
        credentials, BEARER an access token, else ``WrongCredentialKindError``
        (grants: use ``Client.token().header()``)."""
    def soap_username(self) -> str:
        """``[IntegratorKey]username`` for SOAP (legacy credentials, else
        ``WrongCredentialKindError``)."""
    def soap_security(self) -> str:
        """The escaped ``<wsse:Security>`` UsernameToken element for
        ``api.asmx`` (legacy credentials). Contains the password."""

@final
class Environment:
    """A DocuSign environment: base URL and OAuth account server."""

    DEMO: Environment
    PRODUCTION: Environment
    @staticmethod
    def custom(base_url: str, account_server: Optional[str] = None) -> Environment:
        """Any base URL (a proxy, the local stand-in): ``https``, or ``http``
        to a loopback host; the account server defaults to the same URL.
        Discovered accounts may only move calls to one of their hosts.
        Raises ``InvalidUrlError`` or ``InsecureUrlError``."""
    @property
    def base_url(self) -> str:
        """The base URL, without a trailing ``/``."""
    @property
    def rest_base(self) -> str:
        """``<base>/restapi``, before account discovery narrows it to the
        account's own host."""
    @property
    def account_server(self) -> str:
        """The OAuth account server's base URL."""
    @property
    def account_server_host(self) -> str:
        """The account server's ``host[:port]``: the JWT ``aud``."""
    @property
    def is_docusign(self) -> bool:
        """True for DocuSign's demo and production environments."""
    @property
    def is_production(self) -> bool:
        """True for production."""
    def soap_url(self, endpoint: SoapEndpoint) -> str:
        """The URL of a SOAP endpoint."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class RateLimit:
    """The rate-limit headers of one response."""

    def __new__(
        cls,
        *,
        limit: Optional[int] = None,
        remaining: Optional[int] = None,
        reset_at: Optional[datetime] = None,
        burst_limit: Optional[int] = None,
        burst_remaining: Optional[int] = None,
    ) -> RateLimit:
        """A snapshot (for tests and adapters). ``reset_at`` must be
        timezone-aware, else ``InvalidArgumentError``."""
    @property
    def limit(self) -> Optional[int]:
        """``X-RateLimit-Limit``: calls allowed per hour."""
    @property
    def remaining(self) -> Optional[int]:
        """``X-RateLimit-Remaining``: calls left this hour."""
    @property
    def reset_at(self) -> Optional[datetime]:
        """``X-RateLimit-Reset``: when the hourly count resets (UTC)."""
    @property
    def burst_limit(self) -> Optional[int]:
        """``X-BurstLimit-Limit``: calls allowed per 30 s burst window."""
    @property
    def burst_remaining(self) -> Optional[int]:
        """``X-BurstLimit-Remaining``: calls left in this burst window."""
    @property
    def is_empty(self) -> bool:
        """True when the response had no rate-limit header."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Account:
    """The DocuSign account calls are made for."""

    @property
    def account_id(self) -> str:
        """The account id used in REST paths."""
    @property
    def name(self) -> str:
        """The account's name."""
    @property
    def rest_base(self) -> str:
        """The REST base on the account's host, e.g.
        ``https://na3.docusign.net/restapi``."""
    @property
    def is_default(self) -> bool:
        """True for the user's default account."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class Response:
    """A 2xx answer: status, headers, body, trace token, rate limits."""

    @property
    def status(self) -> int:
        """The HTTP status (2xx; errors are raised as ``ApiError``)."""
    @property
    def headers(self) -> list[tuple[str, str]]:
        """Every header as ``(name, value)`` in the order received, names as
        sent."""
    def header(self, name: str) -> Optional[str]:
        """The first header called ``name`` (case-insensitive), or ``None``."""
    @property
    def body(self) -> bytes:
        """The whole body (at most the client's ``max_response_body``)."""
    @property
    def text(self) -> str:
        """The body decoded as UTF-8, invalid bytes replaced."""
    def json(self) -> Any:
        """The body parsed as JSON; ``MalformedResponseError`` when it is not."""
    @property
    def trace_token(self) -> Optional[str]:
        """``X-DocuSign-TraceToken``, to quote to DocuSign support."""
    @property
    def rate_limit(self) -> RateLimit:
        """The rate-limit headers of this response."""
    @property
    def url(self) -> str:
        """The URL called, without the query."""

@final
class SharedState:
    """Tokens, userinfo answers, rate budgets and polling marks shared by the
    clients given the same state: in this process, by the processes of one
    host (a directory), or by every host using one Redis."""

    @staticmethod
    def memory() -> SharedState:
        """State kept in this process, shared by the clients given it."""
    @staticmethod
    def file(
        path: Union[str, os.PathLike[str]],
        *,
        seal_key: Optional[Union[bytes, bytearray]] = None,
        allow_plaintext_tokens: bool = False,
    ) -> SharedState:
        """State in the directory ``path`` (0700; files 0600), shared by the
        processes of this host. Tokens are sealed with AES-256-GCM under
        ``seal_key`` (32 bytes); without one, ``InvalidArgumentError`` unless
        ``allow_plaintext_tokens=True``."""
    @staticmethod
    def redis(
        url: str,
        *,
        namespace: str = "dsauth",
        seal_key: Optional[Union[bytes, bytearray]] = None,
        allow_plaintext_tokens: bool = False,
        timeout: float = 0.2,
    ) -> SharedState:
        """State in Redis at ``url`` (``redis://`` or ``rediss://``), shared
        by every host using the same Redis and ``namespace``. Sealing as for
        :meth:`file`; ``timeout`` bounds each Redis operation (seconds).
        Nothing is sent yet; while Redis is unreachable, calls go on with
        per-process state."""

@final
class Client:
    """Authenticated REST and SOAP calls; share one between threads."""

    def __new__(
        cls,
        environment: Environment,
        credentials: Credentials,
        *,
        account_id: Optional[str] = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        max_response_body: int = 33554432,
        proxy: Optional[str] = None,
        trust_env: bool = True,
        extra_ca_pem: Optional[_Body] = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        use_system_trust: bool = False,
        follow_discovered_hosts: bool = False,
        polling_guard: Union[Literal["enforce", "warn", "off"], bool] = "enforce",
        rate_limit_max_wait: Optional[float] = None,
        user_agent: Optional[str] = None,
        api_version: str = "v2.1",
        shared_state: Optional[SharedState] = None,
        rate_reserve: Optional[Tuple[int, int]] = None,
    ) -> Client:
        """A client; nothing is sent until the first call. Timeouts and
        ``rate_limit_max_wait`` in seconds, ``max_response_body`` in bytes;
        ``trust_env`` reads the proxy variables when ``proxy`` is None;
        ``extra_ca_pem``/``ca_file`` add trusted CAs to the Mozilla roots;
        ``rate_reserve`` is ``(hourly, burst)`` calls left to other
        applications. Raises ``InvalidArgumentError`` for a bad setting (an
        unreadable ``ca_file``, PEM without a certificate)."""
    @classmethod
    def from_env(cls, **options: Any) -> Client:
        """A client from the ``DSAUTH_*`` variables, read as the ``dsauth``
        command reads them: the credentials (:meth:`Credentials.from_env`),
        the environment (``DSAUTH_BASE_URL``: ``demo``, the default,
        ``production`` or a base URL), ``DSAUTH_CA_FILE`` and
        ``DSAUTH_ACCOUNT_ID``. ``options`` are :class:`Client`'s keywords;
        ``account_id`` and ``ca_file`` given here win over the variables."""
    @property
    def environment(self) -> Environment:
        """The environment this client calls."""
    @property
    def credentials(self) -> Credentials:
        """The credentials this client authenticates with."""
    @property
    def account(self) -> Account:
        """The account calls are made for: discovered on first use (a network
        call, GIL released), then cached."""
    def token(self) -> Token:
        """The OAuth token the client uses now: the cached one while enough
        of its life remains, else a new one (network call and RSA signature
        with the GIL released). ``WrongCredentialKindError`` without a grant."""
    def token_refused(self, token: Token) -> None:
        """DocuSign answered 401 to ``token`` sent by another HTTP library:
        drop it (here and in the shared state) if still current, so the next
        :meth:`token` gets a new one."""
    @property
    def user_info(self) -> UserInfo:
        """The user and accounts behind OAuth credentials
        (``/oauth/userinfo``), fetched once (GIL released) and cached."""
    @staticmethod
    def exchange_authorization_code(
        environment: Environment,
        grant: AuthorizationCodeGrant,
        code: str,
        *,
        pkce: Optional[Pkce] = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        proxy: Optional[str] = None,
        trust_env: bool = True,
        extra_ca_pem: Optional[_Body] = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        use_system_trust: bool = False,
        user_agent: Optional[str] = None,
    ) -> Credentials:
        """Trades the redirect's ``code`` for tokens and returns credentials
        carrying the access and refresh tokens. Give the ``pkce`` of the
        authorization URL (a public client must). Transport settings as for
        ``Client``; a network call with the GIL released."""
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """An authenticated REST call, GIL released. ``path``: ``""`` (the
        account), ``/envelopes/...`` (below the account), ``/restapi/...``
        or a full URL on the environment's or account's host. Give ``json``
        or ``body``, not both. Non-2xx answers raise ``ApiError`` subclasses;
        ``RateLimitError``, ``PollingGuardError``, ``TransportError``."""
    def get(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``GET path``; see :meth:`request`."""
    def post(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``POST path``; see :meth:`request`. Never retried."""
    def put(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``PUT path``; see :meth:`request`."""
    def delete(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``DELETE path`` (some DocuSign DELETEs take a JSON body); see
        :meth:`request`."""
    def soap_call(self, endpoint: SoapEndpoint, operation: str, body: str) -> Response:
        """Calls SOAP ``operation`` with ``body``, the operation element.
        Needs legacy credentials; a fault raises ``SoapFaultError``. Never
        retried; GIL released."""
    def close(self) -> None:
        """Releases the connections. Later calls raise ``ClientClosedError``;
        running calls finish. Closing twice is harmless."""
    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

@final
class AuthorizationCodeGrant:
    """An application using the OAuth authorization code grant."""

    def __new__(
        cls,
        integration_key: str,
        redirect_uri: str,
        *,
        client_secret: Optional[str] = None,
        scopes: Optional[Iterable[str]] = None,
    ) -> AuthorizationCodeGrant:
        """``redirect_uri`` must be registered for the key. Without
        ``client_secret`` a public client, which must use PKCE. ``scopes``
        defaults to ``["signature"]``. Raises ``CredentialError`` (the key,
        the secret) or ``InvalidArgumentError`` (the URI)."""
    @property
    def integration_key(self) -> str:
        """The integration key (``client_id``)."""
    @property
    def redirect_uri(self) -> str:
        """Where the account server sends the user back with the code."""
    @property
    def scopes(self) -> list[str]:
        """The scopes asked for."""
    @property
    def has_client_secret(self) -> bool:
        """True for a confidential client (the secret is never shown)."""
    def authorization_url(
        self, environment: Environment, *, state: Optional[str] = None, pkce: Optional[Pkce] = None
    ) -> str:
        """Where to send the user to log in and consent, with ``state`` and
        the PKCE challenge when given; check ``state`` when the redirect
        comes back."""

@final
class Pkce:
    """A PKCE verifier and its S256 challenge."""

    @staticmethod
    def generate() -> Pkce:
        """A fresh random verifier (43 characters)."""
    @staticmethod
    def from_verifier(verifier: str) -> Pkce:
        """A verifier chosen elsewhere: 43 to 128 of ``A-Z a-z 0-9 - . _ ~``,
        else ``InvalidArgumentError``."""
    @property
    def verifier(self) -> str:
        """The ``code_verifier`` for the code exchange (keep it secret)."""
    @property
    def challenge(self) -> str:
        """The ``code_challenge``: base64url(SHA-256(verifier))."""
    @property
    def method(self) -> str:
        """``"S256"``."""

@final
class Token:
    """An OAuth access token; ``repr()`` shows no token."""

    @property
    def access_token(self) -> str:
        """The access token, sent as ``Authorization: Bearer``. A secret."""
    @property
    def token_type(self) -> str:
        """``"Bearer"``, as the server spelled it."""
    @property
    def expires_in(self) -> float:
        """The lifetime the server gave, seconds from when its answer was
        received (not from now)."""
    @property
    def expires_at(self) -> datetime:
        """When the token expires: an aware UTC ``datetime``, to the second
        (rounded down), ``expires_in`` counted from when its answer was
        received."""
    @property
    def refresh_token(self) -> Optional[str]:
        """The refresh token (authorization code grant only). A secret."""
    @property
    def scope(self) -> Optional[str]:
        """The granted scopes, space separated, when the server said."""
    def header(self) -> Header:
        """The ``Authorization: Bearer`` header for this token."""

@final
class OAuthAccount:
    """One account in a userinfo answer."""

    @property
    def account_id(self) -> str:
        """The API account id (GUID)."""
    @property
    def account_name(self) -> str:
        """The account's name."""
    @property
    def is_default(self) -> bool:
        """True for the user's default account."""
    @property
    def base_uri(self) -> str:
        """The account's host, e.g. ``https://na3.docusign.net``."""
    @property
    def rest_base(self) -> str:
        """``base_uri + "/restapi"``."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class UserInfo:
    """The user behind OAuth credentials, from ``/oauth/userinfo``."""

    @property
    def sub(self) -> str:
        """The user id (GUID)."""
    @property
    def name(self) -> str:
        """The user's name."""
    @property
    def email(self) -> str:
        """The user's email address."""
    @property
    def accounts(self) -> list[OAuthAccount]:
        """The accounts the user can use, as DocuSign listed them."""

def generate_state() -> str:
    """A random ``state`` for an authorization URL."""

def consent_url(
    environment: Environment,
    integration_key: str,
    redirect_uri: str,
    *,
    scopes: Optional[Iterable[str]] = None,
    state: Optional[str] = None,
) -> str:
    """The page where a user grants consent to an integration key."""

def refresh_logging() -> None:
    """Makes dsauth read the levels of its loggers again.

    dsauth logs to ``logging.getLogger("dsauth")`` and its children
    (``dsauth.client.transport``, ...). It asks Python for a logger's
    effective level the first time it logs there and remembers it, so that
    disabled records cost nothing: call this after changing levels while
    the program runs. Levels set before the first dsauth call need nothing.
    """
