"""A hostile server, written here: it echoes what it was sent (the request
head with the credentials) into every text dsauth puts in exceptions. No
secret may come back out of str(), repr() or an attribute, in any encoding;
``ApiError.body`` keeps the (redacted) body; a gateway's answer is named by
status and content type."""

from __future__ import annotations

import html
import json
import random
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, List, Tuple

import pytest

import dsauth
from dsauth import Client, Credentials, Environment

#: (status, content type, body) for the request head the server received.
Responder = Callable[[str], Tuple[int, str, str]]


class _Server:
    def __init__(self) -> None:
        self.respond: Responder = lambda head: (500, "text/plain", "")
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                head = f"{self.requestline}\r\n{self.headers}\r\n{body}"
                status, content_type, answer = server.respond(head)
                data = answer.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _client(server: _Server, credentials: Credentials) -> Client:
    return Client(Environment.custom(server.url), credentials, trust_env=False)


def _shown(err: BaseException) -> str:
    return "\n".join([str(err), repr(err), repr(err.args), repr(vars(err))])


def _encodings(secret: str) -> List[str]:
    json_min = json.dumps(secret, ensure_ascii=False)[1:-1]
    json_ascii = json.dumps(secret)[1:-1]
    return [
        secret,
        json_min,
        json_ascii,
        html.escape(secret),
        html.escape(secret, quote=False),
        urllib.parse.quote(secret),
        re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), urllib.parse.quote(secret, safe="")),
        urllib.parse.quote_plus(secret),
        json.dumps(json_min)[1:-1],
        html.escape(html.escape(secret)),
        urllib.parse.quote(urllib.parse.quote(secret, safe=""), safe=""),
    ]


def _assert_hidden(err: BaseException, secret: str) -> None:
    text = _shown(err)
    for form in _encodings(secret):
        assert form not in text, (secret, form, text)


def test_an_echoed_password_is_redacted_and_the_body_kept(server: _Server) -> None:
    password = "Py\"th<o>n&'pass% word é"
    server.respond = lambda head: (
        400,
        "application/json",
        json.dumps({"errorCode": "E", "message": head + urllib.parse.quote(head)}),
    )
    creds = Credentials.legacy(integrator_key="ik", username="u@example.com", password=password)
    with pytest.raises(dsauth.ApiError) as info:
        _client(server, creds).account
    _assert_hidden(info.value, password)
    assert "<redacted>" in info.value.message
    assert "login_information" in info.value.message
    assert isinstance(info.value.body, str)
    assert "<redacted>" in info.value.body
    assert len(info.value.body.encode()) <= 4096 + 3


def test_an_echoed_token_is_redacted_from_an_oauth_error(server: _Server) -> None:
    token = "eyJhbGciOi.secret-T0ken_~+/="
    server.respond = lambda head: (
        401,
        "application/json",
        json.dumps({"error": "invalid_token", "error_description": head}),
    )
    with pytest.raises(dsauth.OAuthError) as info:
        _client(server, Credentials.access_token(token)).get("")
    _assert_hidden(info.value, token)
    assert "<redacted>" in (info.value.description or "")
    assert "<redacted>" in info.value.body


def test_a_gateway_body_is_named_and_kept(server: _Server) -> None:
    server.respond = lambda head: (400, "text/plain", "5 is not of type 'string' - 'emailSubject'")
    with pytest.raises(dsauth.ApiError) as info:
        _client(server, Credentials.access_token("tok")).get("")
    assert info.value.kind == "http_status"
    assert str(info.value) == "HTTP 400 (text/plain): 5 is not of type 'string' - 'emailSubject'"
    assert info.value.body == "5 is not of type 'string' - 'emailSubject'"


def test_query_values_are_not_shown_in_url_errors() -> None:
    with pytest.raises(dsauth.InvalidUrlError) as info:
        Environment.custom("https://example.com/?pw=hunter2")
    assert "hunter2" not in _shown(info.value)
    assert "pw=<redacted>" in info.value.url


@pytest.mark.parametrize("seed", range(12))
def test_random_secrets_in_random_encodings_and_places(server: _Server, seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    special = "\"\\<>&'% +/=?#;é😀"
    middle = "".join(rng.choice(alphabet + special * 2) for _ in range(rng.randint(6, 30)))
    secret = rng.choice(alphabet) + middle + rng.choice(alphabet)
    encoded = rng.choice(_encodings(secret))
    # Around the 4 KiB cut half the time, so that the cut splits the secret.
    pad = 4096 - rng.randint(0, len(encoded)) if rng.random() < 0.5 else rng.randint(0, 50)
    message = "f" * pad + encoded + " end"
    half = len(encoded) // 2
    place = rng.randrange(4)
    answers: List[Tuple[int, str, str]] = [
        (400, "application/json", json.dumps({"errorCode": "E", "message": message})),
        (400, "application/json", json.dumps({"error": "e", "error_description": message})),
        (
            400,
            "application/json",
            json.dumps({"errorCode": encoded[:half], "message": encoded[half:] + message}),
        ),
        (400, "text/plain", message),
    ]
    server.respond = lambda head: answers[place]
    creds = Credentials.legacy(integrator_key="ik", username="u@example.com", password=secret)
    with pytest.raises(dsauth.DsauthError) as info:
        _client(server, creds).account
    _assert_hidden(info.value, secret)
