"""Python benchmarks: dsauth against `requests` and DocuSign's own SDK
(`docusign-esign`), all against one running stand-in (dsauth-mock).

    python bench.py --http URL --https URL --ca-file PEM --jwt-key PEM [--calls N] [--max-seconds S]

Prints one JSON object per measurement on stdout (benches/report.py reads
them). Every loop is bounded in count and in time. Timings are wall-clock
(time.perf_counter_ns) per operation; the median is what the report uses.

The values are the stand-in's TEST-ONLY fixture (mock/src/fixture.rs).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import timeit
from typing import Any, Callable

import dsauth

INTEGRATION_KEY = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd"
ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a"
ALICE_EMAIL = "alice@example.com"
ALICE_PASSWORD = "Alice-Passw0rd!"
ACCOUNT_ID = "18650243"
SCOPES = ("signature", "impersonation")


def emit(section: str, name: str, **fields: Any) -> None:
    print(json.dumps({"section": section, "name": name, **fields}), flush=True)


def per_call(fn: Callable[[], object], calls: int, max_seconds: float, warmup: int) -> dict[str, Any]:
    """Times `fn` once per call: `warmup` untimed calls, then up to `calls`
    timed ones, stopping early after `max_seconds`."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for _ in range(calls):
        t0 = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t0) / 1e3)
        if time.perf_counter() > deadline:
            break
    samples.sort()

    def q(p: float) -> float:
        return samples[min(len(samples) - 1, int(p * (len(samples) - 1) + 0.5))]

    return {
        "calls": len(samples),
        "median_us": round(q(0.5), 1),
        "p10_us": round(q(0.1), 1),
        "p90_us": round(q(0.9), 1),
        "mean_us": round(statistics.fmean(samples), 1),
    }


def micro_interleaved(fns: dict[str, Callable[[], object]], number: int, repeat: int) -> dict[str, dict[str, Any]]:
    """`repeat` rounds, each timing one batch of `number` calls of every
    function in turn, so that a burst of load on the machine hits all of
    them alike; ns/op of each batch, median and minimum over the rounds."""
    per_op: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            per_op[name].append(timeit.timeit(fn, number=number) / number * 1e9)
    return {
        name: {"number": number, "repeat": repeat, "median_ns": round(statistics.median(v), 1),
               "min_ns": round(min(v), 1)}
        for name, v in per_op.items()
    }


# --- header construction ---------------------------------------------------


