"""Shared fixtures: the local DocuSign stand-in (dsauth-mock) and clients.

The stand-in binary comes from ``DSAUTH_MOCK_BIN``, else
``<repo>/target/debug/dsauth-mock`` (``run-tests.sh`` builds it with
``cargo build -p dsauth-mock``). One process serves the whole session; it
is reset before every test that uses it, and exits when our end of its
stdin closes (``--exit-on-stdin-eof``), even if pytest is killed.

Every test runs with dsauth's log records captured at DEBUG (the autouse
``dsauth_log``); afterwards none may hold a secret of the test.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import pytest

import dsauth

REPO = Path(__file__).resolve().parents[3]


class fixture:
    """The stand-in's fixture (mock/src/fixture.rs, TEST-ONLY values)."""

    INTEGRATION_KEY = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd"
    DEMO_ONLY_INTEGRATION_KEY = "309ea289-25c3-43a8-8eb6-8c8aa1eedd58"
    DISABLED_INTEGRATION_KEY = "ab3c8de5-3c22-4b10-a9d4-529a981761d6"
    ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a"
    ALICE_EMAIL = "alice@example.com"
    ALICE_PASSWORD = "Alice-Passw0rd!"
    BOB_USER_ID = "66e0a110-cc3e-48ac-8bdd-f6f75462257e"
    BOB_EMAIL = "bob@example.com"
    BOB_PASSWORD = "B0b&\"<pa$$>'\\word"
    ACCOUNT_ID = "18650243"
    ACCOUNT_NAME = "Andersen Consulting Ltd"
    SECOND_ACCOUNT_ID = "18650277"
    SECOND_ACCOUNT_NAME = "Brennan & Partners"
    ENVELOPE_ID = "4462534f-439c-44ca-b672-737c4af34e3c"


def mock_binary() -> Path:
    configured = os.environ.get("DSAUTH_MOCK_BIN")
    if configured:
        return Path(configured)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "dsauth-mock"


@dataclass
class Mock:
    """A running stand-in and its /__mock/ control API."""

    http: str
    https: str
    ca_file: str
    process: "subprocess.Popen[bytes]"

    @property
    def ca_pem(self) -> bytes:
        return Path(self.ca_file).read_bytes()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.http}/__mock/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        # The control API is on loopback: never through a proxy.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def reset(self) -> None:
        self.control("POST", "reset")

    def set_limits(self, **limits: Any) -> Any:
        return self.control("POST", "limits", limits)

    def fault(self, path: str, kind: str, **extra: Any) -> None:
        self.control("POST", "faults", {"path": path, "kind": kind, **extra})

    def requests(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", "requests")
        return result

    def counters(self) -> dict[str, int]:
        result: dict[str, int] = self.control("GET", "counters")
        return result

    def advance_clock(self, seconds: float) -> None:
        self.control("POST", "clock", {"advance_seconds": seconds})


@pytest.fixture(scope="session")
def mock_server() -> Iterator[Mock]:
    binary = mock_binary()
    if not binary.exists():
        pytest.fail(
            f"the stand-in {binary} does not exist: run `cargo build -p dsauth-mock` "
            "(bindings/python/run-tests.sh does) or set DSAUTH_MOCK_BIN"
        )
    process = subprocess.Popen(
        [str(binary), "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        pytest.fail(f"the stand-in {binary} printed nothing (exit {process.wait()})")
    info = json.loads(line)
    server = Mock(info["http"], info["https"], info["ca_file"], process)
    try:
        yield server
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def mock(mock_server: Mock) -> Mock:
    """The stand-in, back in its start state."""
    mock_server.reset()
    return mock_server


def alice() -> dsauth.Credentials:
    return dsauth.Credentials.legacy(
        integrator_key=fixture.INTEGRATION_KEY,
        username=fixture.ALICE_EMAIL,
        password=fixture.ALICE_PASSWORD,
    )


def make_client(
    mock: Mock,
    credentials: Optional[dsauth.Credentials] = None,
    *,
    https: bool = True,
    **options: Any,
) -> dsauth.Client:
    """A client on the stand-in that trusts its CA and ignores proxy
    variables."""
    options.setdefault("extra_ca_pem", mock.ca_pem)
    options.setdefault("trust_env", False)
    env = dsauth.Environment.custom(mock.https if https else mock.http)
    return dsauth.Client(env, credentials or alice(), **options)


@pytest.fixture
def client(mock: Mock) -> Iterator[dsauth.Client]:
    with make_client(mock) as c:
        yield c


# ---- logging: every test at DEBUG, and no secret in any record ------------

DSAUTH_LOGGER = logging.getLogger("dsauth")

#: Secrets of the suite that are not sent as they are (a legacy password
#: travels inside a rendered header) or may not be sent at all.
SUITE_SECRETS = (
    fixture.ALICE_PASSWORD,
    fixture.BOB_PASSWORD,
    *(
        line
        for key in ("jwt_private_pkcs1.pem", "jwt_private_pkcs8.pem")
        for line in (REPO / "mock" / "fixtures" / key).read_text().splitlines()
        if line and not line.startswith("-----")
    ),
)

#: Text no record may hold: what the stand-in issues (access and refresh
#: tokens, codes) and base64 JSON (a JWT assertion or token).
SECRET_MARKERS = ("dsm_", "eyJ")


class RecordList(logging.Handler):
    """Keeps every record it is handed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def wire_secrets(requests: Iterable[dict[str, Any]]) -> set[str]:
    """The secrets sent to the stand-in: rendered auth headers (and their
    credentials), and the secret fields of token request forms."""
    found: set[str] = set()
    for request in requests:
        for name, value in request["headers"]:
            if name.lower() not in ("authorization", "x-docusign-authentication"):
                continue
            found.add(value)
            scheme, _, credential = value.partition(" ")
            found.add(credential)
            if scheme == "Basic":
                user_pass = base64.b64decode(credential).decode()
                found.add(user_pass.partition(":")[2])
        if request["path"].endswith("/oauth/token") and request["body_encoding"] == "utf-8":
            form = urllib.parse.parse_qs(request["body"])
            for field in ("assertion", "refresh_token", "code", "code_verifier", "client_secret"):
                found.update(form.get(field, []))
    return {secret for secret in found if len(secret) >= 6}


@pytest.fixture(autouse=True)
def dsauth_log(request: pytest.FixtureRequest) -> Iterator[list[logging.LogRecord]]:
    """The records dsauth logs during the test, captured at DEBUG on the
    ``dsauth`` logger. Afterwards none may hold a password, private key
    line, token, assertion or rendered header of the test (those of the
    suite, and all that went to the stand-in)."""
    handler = RecordList()
    previous = DSAUTH_LOGGER.level
    DSAUTH_LOGGER.addHandler(handler)
    DSAUTH_LOGGER.setLevel(logging.DEBUG)
    dsauth.refresh_logging()
    try:
        yield handler.records
    finally:
        DSAUTH_LOGGER.removeHandler(handler)
        DSAUTH_LOGGER.setLevel(previous)
        dsauth.refresh_logging()
    secrets = set(SUITE_SECRETS) | set(SECRET_MARKERS)
    if "mock_server" in request.fixturenames:
        mock: Mock = request.getfixturevalue("mock_server")
        secrets |= wire_secrets(mock.requests())
    for record in handler.records:
        text = f"{record.name} {record.getMessage()}"
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"a log record holds a secret: {text!r}"
