"""The Client against the local stand-in: discovery, REST, SOAP."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from conftest import Mock, alice, fixture, make_client

import dsauth
from dsauth import Client, Credentials, Environment, SoapEndpoint

NS = "http://www.docusign.net/API/3.0"


@pytest.mark.parametrize("https", [False, True])
def test_discovers_the_default_account(mock: Mock, https: bool) -> None:
    with make_client(mock, https=https) as client:
        account = client.account
        assert isinstance(account, dsauth.Account)
        assert account.account_id == fixture.ACCOUNT_ID
        assert account.name == fixture.ACCOUNT_NAME
        assert account.is_default is True
        base = mock.https if https else mock.http
        assert account.rest_base == f"{base}/restapi"
        # Cached: a second access sends nothing.
        before = len(mock.requests())
        assert client.account == account
        assert len(mock.requests()) == before
        assert fixture.ACCOUNT_ID in repr(account)


def test_configured_account(mock: Mock) -> None:
    client = make_client(mock, account_id=fixture.SECOND_ACCOUNT_ID)
    assert client.account.account_id == fixture.SECOND_ACCOUNT_ID
    assert client.account.name == fixture.SECOND_ACCOUNT_NAME
    assert client.account.is_default is False


def test_get_account_and_snapshot(client: Client) -> None:
    response = client.get("")
    assert response.status == 200
    assert response.json()["accountName"] == fixture.ACCOUNT_NAME
    assert response.trace_token
    assert response.header("x-docusign-tracetoken") == response.trace_token
    assert any(name.lower() == "content-type" for name, _ in response.headers)
    assert isinstance(response.body, bytes)
    assert response.body is response.body  # cached, not copied each time
    assert response.text == response.body.decode()
    assert response.url.endswith(f"/restapi/v2.1/accounts/{fixture.ACCOUNT_ID}")
    rl = response.rate_limit
    assert isinstance(rl, dsauth.RateLimit)
    assert rl.limit == 100000
    assert rl.remaining is not None and rl.remaining < 100000
    assert rl.burst_limit == 10000 and rl.burst_remaining is not None
    assert isinstance(rl.reset_at, datetime)
    assert rl.reset_at.tzinfo is not None
    assert rl.reset_at.utcoffset() == timezone.utc.utcoffset(None)
    assert rl.reset_at > datetime.now(timezone.utc)
    assert not rl.is_empty
    assert "Response(status=200" in repr(response)


def test_post_then_get_envelope(mock: Mock, client: Client) -> None:
    created = client.post("/envelopes", json={"emailSubject": "Please sign ✓", "status": "sent"})
    assert created.status == 201
    envelope_id = created.json()["envelopeId"]
    fetched = client.get(f"/envelopes/{envelope_id}")
    assert fetched.json()["envelopeId"] == envelope_id
    post = next(r for r in mock.requests() if r["method"] == "POST")
    assert post["path"] == f"/restapi/v2.1/accounts/{fixture.ACCOUNT_ID}/envelopes"
    headers = {name.lower(): value for name, value in post["headers"]}
    assert headers["content-type"] == "application/json"
    assert '"emailSubject":"Please sign ✓"' in post["body"]


def test_raw_body_and_request_method(mock: Mock, client: Client) -> None:
    response = client.request(
        "post",
        "/envelopes",
        body=b'{"emailSubject":"raw","status":"created"}',
        content_type="application/json",
        headers={"X-Test": "1"},
    )
    assert response.status == 201
    recorded = [r for r in mock.requests() if r["method"] == "POST"][-1]
    headers = {name.lower(): value for name, value in recorded["headers"]}
    assert headers["x-test"] == "1"
    assert recorded["body"] == '{"emailSubject":"raw","status":"created"}'


def test_query_parameters_are_encoded(mock: Mock, client: Client) -> None:
    client.get(
        "/envelopes",
        query=[("from_date", "2024-01-01T00:00:00+01:00"), ("search_text", "a b&c=d/é")],
    )
    assert mock.requests()[-1]["query"] == (
        "from_date=2024-01-01T00%3A00%3A00%2B01%3A00&search_text=a%20b%26c%3Dd%2F%C3%A9"
    )
    client.get("/envelopes", query={"from_date": "2024-01-01", "count": 5, "include": True})
    assert mock.requests()[-1]["query"] == "from_date=2024-01-01&count=5&include=true"


def test_soap_ping_on_both_endpoints(mock: Mock, client: Client) -> None:
    for endpoint in (SoapEndpoint.API, SoapEndpoint.DSAPI):
        response = client.soap_call(endpoint, "Ping", f'<Ping xmlns="{NS}"/>')
        assert response.status == 200
        assert b"<PingResult>true</PingResult>" in response.body
    paths = [r["path"] for r in mock.requests() if r["method"] == "POST"]
    assert paths == ["/api/3.0/api.asmx", "/api/3.0/dsapi.asmx"]


def test_soap_request_status_for_bob(mock: Mock) -> None:
    # Bob's password needs escaping in both the XML header and WS-Security.
    bob = Credentials.legacy(
        integrator_key=fixture.INTEGRATION_KEY,
        username=fixture.BOB_EMAIL,
        password=fixture.BOB_PASSWORD,
    )
    client = make_client(mock, bob)
    for endpoint in (SoapEndpoint.API, SoapEndpoint.DSAPI):
        response = client.soap_call(endpoint, "Ping", f'<Ping xmlns="{NS}"/>')
        assert b"true" in response.body


def test_soap_endpoint_paths() -> None:
    assert SoapEndpoint.API.path == "/api/3.0/api.asmx"
    assert SoapEndpoint.DSAPI.path == "/api/3.0/dsapi.asmx"
    assert SoapEndpoint.ACCOUNT_MANAGEMENT.path == "/api/3.0/accountmanagement.asmx"
    assert (
        Environment.DEMO.soap_url(SoapEndpoint.DSAPI)
        == "https://demo.docusign.net/api/3.0/dsapi.asmx"
    )


def test_environments() -> None:
    demo, prod = Environment.DEMO, Environment.PRODUCTION
    assert demo.rest_base == "https://demo.docusign.net/restapi"
    assert demo.account_server_host == "account-d.docusign.com"
    assert prod.rest_base == "https://www.docusign.net/restapi"
    assert prod.account_server_host == "account.docusign.com"
    assert prod.is_production and not demo.is_production
    assert demo.is_docusign and prod.is_docusign
    custom = Environment.custom("http://127.0.0.1:8080/", account_server="https://auth.example")
    assert custom.base_url == "http://127.0.0.1:8080"
    assert custom.rest_base == "http://127.0.0.1:8080/restapi"
    assert custom.account_server == "https://auth.example"
    assert custom.account_server_host == "auth.example"
    assert not custom.is_docusign
    assert Environment.custom("https://proxy.example/ds").rest_base == (
        "https://proxy.example/ds/restapi"
    )
    assert Environment.custom("https://x.example") == Environment.custom("https://x.example/")
    assert len({Environment.DEMO, Environment.DEMO, Environment.PRODUCTION}) == 2
    assert repr(demo) == "Environment.DEMO"
    assert repr(Environment.custom("https://x.example")) == "Environment.custom('https://x.example')"
    with pytest.raises(dsauth.InsecureUrlError) as insecure:
        Environment.custom("http://example.com")
    assert insecure.value.url == "http://example.com"
    assert insecure.value.code == 201
    with pytest.raises(dsauth.InvalidUrlError) as invalid:
        Environment.custom("ftp://example.com")
    assert invalid.value.kind == "invalid_url"
    assert isinstance(invalid.value, ValueError)


def test_context_manager_and_close(mock: Mock) -> None:
    with make_client(mock) as client:
        assert not client.closed
        client.get("")
    assert client.closed
    with pytest.raises(dsauth.ClientClosedError) as info:
        client.get("")
    assert info.value.kind == "client_closed"
    assert isinstance(info.value, RuntimeError)
    client.close()  # twice is fine
    assert "closed" in repr(client)


def test_client_attributes(mock: Mock) -> None:
    client = make_client(mock)
    assert client.environment == Environment.custom(mock.https)
    assert client.credentials.username == fixture.ALICE_EMAIL
    assert client.credentials.kind == "legacy"


def test_invalid_requests_are_refused_before_sending(mock: Mock, client: Client) -> None:
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        client.request("FETCH", "")
    assert info.value.argument == "method"
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        client.get("/envelopes?x=1")
    assert info.value.argument == "path"
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        client.get("", headers={"Authorization": "Bearer x"})
    assert info.value.argument == "header"
    with pytest.raises(dsauth.InvalidArgumentError):
        client.post("/envelopes", json={}, body=b"{}")
    with pytest.raises(dsauth.InvalidArgumentError):
        client.get("https://elsewhere.example/restapi")
    with pytest.raises(dsauth.InvalidArgumentError):
        client.soap_call(SoapEndpoint.API, 'Bad"Op', f'<Ping xmlns="{NS}"/>')
    with pytest.raises(dsauth.InvalidArgumentError):
        client.soap_call(SoapEndpoint.API, "Ping", "<Ping>")
    with pytest.raises(TypeError):
        client.get("", query=[("a",)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        client.post("/envelopes", body=12)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.get("", query={"a": 1.5})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "options, argument",
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"connect_timeout": -1.0}, "connect_timeout"),
        ({"rate_limit_max_wait": -1.0}, "rate_limit_max_wait"),
        ({"max_response_body": 0}, "max_response_body"),
        ({"api_version": "v3"}, "api_version"),
        ({"account_id": "not an id"}, "account_id"),
        ({"user_agent": "a\nb"}, "user_agent"),
    ],
)
def test_invalid_options(options: dict[str, object], argument: str) -> None:
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        Client(Environment.DEMO, alice(), **options)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_bad_ca_and_proxy_options() -> None:
    with pytest.raises(dsauth.DsauthError):
        Client(Environment.DEMO, alice(), extra_ca_pem=b"not a certificate")
    with pytest.raises(dsauth.InvalidUrlError):
        Client(Environment.DEMO, alice(), proxy="::not a url::")


def test_access_token_client_needs_an_explicit_path_host(mock: Mock) -> None:
    # Account discovery for tokens arrives with the OAuth work; until then
    # it is refused with a typed error rather than a wrong call.
    client = make_client(mock, Credentials.access_token("dsm_at_unknown"))
    with pytest.raises(dsauth.DsauthError):
        client.get("")
