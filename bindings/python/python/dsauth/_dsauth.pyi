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
    def header_name(self) -> str: ...
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
    def path(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __int__(self) -> int: ...

@final
class Header:
    """A rendered header; ``repr()`` shows only the name."""

    @property
    def name(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def line(self) -> str: ...
    def as_dict(self) -> dict[str, str]: ...

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
    ) -> Credentials: ...
    @staticmethod
    def access_token(token: str) -> Credentials: ...
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
    ) -> Credentials: ...
    @staticmethod
    def authorization_code(grant: AuthorizationCodeGrant, *, refresh_token: str) -> Credentials: ...
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
    def user_id(self) -> Optional[str]: ...
    @property
    def is_oauth(self) -> bool: ...
    def jwt_assertion(self, environment: Environment) -> str: ...
    def consent_url(self, environment: Environment, *, state: Optional[str] = None) -> Optional[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def integrator_key(self) -> Optional[str]: ...
    @property
    def username(self) -> Optional[str]: ...
    @property
    def send_on_behalf_of(self) -> Optional[str]: ...
    def header(self, format: Optional[HeaderFormat] = None) -> Header: ...
    def soap_username(self) -> str: ...
    def soap_security(self) -> str: ...

@final
class Environment:
    """A DocuSign environment: base URL and OAuth account server."""

    DEMO: Environment
    PRODUCTION: Environment
    @staticmethod
    def custom(base_url: str, account_server: Optional[str] = None) -> Environment: ...
    @property
    def base_url(self) -> str: ...
    @property
    def rest_base(self) -> str: ...
    @property
    def account_server(self) -> str: ...
    @property
    def account_server_host(self) -> str: ...
    @property
    def is_docusign(self) -> bool: ...
    @property
    def is_production(self) -> bool: ...
    def soap_url(self, endpoint: SoapEndpoint) -> str: ...
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
    ) -> RateLimit: ...
    @property
    def limit(self) -> Optional[int]: ...
    @property
    def remaining(self) -> Optional[int]: ...
    @property
    def reset_at(self) -> Optional[datetime]: ...
    @property
    def burst_limit(self) -> Optional[int]: ...
    @property
    def burst_remaining(self) -> Optional[int]: ...
    @property
    def is_empty(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Account:
    """The DocuSign account calls are made for."""

    @property
    def account_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def rest_base(self) -> str: ...
    @property
    def is_default(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Response:
    """A 2xx answer: status, headers, body, trace token, rate limits."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    def header(self, name: str) -> Optional[str]: ...
    @property
    def body(self) -> bytes: ...
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...
    @property
    def trace_token(self) -> Optional[str]: ...
    @property
    def rate_limit(self) -> RateLimit: ...
    @property
    def url(self) -> str: ...

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
    ) -> Client: ...
    @classmethod
    def from_env(cls, **options: Any) -> Client:
        """A client from the ``DSAUTH_*`` variables, read as the ``dsauth``
        command reads them: the credentials (:meth:`Credentials.from_env`),
        the environment (``DSAUTH_BASE_URL``: ``demo``, the default,
        ``production`` or a base URL), ``DSAUTH_CA_FILE`` and
        ``DSAUTH_ACCOUNT_ID``. ``options`` are :class:`Client`'s keywords;
        ``account_id`` and ``ca_file`` given here win over the variables."""
    @property
    def environment(self) -> Environment: ...
    @property
    def credentials(self) -> Credentials: ...
    @property
    def account(self) -> Account: ...
    def token(self) -> Token: ...
    def token_refused(self, token: Token) -> None: ...
    @property
    def user_info(self) -> UserInfo: ...
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
    ) -> Credentials: ...
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
    ) -> Response: ...
    def get(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        headers: Optional[_Headers] = None,
    ) -> Response: ...
    def post(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response: ...
    def put(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response: ...
    def delete(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response: ...
    def soap_call(self, endpoint: SoapEndpoint, operation: str, body: str) -> Response: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
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
    ) -> AuthorizationCodeGrant: ...
    @property
    def integration_key(self) -> str: ...
    @property
    def redirect_uri(self) -> str: ...
    @property
    def scopes(self) -> list[str]: ...
    @property
    def has_client_secret(self) -> bool: ...
    def authorization_url(
        self, environment: Environment, *, state: Optional[str] = None, pkce: Optional[Pkce] = None
    ) -> str: ...

@final
class Pkce:
    """A PKCE verifier and its S256 challenge."""

    @staticmethod
    def generate() -> Pkce: ...
    @staticmethod
    def from_verifier(verifier: str) -> Pkce: ...
    @property
    def verifier(self) -> str: ...
    @property
    def challenge(self) -> str: ...
    @property
    def method(self) -> str: ...

@final
class Token:
    """An OAuth access token; ``repr()`` shows no token."""

    @property
    def access_token(self) -> str: ...
    @property
    def token_type(self) -> str: ...
    @property
    def expires_in(self) -> float: ...
    @property
    def refresh_token(self) -> Optional[str]: ...
    @property
    def scope(self) -> Optional[str]: ...
    def header(self) -> Header: ...

@final
class OAuthAccount:
    """One account in a userinfo answer."""

    @property
    def account_id(self) -> str: ...
    @property
    def account_name(self) -> str: ...
    @property
    def is_default(self) -> bool: ...
    @property
    def base_uri(self) -> str: ...
    @property
    def rest_base(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class UserInfo:
    """The user behind OAuth credentials, from ``/oauth/userinfo``."""

    @property
    def sub(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def accounts(self) -> list[OAuthAccount]: ...

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
