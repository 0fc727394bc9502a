"""Every exception type: raised against the stand-in where the stand-in can
provoke it, and the tree, fields and pickling everywhere."""

from __future__ import annotations

import pickle
import socket
from datetime import datetime, timezone

import pytest
from conftest import Mock, alice, fixture, make_client

import dsauth
from dsauth import Client, Credentials, Environment, SoapEndpoint

NS = "http://www.docusign.net/API/3.0"


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


# --- the tree -----------------------------------------------------------------


def test_every_core_kind_has_its_class() -> None:
    kinds = dsauth.error_kinds()
    assert len(kinds) >= 28
    codes = [code for _, code in kinds]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    shared = {"credential_empty", "credential_whitespace", "credential_control_character",
              "credential_too_long", "credential_invalid_character", "api", "http_status"}
    for name, code in kinds:
        cls = dsauth.EXCEPTION_FOR_KIND[name]
        assert issubclass(cls, dsauth.DsauthError)
        if name not in shared:
            assert (cls.default_kind, cls.default_code) == (name, code), name


def test_builtin_bases() -> None:
    assert issubclass(dsauth.CredentialError, ValueError)
    assert issubclass(dsauth.InvalidArgumentError, ValueError)
    assert issubclass(dsauth.TransportTimeoutError, TimeoutError)
    assert issubclass(dsauth.TransportConnectionError, ConnectionError)
    for cls in (dsauth.TLSError, dsauth.DNSError, dsauth.ProxyError, dsauth.ConnectionLostError):
        assert issubclass(cls, dsauth.TransportConnectionError)
    for api_cls in (dsauth.AuthenticationError, dsauth.RateLimitError, dsauth.SoapFaultError):
        assert issubclass(api_cls, dsauth.ApiError)
    assert issubclass(dsauth.ConsentRequiredError, dsauth.OAuthError)
    assert not issubclass(dsauth.TransportError, OSError)


def test_exceptions_pickle_with_their_fields() -> None:
    reset = datetime(2030, 1, 1, tzinfo=timezone.utc)
    original = dsauth.RateLimitError(
        "limit", status=429, error_code="HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
        message="m", trace_token="t", hint="h", reset_at=reset,
    )
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is dsauth.RateLimitError
    assert str(copy) == "limit"
    assert (copy.status, copy.error_code, copy.reset_at, copy.kind, copy.code) == (
        429, "HOURLY_APIINVOCATION_LIMIT_EXCEEDED", reset, "rate_limited", 402)
    consent = pickle.loads(pickle.dumps(dsauth.ConsentRequiredError("c", consent_url="https://x")))
    assert consent.consent_url == "https://x" and consent.error == "consent_required"
    assert consent.code == 501


# --- credentials and arguments ------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, kind",
    [
        ({"integrator_key": ""}, "IntegratorKey", "credential_empty"),
        ({"username": " alice"}, "Username", "credential_whitespace"),
        ({"password": "a\r\nb"}, "Password", "credential_control_character"),
        ({"password": "x" * 5000}, "Password", "credential_too_long"),
        ({"integrator_key": "a]b"}, "IntegratorKey", "credential_invalid_character"),
        ({"send_on_behalf_of": "bob\x00"}, "SendOnBehalfOf", "credential_control_character"),
        ({"password": "pa\ud800ss"}, "Password", "credential_invalid_character"),
    ],
)
def test_credential_errors(fields: dict[str, str], field: str, kind: str) -> None:
    args = {"integrator_key": "ik", "username": "u", "password": "p", **fields}
    with pytest.raises(dsauth.CredentialError) as info:
        Credentials.legacy(**args)
    assert info.value.field == field
    assert info.value.kind == kind
    assert info.value.code == dict(dsauth.error_kinds())[kind]
    assert info.value.reason and info.value.reason in str(info.value)


def test_token_errors() -> None:
    with pytest.raises(dsauth.CredentialError) as info:
        Credentials.access_token("not a token")
    assert info.value.field == "AccessToken"
    assert info.value.kind == "credential_invalid_character"
    with pytest.raises(TypeError):
        Credentials.access_token(b"bytes")  # type: ignore[arg-type]


# --- DocuSign's answers -------------------------------------------------------


