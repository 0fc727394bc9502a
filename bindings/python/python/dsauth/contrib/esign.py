"""``api_client``: the official SDK (``docusign-esign``) authenticated by a
dsauth client.

>>> envelopes = docusign_esign.EnvelopesApi(api_client(client))
>>> envelopes.get_envelope(client.account.account_id, envelope_id)
"""

from __future__ import annotations

from typing import Any

import docusign_esign  # type: ignore[import-untyped]
from docusign_esign.client.api_exception import ApiException  # type: ignore[import-untyped]

from .._dsauth import Client
from . import _auth

__all__ = ["api_client"]


def api_client(client: Client) -> Any:
    """A ``docusign_esign.ApiClient`` whose host is the REST base of
    ``client``'s account (``https://<host>/restapi``; discovered now if not
    yet), and whose every request carries ``client``'s current header, so
    it never goes stale however long the ApiClient lives. A 401 to a
    renewable token renews it and sends an idempotent request once more.
    TLS and proxy settings stay the SDK's (``docusign_esign.Configuration``)."""
    return _ApiClient(client)


class _ApiClient(docusign_esign.ApiClient):  # type: ignore[misc]
    """The SDK's client with the header set per request by dsauth."""

    def __init__(self, client: Client) -> None:
        super().__init__(host=client.account.rest_base)
        self.dsauth_client = client

    def request(self, method: str, url: str, *args: Any, headers: Any = None, **kwargs: Any) -> Any:
        header, token = _auth.current(self.dsauth_client)
        headers = {**(headers or {}), header.name: header.value}
        try:
            return super().request(method, url, *args, headers=headers, **kwargs)
        except ApiException as error:
            if token is None or error.status != 401:
                raise
            self.dsauth_client.token_refused(token)
            if not _auth.idempotent(method):
                raise
        header, _ = _auth.current(self.dsauth_client)
        headers[header.name] = header.value
        return super().request(method, url, *args, headers=headers, **kwargs)
