"""examples/python/quickstart.py runs against the stand-in and fails cleanly
on bad input."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, Mock

QUICKSTART = REPO / "examples" / "python" / "quickstart.py"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DSAUTH_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(QUICKSTART), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_quickstart_against_the_stand_in(mock: Mock) -> None:
    result = run(mock.https, mock.ca_file)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "account: 18650243 'Andersen Consulting Ltd' (default: True)" in out
    assert "GET account: HTTP 200" in out
    assert "rate limit: " in out and "calls left this hour" in out
    assert "SOAP Ping: HTTP 200" in out
    assert "JWT grant: account 292387d6-8156-46fc-b6d1-7432ccd3e7a8" in out
    assert "JWT grant: GET account HTTP 200" in out
    assert "Alice-Passw0rd!" not in out + result.stderr


def test_quickstart_reads_the_environment(mock: Mock) -> None:
    result = run(DSAUTH_BASE_URL=mock.http)
    assert result.returncode == 0, result.stderr


def test_quickstart_bad_input_is_a_clean_error(mock: Mock) -> None:
    for args, env, expected in [
        (("http://example.com",), {}, "InsecureUrlError [insecure_url, 201]"),
        ((mock.https, mock.ca_file), {"DSAUTH_PASSWORD": " padded"}, "CredentialError"),
        ((), {}, "give the base URL"),
        ((mock.https, "/nonexistent/ca.pem"), {}, "cannot read the CA file"),
        ((mock.https, mock.ca_file), {"DSAUTH_PRIVATE_KEY_FILE": "/nonexistent.pem"}, "key file"),
        ((mock.https, mock.ca_file), {"DSAUTH_PRIVATE_KEY_FILE": mock.ca_file}, "InvalidPrivateKeyError"),
    ]:
        result = run(*args, **env)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert expected in result.stderr
        assert "Traceback" not in result.stderr


def test_quickstart_call_failure_exits_1(mock: Mock) -> None:
    result = run(mock.https)  # without the CA: TLS fails
    assert result.returncode == 1
    assert "TLSError [tls, 302]" in result.stderr
    assert "Traceback" not in result.stderr
    result = run(mock.https, mock.ca_file, DSAUTH_PASSWORD="wrong")
    assert result.returncode == 1
    assert "AuthenticationError" in result.stderr and "trace token" in result.stderr