def test_wrong_password(mock: Mock) -> None:
    creds = Credentials.legacy(
        integrator_key=fixture.INTEGRATION_KEY, username=fixture.ALICE_EMAIL,
        password="not-the-password",
    )
    with pytest.raises(dsauth.AuthenticationError) as info:
        make_client(mock, creds).account
    err = info.value
    assert (err.kind, err.code, err.status) == ("authentication_failed", 401, 401)
    assert err.error_code == "USER_AUTHENTICATION_FAILED"
    assert err.message
    assert err.trace_token
    assert err.hint is not None and "App Password" in err.hint
    assert "not-the-password" not in str(err) + repr(err) + repr(err.__dict__)


@pytest.mark.parametrize(
    "key", [fixture.DISABLED_INTEGRATION_KEY, "00000000-0000-0000-0000-000000000000"]
)
def test_unknown_or_disabled_key(mock: Mock, key: str) -> None:
    creds = Credentials.legacy(
        integrator_key=key, username=fixture.ALICE_EMAIL, password=fixture.ALICE_PASSWORD
    )
    with pytest.raises(dsauth.AuthenticationError) as info:
        make_client(mock, creds).get("")
    assert info.value.error_code == "PARTNER_AUTHENTICATION_FAILED"
    assert info.value.hint


def test_unknown_envelope_is_an_api_error(client: Client) -> None:
    with pytest.raises(dsauth.ApiError) as info:
        client.get("/envelopes/00000000-0000-0000-0000-000000000000")
    err = info.value
    assert type(err) is dsauth.ApiError
    assert (err.kind, err.status, err.error_code) == ("api", 404, "ENVELOPE_DOES_NOT_EXIST")


def test_service_unavailable_is_an_api_error(mock: Mock, client: Client) -> None:
    client.account
    mock.fault("/restapi/", "status", status=503)
    with pytest.raises(dsauth.ApiError) as info:
        client.get("")
    assert info.value.status == 503


@pytest.mark.parametrize("status", [400, 429])
def test_rate_limit(mock: Mock, client: Client, status: int) -> None:
    # A client that has learned nothing of the budget reaches DocuSign's
    # refusal (one that has refuses locally: test_shared_state.py).
    unaware = make_client(mock)
    client.account, unaware.account
    mock.set_limits(hourly=2, status=status)
    client.get("")  # the account's two calls this hour
    client.get("")
    with pytest.raises(dsauth.RateLimitError) as info:
        unaware.get("")
    err = info.value
    assert err.status == status
    assert err.error_code.upper() == "HOURLY_APIINVOCATION_LIMIT_EXCEEDED"
    assert (err.kind, err.code) == ("rate_limited", 402)
    assert isinstance(err.reset_at, datetime)
    assert err.reset_at.tzinfo is not None
    assert err.reset_at > datetime.now(timezone.utc)
    assert err.retry_after is not None and 0 < err.retry_after <= 3601
    assert err.hint


def test_burst_limit(mock: Mock, client: Client) -> None:
    mock.set_limits(burst=1)
    client.get("")
    with pytest.raises(dsauth.RateLimitError) as info:
        client.get("")
    assert info.value.error_code.upper() == "BURST_APIINVOCATION_LIMIT_EXCEEDED"
    assert info.value.reset_at is not None


def test_polling_guard(mock: Mock, client: Client) -> None:
    path = f"/envelopes/{fixture.ENVELOPE_ID}"
    client.get(path)
    sent = mock.counters()["rest_requests"]
    with pytest.raises(dsauth.PollingTooSoonError) as info:
        client.get(path)
    err = info.value
    assert (err.kind, err.code) == ("polling_too_soon", 403)
    assert 0 < err.retry_after <= 900
    assert fixture.ENVELOPE_ID in err.resource
    assert mock.counters()["rest_requests"] == sent  # nothing was sent


def test_polling_limit_of_docusign_without_the_guard(mock: Mock) -> None:
    client = make_client(mock, polling_guard=False)
    path = f"/envelopes/{fixture.ENVELOPE_ID}"
    client.get(path)
    with pytest.raises(dsauth.RateLimitError) as info:
        client.get(path)
    assert "POLLING" in info.value.error_code.upper()


def test_account_not_found(mock: Mock) -> None:
    with pytest.raises(dsauth.AccountNotFoundError) as info:
        make_client(mock, account_id="99999999").account
    assert fixture.ACCOUNT_ID in str(info.value)
    assert info.value.code == 404


