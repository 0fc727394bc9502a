"""Fork safety: a client used before ``os.fork()`` is safe in both processes.

After one call (its keep-alive connection pooled), the process forks; parent
and child each make 20 calls with their own ``X-Marker`` header against a
server that echoes it (``tests/support/echo_server.py``, started here), over
HTTP and HTTPS. Every answer must carry the caller's own marker: without
dsauth's process check the two processes share the pooled connection and
read each other's answers (or, over TLS, fail to decrypt them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

import dsauth

REPO = Path(__file__).resolve().parents[3]
CALLS = 20

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "support" / "echo_server.py"),
         str(tmp_path_factory.mktemp("echo"))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert server.stdout is not None and server.stdin is not None
    urls: dict[str, str] = json.loads(server.stdout.readline())
    yield urls
    server.stdin.close()
    server.wait(timeout=10)


def crossed_replies(client: dsauth.Client, base: str, who: str) -> int:
    crossed = 0
    for i in range(CALLS):
        marker = f"{who}-{i}"
        try:
            answer = client.get(f"{base}/echo", headers={"X-Marker": marker}).json()
        except dsauth.DsauthError:
            answer = None
        if answer != {"marker": marker}:
            crossed += 1
    return crossed


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("round_", range(3))
def test_parent_and_child_never_read_each_others_answers(
    echo: dict[str, str], scheme: str, round_: int
) -> None:
    base = echo[scheme]
    client = dsauth.Client(
        dsauth.Environment.custom(base),
        dsauth.Credentials.access_token("fork-test-token"),
        extra_ca_pem=Path(echo["ca_file"]).read_bytes(),
    )
    assert client.get(f"{base}/echo", headers={"X-Marker": "before"}).json() == {
        "marker": "before"
    }
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its count through the pipe, never return
        try:
            os.close(read_end)
            os.write(write_end, str(crossed_replies(client, base, "child")).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    parent_crossed = crossed_replies(client, base, "parent")
    with os.fdopen(read_end) as pipe:
        child_report = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (parent_crossed, int(child_report)) == (0, 0)
    # The parent's client goes on working.
    assert client.get(f"{base}/echo", headers={"X-Marker": "after"}).json() == {
        "marker": "after"
    }
    client.close()
