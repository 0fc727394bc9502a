"""The package itself: version, exports, typing marker, small value types."""

from __future__ import annotations

import importlib.metadata
import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import REPO

import dsauth
from dsauth import RateLimit


def core_version() -> str:
    text = (REPO / "Cargo.toml").read_text()
    match = re.search(r'^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    assert match, "no [workspace.package] version in Cargo.toml"
    return match.group(1)


def test_version_is_the_crate_version() -> None:
    assert dsauth.__version__ == core_version()
    assert importlib.metadata.version("dsauth") == dsauth.__version__
    crate = (REPO / "bindings" / "python" / "Cargo.toml").read_text()
    assert f'version = "{dsauth.__version__}"' in crate


def test_typed_package() -> None:
    package = Path(dsauth.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_dsauth.pyi").exists()
    assert dsauth._dsauth.__name__ == "dsauth._dsauth"


def test_all_is_complete() -> None:
    for name in dsauth.__all__:
        assert hasattr(dsauth, name), name
    public = {n for n in dir(dsauth) if not n.startswith("_") and n not in ("exceptions", "contrib")}
    assert public <= set(dsauth.__all__) | {"annotations"}, public - set(dsauth.__all__)


def test_rate_limit_value_type() -> None:
    reset = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
    a = RateLimit(limit=1000, remaining=10, reset_at=reset, burst_limit=500, burst_remaining=5)
    b = RateLimit(limit=1000, remaining=10, reset_at=reset.astimezone(timezone(timedelta(hours=2))),
                  burst_limit=500, burst_remaining=5)
    assert a == b and hash(a) == hash(b)
    assert a.reset_at == reset and a.reset_at is not None and a.reset_at.tzinfo is not None
    assert RateLimit().is_empty and not a.is_empty
    assert "limit=1000" in repr(a) and "2030" in repr(a)
    with pytest.raises(AttributeError):
        a.limit = 3  # type: ignore[misc]
    with pytest.raises(dsauth.InvalidArgumentError):
        RateLimit(reset_at=datetime(2030, 1, 1))  # naive: ambiguous


def test_default_max_response_body() -> None:
    assert dsauth.DEFAULT_MAX_RESPONSE_BODY == 32 * 1024 * 1024


def test_every_public_stub_has_a_docstring() -> None:
    """IDE hover shows the stub's docstrings: every public class, function,
    method and property of _dsauth.pyi has one (dunders but ``__new__``,
    the constructor, are exempt)."""
    stubs = Path(dsauth.__file__).parent / "_dsauth.pyi"
    missing = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                continue
            name = node.name
            dunder = name.startswith("__") and name.endswith("__")
            if (name.startswith("_") and not dunder) or (dunder and name != "__new__"):
                continue
            if not ast.get_docstring(node):
                missing.append(f"{prefix}{name}")
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{name}.")

    visit(ast.parse(stubs.read_text()).body, "")
    assert not missing, f"no docstring in _dsauth.pyi: {', '.join(missing)}"

