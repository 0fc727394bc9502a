"""`Credentials.from_env()` and `Client.from_env()`: the DSAUTH_* variables of
the README's table, read by the core as the `dsauth` command reads them; and
pickling: plain values round-trip, holders of secrets or connections refuse."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone
from pathlib import Path

import pytest

import dsauth
from dsauth import Credentials, Environment

from conftest import REPO, Mock, fixture

PKCS1 = (REPO / "mock" / "fixtures" / "jwt_private_pkcs1.pem").read_text()
ACCOUNT_GUID = "292387d6-8156-46fc-b6d1-7432ccd3e7a8"  # mock/src/fixture.rs
SECOND_ACCOUNT_GUID = "54baa61c-a904-4177-9908-e2e9c7c0999b"

#: Every variable from_env reads (the README's table, Python column).
VARIABLES = [
    "DSAUTH_ACCESS_TOKEN", "DSAUTH_PRIVATE_KEY", "DSAUTH_REFRESH_TOKEN",
    "DSAUTH_CLIENT_SECRET", "DSAUTH_PASSWORD",
]
VARIABLES += [f"{name}_FILE" for name in VARIABLES] + [
    "DSAUTH_INTEGRATOR_KEY", "DSAUTH_INTEGRATION_KEY", "DSAUTH_USER_ID",
    "DSAUTH_REDIRECT_URI", "DSAUTH_USERNAME", "DSAUTH_SEND_ON_BEHALF_OF",
    "DSAUTH_BASE_URL", "DSAUTH_CA_FILE", "DSAUTH_ACCOUNT_ID",
]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The process environment without any DSAUTH_* setting."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def jwt_env(env: pytest.MonkeyPatch, mock: Mock) -> None:
    env.setenv("DSAUTH_INTEGRATION_KEY", fixture.INTEGRATION_KEY)
    env.setenv("DSAUTH_USER_ID", fixture.ALICE_USER_ID)
    env.setenv("DSAUTH_PRIVATE_KEY", PKCS1.replace("\n", "\\n"))
    env.setenv("DSAUTH_BASE_URL", mock.https)
    env.setenv("DSAUTH_CA_FILE", mock.ca_file)


def test_each_credential_kind_is_chosen_by_its_secret(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.setenv("DSAUTH_INTEGRATOR_KEY", fixture.INTEGRATION_KEY)
    env.setenv("DSAUTH_USERNAME", fixture.ALICE_EMAIL)
    env.setenv("DSAUTH_PASSWORD", fixture.ALICE_PASSWORD)
    env.setenv("DSAUTH_SEND_ON_BEHALF_OF", fixture.BOB_EMAIL)
    legacy = Credentials.from_env()
    assert (legacy.kind, legacy.username, legacy.send_on_behalf_of) == (
        "legacy", fixture.ALICE_EMAIL, fixture.BOB_EMAIL)

    env.setenv("DSAUTH_REFRESH_TOKEN", "a-refresh-token")
    env.setenv("DSAUTH_REDIRECT_URI", "https://app.example/callback")
    assert Credentials.from_env().kind == "authorization_code_grant"

    key_file = tmp_path / "key.pem"
    key_file.write_text(PKCS1)
    env.setenv("DSAUTH_PRIVATE_KEY_FILE", str(key_file))
    env.setenv("DSAUTH_USER_ID", fixture.ALICE_USER_ID)
    jwt = Credentials.from_env()
    assert (jwt.kind, jwt.user_id) == ("jwt_grant", fixture.ALICE_USER_ID)

    token_file = tmp_path / "token"
    token_file.write_text("a.token\n")
    env.setenv("DSAUTH_ACCESS_TOKEN_FILE", str(token_file))
    token = Credentials.from_env()
    assert token.kind == "access_token"
    assert token.header().value == "Bearer a.token"


def test_inline_pem_with_escaped_newlines_reaches_the_stand_in(
    env: pytest.MonkeyPatch, mock: Mock
) -> None:
    jwt_env(env, mock)
    env.setenv("DSAUTH_ACCOUNT_ID", SECOND_ACCOUNT_GUID)
    with dsauth.Client.from_env(trust_env=False) as client:
        assert client.credentials.kind == "jwt_grant"
        assert client.environment == Environment.custom(mock.https)
        assert client.account.account_id == SECOND_ACCOUNT_GUID
        assert client.get("").status == 200
        with pytest.raises(TypeError, match="cannot pickle dsauth.Token: it holds an access token"):
            pickle.dumps(client.token())
    # A keyword wins over its variable.
    with dsauth.Client.from_env(trust_env=False, account_id=ACCOUNT_GUID) as client:
        assert client.account.account_id == ACCOUNT_GUID


def test_legacy_client_from_files(env: pytest.MonkeyPatch, mock: Mock, tmp_path: Path) -> None:
    password = tmp_path / "password"
    password.write_text(fixture.ALICE_PASSWORD + "\r\n")
    env.setenv("DSAUTH_INTEGRATOR_KEY", fixture.INTEGRATION_KEY)
    env.setenv("DSAUTH_USERNAME", fixture.ALICE_EMAIL)
    env.setenv("DSAUTH_PASSWORD_FILE", str(password))
    env.setenv("DSAUTH_BASE_URL", mock.https)
    env.setenv("DSAUTH_CA_FILE", mock.ca_file)
    with dsauth.Client.from_env(trust_env=False) as client:
        assert client.account.account_id == fixture.ACCOUNT_ID
    env.setenv("DSAUTH_BASE_URL", "production")
    env.delenv("DSAUTH_CA_FILE")
    assert dsauth.Client.from_env().environment == Environment.PRODUCTION


def test_a_missing_setting_names_every_variable(env: pytest.MonkeyPatch) -> None:
    with pytest.raises(dsauth.ConfigurationError) as info:
        Credentials.from_env()
    assert (info.value.kind, info.value.code) == ("configuration", 601)
    for name in ("DSAUTH_ACCESS_TOKEN_FILE", "DSAUTH_PRIVATE_KEY", "DSAUTH_REFRESH_TOKEN",
                 "DSAUTH_USERNAME", "DSAUTH_PASSWORD_FILE"):
        assert name in str(info.value)
    env.setenv("DSAUTH_PRIVATE_KEY", PKCS1)
    env.setenv("DSAUTH_USER_ID", fixture.ALICE_USER_ID)
    with pytest.raises(dsauth.ConfigurationError, match="DSAUTH_INTEGRATOR_KEY or DSAUTH_INTEGRATION_KEY"):
        Credentials.from_env()
    env.delenv("DSAUTH_PRIVATE_KEY")
    env.setenv("DSAUTH_USERNAME", fixture.ALICE_EMAIL)
    with pytest.raises(ValueError, match="DSAUTH_PASSWORD or DSAUTH_PASSWORD_FILE"):
        dsauth.Client.from_env()


def test_a_secret_and_its_file_are_one_or_the_other(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "password"
    secret.write_text("hunter2")
    env.setenv("DSAUTH_INTEGRATOR_KEY", fixture.INTEGRATION_KEY)
    env.setenv("DSAUTH_USERNAME", fixture.ALICE_EMAIL)
    env.setenv("DSAUTH_PASSWORD", "hunter2")
    env.setenv("DSAUTH_PASSWORD_FILE", str(secret))
    with pytest.raises(dsauth.ConfigurationError) as info:
        Credentials.from_env()
    assert "both DSAUTH_PASSWORD and DSAUTH_PASSWORD_FILE" in str(info.value)
    assert "hunter2" not in str(info.value)
    env.delenv("DSAUTH_PASSWORD")
    env.setenv("DSAUTH_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(dsauth.ConfigurationError, match="DSAUTH_PASSWORD_FILE: cannot read"):
        Credentials.from_env()
    # An empty variable counts as unset.
    env.setenv("DSAUTH_PASSWORD", "")
    env.setenv("DSAUTH_PASSWORD_FILE", str(secret))
    assert Credentials.from_env().username == fixture.ALICE_EMAIL


# --- pickling -------------------------------------------------------------------


def test_plain_values_pickle_and_round_trip(mock: Mock) -> None:
    reset = datetime(2030, 1, 1, tzinfo=timezone.utc)
    values: list[object] = [
        Environment.DEMO,
        Environment.PRODUCTION,
        Environment.custom(mock.https),
        Environment.custom("https://proxy.example/ds", account_server="https://auth.example"),
        dsauth.RateLimit(limit=3000, remaining=12, reset_at=reset, burst_limit=500),
        dsauth.RateLimit(),
    ]
    from conftest import make_client

    with make_client(mock) as client:
        values.append(client.account)
    for value in values:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            copy = pickle.loads(pickle.dumps(value, protocol))
            assert type(copy) is type(value) and copy == value, (value, protocol)
            assert repr(copy) == repr(value)


def test_holders_of_secrets_or_connections_refuse(mock: Mock) -> None:
    from conftest import alice, make_client

    grant = dsauth.AuthorizationCodeGrant(fixture.INTEGRATION_KEY, "https://app.example/cb")
    refused: list[tuple[object, str]] = [
        (alice(), "secrets"),
        (alice().header(), "secret"),
        (grant, "client secret"),
        (dsauth.Pkce.generate(), "verifier"),
        (dsauth.SharedState.memory(), "seal key"),
        (make_client(mock), "connections"),
        (dsauth.AsyncClient(Environment.custom(mock.https), alice()), "connections"),
    ]
    for value, why in refused:
        with pytest.raises(TypeError, match=f"cannot pickle dsauth.*{why}") as info:
            pickle.dumps(value)
        assert fixture.ALICE_PASSWORD not in str(info.value)
