"""dsauth: authenticate to DocuSign's eSignature APIs.

Build validated :class:`Credentials`, render the headers DocuSign accepts
(:meth:`Credentials.header`, :meth:`Credentials.soap_security`), and make
authenticated REST and SOAP calls with a :class:`Client`, which discovers
the account, reports rate limits, and raises DocuSign's errors as the typed
exceptions of :mod:`dsauth.exceptions`.

OAuth: :meth:`Credentials.jwt` (JWT grant; the client gets and renews its
tokens), :class:`AuthorizationCodeGrant` with :class:`Pkce` and
:meth:`Client.exchange_authorization_code`, :meth:`Credentials.access_token`
for a token obtained elsewhere.

Many processes and hosts: give clients one :class:`SharedState`
(``SharedState.file(...)`` for one host, ``SharedState.redis(...)`` for a
fleet) and they share one token per grant, the userinfo answer, the
account's rate budget and the polling guard.

A Rust core does the work (``dsauth._dsauth``); calls release the GIL, so
one client serves many threads. :class:`AsyncClient` offers the same calls
as coroutines for asyncio; :mod:`dsauth.contrib` lets requests, httpx and
the official SDK authenticate with a client.

>>> import dsauth
>>> creds = dsauth.Credentials.legacy(
...     integrator_key="6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10",
...     username="alice@example.com",
...     password="s3cret",
... )
>>> creds.header(dsauth.HeaderFormat.XML).name
'X-DocuSign-Authentication'
"""

from ._dsauth import (
    DEFAULT_MAX_RESPONSE_BODY,
    Account,
    AuthorizationCodeGrant,
    Client,
    Credentials,
    Environment,
    Header,
    HeaderFormat,
    OAuthAccount,
    Pkce,
    RateLimit,
    Response,
    SharedState,
    SoapEndpoint,
    Token,
    UserInfo,
    __version__,
    consent_url,
    error_kinds,
    generate_state,
    refresh_logging,
)
from ._async import AsyncClient
from .exceptions import (
    EXCEPTION_FOR_KIND,
    AccountNotFoundError,
    ApiError,
    AuthenticationError,
    BodyTooLargeError,
    CallCancelledError,
    ClientClosedError,
    ConfigurationError,
    ConnectionLostError,
    ConsentRequiredError,
    CredentialError,
    DNSError,
    DiscoveredHostRefusedError,
    DsauthError,
    InsecureUrlError,
    InvalidArgumentError,
    InvalidPrivateKeyError,
    InvalidUrlError,
    MalformedResponseError,
    OAuthError,
    PollingTooSoonError,
    ProxyError,
    RateLimitError,
    SoapFaultError,
    TLSError,
    TransportConnectionError,
    TransportError,
    TransportTimeoutError,
    WrongCredentialKindError,
)

__all__ = [
    "__version__",
    "DEFAULT_MAX_RESPONSE_BODY",
    "Account",
    "AsyncClient",
    "Client",
    "Credentials",
    "Environment",
    "Header",
    "HeaderFormat",
    "RateLimit",
    "Response",
    "SharedState",
    "SoapEndpoint",
    "error_kinds",
    "AuthorizationCodeGrant",
    "Pkce",
    "Token",
    "OAuthAccount",
    "UserInfo",
    "generate_state",
    "consent_url",
    "refresh_logging",
    "EXCEPTION_FOR_KIND",
    "AccountNotFoundError",
    "ApiError",
    "AuthenticationError",
    "BodyTooLargeError",
    "CallCancelledError",
    "ClientClosedError",
    "ConfigurationError",
    "ConnectionLostError",
    "ConsentRequiredError",
    "CredentialError",
    "DNSError",
    "DsauthError",
    "InsecureUrlError",
    "DiscoveredHostRefusedError",
    "InvalidArgumentError",
    "InvalidPrivateKeyError",
    "InvalidUrlError",
    "MalformedResponseError",
    "OAuthError",
    "PollingTooSoonError",
    "ProxyError",
    "RateLimitError",
    "SoapFaultError",
    "TLSError",
    "TransportConnectionError",
    "TransportError",
    "TransportTimeoutError",
    "WrongCredentialKindError",
]
