"""No password, token or rendered header value in any repr() or str()."""

from __future__ import annotations

import pytest
from conftest import Mock, fixture, make_client

import dsauth
from dsauth import Credentials, HeaderFormat, SoapEndpoint

SECRET = "Sup3r-S3cret-Passw0rd"
TOKEN = "dsm_at_T0ken-Value-Nobody-Sees"


def shown(*objects: object) -> str:
    parts = []
    for obj in objects:
        parts.append(repr(obj))
        parts.append(str(obj))
        if isinstance(obj, BaseException):
            parts.append(repr(obj.args))
            parts.append(repr(vars(obj)))
    return "\n".join(parts)


def assert_hidden(text: str) -> None:
    for secret in (SECRET, TOKEN, "U3VwM3I"):  # also not base64-ish fragments
        assert secret not in text, text


def test_credentials_and_headers() -> None:
    legacy = Credentials.legacy(
        integrator_key="ik-123", username="alice@example.com", password=SECRET,
        send_on_behalf_of="bob@example.com",
    )
    token = Credentials.access_token(TOKEN)
    objects: list[object] = [legacy, token]
    for fmt in (HeaderFormat.JSON, HeaderFormat.XML):
        objects.append(legacy.header(fmt))
    objects.append(token.header(HeaderFormat.BEARER))
    assert_hidden(shown(*objects))
    # What repr does show.
    assert "ik-123" in repr(legacy) and "alice@example.com" in repr(legacy)
    assert "redacted" in repr(legacy) and "redacted" in repr(token)
    assert "X-DocuSign-Authentication" in repr(legacy.header(HeaderFormat.XML))
    # The secret is there when asked for explicitly.
    assert SECRET in legacy.header(HeaderFormat.JSON).value
    assert TOKEN in token.header().line


def test_client_response_and_errors(mock: Mock) -> None:
    wrong = Credentials.legacy(
        integrator_key=fixture.INTEGRATION_KEY, username=fixture.ALICE_EMAIL, password=SECRET
    )
    client = make_client(mock, wrong)
    errors: list[BaseException] = []
    for call in (
        lambda: client.account,
        lambda: client.soap_call(SoapEndpoint.API, "Ping", '<Ping xmlns="http://www.docusign.net/API/3.0"/>'),
        lambda: client.soap_call(SoapEndpoint.DSAPI, "Ping", '<Ping xmlns="http://www.docusign.net/API/3.0"/>'),
        lambda: make_client(mock, Credentials.access_token(TOKEN)).get(""),
        lambda: Credentials.legacy(integrator_key="k", username="u", password=SECRET + "\n"),
        lambda: Credentials.legacy(integrator_key="k", username="u", password=SECRET + "\ud800"),
        lambda: Credentials.access_token(TOKEN + " x"),
        lambda: Credentials.legacy(integrator_key="k", username="u", password=SECRET).header(HeaderFormat.BEARER),
    ):
        with pytest.raises(dsauth.DsauthError) as info:
            call()
        errors.append(info.value)
    assert len(errors) == 8
    good = make_client(mock)
    response = good.get("")
    assert_hidden(shown(client, good, response, response.rate_limit, good.account, *errors))
    # The recorded request did carry the secret: the check above is meaningful.
    assert any(SECRET in str(r["headers"]) or SECRET in r["body"] for r in mock.requests())
