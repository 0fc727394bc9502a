"""Ctrl-C during a blocking call: a child process calls the stand-in, the
test sends it SIGINT a second into the call, and ``KeyboardInterrupt``
must come within 0.2 s, during a 10 s server delay and during a 60 s
rate-limit wait alike; the child's next call on the same client works.
A wait longer than a second is logged at INFO before it starts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from conftest import Mock, fixture

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

CHILD = """
import logging, signal, sys, time
import dsauth

# Python raises KeyboardInterrupt only where SIGINT was not ignored at start
# (a shell without job control starts `cmd &` with SIGINT ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)

logging.basicConfig(stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("dsauth").setLevel(logging.INFO)

url, ca_file, scenario, second_account, key, username, password = sys.argv[1:]

def client(**options):
    credentials = dsauth.Credentials.legacy(
        integrator_key=key, username=username, password=password)
    with open(ca_file, "rb") as ca:
        c = dsauth.Client(dsauth.Environment.custom(url), credentials,
                          extra_ca_pem=ca.read(), trust_env=False, **options)
    c.account
    return c

waiting = client(rate_limit_max_wait=120)
spender = client()
print("ready", flush=True)
sys.stdin.readline()
if scenario == "rate_limit":
    spender.get("")  # spends the burst: `waiting` is refused and waits 60 s
print("calling", flush=True)
started = time.monotonic()
try:
    waiting.get("")
except KeyboardInterrupt:
    print("interrupted after", round(time.monotonic() - started, 3), flush=True)
else:
    sys.exit("the call returned")
print("next call", waiting.get(f"/restapi/v2.1/accounts/{second_account}").status, flush=True)
"""


def interrupt_a_call(mock: Mock, scenario: str, setup: "dict[str, object]") -> str:
    """Returns what the child logged (dsauth's records at INFO and up)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, mock.https, mock.ca_file, scenario, fixture.SECOND_ACCOUNT_ID,
         fixture.INTEGRATION_KEY, fixture.ALICE_EMAIL, fixture.ALICE_PASSWORD],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline() == "ready\n"
        # Discovery is done: now the stand-in slows down or limits.
        if scenario == "delay":
            mock.fault("/restapi/v2.1/accounts/", "delay", **setup)
        else:
            mock.set_limits(**setup)
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline() == "calling\n"
        time.sleep(1.0)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        line = child.stdout.readline()
        latency = time.monotonic() - sent
        assert line.startswith("interrupted after"), line
        assert latency < 0.2, f"KeyboardInterrupt {latency:.3f} s after SIGINT"
        assert float(line.split()[-1]) < 5.0
        rest, logged = child.communicate(timeout=30)
        assert rest == "next call 200\n"
        assert child.returncode == 0
        return logged
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_ctrl_c_during_a_slow_answer(mock: Mock) -> None:
    logged = interrupt_a_call(mock, "delay", {"delay_ms": 10_000, "times": 1})
    assert "waiting" not in logged, logged
    assert mock.counters()["faults_injected"] == 1


def test_ctrl_c_during_a_rate_limit_wait(mock: Mock) -> None:
    logged = interrupt_a_call(mock, "rate_limit", {"burst": 1, "burst_window_seconds": 60})
    # Logged before the wait (the wait was interrupted, never finished).
    waits = [line for line in logged.splitlines() if "waiting" in line]
    assert len(waits) == 1 and waits[0].startswith("INFO dsauth.client."), logged
    assert "rate limited" in waits[0] and "retrying" in waits[0], logged
    # The spender's call and the refused one; the wait sent nothing.
    path = f"/restapi/v2.1/accounts/{fixture.ACCOUNT_ID}"
    assert [r["method"] for r in mock.requests() if r["path"] == path] == ["GET", "GET"]