def bench_headers(args: argparse.Namespace) -> None:
    creds = dsauth.Credentials.legacy(
        integrator_key=INTEGRATION_KEY, username=ALICE_EMAIL, password=ALICE_PASSWORD
    )
    u, p, k = ALICE_EMAIL, ALICE_PASSWORD, INTEGRATION_KEY

    def dsauth_json() -> str:
        return creds.header(dsauth.HeaderFormat.JSON).value

    def fstring_json() -> str:
        # The same string as one f-string, nothing escaped: the floor.
        return f'{{"Username":"{u}","Password":"{p}","IntegratorKey":"{k}"}}'

    def concat_json() -> str:
        # What DocuSign's Python samples do: concatenation, nothing escaped.
        return '{"Username":"' + u + '","Password":"' + p + '","IntegratorKey":"' + k + '"}'

    def dumps_json() -> str:
        # The correct hand-written way: json.dumps escapes.
        return json.dumps({"Username": u, "Password": p, "IntegratorKey": k}, separators=(",", ":"))

    assert dsauth_json() == fstring_json() == concat_json() == dumps_json()
    fns = {"dsauth": dsauth_json, "f-string": fstring_json, "concat": concat_json, "json.dumps": dumps_json}
    for name, result in micro_interleaved(fns, args.micro_number // 10, 35).items():
        emit("py-header", name, **result)


# --- JWT assertion signing ------------------------------------------------


def bench_jwt_sign(args: argparse.Namespace, pem: bytes) -> None:
    import jwt  # PyJWT
    from cryptography.hazmat.primitives import serialization

    env = dsauth.Environment.custom(args.https)
    creds = dsauth.Credentials.jwt(integration_key=INTEGRATION_KEY, user_id=ALICE_USER_ID, private_key=pem)
    key = serialization.load_pem_private_key(pem, password=None)
    host = env.account_server_host

    def claims() -> dict[str, Any]:
        now = math.floor(time.time())
        return {"iss": INTEGRATION_KEY, "sub": ALICE_USER_ID, "aud": host, "iat": now,
                "exp": now + 3600, "scope": " ".join(SCOPES)}

    def dsauth_sign() -> str:
        return creds.jwt_assertion(env)

    def pyjwt_pem() -> str:
        # As docusign-esign's request_jwt_user_token does: the PEM bytes are
        # handed to jwt.encode, which parses the key on every call.
        return jwt.encode(claims(), pem, algorithm="RS256")

    def pyjwt_key() -> str:
        # The careful way: the key parsed once.
        return jwt.encode(claims(), key, algorithm="RS256")

    # Same header and claims: the three verify with the public key.
    pub = key.public_key()
    for fn in (dsauth_sign, pyjwt_pem, pyjwt_key):
        decoded = jwt.decode(fn(), pub, algorithms=["RS256"], audience=host)
        assert decoded["iss"] == INTEGRATION_KEY and decoded["sub"] == ALICE_USER_ID, decoded
    for name, fn in (("dsauth", dsauth_sign), ("pyjwt-pem", pyjwt_pem), ("pyjwt-key", pyjwt_key)):
        emit("py-jwt-sign", name, **per_call(fn, args.jwt_calls, args.max_seconds, 5))


# --- authenticated GET ------------------------------------------------------


def legacy_header_value() -> str:
    return '{"Username":"' + ALICE_EMAIL + '","Password":"' + ALICE_PASSWORD + '","IntegratorKey":"' + INTEGRATION_KEY + '"}'


def sdk_configure(base: str, ca_file: str) -> None:
    """docusign-esign's Configuration is a process-wide singleton that each
    new ApiClient reads (host, CA file for urllib3)."""
    from docusign_esign import Configuration

    config = Configuration()
    config.host = base + "/restapi"
    config.ssl_ca_cert = ca_file
    config.verify_ssl = True


def bench_get(args: argparse.Namespace) -> None:
    import requests
    from docusign_esign import AccountsApi, ApiClient

    creds = dsauth.Credentials.legacy(
        integrator_key=INTEGRATION_KEY, username=ALICE_EMAIL, password=ALICE_PASSWORD
    )
    with open(args.ca_file, "rb") as f:
        ca_pem = f.read()
    for transport, base in (("http", args.http), ("https", args.https)):
        url = f"{base}/restapi/v2.1/accounts/{ACCOUNT_ID}"

        client = dsauth.Client(dsauth.Environment.custom(base), creds, extra_ca_pem=ca_pem, trust_env=False)

        def dsauth_get() -> bytes:
            r = client.get("")
            assert r.status == 200
            return r.body

        session = requests.Session()
        session.trust_env = False
        session.verify = args.ca_file
        session.headers["X-DocuSign-Authentication"] = legacy_header_value()
        session.headers["Accept"] = "application/json"

        def requests_get() -> bytes:
            r = session.get(url, timeout=60)
            r.raise_for_status()
            return r.content

        sdk_configure(base, args.ca_file)
        api_client = ApiClient(host=base + "/restapi")
        api_client.set_default_header("X-DocuSign-Authentication", legacy_header_value())
        accounts = AccountsApi(api_client)

        def sdk_get() -> object:
            info = accounts.get_account_information(ACCOUNT_ID)
            assert info.account_id_guid or info.account_name, info
            return info

        # The same account from the three.
        assert json.loads(dsauth_get())["accountName"] == json.loads(requests_get())["accountName"]
        assert sdk_get().account_name == json.loads(requests_get())["accountName"]
        assert client.get("").url == url, (client.get("").url, url)

        for name, fn in (("dsauth", dsauth_get), ("requests", requests_get), ("docusign-esign", sdk_get)):
            emit("py-get", name, transport=transport, url=url,
                 **per_call(fn, args.calls, args.max_seconds, 20))
        session.close()
        del client


# --- JWT token acquisition ------------------------------------------------


def bench_token(args: argparse.Namespace, pem: bytes) -> None:
    from docusign_esign import ApiClient

    env = dsauth.Environment.custom(args.https)
    host = env.account_server_host
    creds = dsauth.Credentials.jwt(integration_key=INTEGRATION_KEY, user_id=ALICE_USER_ID, private_key=pem)
    with open(args.ca_file, "rb") as f:
        ca_pem = f.read()
    sdk_configure(args.https, args.ca_file)

    def dsauth_cold() -> str:
        # A new client: new connection, TLS handshake, assertion, POST /oauth/token.
        return dsauth.Client(env, creds, extra_ca_pem=ca_pem, trust_env=False).token().access_token

    def sdk_cold() -> str:
        api = ApiClient(oauth_host_name=host)
        return api.request_jwt_user_token(INTEGRATION_KEY, ALICE_USER_ID, host, pem, 3600, scopes=SCOPES).access_token

    warm_api = ApiClient(oauth_host_name=host)

    def sdk_warm() -> str:
        # The SDK's usual pattern: one ApiClient, a new token per call on the kept-alive connection.
        return warm_api.request_jwt_user_token(INTEGRATION_KEY, ALICE_USER_ID, host, pem, 3600,
                                               scopes=SCOPES).access_token

    for fn in (dsauth_cold, sdk_cold, sdk_warm):
        assert fn()
    for name, fn in (("dsauth-cold", dsauth_cold), ("docusign-esign-cold", sdk_cold),
                     ("docusign-esign-warm", sdk_warm)):
        emit("py-token", name, **per_call(fn, args.token_calls, args.max_seconds, 3))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--http", required=True)
    ap.add_argument("--https", required=True)
    ap.add_argument("--ca-file", required=True)
    ap.add_argument("--jwt-key", required=True)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--jwt-calls", type=int, default=300)
    ap.add_argument("--token-calls", type=int, default=100)
    ap.add_argument("--micro-number", type=int, default=100000)
    ap.add_argument("--max-seconds", type=float, default=30.0)
    ap.add_argument("--only", default="headers,jwt,get,token")
    args = ap.parse_args()
    with open(args.jwt_key, "rb") as f:
        pem = f.read()
    only = set(args.only.split(","))
    if "headers" in only:
        bench_headers(args)
    if "jwt" in only:
        bench_jwt_sign(args, pem)
    if "get" in only:
        bench_get(args)
    if "token" in only:
        bench_token(args, pem)
    import docusign_esign
    import jwt
    import requests
    import cryptography

    emit("py-versions", "versions", python=sys.version.split()[0], dsauth=getattr(dsauth, "__version__", "?"),
         requests=requests.__version__, docusign_esign=getattr(docusign_esign, "__version__", "6.1.0"),
         pyjwt=jwt.__version__, cryptography=cryptography.__version__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
