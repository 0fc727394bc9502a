"""Numbers no server can mean, from a hostile server written here
(``http.server`` on a thread): ``X-RateLimit-Reset: 18446744073709551615``,
a reset in year 10000, ``Retry-After: 10**18``, negative and oversized
counts. The call raises ``RateLimitError`` (never ``OverflowError``,
``ValueError`` or ``OSError``), the numbers read as unknown, and
``response.rate_limit`` and its ``repr`` work."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Tuple

import pytest

import dsauth
from dsauth import Client, Credentials, Environment, RateLimit

HOURLY = b'{"errorCode":"HOURLY_APIINVOCATION_LIMIT_EXCEEDED","message":"slow down"}'
BURST = b'{"errorCode":"BURST_APIINVOCATION_LIMIT_EXCEEDED","message":"slow down"}'
HOSTILE_RESETS = ["18446744073709551615", "253402300800", "99999999999999999999999", "-1"]


class Hostile:
    """What the server answers, and how many requests it read."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.status = 200
        self.headers: List[Tuple[str, str]] = []
        self.body = b"{}"
        self.requests = 0

    def answer(self, status: int, headers: List[Tuple[str, str]], body: bytes = b"{}") -> None:
        self.status, self.headers, self.body, self.requests = status, headers, body, 0

    @property
    def users(self) -> str:
        return f"{self.url}/restapi/v2.1/accounts/1/users"


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    state: List[Hostile] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            h = state[0]
            h.requests += 1
            self.send_response(h.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(h.body)))
            for name, value in h.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(h.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.append(Hostile(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state[0]
    server.shutdown()
    server.server_close()


def client(hostile: Hostile, max_wait: float = 120.0) -> Client:
    credentials = Credentials.legacy(
        integrator_key="integration-key", username="user@example.com", password="password"
    )
    # A retry would wait for the reset: none may follow an unknown one.
    return Client(
        Environment.custom(hostile.url), credentials, trust_env=False, rate_limit_max_wait=max_wait
    )


@pytest.mark.parametrize("reset", HOSTILE_RESETS)
def test_hostile_reset_on_429_raises_rate_limit_error(hostile: Hostile, reset: str) -> None:
    hostile.answer(429, [("X-RateLimit-Reset", reset), ("Retry-After", reset)], HOURLY)
    with pytest.raises(dsauth.RateLimitError) as info:
        client(hostile).get(hostile.users)
    assert info.value.reset_at is None
    assert info.value.status == 429
    assert "slow down" in str(info.value) and repr(info.value)
    assert hostile.requests == 1  # not retried


def test_hostile_retry_after_on_429_falls_back_to_the_burst_window(hostile: Hostile) -> None:
    hostile.answer(429, [("Retry-After", "1000000000000000000")], BURST)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    with pytest.raises(dsauth.RateLimitError) as info:
        # The fallback window (30 s) is longer than this wait: no retry.
        client(hostile, max_wait=10.0).get(hostile.users)
    assert hostile.requests == 1
    reset_at = info.value.reset_at
    assert reset_at is not None
    assert before + timedelta(seconds=30) <= reset_at
    assert reset_at <= datetime.now(timezone.utc) + timedelta(seconds=31)


def test_hostile_numbers_on_200_read_as_absent(hostile: Hostile) -> None:
    hostile.answer(
        200,
        [
            ("X-RateLimit-Limit", "18446744073709551615"),
            ("X-RateLimit-Remaining", "-1"),
            ("X-RateLimit-Reset", "253402300800"),
            ("X-BurstLimit-Limit", "99999999999999999999999"),
            ("X-BurstLimit-Remaining", "1e9"),
        ],
    )
    rate_limit = client(hostile).get(hostile.users).rate_limit
    assert rate_limit.reset_at is None
    assert rate_limit.is_empty
    assert "reset_at=None" in repr(rate_limit)


def test_a_sane_reset_on_200_is_a_datetime(hostile: Hostile) -> None:
    reset = int(time.time()) + 1800
    hostile.answer(200, [("X-RateLimit-Reset", str(reset)), ("X-RateLimit-Limit", "1000")])
    rate_limit = client(hostile).get(hostile.users).rate_limit
    assert rate_limit.reset_at == datetime.fromtimestamp(reset, timezone.utc)
    assert rate_limit.limit == 1000
    assert "datetime" in repr(rate_limit)


def test_hostile_resets_do_not_poison_the_budget(hostile: Hostile) -> None:
    hostile.answer(
        200,
        [
            ("X-RateLimit-Limit", "1000"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "18446744073709551615"),
        ],
    )
    c = client(hostile)
    c.get(hostile.users)
    c.get(hostile.users)
    assert hostile.requests == 2


def test_rate_limit_refuses_datetimes_it_cannot_give_back() -> None:
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-23)))
    with pytest.raises(dsauth.InvalidArgumentError):
        RateLimit(reset_at=late)
    last = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert RateLimit(reset_at=last).reset_at == last
    assert "9999" in repr(RateLimit(reset_at=last))
