"""Type stubs of the Rust extension module ``dsauth._dsauth``."""

from datetime import datetime
from types import TracebackType
from typing import Any, Iterable, Mapping, Optional, Tuple, Union, final

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
    "Client",
    "error_kinds",
]

__version__: str
DEFAULT_MAX_RESPONSE_BODY: int

_QueryValue = Union[str, int, bool]
_Query = Union[Mapping[str, _QueryValue], Iterable[Tuple[str, _QueryValue]]]
_Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
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
        polling_guard: bool = True,
        rate_limit_max_wait: Optional[float] = None,
        user_agent: Optional[str] = None,
        api_version: str = "v2.1",
    ) -> Client: ...
    @property
    def environment(self) -> Environment: ...
    @property
    def credentials(self) -> Credentials: ...
    @property
    def account(self) -> Account: ...
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
