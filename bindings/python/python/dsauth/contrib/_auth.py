"""What the adapters share: the header a client's calls carry now, and what
a 401 to it means.

JWT and authorization code grants renew their token: the header is the
bearer of :meth:`Client.token` (the cached token, renewed when due), and a
401 to it is reported (:meth:`Client.token_refused`) so the next header
carries a new one; an idempotent request is then sent once more. Legacy
credentials and ready access tokens have a fixed header.
"""

from __future__ import annotations

from typing import Optional, Tuple

from .._async import AsyncClient
from .._dsauth import Client, Credentials, Header, Token

__all__ = ["IDEMPOTENT_METHODS", "current", "current_async", "idempotent"]

#: Methods sent again after a renewal (DocuSign processed nothing on a 401,
#: but a retry of anything else is left to the caller).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

_RENEWING_KINDS = frozenset({"jwt_grant", "authorization_code_grant"})


def _renews(credentials: Credentials) -> bool:
    return credentials.kind in _RENEWING_KINDS


def current(client: Client) -> Tuple[Header, Optional[Token]]:
    """The header to send now, and the token it carries when the client
    renews its tokens (``None`` for a fixed header)."""
    if _renews(client.credentials):
        token = client.token()
        return token.header(), token
    return client.credentials.header(), None


async def current_async(client: AsyncClient) -> Tuple[Header, Optional[Token]]:
    """:func:`current`, renewing on the client's threads."""
    if _renews(client.credentials):
        token = await client.token()
        return token.header(), token
    return client.credentials.header(), None


def idempotent(method: Optional[str]) -> bool:
    """True for the methods sent again after a renewal."""
    return (method or "").upper() in IDEMPOTENT_METHODS
