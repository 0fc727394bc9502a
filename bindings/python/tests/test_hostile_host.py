"""Hostile servers written here: a discovery answer naming another host, a
TLS alert, dot segments, bad ports and proxy variables; and the trust
options (``ca_file``, ``use_system_trust``)."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
from conftest import Mock, alice, make_client

import dsauth
from dsauth import Client, Environment


def listener() -> tuple[socket.socket, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    return sock, "127.0.0.1:%d" % sock.getsockname()[1]


def serve_forever(sock: socket.socket, handle: Callable[[socket.socket], None]) -> None:
    def loop() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


class Sink:
    """Counts every byte anyone sends it."""

    def __init__(self) -> None:
        self.sock, self.authority = listener()
        self.bytes = 0
        serve_forever(self.sock, self._count)

    def _count(self, conn: socket.socket) -> None:
        conn.settimeout(2)
        with conn:
            try:
                while data := conn.recv(4096):
                    self.bytes += len(data)
            except OSError:
                pass


def json_server(answer: Callable[[str], object]) -> tuple[str, socket.socket]:
    """Plain HTTP answering each request with ``answer(request line)``."""
    sock, authority = listener()

    def handle(conn: socket.socket) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(1)
                if not chunk:
                    return
                head += chunk
            body = json.dumps(answer(head.split(b"\r\n")[0].decode())).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body
            )

    serve_forever(sock, handle)
    return f"http://{authority}", sock


@pytest.fixture
def sink() -> Iterator[Sink]:
    s = Sink()
    yield s
    s.sock.close()


def test_discovery_naming_another_host_sends_it_nothing(sink: Sink) -> None:
    def answer(line: str) -> object:
        return {"loginAccounts": [{
            "accountId": "1", "isDefault": "true", "name": "A",
            "baseUrl": f"http://{sink.authority}/restapi/v2/accounts/1",
        }]}

    url, server = json_server(answer)
    client = Client(Environment.custom(url), alice(), trust_env=False)
    with pytest.raises(dsauth.DiscoveredHostRefusedError) as info:
        client.get("/envelopes")
    assert isinstance(info.value, dsauth.InvalidUrlError)
    assert (info.value.kind, info.value.code) == ("discovered_host_refused", 202)
    assert info.value.url == "127.0.0.1"
    assert "127.0.0.1" in str(info.value)
    time.sleep(0.2)
    assert sink.bytes == 0

    followed = Client(Environment.custom(url), alice(), trust_env=False,
                      follow_discovered_hosts=True, timeout=0.5)
    with pytest.raises(dsauth.TransportTimeoutError):
        followed.get("")
    assert sink.bytes > 0
    server.close()


def test_tls_alert_is_a_tls_error() -> None:
    sock, authority = listener()

    def alert(conn: socket.socket) -> None:
        with conn:
            conn.recv(5)
            # protocol_version, as a TLS 1.0-only server answers.
            conn.sendall(bytes([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]))
            time.sleep(0.1)

    serve_forever(sock, alert)
    client = Client(Environment.custom(f"https://{authority}"), alice(), trust_env=False)
    with pytest.raises(dsauth.TLSError) as info:
        client.account
    assert (info.value.kind, info.value.code) == ("tls", 302)
    sock.close()


@pytest.mark.parametrize("port", ["99999", "65616", "70000", "0"])
def test_ports_out_of_range(port: str) -> None:
    with pytest.raises(dsauth.InvalidUrlError):
        Environment.custom(f"http://127.0.0.1:{port}")


def test_dot_segments_are_never_sent(mock: Mock) -> None:
    client = make_client(mock)
    for path in ["/restapi/../oauth/token", "/envelopes/%2e%2e/x", "/envelopes/./x"]:
        with pytest.raises(dsauth.InvalidArgumentError):
            client.get(path)


def test_invalid_proxy_variable_fails_closed(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://user:hunter2@127.0.0.1:99999")
    with pytest.raises(dsauth.InvalidUrlError) as info:
        Client(Environment.custom(mock.https), alice())
    assert "HTTPS_PROXY" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_ca_file_and_system_trust(mock: Mock, tmp_path: Path) -> None:
    env = Environment.custom(mock.https)
    with Client(env, alice(), trust_env=False, ca_file=mock.ca_file) as client:
        assert client.account.account_id
    with Client(env, alice(), trust_env=False, ca_file=Path(mock.ca_file)) as client:
        assert client.account.account_id
    with pytest.raises(dsauth.InvalidArgumentError) as info:
        Client(env, alice(), ca_file=tmp_path / "missing.pem")
    assert info.value.argument == "ca_file"
    # The system store adds roots; the stand-in's CA is still needed.
    with Client(env, alice(), trust_env=False, use_system_trust=True,
                ca_file=mock.ca_file) as client:
        assert client.account.account_id
