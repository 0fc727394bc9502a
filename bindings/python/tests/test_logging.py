"""dsauth's log records in Python's ``logging``: what they say (each request
with method, path, status, duration and trace token, without query
values; the account; the token), that the ``dsauth`` logger's level is
respected, and the polling guard's modes (enforce refuses, warn logs a
WARNING and sends, off sends). The autouse ``dsauth_log`` fixture
(conftest.py) checks that no record of any test holds a secret."""

from __future__ import annotations

import logging
import re

import pytest
from conftest import DSAUTH_LOGGER, REPO, Mock, fixture, make_client

import dsauth

PKCS1 = (REPO / "mock" / "fixtures" / "jwt_private_pkcs1.pem").read_bytes()


def messages(records: list[logging.LogRecord], logger: str, level: int) -> list[str]:
    return [r.getMessage() for r in records if r.name == logger and r.levelno == level]


def test_each_request_is_logged_without_query_values(
    mock: Mock, dsauth_log: list[logging.LogRecord]
) -> None:
    client = make_client(mock)
    response = client.get("/envelopes", query={"from_date": "2024-01-01", "search_text": "n33dle"})
    requests = messages(dsauth_log, "dsauth.client.transport", logging.DEBUG)
    pattern = re.compile(
        r"GET https://127\.0\.0\.1:\d+/restapi/v2\.1/accounts/"
        + fixture.ACCOUNT_ID
        + r"/envelopes\?from_date=&search_text=: 200 in \d+ ms, trace token (\S+)$"
    )
    matches = [m for m in map(pattern.match, requests) if m]
    assert len(matches) == 1, requests
    assert matches[0].group(1) == response.trace_token
    assert any("/restapi/v2/login_information: 200 in " in m for m in requests), requests
    assert all("n33dle" not in r.getMessage() and "2024" not in r.getMessage() for r in dsauth_log)
    accounts = messages(dsauth_log, "dsauth.client.discovery", logging.INFO)
    assert accounts == [
        f"account {fixture.ACCOUNT_ID} ({fixture.ACCOUNT_NAME}) at {mock.https}/restapi: "
        "the user's default"
    ]


def test_token_requests_are_logged_without_the_token(
    mock: Mock, dsauth_log: list[logging.LogRecord]
) -> None:
    creds = dsauth.Credentials.jwt(
        integration_key=fixture.INTEGRATION_KEY, user_id=fixture.ALICE_USER_ID, private_key=PKCS1
    )
    client = make_client(mock, creds)
    token = client.token()
    tokens = messages(dsauth_log, "dsauth.client.tokens", logging.INFO)
    assert tokens == [
        "requesting an access token (JWT grant)",
        f"access token issued (JWT grant): valid for {int(token.expires_in)} s",
    ]
    posts = messages(dsauth_log, "dsauth.client.transport", logging.DEBUG)
    assert any(re.search(r"POST https://\S+/oauth/token: 200 in \d+ ms", m) for m in posts)
    assert all(token.access_token not in r.getMessage() for r in dsauth_log)


def test_the_logger_level_is_respected(mock: Mock, dsauth_log: list[logging.LogRecord]) -> None:
    client = make_client(mock)
    DSAUTH_LOGGER.setLevel(logging.WARNING)
    dsauth.refresh_logging()
    client.get("")
    assert dsauth_log == []
    # Levels are read again after refresh_logging().
    DSAUTH_LOGGER.setLevel(logging.DEBUG)
    dsauth.refresh_logging()
    client.get("")
    assert messages(dsauth_log, "dsauth.client.transport", logging.DEBUG)


@pytest.mark.parametrize("mode", ["enforce", True, "warn", "off", False])
def test_polling_guard_modes(
    mock: Mock, dsauth_log: list[logging.LogRecord], mode: object
) -> None:
    client = make_client(mock, polling_guard=mode)
    path = f"/envelopes/{fixture.ENVELOPE_ID}"
    client.get(path)
    sent = mock.counters()["rest_requests"]
    if mode in ("enforce", True):
        with pytest.raises(dsauth.PollingTooSoonError):
            client.get(path)
        assert mock.counters()["rest_requests"] == sent
    else:
        # Sent: the stand-in's own polling limit answers.
        with pytest.raises(dsauth.RateLimitError):
            client.get(path)
        assert mock.counters()["rest_requests"] == sent + 1
    warnings = messages(dsauth_log, "dsauth.client.polling", logging.WARNING)
    if mode == "warn":
        assert len(warnings) == 1 and "sending it anyway" in warnings[0], warnings
        assert fixture.ENVELOPE_ID in warnings[0]
    else:
        assert warnings == []


def test_polling_guard_refuses_other_values(mock: Mock) -> None:
    for value in ("sometimes", "", 1, None):
        with pytest.raises(dsauth.InvalidArgumentError, match="polling_guard"):
            make_client(mock, polling_guard=value)
