"""The bad inputs of tests/bad_inputs.txt, refused with the same kind as the
C face gives them (tests/c/test_client.c reads the same table): the checks
live in the core, the faces only convert."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import alice

import dsauth
from dsauth import Client, Environment

TABLE = Path(__file__).resolve().parents[3] / "tests" / "bad_inputs.txt"
ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def unescape(text: str) -> str:
    """Undoes the table's escapes (\\n \\r \\t \\\\)."""
    out, chars = [], iter(text)
    for c in chars:
        if c == "\\":
            c = next(chars, "\\")
            c = ESCAPES.get(c, c)
        out.append(c)
    return "".join(out)


def cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            setting, value, kind = line.split("\t")
            rows.append((setting, unescape(value), kind))
    return rows


def client_with(**options: Any) -> Callable[[], object]:
    return lambda: Client(Environment.DEMO, alice(), **options)


def attempt(setting: str, value: str) -> Callable[[], object]:
    """The Python face's way of giving `value` for `setting`."""
    if setting == "base_url":
        return lambda: Environment.custom(value)
    if setting == "content_type":
        client = Client(Environment.DEMO, alice())
        return lambda: client.post("/envelopes", body=b"x", content_type=value)
    if setting.endswith("_ms"):
        return client_with(**{setting[: -len("_ms")]: int(value) / 1000})
    if setting == "max_response_body":
        return client_with(max_response_body=int(value))
    if setting == "extra_ca_pem":
        return client_with(extra_ca_pem=value.encode())
    return client_with(**{setting: value})


def test_the_table_is_there() -> None:
    assert len(cases()) >= 20


@pytest.mark.parametrize(("setting", "value", "kind"), cases())
def test_bad_input_is_refused_with_its_kind(setting: str, value: str, kind: str) -> None:
    with pytest.raises(dsauth.DsauthError) as info:
        attempt(setting, value)()
    assert info.value.kind == kind, str(info.value)
