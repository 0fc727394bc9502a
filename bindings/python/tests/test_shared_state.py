"""SharedState: the constructors and their errors, no secret in a repr or an
error, and clients sharing one state (in memory, in a directory, in Redis)
against the stand-in: one token request for all of them, within a process
and across forked processes; the polling guard and the rate reserve.

The Redis tests start a private ``redis-server`` (a free loopback port, a
temporary directory, killed afterwards). Without ``redis-server`` they are
skipped, unless ``DSAUTH_REQUIRE_REDIS`` is set, which makes them fail.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

import dsauth
from conftest import Mock, fixture, make_client

KEY = bytes(range(32))
PASSWORD = "Sup3r-s3cret-pw"
KEYS = Path(__file__).resolve().parents[3] / "mock" / "fixtures"
PKCS1 = (KEYS / "jwt_private_pkcs1.pem").read_bytes()


def jwt() -> dsauth.Credentials:
    return dsauth.Credentials.jwt(
        integration_key=fixture.INTEGRATION_KEY,
        user_id=fixture.ALICE_USER_ID,
        private_key=PKCS1,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private redis-server's URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("DSAUTH_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed and DSAUTH_REQUIRE_REDIS is set")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.kill()
        server.wait()


# ---- constructors and errors ------------------------------------------------


def test_memory() -> None:
    state = dsauth.SharedState.memory()
    assert repr(state) == "<SharedState::Memory>"


def test_file_seals_by_default(tmp_path: Path) -> None:
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        dsauth.SharedState.file(tmp_path / "none")
    assert info.value.argument == "seal_key"
    assert "allow_plaintext_tokens" in str(info.value)
    sealed = dsauth.SharedState.file(tmp_path / "sealed", seal_key=KEY)
    assert (tmp_path / "sealed").stat().st_mode & 0o777 == 0o700
    assert "Sealed" in repr(sealed) and "redacted key" in repr(sealed)
    plain = dsauth.SharedState.file(str(tmp_path / "plain"), allow_plaintext_tokens=True)
    assert "Plain" in repr(plain)
    # A bytearray key is taken too, and a given key always seals.
    both = dsauth.SharedState.file(
        tmp_path / "both", seal_key=bytearray(KEY), allow_plaintext_tokens=True
    )
    assert "Sealed" in repr(both)


@pytest.mark.parametrize("key", [b"", b"x" * 31, b"x" * 33])
def test_seal_key_must_be_32_bytes(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(dsauth.InvalidArgumentError, match="32 bytes") as info:
        dsauth.SharedState.file(tmp_path, seal_key=key)
    assert info.value.argument == "seal_key"
    with pytest.raises(dsauth.InvalidArgumentError, match="32 bytes"):
        dsauth.SharedState.redis("redis://127.0.0.1:1", seal_key=key)


def test_seal_key_must_be_bytes(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="bytes"):
        dsauth.SharedState.file(tmp_path, seal_key=KEY.hex())  # type: ignore[arg-type]


def test_file_directory_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(dsauth.TransportError) as info:
        dsauth.SharedState.file(blocker / "state", seal_key=KEY)
    assert info.value.kind == "io"


@pytest.mark.parametrize(
    "url",
    [
        f"http://dsauth:{PASSWORD}@127.0.0.1:6379/0",
        f"redis://dsauth:{PASSWORD}@[::1/0",
        f"redis://dsauth:{PASSWORD}@127.0.0.1:99999/0",
        f"rediss//dsauth:{PASSWORD}@127.0.0.1",
        "",
    ],
)
def test_bad_redis_urls_never_show_the_password(url: str) -> None:
    with pytest.raises(dsauth.InvalidUrlError) as info:
        dsauth.SharedState.redis(url, seal_key=KEY)
    err = info.value
    for text in (str(err), repr(err), repr(err.args), repr(vars(err))):
        assert PASSWORD not in text


def test_redis_arguments() -> None:
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        dsauth.SharedState.redis("redis://127.0.0.1:1")
    assert info.value.argument == "seal_key"
    for namespace in ("", "a:b", "a b"):
        with pytest.raises(dsauth.InvalidArgumentError) as info:
            dsauth.SharedState.redis("redis://127.0.0.1:1", namespace=namespace, seal_key=KEY)
        assert info.value.argument == "namespace"
    for timeout in (0.0, -1.0, float("nan")):
        with pytest.raises(dsauth.InvalidArgumentError) as info:
            dsauth.SharedState.redis("redis://127.0.0.1:1", seal_key=KEY, timeout=timeout)
        assert info.value.argument == "timeout"


def test_redis_repr_has_no_secret() -> None:
    # Nothing is sent when it is built: no Redis is needed here.
    state = dsauth.SharedState.redis(
        f"redis://dsauth:{PASSWORD}@127.0.0.1:1/0", namespace="tenant-7", seal_key=KEY
    )
    text = repr(state) + str(state)
    assert PASSWORD not in text
    assert KEY.hex() not in text and repr(KEY) not in text
    assert "tenant-7" in text and "127.0.0.1:1" in text


def test_client_options(mock: Mock) -> None:
    state = dsauth.SharedState.memory()
    with make_client(mock, shared_state=state, rate_reserve=(10, 2)) as client:
        assert client.get("").status == 200
    with pytest.raises(TypeError):
        make_client(mock, shared_state="redis://x")
    with pytest.raises(OverflowError):
        make_client(mock, rate_reserve=(-1, 0))


# ---- clients sharing a state -------------------------------------------------

StateFactory = Callable[[], dsauth.SharedState]


@pytest.fixture(params=["memory", "file", "redis"])
def new_state(request: pytest.FixtureRequest, tmp_path: Path) -> StateFactory:
    """A factory of states that all reach the same storage."""
    if request.param == "memory":
        shared = dsauth.SharedState.memory()
        return lambda: shared
    if request.param == "file":
        return lambda: dsauth.SharedState.file(tmp_path / "state", seal_key=KEY)
    url: str = request.getfixturevalue("redis_url")
    namespace = f"py-{os.getpid()}-{time.monotonic_ns()}"
    return lambda: dsauth.SharedState.redis(url, namespace=namespace, seal_key=KEY)


def test_clients_share_one_token(mock: Mock, new_state: StateFactory) -> None:
    clients = [make_client(mock, jwt(), shared_state=new_state()) for _ in range(3)]
    for client in clients:
        assert client.get("").status == 200
    counters = mock.counters()
    assert counters["token_requests"] == 1
    assert counters["userinfo_requests"] == 1
    for client in clients:
        client.close()


def test_polling_guard_is_shared(mock: Mock, new_state: StateFactory) -> None:
    first = make_client(mock, shared_state=new_state())
    second = make_client(mock, shared_state=new_state())
    path = f"/envelopes/{fixture.ENVELOPE_ID}"
    second.account  # discovery is a REST request of its own
    assert first.get(path).status == 200
    before = mock.counters()["rest_requests"]
    with pytest.raises(dsauth.PollingTooSoonError):
        second.get(path)
    assert mock.counters()["rest_requests"] == before


def test_rate_reserve_refuses_without_sending(mock: Mock) -> None:
    mock.set_limits(hourly=10)
    client = make_client(mock, shared_state=dsauth.SharedState.memory(), rate_reserve=(10, 0))
    assert client.get("").status == 200  # learns: 9 of 10 left, all reserved
    before = mock.counters()["requests"]
    with pytest.raises(dsauth.RateLimitError):
        client.get("")
    assert mock.counters()["requests"] == before


def _worker(mock_https: str, ca_pem: bytes, state: dsauth.SharedState, out: "multiprocessing.Queue[int]") -> None:
    client = dsauth.Client(
        dsauth.Environment.custom(mock_https), jwt(),
        shared_state=state, extra_ca_pem=ca_pem, trust_env=False,
    )
    out.put(client.get("").status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.parametrize("backend", ["file", "redis"])
def test_forked_workers_share_one_token(
    mock: Mock, tmp_path: Path, request: pytest.FixtureRequest, backend: str
) -> None:
    """The pre-fork pattern: the parent builds the state, workers use it."""
    if backend == "file":
        state = dsauth.SharedState.file(tmp_path / "state", seal_key=KEY)
    else:
        url: str = request.getfixturevalue("redis_url")
        state = dsauth.SharedState.redis(url, namespace=f"fork-{os.getpid()}", seal_key=KEY)
    context = multiprocessing.get_context("fork")
    out: "multiprocessing.Queue[int]" = context.Queue()
    workers = [
        context.Process(target=_worker, args=(mock.https, mock.ca_pem, state, out))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert sorted(out.get(timeout=5) for _ in workers) == [200] * 4
    assert mock.counters()["token_requests"] == 1
