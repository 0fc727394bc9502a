"""``DsauthAuth``: authenticate ``httpx`` calls with a dsauth client.

>>> with httpx.Client(auth=DsauthAuth(client)) as http: ...
>>> async with httpx.AsyncClient(auth=DsauthAuth(async_client)) as http: ...
"""

from __future__ import annotations

from typing import AsyncGenerator, Generator, Union

import httpx

from .._async import AsyncClient
from .._dsauth import Client
from . import _auth

__all__ = ["DsauthAuth"]


class DsauthAuth(httpx.Auth):
    """Sets the header of ``client``'s credentials on each request: the
    legacy header, or the bearer of the client's token (renewed when due).
    On a 401 to a renewable token it drops the token, renews, and sends an
    idempotent request with a replayable body once more.

    ``httpx.Client`` runs the sync flow with a :class:`Client` (or an
    :class:`AsyncClient`'s); ``httpx.AsyncClient`` needs an
    :class:`AsyncClient`, whose threads renew tokens without blocking the
    event loop."""

    def __init__(self, client: Union[Client, AsyncClient]) -> None:
        """Authenticate with ``client``'s credentials, token cache and
        shared state."""
        self.client = client

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """The flow of ``httpx.Client``."""
        client = self.client.sync if isinstance(self.client, AsyncClient) else self.client
        header, token = _auth.current(client)
        request.headers[header.name] = header.value
        response = yield request
        if token is not None and response.status_code == 401:
            client.token_refused(token)
            if _resend(request):
                header, _ = _auth.current(client)
                request.headers[header.name] = header.value
                yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The flow of ``httpx.AsyncClient``."""
        client = self.client
        if not isinstance(client, AsyncClient):
            raise TypeError(
                "httpx.AsyncClient needs DsauthAuth(dsauth.AsyncClient(...)): "
                "a blocking Client would renew tokens on the event loop"
            )
        header, token = await _auth.current_async(client)
        request.headers[header.name] = header.value
        response = yield request
        if token is not None and response.status_code == 401:
            await client.token_refused(token)
            if _resend(request):
                header, _ = await _auth.current_async(client)
                request.headers[header.name] = header.value
                yield request


def _resend(request: httpx.Request) -> bool:
    return _auth.idempotent(request.method) and isinstance(request.stream, httpx.ByteStream)
