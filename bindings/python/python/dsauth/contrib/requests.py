"""``DsauthAuth``: authenticate ``requests`` calls with a dsauth client.

>>> session = requests.Session()
>>> session.auth = DsauthAuth(client)
>>> session.get(f"{client.account.rest_base}/v2.1/accounts/{client.account.account_id}")
"""

from __future__ import annotations

import functools
from typing import Any, Optional

import requests
import requests.auth

from .._dsauth import Client, Token
from . import _auth

__all__ = ["DsauthAuth"]


class DsauthAuth(requests.auth.AuthBase):
    """Sets the header of ``client``'s credentials on each request: the
    legacy header, or the bearer of the client's token (renewed when due).
    On a 401 to a renewable token it drops the token, renews, and sends an
    idempotent request with a replayable body once more."""

    def __init__(self, client: Client) -> None:
        """Authenticate with ``client``'s credentials, token cache and
        shared state."""
        self.client = client

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        header, token = _auth.current(self.client)
        request.headers[header.name] = header.value
        if token is not None:
            hook = functools.partial(self._on_response, token)
            request.register_hook("response", hook)  # type: ignore[no-untyped-call]
        return request

    def _on_response(self, token: Token, response: requests.Response, **send: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        self.client.token_refused(token)
        sent = response.request
        if not (_auth.idempotent(sent.method) and _replayable(sent.body)):
            return response
        # Free the connection before sending again (as requests' digest
        # auth does); the adapter sends without running the hooks again.
        response.content
        response.close()
        again = sent.copy()
        header, _ = _auth.current(self.client)
        again.headers[header.name] = header.value
        retried: requests.Response = response.connection.send(again, **send)
        retried.history.append(response)
        retried.request = again
        return retried


def _replayable(body: Optional[object]) -> bool:
    return body is None or isinstance(body, (bytes, str))
