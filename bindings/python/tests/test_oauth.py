"""OAuth against the stand-in: JWT grant (tokens obtained, cached, shared by
threads), consent, authorization code grant with a secret and with PKCE,
userinfo discovery, typed OAuth errors."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from conftest import REPO, Mock, fixture, make_client

import dsauth
from dsauth import AuthorizationCodeGrant, Credentials, Environment, Pkce

KEYS = REPO / "mock" / "fixtures"
PKCS1 = (KEYS / "jwt_private_pkcs1.pem").read_bytes()
PKCS8 = (KEYS / "jwt_private_pkcs8.pem").read_bytes()
REDIRECT_URI = "http://localhost:8765/callback"
CLIENT_SECRET = "573ac4aa-9710-47a2-93d3-e575a5640336"
ACCOUNT_GUID = "292387d6-8156-46fc-b6d1-7432ccd3e7a8"


def jwt(user_id: str = fixture.ALICE_USER_ID, key: bytes = PKCS1, **extra: object) -> Credentials:
    return Credentials.jwt(
        integration_key=fixture.INTEGRATION_KEY, user_id=user_id, private_key=key, **extra  # type: ignore[arg-type]
    )


def b64json(part: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return data


@pytest.mark.parametrize("key", [PKCS1, PKCS8, PKCS1.decode()])
def test_jwt_grant_discovers_and_calls(mock: Mock, key: bytes) -> None:
    client = make_client(mock, jwt(key=key))  # type: ignore[arg-type]
    assert client.credentials.kind == "jwt_grant"
    assert client.credentials.is_oauth
    account = client.account
    assert account.account_id == ACCOUNT_GUID
    assert account.is_default
    assert client.get("").status == 200
    token = client.token()
    assert token.token_type.lower() == "bearer"
    assert token.expires_in > 0
    assert token.refresh_token is None
    assert token.header().value == f"Bearer {token.access_token}"
    assert client.token().access_token == token.access_token  # cached
    info = client.user_info
    assert info.sub == fixture.ALICE_USER_ID
    assert info.email == fixture.ALICE_EMAIL
    assert {a.account_id for a in info.accounts} >= {ACCOUNT_GUID}
    assert mock.counters()["tokens_issued"] == 1


def test_jwt_assertion_claims() -> None:
    creds = jwt()
    assertion = creds.jwt_assertion(Environment.DEMO)
    header, claims, signature = assertion.split(".")
    assert b64json(header) == {"alg": "RS256", "typ": "JWT"}
    body = b64json(claims)
    assert body["iss"] == fixture.INTEGRATION_KEY
    assert body["sub"] == fixture.ALICE_USER_ID
    assert body["aud"] == "account-d.docusign.com"
    assert body["scope"] == "signature impersonation"
    assert isinstance(body["exp"], int) and isinstance(body["iat"], int)
    assert body["exp"] - body["iat"] == 3600
    assert signature
    with pytest.raises(dsauth.WrongCredentialKindError):
        Credentials.access_token("abc").jwt_assertion(Environment.DEMO)


def test_jwt_assertions_sign_in_parallel_threads() -> None:
    creds = jwt()
    results: list[str] = []
    lock = threading.Lock()

    def sign() -> None:
        for _ in range(20):
            a = creds.jwt_assertion(Environment.PRODUCTION)
            with lock:
                results.append(a)

    threads = [threading.Thread(target=sign) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80
    assert all(b64json(a.split(".")[1])["aud"] == "account.docusign.com" for a in results)


def test_jwt_token_shared_by_threads(mock: Mock) -> None:
    client = make_client(mock, jwt())
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(25):
                client.get("")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert mock.counters()["tokens_issued"] == 1  # one token for 200 calls


def test_consent_required(mock: Mock) -> None:
    creds = jwt(fixture.BOB_USER_ID, consent_redirect_uri=REDIRECT_URI)
    env = Environment.custom(mock.https)
    url = creds.consent_url(env, state="s1")
    assert url is not None and url.startswith(f"{mock.https}/oauth/auth?")
    client = make_client(mock, creds)
    with pytest.raises(dsauth.ConsentRequiredError) as info:
        client.account
    err = info.value
    assert (err.kind, err.code, err.error) == ("consent_required", 501, "consent_required")
    assert isinstance(err, dsauth.OAuthError)
    assert err.status == 400
    assert err.consent_url is not None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(err.consent_url).query)
    assert query["client_id"] == [fixture.INTEGRATION_KEY]
    assert query["scope"] == ["signature impersonation"]
    assert query["redirect_uri"] == [REDIRECT_URI]
    assert jwt(fixture.BOB_USER_ID).consent_url(env) is None  # no redirect URI given
    assert dsauth.consent_url(env, fixture.INTEGRATION_KEY, REDIRECT_URI).startswith(
        f"{mock.https}/oauth/auth?response_type=code&scope=signature%20impersonation"
    )
    # Bob consents once (the stand-in auto-approves); then the grant works.
    redirect = follow_login(dsauth.consent_url(env, fixture.INTEGRATION_KEY, REDIRECT_URI)
                            + f"&login_hint={fixture.BOB_EMAIL}", mock)
    assert "code=" in redirect
    assert make_client(mock, jwt(fixture.BOB_USER_ID)).account.name == "Brennan & Partners"


def test_oauth_errors(mock: Mock) -> None:
    disabled = Credentials.jwt(
        integration_key=fixture.DISABLED_INTEGRATION_KEY, user_id=fixture.ALICE_USER_ID,
        private_key=PKCS1,
    )
    with pytest.raises(dsauth.OAuthError) as info:
        make_client(mock, disabled).token()
    err = info.value
    assert type(err) is dsauth.OAuthError
    assert (err.kind, err.code) == ("oauth", 500)
    assert err.error == "invalid_grant"
    assert err.status == 400
    assert err.description
    with pytest.raises(dsauth.DsauthError):
        make_client(mock, jwt("00000000-0000-0000-0000-000000000000")).account


def test_invalid_private_keys() -> None:
    for key in (b"garbage", (KEYS / "jwt_public.pem").read_bytes(), b""):
        with pytest.raises(dsauth.InvalidPrivateKeyError) as info:
            jwt(key=key)
        assert info.value.code == 105
        assert isinstance(info.value, dsauth.CredentialError)
        assert "MII" not in str(info.value)
    with pytest.raises(TypeError):
        jwt(key=12)  # type: ignore[arg-type]
    with pytest.raises(dsauth.InvalidArgumentError):
        jwt(scopes=["signature"])  # JWT needs impersonation
    with pytest.raises(dsauth.InvalidArgumentError):
        jwt(assertion_lifetime=7200)
    with pytest.raises(dsauth.InvalidArgumentError):
        jwt(assertion_lifetime=1.5)
    with pytest.raises(dsauth.CredentialError):
        jwt(user_id=" x")


def test_token_needs_a_grant(mock: Mock) -> None:
    with pytest.raises(dsauth.WrongCredentialKindError):
        make_client(mock).token()


def test_access_token_from_the_stand_in(mock: Mock) -> None:
    token = make_client(mock, jwt()).token().access_token
    client = make_client(mock, Credentials.access_token(token))
    assert client.account.account_id == ACCOUNT_GUID
    assert client.get("").status == 200


# --- authorization code grant -------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def follow_login(url: str, mock: Mock) -> str:
    """Opens the stand-in's login page (it auto-approves) and returns where
    it redirects to."""
    import ssl

    context = ssl.create_default_context(cafile=mock.ca_file)
    opener = urllib.request.build_opener(
        _NoRedirect, urllib.request.HTTPSHandler(context=context),
        urllib.request.ProxyHandler({}),
    )
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()
        location: str = answer.headers["Location"]
        return location
    raise AssertionError("no redirect")


def code_from(location: str, state: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query["state"] == [state]
    return query["code"][0]


def test_authorization_code_with_secret(mock: Mock) -> None:
    env = Environment.custom(mock.https)
    grant = AuthorizationCodeGrant(
        fixture.INTEGRATION_KEY, REDIRECT_URI, client_secret=CLIENT_SECRET
    )
    assert grant.has_client_secret and grant.scopes == ["signature"]
    assert CLIENT_SECRET not in repr(grant)
    state = dsauth.generate_state()
    assert len(state) >= 16 and state != dsauth.generate_state()
    url = grant.authorization_url(env, state=state)
    code = code_from(follow_login(url, mock), state)
    creds = dsauth.Client.exchange_authorization_code(
        env, grant, code, extra_ca_pem=mock.ca_pem, trust_env=False
    )
    assert creds.kind == "authorization_code_grant"
    assert "redacted" in repr(creds)
    client = make_client(mock, creds)
    assert client.get("").status == 200
    token = client.token()
    assert token.refresh_token
    assert token.refresh_token not in repr(token) and token.access_token not in repr(token)
    # A later session starts from the refresh token alone.
    later = make_client(mock, Credentials.authorization_code(grant, refresh_token=token.refresh_token))
    assert later.get("").status == 200
    # A code is single-use.
    with pytest.raises(dsauth.OAuthError) as info:
        dsauth.Client.exchange_authorization_code(
            env, grant, code, extra_ca_pem=mock.ca_pem, trust_env=False
        )
    assert info.value.error == "invalid_grant"


def test_authorization_code_with_pkce(mock: Mock) -> None:
    env = Environment.custom(mock.https)
    grant = AuthorizationCodeGrant(fixture.INTEGRATION_KEY, REDIRECT_URI, scopes=["signature", "extended"])
    pkce = Pkce.generate()
    assert pkce.method == "S256" and len(pkce.verifier) == 43
    assert pkce.verifier not in repr(pkce) and pkce.challenge in repr(pkce)
    url = grant.authorization_url(env, state="st", pkce=pkce)
    assert f"code_challenge={pkce.challenge}" in url and "code_challenge_method=S256" in url
    code = code_from(follow_login(url, mock), "st")
    with pytest.raises(dsauth.InvalidArgumentError):
        # A public client must give its verifier.
        dsauth.Client.exchange_authorization_code(env, grant, code, extra_ca_pem=mock.ca_pem)
    creds = dsauth.Client.exchange_authorization_code(
        env, grant, code, pkce=pkce, extra_ca_pem=mock.ca_pem, trust_env=False
    )
    assert make_client(mock, creds).account.account_id == ACCOUNT_GUID
    assert Pkce.from_verifier("a" * 43).challenge == Pkce.from_verifier("a" * 43).challenge
    with pytest.raises(dsauth.DsauthError):
        Pkce.from_verifier("short")


def test_oauth_reprs_hide_secrets(mock: Mock) -> None:
    creds = jwt()
    text = repr(creds) + str(creds) + repr(make_client(mock, creds))
    assert "BEGIN" not in text and "MII" not in text
    assert "2048 bits" in repr(creds)
    token = make_client(mock, creds).token()
    assert token.access_token not in repr(token) + str(token)


def test_token_expires_at_is_utc_and_counts_from_receipt(mock: Mock) -> None:
    with make_client(mock, jwt()) as client:
        before = datetime.now(timezone.utc)
        token = client.token()
        after = datetime.now(timezone.utc)
        assert token.expires_at.tzinfo is not None
        assert token.expires_at.utcoffset() == timedelta(0)
        lifetime = timedelta(seconds=token.expires_in)
        # To the second, rounded down.
        assert before + lifetime - timedelta(seconds=1) <= token.expires_at <= after + lifetime
        # The cached token keeps the expiry of its answer, not now + expires_in
        # (the two conversions to the wall clock differ by well under 1 µs).
        time.sleep(1.1)
        again = client.token()
        assert again.access_token == token.access_token
        assert again.expires_at == token.expires_at
