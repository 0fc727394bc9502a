"""AsyncClient against the stand-in: calls overlap on the client's threads,
the event loop never stalls (calls, discovery, token renewals), a cancelled
call returns at once and leaves the client usable."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, TypeVar

import pytest
from conftest import Mock, fixture, make_client
from test_oauth import jwt

import dsauth

ACCOUNT_PATH = "/restapi/v2.1/accounts/"
_T = TypeVar("_T")


def async_client(mock: Mock, credentials: dsauth.Credentials | None = None, **options: Any) -> dsauth.AsyncClient:
    return dsauth.AsyncClient.wrap(make_client(mock, credentials), **options)


async def with_lag_probe(work: Callable[[], Awaitable[_T]]) -> tuple[_T, float]:
    """Runs `work` while a task sleeps 10 ms in a loop; returns its result
    and the largest lag the task saw past its 10 ms."""
    lag = 0.0
    done = asyncio.Event()

    async def probe() -> None:
        nonlocal lag
        while not done.is_set():
            start = time.monotonic()
            await asyncio.sleep(0.01)
            lag = max(lag, time.monotonic() - start - 0.01)

    task = asyncio.create_task(probe())
    try:
        result = await work()
    finally:
        done.set()
        await task
    return result, lag


def test_hundred_delayed_calls_overlap_without_stalling_the_loop(mock: Mock) -> None:
    async def main() -> None:
        async with async_client(mock) as client:
            mock.fault("/restapi/", "delay", delay_ms=500, times=101)

            async def calls() -> tuple[list[int], float]:
                account = await client.account()  # discovery, delayed too
                assert account.account_id == fixture.ACCOUNT_ID
                start = time.monotonic()
                answers = await asyncio.gather(*(client.get("") for _ in range(100)))
                return [a.status for a in answers], time.monotonic() - start

            (statuses, elapsed), lag = await with_lag_probe(calls)
        assert statuses == [200] * 100
        assert mock.counters()["faults_injected"] == 101
        # 32 threads: 4 waves of 0.5 s.
        assert elapsed < 3.0, f"100 calls delayed 0.5 s took {elapsed:.2f} s"
        assert lag < 0.05, f"the event loop stalled {lag * 1000:.0f} ms"
        assert client.closed

    asyncio.run(main())


def test_token_renewals_do_not_stall_the_loop(mock: Mock) -> None:
    # A 1 s token is renewed when half of it is left; each renewal waits 0.2 s.
    mock.control("POST", "token_lifetime", {"seconds": 1})
    mock.fault("/oauth/token", "delay", delay_ms=200, times=0)

    async def main() -> None:
        async with async_client(mock, jwt()) as client:

            async def calls() -> int:
                # The control API is read off the loop, so only dsauth can stall it.
                async def issued() -> int:
                    return (await asyncio.to_thread(mock.counters))["tokens_issued"]

                deadline = time.monotonic() + 10
                while await issued() < 3 and time.monotonic() < deadline:
                    answers = await asyncio.gather(*(client.get("") for _ in range(8)))
                    assert all(a.status == 200 for a in answers)
                return await issued()

            issued, lag = await with_lag_probe(calls)
        assert issued >= 3
        assert lag < 0.05, f"the event loop stalled {lag * 1000:.0f} ms"

    asyncio.run(main())


def test_cancelling_a_delayed_call_returns_at_once(mock: Mock) -> None:
    async def main() -> None:
        async with async_client(mock, max_workers=2) as client:
            await client.account()
            mock.fault(ACCOUNT_PATH, "delay", delay_ms=2000, times=1)
            call = asyncio.create_task(client.get(""))
            await asyncio.sleep(0.1)  # the request is at the stand-in
            start = time.monotonic()
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            assert time.monotonic() - start < 0.1
            # Usable at once, while the abandoned call still runs.
            assert (await client.get("")).status == 200

    asyncio.run(main())


def test_mirrors_the_client(mock: Mock) -> None:
    async def main() -> None:
        client = dsauth.AsyncClient(
            dsauth.Environment.custom(mock.https),
            jwt(),
            extra_ca_pem=mock.ca_pem,
            trust_env=False,
            max_workers=4,
        )
        assert client.max_workers == 4
        assert client.credentials.kind == "jwt_grant"
        assert client.environment.base_url == mock.https
        assert (await client.user_info()).sub == fixture.ALICE_USER_ID
        token = await client.token()
        assert (await client.token()).access_token == token.access_token
        await client.token_refused(token)
        assert (await client.token()).access_token != token.access_token
        assert (await client.request("GET", "")).status == 200
        created = await client.post("/envelopes", json={"status": "created"})
        assert created.status == 201
        envelope = created.json()["envelopeId"]
        # The stand-in has no PUT or DELETE route: its 405 shows the method.
        for call, method in ((client.put, "PUT"), (client.delete, "DELETE")):
            with pytest.raises(dsauth.ApiError):
                await call(f"/envelopes/{envelope}", json={})
            assert mock.requests()[-1]["method"] == method
        assert repr(client).startswith("AsyncClient(")
        await client.close()
        await client.close()
        assert client.closed and client.sync.closed
        with pytest.raises(dsauth.ClientClosedError):
            await client.get("")

    asyncio.run(main())


def test_soap_and_errors(mock: Mock) -> None:
    async def main() -> None:
        async with async_client(mock) as client:
            ping = '<Ping xmlns="http://www.docusign.net/API/3.0"/>'
            assert (await client.soap_call(dsauth.SoapEndpoint.API, "Ping", ping)).status == 200
            with pytest.raises(dsauth.ApiError):
                await client.get("/envelopes/00000000-0000-0000-0000-000000000000")
            with pytest.raises(dsauth.WrongCredentialKindError):
                await client.token()
            with pytest.raises(ValueError):
                dsauth.AsyncClient.wrap(client.sync, max_workers=0)

    asyncio.run(main())
