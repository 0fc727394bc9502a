"""One Client shared by threads: calls run in parallel (the GIL is released
while the core waits on the network) and never interfere."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import Mock, make_client

import dsauth


def test_four_delayed_calls_overlap(mock: Mock) -> None:
    client = make_client(mock)
    client.account  # discovery first, so only the four calls are delayed
    mock.fault("/restapi/v2.1/accounts/", "delay", delay_ms=500, times=4)
    ticks = 0
    done = threading.Event()

    def call() -> int:
        return client.get("").status

    def count_ticks() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=count_ticks)
    counter.start()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: call(), range(4)))
    elapsed = time.monotonic() - start
    done.set()
    counter.join()
    assert statuses == [200] * 4
    assert mock.counters()["faults_injected"] == 4
    # Serialised by the GIL they would need 2 s; in parallel about 0.5 s.
    assert elapsed < 1.2, f"4 calls delayed 0.5 s each took {elapsed:.2f} s"
    # And Python code kept running in another thread meanwhile.
    assert ticks > 1000


def test_eight_threads_two_hundred_calls_each(mock: Mock) -> None:
    client = make_client(mock)
    errors: list[BaseException] = []
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()  # the first calls race for discovery too
        for i in range(200):
            try:
                if i % 2:
                    response = client.get("")
                else:
                    # A distinct list query each time: the polling guard stays on.
                    since = f"2024-01-{n + 1:02d}T00:{i // 60:02d}:{i % 60:02d}"
                    response = client.get("/envelopes", query={"from_date": since})
                assert response.rate_limit.limit is not None
                with lock:
                    statuses.append(response.status)
            except BaseException as error:  # noqa: BLE001 - collected, asserted below
                with lock:
                    errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert statuses == [200] * 1600
    assert mock.counters()["rest_requests"] == 1600 + 1  # + one discovery


def test_closing_while_other_threads_call(mock: Mock) -> None:
    client = make_client(mock)
    client.account
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            try:
                client.get("")
                outcome = "ok"
            except dsauth.ClientClosedError:
                outcome = "closed"
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    client.close()
    for t in threads:
        t.join()
    assert len(outcomes) == 200
    assert set(outcomes) <= {"ok", "closed"}