def test_soap_faults(mock: Mock, client: Client) -> None:
    with pytest.raises(dsauth.SoapFaultError) as info:
        client.soap_call(
            SoapEndpoint.API, "RequestStatus",
            f'<RequestStatus xmlns="{NS}"><EnvelopeID>00000000-0000-0000-0000-000000000000'
            "</EnvelopeID></RequestStatus>",
        )
    err = info.value
    assert (err.kind, err.code, err.status) == ("soap_fault", 405, 500)
    assert err.error_code == "soap:Client"
    assert "ENVELOPE_DOES_NOT_EXIST" in err.message
    wrong = Credentials.legacy(
        integrator_key=fixture.INTEGRATION_KEY, username=fixture.ALICE_EMAIL, password="wrong!"
    )
    for endpoint in (SoapEndpoint.API, SoapEndpoint.DSAPI):
        with pytest.raises(dsauth.SoapFaultError) as info:
            make_client(mock, wrong).soap_call(endpoint, "Ping", f'<Ping xmlns="{NS}"/>')
        assert "USER_AUTHENTICATION_FAILED" in info.value.message
        assert "wrong!" not in str(info.value)


def test_soap_needs_legacy_credentials(mock: Mock) -> None:
    client = make_client(mock, Credentials.access_token("dsm_at_x"))
    with pytest.raises(dsauth.WrongCredentialKindError):
        client.soap_call(SoapEndpoint.API, "Ping", f'<Ping xmlns="{NS}"/>')


# --- transport ----------------------------------------------------------------


def test_timeout(mock: Mock) -> None:
    client = make_client(mock, timeout=0.3)
    client.account
    mock.fault("/restapi/", "delay", delay_ms=1500)
    with pytest.raises(dsauth.TransportTimeoutError) as info:
        client.get("")
    assert isinstance(info.value, TimeoutError)
    assert (info.value.kind, info.value.code) == ("timeout", 303)
    assert "/restapi/" in info.value.url


def test_tls_without_the_ca(mock: Mock) -> None:
    client = Client(Environment.custom(mock.https), alice(), trust_env=False)
    with pytest.raises(dsauth.TLSError) as info:
        client.account
    assert (info.value.kind, info.value.code) == ("tls", 302)
    assert isinstance(info.value, ConnectionError)
    assert info.value.reason


def test_connection_refused() -> None:
    env = Environment.custom(f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(dsauth.TransportConnectionError) as info:
        Client(env, alice(), trust_env=False).account
    assert (info.value.kind, info.value.code) == ("connect", 301)
    assert isinstance(info.value, ConnectionError)


def test_unresolvable_host() -> None:
    env = Environment.custom("https://dsauth-test.invalid")
    with pytest.raises(dsauth.TransportError) as info:
        Client(env, alice(), trust_env=False, connect_timeout=5).account
    # Resolvers without a network may time out rather than answer NXDOMAIN.
    assert info.value.kind in ("dns", "timeout"), info.value


def test_proxy_refused(mock: Mock) -> None:
    client = make_client(mock, proxy=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(dsauth.TransportConnectionError) as info:
        client.account
    assert info.value.kind in ("proxy", "connect")


def test_body_too_large(mock: Mock) -> None:
    client = make_client(mock, max_response_body=4096)
    client.account
    mock.fault("/restapi/", "oversized", bytes=100_000)
    with pytest.raises(dsauth.BodyTooLargeError) as info:
        client.get("")
    assert info.value.code == 304


def test_malformed_json(mock: Mock, client: Client) -> None:
    client.account
    mock.fault("/restapi/", "malformed_json")
    response = client.get("")
    with pytest.raises(dsauth.MalformedResponseError) as info:
        response.json()
    assert "not valid JSON" in str(info.value)
    mock.fault("/restapi/", "malformed_json")
    with pytest.raises(dsauth.MalformedResponseError):
        make_client(mock).account  # discovery needs the JSON


def test_connection_lost(mock: Mock, client: Client) -> None:
    client.account
    mock.fault("/restapi/", "drop")
    with pytest.raises(dsauth.ConnectionLostError) as info:
        client.get("")
    assert isinstance(info.value, ConnectionError)
    assert info.value.code == 306
