"""The adapters of dsauth.contrib with the real requests, httpx and
docusign-esign (pinned in env.sh) against the stand-in: calls across token
renewals never fail, a revoked token is renewed once and the call sent
again, legacy credentials get their header, the SDK reads an envelope."""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Callable

import docusign_esign  # type: ignore[import-untyped]
import httpx
import pytest
import requests
from conftest import Mock, fixture, make_client
from test_oauth import jwt

import dsauth
from dsauth.contrib import esign
from dsauth.contrib import httpx as dsauth_httpx
from dsauth.contrib import requests as dsauth_requests


def short_tokens(mock: Mock) -> None:
    """1 s tokens: the client renews each when half of it is left."""
    mock.control("POST", "token_lifetime", {"seconds": 1})


def account_url(client: dsauth.Client) -> str:
    account = client.account
    return f"{account.rest_base}/v2.1/accounts/{account.account_id}"


def across_renewals(mock: Mock, call: Callable[[], int]) -> int:
    """Calls until the stand-in has issued three tokens (two renewals);
    returns how many calls were made, all of which answered 200."""
    calls = 0
    deadline = time.monotonic() + 10
    while mock.counters()["tokens_issued"] < 3:
        assert time.monotonic() < deadline, "no renewal within 10 s"
        assert call() == 200
        calls += 1
        time.sleep(0.05)
    return calls


def bearer_of(mock: Mock) -> str:
    headers: dict[str, str] = dict((k.lower(), v) for k, v in mock.requests()[-1]["headers"])
    return headers["authorization"]


def test_requests_across_renewals_and_a_revoked_token(mock: Mock) -> None:
    short_tokens(mock)
    client = make_client(mock, jwt())
    url = account_url(client)
    with requests.Session() as session:
        session.auth = dsauth_requests.DsauthAuth(client)
        session.verify = mock.ca_file
        session.trust_env = False
        assert across_renewals(mock, lambda: session.get(url).status_code) >= 2
        mock.control("POST", "revoke_tokens")
        before = mock.counters()
        answer = session.get(url)
        assert answer.status_code == 200
        assert [r.status_code for r in answer.history] == [401]
        assert mock.counters()["tokens_issued"] == before["tokens_issued"] + 1
        assert bearer_of(mock) == f"Bearer {client.token().access_token}"
        # A POST is not sent again, but the next call has a new token.
        mock.control("POST", "revoke_tokens")
        assert session.post(f"{url}/envelopes", json={"status": "created"}).status_code == 401
        assert session.post(f"{url}/envelopes", json={"status": "created"}).status_code == 201


def test_requests_with_legacy_credentials(mock: Mock) -> None:
    client = make_client(mock)
    answer = requests.get(
        account_url(client), auth=dsauth_requests.DsauthAuth(client), verify=mock.ca_file
    )
    assert answer.status_code == 200
    assert answer.json()["accountName"] == fixture.ACCOUNT_NAME
    assert "x-docusign-authentication" in dict((k.lower(), v) for k, v in mock.requests()[-1]["headers"])


def ca_context(mock: Mock) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=mock.ca_file)


def test_httpx_sync_across_renewals_and_a_revoked_token(mock: Mock) -> None:
    short_tokens(mock)
    client = make_client(mock, jwt())
    url = account_url(client)
    auth = dsauth_httpx.DsauthAuth(client)
    with httpx.Client(auth=auth, verify=ca_context(mock), trust_env=False) as http:
        assert across_renewals(mock, lambda: http.get(url).status_code) >= 2
        mock.control("POST", "revoke_tokens")
        answer = http.get(url)
        assert answer.status_code == 200
        assert [r.status_code for r in answer.history] == [401]
        assert bearer_of(mock) == f"Bearer {client.token().access_token}"


def test_httpx_async_across_renewals_and_a_revoked_token(mock: Mock) -> None:
    short_tokens(mock)

    async def main() -> None:
        async with dsauth.AsyncClient.wrap(make_client(mock, jwt())) as client:
            url = account_url(client.sync)
            auth = dsauth_httpx.DsauthAuth(client)
            async with httpx.AsyncClient(auth=auth, verify=ca_context(mock), trust_env=False) as http:
                deadline = time.monotonic() + 10
                calls = 0
                while (await asyncio.to_thread(mock.counters))["tokens_issued"] < 3:
                    assert time.monotonic() < deadline, "no renewal within 10 s"
                    assert (await http.get(url)).status_code == 200
                    calls += 1
                    await asyncio.sleep(0.05)
                assert calls >= 2
                await asyncio.to_thread(mock.control, "POST", "revoke_tokens")
                answer = await http.get(url)
                assert answer.status_code == 200
                assert [r.status_code for r in answer.history] == [401]

    asyncio.run(main())


def test_httpx_async_flow_refuses_a_blocking_client(mock: Mock) -> None:
    client = make_client(mock)

    async def main() -> None:
        async with httpx.AsyncClient(auth=dsauth_httpx.DsauthAuth(client)) as http:
            with pytest.raises(TypeError, match="AsyncClient"):
                await http.get(account_url(client))

    asyncio.run(main())


def test_esign_sdk_across_renewals(mock: Mock) -> None:
    short_tokens(mock)
    mock.set_limits(envelope_poll_interval_seconds=0)
    # The SDK's own TLS settings are global: use the stand-in's HTTP side.
    client = make_client(mock, jwt(), https=False)
    api = esign.api_client(client)
    assert api.host == f"{mock.http}/restapi"
    account_id = client.account.account_id
    envelopes = docusign_esign.EnvelopesApi(api)

    def get() -> int:
        envelope = envelopes.get_envelope(account_id, fixture.ENVELOPE_ID)
        assert envelope.envelope_id == fixture.ENVELOPE_ID
        assert envelope.status == "sent"
        return 200

    assert across_renewals(mock, get) >= 2
    mock.control("POST", "revoke_tokens")
    assert get() == 200
    assert bearer_of(mock) == f"Bearer {client.token().access_token}"
