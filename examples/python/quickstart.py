#!/usr/bin/env python3
"""dsauth quick start: credentials, headers, account discovery, one call.

Usage::

    python quickstart.py [BASE_URL [CA_FILE]]

``BASE_URL`` (or ``DSAUTH_BASE_URL``) is where DocuSign is, e.g. the local
stand-in's ``https://127.0.0.1:PORT`` (start it with
``cargo run -p dsauth-mock``); ``CA_FILE`` (or ``DSAUTH_CA_FILE``) is a PEM
file of extra CA certificates to trust, e.g. the stand-in's ``ca_file``.

Legacy credentials come from ``DSAUTH_INTEGRATOR_KEY``, ``DSAUTH_USERNAME``
and ``DSAUTH_PASSWORD``; the OAuth JWT grant also uses ``DSAUTH_USER_ID``
(the user's GUID) and ``DSAUTH_PRIVATE_KEY_FILE`` (the RSA private key, PEM,
registered for the integration key), as the C quick start does. Without them the stand-in's public,
test-only fixture is used. Exit status: 0 on success, 1 when a call fails,
2 on bad input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional, Sequence
from urllib.parse import urlsplit

import dsauth

# The local stand-in's fixture (mock/README.md): TEST-ONLY, public values.
STAND_IN_INTEGRATOR_KEY = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd"
STAND_IN_USERNAME = "alice@example.com"
STAND_IN_PASSWORD = "Alice-Passw0rd!"
STAND_IN_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a"
STAND_IN_KEY_FILE = Path(__file__).resolve().parents[2] / "mock/fixtures/jwt_private_pkcs1.pem"

SOAP_PING = '<Ping xmlns="http://www.docusign.net/API/3.0"/>'


def fail(message: str, status: int) -> int:
    print(f"quickstart: {message}", file=sys.stderr)
    return status


def describe(error: dsauth.DsauthError) -> str:
    """One line for any dsauth error: class, stable kind and code, text."""
    return f"{type(error).__name__} [{error.kind}, {error.code}]: {error}"


def show_rate_limit(rate_limit: dsauth.RateLimit) -> None:
    reset = rate_limit.reset_at.isoformat() if rate_limit.reset_at else "unknown"
    print(
        f"rate limit: {rate_limit.remaining}/{rate_limit.limit} calls left this hour "
        f"(resets {reset}), burst {rate_limit.burst_remaining}/{rate_limit.burst_limit}"
    )


def main(argv: Sequence[str]) -> int:
    if len(argv) > 2 or any(arg in ("-h", "--help") for arg in argv):
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    base_url: Optional[str] = argv[0] if argv else os.environ.get("DSAUTH_BASE_URL")
    ca_file: Optional[str] = argv[1] if len(argv) > 1 else os.environ.get("DSAUTH_CA_FILE")
    if not base_url:
        return fail("give the base URL (argument or DSAUTH_BASE_URL)", 2)

    # 1. Credentials are validated once, here; every rendering is then safe.
    try:
        credentials = dsauth.Credentials.legacy(
            integrator_key=os.environ.get("DSAUTH_INTEGRATOR_KEY", STAND_IN_INTEGRATOR_KEY),
            username=os.environ.get("DSAUTH_USERNAME", STAND_IN_USERNAME),
            password=os.environ.get("DSAUTH_PASSWORD", STAND_IN_PASSWORD),
        )
        environment = dsauth.Environment.custom(base_url)
    except dsauth.DsauthError as error:  # CredentialError, InvalidUrlError, ...
        return fail(describe(error), 2)
    print(f"credentials: {credentials!r}")

    # 2. The headers DocuSign accepts (their values hold the password).
    for fmt in (dsauth.HeaderFormat.JSON, dsauth.HeaderFormat.XML):
        header = credentials.header(fmt)
        print(f"{fmt!r:>18}: {header.name}: <{len(header.value)} bytes, redacted>")
    print(f"     SOAP username: {credentials.soap_username()}")

    ca_pem: Optional[bytes] = None
    if ca_file:
        try:
            ca_pem = Path(ca_file).read_bytes()
        except OSError as error:
            return fail(f"cannot read the CA file: {error}", 2)

    # Proxy variables are for the internet, not for a stand-in on loopback.
    host = urlsplit(base_url).hostname or ""
    on_loopback = host in ("localhost", "::1") or host.startswith("127.")

    # 3. A client: discovery, one REST call and one SOAP call.
    try:
        with dsauth.Client(
            environment, credentials, extra_ca_pem=ca_pem, trust_env=not on_loopback, timeout=30.0
        ) as client:
            account = client.account
            print(
                f"account: {account.account_id} {account.name!r} "
                f"(default: {account.is_default}) at {account.rest_base}"
            )
            response = client.get("")
            info = response.json()
            print(f"GET account: HTTP {response.status}, plan {info.get('planName')!r}")
            print(f"trace token: {response.trace_token}")
            show_rate_limit(response.rate_limit)
            ping = client.soap_call(dsauth.SoapEndpoint.API, "Ping", SOAP_PING)
            print(f"SOAP Ping: HTTP {ping.status}")

        # 4. OAuth JWT grant: the client signs an assertion, gets a token
        #    (and renews it), and discovers the account with /oauth/userinfo.
        key_file = os.environ.get("DSAUTH_PRIVATE_KEY_FILE")
        if not key_file:
            if not STAND_IN_KEY_FILE.exists():
                print("JWT grant: skipped (set DSAUTH_PRIVATE_KEY_FILE)")
                return 0
            key_file = str(STAND_IN_KEY_FILE)
        try:
            key_pem = Path(key_file).read_bytes()
        except OSError as error:
            return fail(f"cannot read the key file: {error}", 2)
        jwt = dsauth.Credentials.jwt(
            integration_key=os.environ.get("DSAUTH_INTEGRATOR_KEY", STAND_IN_INTEGRATOR_KEY),
            user_id=os.environ.get("DSAUTH_USER_ID", STAND_IN_USER_ID),
            private_key=key_pem,
        )
        with dsauth.Client(
            environment, jwt, extra_ca_pem=ca_pem, trust_env=not on_loopback, timeout=30.0
        ) as client:
            account = client.account
            print(f"JWT grant: account {account.account_id} {account.name!r}")
            response = client.get("")
            token = client.token()
            print(
                f"JWT grant: GET account HTTP {response.status}, "
                f"token {token.token_type} valid {token.expires_in:.0f} s"
            )
            show_rate_limit(response.rate_limit)
    except dsauth.ConsentRequiredError as error:
        return fail(f"{describe(error)}; open {error.consent_url} once as the user", 1)
    except (dsauth.CredentialError, dsauth.InvalidArgumentError) as error:
        return fail(describe(error), 2)
    except dsauth.RateLimitError as error:
        return fail(f"{describe(error)} (retry after {error.retry_after} s)", 1)
    except dsauth.ApiError as error:
        return fail(f"{describe(error)} (trace token {error.trace_token})", 1)
    except dsauth.DsauthError as error:
        return fail(describe(error), 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
