"""The exceptions dsauth raises: one tree under :class:`DsauthError`.

Every error of the Rust core has a stable *kind* (a name such as
``"authentication_failed"``) and a stable *code* (a number such as ``401``,
the same as the C ABI's ``dsauth_result``), both from the core's one table
of kinds (:func:`dsauth.error_kinds`). The extension module raises the class
:data:`EXCEPTION_FOR_KIND` gives for the kind, with the fields the core
reported.

::

    DsauthError
    ├── CredentialError (ValueError)          a credential field was refused
    │   └── InvalidPrivateKeyError            an unusable RSA key (OAuth JWT)
    ├── InvalidArgumentError (ValueError)     an argument is out of range
    │   ├── WrongCredentialKindError          e.g. a SOAP username from a token
    │   └── InvalidUrlError                   a URL cannot be used
    │       ├── InsecureUrlError              plain http to a non-loopback host
    │       └── DiscoveredHostRefusedError    discovery named a host not allowed
    ├── TransportError                        no complete HTTP answer
    │   ├── TransportTimeoutError (TimeoutError)
    │   ├── TransportConnectionError (ConnectionError)
    │   │   ├── DNSError
    │   │   ├── TLSError
    │   │   ├── ProxyError
    │   │   └── ConnectionLostError
    │   ├── BodyTooLargeError
    │   └── MalformedResponseError
    ├── ApiError                              DocuSign answered with an error
    │   ├── AuthenticationError               credentials refused
    │   ├── RateLimitError                    hourly, burst or polling limit
    │   └── SoapFaultError                    a SOAP fault
    ├── PollingTooSoonError                   refused locally, nothing sent
    ├── AccountNotFoundError                  discovery found no account
    ├── OAuthError                            the account server said no
    │   └── ConsentRequiredError              the user must consent once
    ├── CallCancelledError                    the call was cancelled
    ├── ConfigurationError (ValueError)       a DSAUTH_* setting missing,
    │                                         set twice or unreadable
    └── ClientClosedError (RuntimeError)      the Client was closed

No exception text or attribute ever contains a password, token or key: the
core names fields and never quotes their values, redacts every secret it
holds from what servers say, shows URLs without query values, and caps
texts at 4 KiB.

Every constructor takes the message as its only positional argument and
everything else as keywords with defaults, so the exceptions can be raised
by tests and survive ``pickle``.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Mapping, Optional

from ._dsauth import error_kinds

__all__ = [
    "DsauthError",
    "CredentialError",
    "InvalidPrivateKeyError",
    "InvalidArgumentError",
    "WrongCredentialKindError",
    "InvalidUrlError",
    "InsecureUrlError",
    "DiscoveredHostRefusedError",
    "TransportError",
    "TransportTimeoutError",
    "TransportConnectionError",
    "DNSError",
    "TLSError",
    "ProxyError",
    "ConnectionLostError",
    "BodyTooLargeError",
    "MalformedResponseError",
    "ApiError",
    "AuthenticationError",
    "RateLimitError",
    "SoapFaultError",
    "PollingTooSoonError",
    "AccountNotFoundError",
    "OAuthError",
    "ConsentRequiredError",
    "CallCancelledError",
    "ConfigurationError",
    "ClientClosedError",
    "EXCEPTION_FOR_KIND",
]


#: The code of each core kind, from the core's one table of kinds.
_CODE: Mapping[str, int] = dict(error_kinds())


class DsauthError(Exception):
    """The root of every dsauth error.

    ``kind`` is the stable name of the core's error kind (for example
    ``"credential_empty"``, ``"timeout"``, ``"rate_limited"``) and ``code``
    its stable number (the C ABI's ``dsauth_result`` value). ``str(error)``
    is the full, secret-free explanation.
    """

    #: The kind a class stands for when none is given (its group's first).
    default_kind = "unknown"
    #: The code of :attr:`default_kind`, from the core's table (0 for a kind
    #: of this layer, such as ``client_closed``).
    default_code = 0

    kind: str
    code: int

    def __init__(
        self, text: str = "", /, *, kind: Optional[str] = None, code: Optional[int] = None
    ) -> None:
        super().__init__(text)
        self.kind = self.default_kind if kind is None else kind
        self.code = self.default_code if code is None else code

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default_code = _CODE.get(cls.default_kind, 0)


class CredentialError(DsauthError, ValueError):
    """A credential field was refused when the credentials were built.

    ``field`` is the field's name as DocuSign spells it (``"Username"``,
    ``"Password"``, ``"IntegratorKey"``, ``"SendOnBehalfOf"``,
    ``"AccessToken"``, ...); ``reason`` says what is wrong without quoting the
    value. Kinds: ``credential_empty``, ``credential_whitespace``,
    ``credential_control_character``, ``credential_too_long``,
    ``credential_invalid_character``.
    """

    default_kind = "credential_empty"

    field: str
    reason: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        field: str = "",
        reason: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.field = field
        self.reason = reason


class InvalidPrivateKeyError(CredentialError):
    """An RSA private key is not an unencrypted PKCS#1 or PKCS#8 key of a
    usable size (``field`` is ``"PrivateKey"``)."""

    default_kind = "invalid_private_key"

    def __init__(
        self,
        text: str = "",
        /,
        *,
        reason: str = "",
        field: str = "PrivateKey",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, field=field, reason=reason, kind=kind, code=code)


class InvalidArgumentError(DsauthError, ValueError):
    """An argument is outside what the function accepts. ``argument`` names
    it; ``reason`` says why."""

    default_kind = "invalid_argument"

    argument: str
    reason: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        argument: str = "",
        reason: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.argument = argument
        self.reason = reason


class WrongCredentialKindError(InvalidArgumentError):
    """The operation needs another kind of credentials: ``operation`` needs
    ``needed`` credentials but got ``actual`` ones (e.g. the SOAP username
    of an access token)."""

    default_kind = "wrong_credential_kind"

    operation: str
    needed: str
    actual: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        operation: str = "",
        needed: str = "",
        actual: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(
            text,
            argument="credentials",
            reason=f"needs {needed} credentials, got {actual}",
            kind=kind,
            code=code,
        )
        self.operation = operation
        self.needed = needed
        self.actual = actual


class InvalidUrlError(InvalidArgumentError):
    """A URL cannot be parsed, has no host, or has parts a base URL cannot
    have. ``url`` is the URL (user information and query values, if any,
    replaced by ``[redacted]`` / ``<redacted>``; at most 4 KiB)."""

    default_kind = "invalid_url"

    url: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        url: str = "",
        reason: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, argument="url", reason=reason, kind=kind, code=code)
        self.url = url


class InsecureUrlError(InvalidUrlError):
    """A plain ``http`` URL to a host that is not loopback: https is
    required."""

    default_kind = "insecure_url"


class DiscoveredHostRefusedError(InvalidUrlError):
    """Account discovery named an account host that credentials must not
    go to: for ``Environment.DEMO`` and ``Environment.PRODUCTION`` one that
    is not https under docusign.net or docusign.com, for a custom
    environment one without its scheme, host and port. Nothing was sent to
    it. ``url`` is the host; ``Client(follow_discovered_hosts=True)``
    allows any host."""

    default_kind = "discovered_host_refused"


class TransportError(DsauthError):
    """The call got no complete HTTP answer. ``url`` is what was called
    (shown as :class:`InvalidUrlError` shows it), ``reason`` the transport's
    explanation. Kind ``io`` for failures that
    have no more specific class."""

    default_kind = "io"

    url: str
    reason: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        url: str = "",
        reason: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.url = url
        self.reason = reason


class TransportTimeoutError(TransportError, TimeoutError):
    """The connect timeout or the overall timeout passed (also a
    :class:`TimeoutError`)."""

    default_kind = "timeout"


class TransportConnectionError(TransportError, ConnectionError):
    """The connection could not be made or was lost (also a
    :class:`ConnectionError`). Kind ``connect`` for a refused or unreachable
    host."""

    default_kind = "connect"


class DNSError(TransportConnectionError):
    """The host name could not be resolved."""

    default_kind = "dns"


class TLSError(TransportConnectionError):
    """The TLS handshake failed, for example on an untrusted certificate
    (pass the CA with ``Client(extra_ca_pem=...)``)."""

    default_kind = "tls"


class ProxyError(TransportConnectionError):
    """The proxy refused or failed the connection."""

    default_kind = "proxy"


class ConnectionLostError(TransportConnectionError):
    """The connection closed before the whole response arrived. A POST may
    have been processed: it is never resent."""

    default_kind = "connection_lost"


class BodyTooLargeError(TransportError):
    """The response body is larger than ``Client(max_response_body=...)``."""

    default_kind = "body_too_large"


class MalformedResponseError(TransportError):
    """The answer is not valid HTTP, or its body not the JSON or XML
    expected (also raised by :meth:`dsauth.Response.json`)."""

    default_kind = "malformed_response"


class ApiError(DsauthError):
    """DocuSign answered with an error.

    ``status`` is the HTTP status, ``error_code`` DocuSign's ``errorCode``
    (the fault code for SOAP, empty for a bare HTTP status), ``message``
    DocuSign's ``message``, ``trace_token`` the ``X-DocuSign-TraceToken`` to
    quote to DocuSign support, and ``hint`` what usually causes the error,
    when dsauth knows. ``body`` is the start of the answer's body (at most
    4 KiB, decoded as UTF-8 with invalid bytes replaced, ending with ``…``
    when cut; empty when there was none). Kinds ``api`` and ``http_status``
    (an error status without a DocuSign error body: the message names the
    status and content type and quotes the body).

    Every text that came from the server (``message``, ``error_code``,
    ``trace_token``, ``body``) has each secret the client holds (password,
    tokens, client secret, JWT assertion, rendered headers), in any
    encoding, replaced by ``<redacted>``.
    """

    default_kind = "api"

    status: int
    error_code: str
    message: str
    trace_token: Optional[str]
    hint: Optional[str]
    body: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        status: int = 0,
        error_code: str = "",
        message: str = "",
        trace_token: Optional[str] = None,
        hint: Optional[str] = None,
        body: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.trace_token = trace_token
        self.hint = hint
        self.body = body


class AuthenticationError(ApiError):
    """DocuSign refused the credentials: unknown or disabled integrator key
    (``PARTNER_AUTHENTICATION_FAILED``), wrong username or password
    (``USER_AUTHENTICATION_FAILED``), or an invalid or expired token."""

    default_kind = "authentication_failed"


class RateLimitError(ApiError):
    """An hourly, burst or polling limit was exceeded (classified by
    ``errorCode``, whether DocuSign answered 400 or 429). ``reset_at`` is
    when the limit resets (UTC), when known."""

    default_kind = "rate_limited"

    reset_at: Optional[datetime]

    def __init__(
        self,
        text: str = "",
        /,
        *,
        status: int = 0,
        error_code: str = "",
        message: str = "",
        trace_token: Optional[str] = None,
        hint: Optional[str] = None,
        reset_at: Optional[datetime] = None,
        body: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(
            text,
            status=status,
            error_code=error_code,
            message=message,
            trace_token=trace_token,
            hint=hint,
            body=body,
            kind=kind,
            code=code,
        )
        self.reset_at = reset_at

    @property
    def retry_after(self) -> Optional[float]:
        """Seconds from now until ``reset_at`` (0 when it has passed), or
        ``None`` when the reset time is unknown."""
        if self.reset_at is None:
            return None
        return max(0.0, self.reset_at.timestamp() - time.time())


class SoapFaultError(ApiError):
    """A SOAP call answered with a fault: ``error_code`` is the
    ``faultcode``, ``message`` the ``faultstring`` (with the detail)."""

    default_kind = "soap_fault"


class PollingTooSoonError(DsauthError):
    """dsauth's polling guard refused, without sending it, a status GET that
    DocuSign would count against its one-poll-per-15-minutes rule.
    ``resource`` names what was polled; ``retry_after`` is in seconds.
    ``Client(polling_guard="warn")`` logs a warning and sends instead;
    ``"off"`` sends."""

    default_kind = "polling_too_soon"

    resource: str
    retry_after: int

    def __init__(
        self,
        text: str = "",
        /,
        *,
        resource: str = "",
        retry_after: int = 0,
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.resource = resource
        self.retry_after = retry_after


class AccountNotFoundError(DsauthError):
    """Account discovery found no account to use (the text lists the
    user's accounts)."""

    default_kind = "account_not_found"


class OAuthError(DsauthError):
    """The OAuth account server answered with an error: ``error`` (e.g.
    ``invalid_grant``), ``description``, the HTTP ``status``, the
    ``trace_token`` and ``body``, the start of the answer's body (as
    :attr:`ApiError.body`). Secrets are redacted from every one of them, as
    for :class:`ApiError`."""

    default_kind = "oauth"

    error: str
    description: Optional[str]
    status: int
    trace_token: Optional[str]
    body: str

    def __init__(
        self,
        text: str = "",
        /,
        *,
        error: str = "",
        description: Optional[str] = None,
        status: int = 0,
        trace_token: Optional[str] = None,
        body: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(text, kind=kind, code=code)
        self.error = error
        self.description = description
        self.status = status
        self.trace_token = trace_token
        self.body = body


class ConsentRequiredError(OAuthError):
    """The user has not yet granted consent to the integration key: open
    ``consent_url`` once, as that user."""

    default_kind = "consent_required"

    consent_url: Optional[str]

    def __init__(
        self,
        text: str = "",
        /,
        *,
        error: str = "consent_required",
        description: Optional[str] = None,
        status: int = 0,
        trace_token: Optional[str] = None,
        consent_url: Optional[str] = None,
        body: str = "",
        kind: Optional[str] = None,
        code: Optional[int] = None,
    ) -> None:
        super().__init__(
            text,
            error=error,
            description=description,
            status=status,
            trace_token=trace_token,
            body=body,
            kind=kind,
            code=code,
        )
        self.consent_url = consent_url


class CallCancelledError(DsauthError):
    """The call was cancelled before it finished; nothing more was sent.

    Ctrl-C during a blocking call cancels it too, but raises
    ``KeyboardInterrupt`` (whatever the signal handler raises): this class
    stands for the core's kind ``cancelled``."""

    default_kind = "cancelled"
class ConfigurationError(DsauthError, ValueError):
    """A setting read by ``from_env()`` is missing, set twice (``X`` and
    ``X_FILE``) or names a file that cannot be read. The message names every
    variable that would supply it, never a value."""

    default_kind = "configuration"


class ClientClosedError(DsauthError, RuntimeError):
    """The :class:`dsauth.Client` was closed (``close()`` or the end of its
    ``with`` block). Raised by the Python layer: its code is 0, which is no
    core error code."""

    default_kind = "client_closed"


#: The class of a core kind without a class of its own: its group's (the
#: hundreds of its code), e.g. ``CredentialError`` for every credential kind.
_GROUP_CLASS: Mapping[int, "type[DsauthError]"] = {
    0: InvalidArgumentError,
    1: CredentialError,
    2: InvalidUrlError,
    3: TransportError,
    4: ApiError,
    5: OAuthError,
    6: DsauthError,
}


def _exception_for_kind() -> dict[str, "type[DsauthError]"]:
    own: dict[str, "type[DsauthError]"] = {}
    pending = DsauthError.__subclasses__()
    while pending:
        cls = pending.pop(0)
        pending.extend(cls.__subclasses__())
        if "default_kind" in vars(cls):
            own[cls.default_kind] = cls
    core = {name: own.get(name, _GROUP_CLASS[code // 100]) for name, code in _CODE.items()}
    return {**own, **core}


#: The class raised for each kind: every core kind (from the core's table)
#: and this layer's ``client_closed``. A class stands for its
#: :attr:`~DsauthError.default_kind`; a kind without a class of its own
#: raises its group's class.
EXCEPTION_FOR_KIND: Mapping[str, "type[DsauthError]"] = _exception_for_kind()
