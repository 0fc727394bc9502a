"""The wheel and sdist `make wheel` builds (build/wheels, or
DSAUTH_WHEEL_DIR): the wheel's tags, auditwheel's verdict, a stripped
extension, an install into a fresh venv that runs the quick start against
the stand-in, and a wheel built from the sdist.

run-tests.sh builds them once and installs that wheel into the test venv,
so every other test runs the file users get. The fresh-venv and sdist
checks (~40 s) are skipped with DSAUTH_SKIP_PACKAGING_TESTS=1; none needs
the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, fixture, mock_binary

import dsauth

BINDINGS = REPO / "bindings" / "python"
WHEEL_DIR = Path(os.environ.get("DSAUTH_WHEEL_DIR", REPO / "build" / "wheels"))
QUICKSTART = REPO / "examples" / "python" / "quickstart.py"
# abi3: one wheel for CPython 3.9 and later; manylinux2014 = glibc 2.17.
TAGS = ["cp39-abi3-manylinux2014_x86_64", "cp39-abi3-manylinux_2_17_x86_64"]
EXTENSION = "dsauth/_dsauth.abi3.so"

packaging = pytest.mark.skipif(
    os.environ.get("DSAUTH_SKIP_PACKAGING_TESTS", "") not in ("", "0"),
    reason="DSAUTH_SKIP_PACKAGING_TESTS is set",
)


def built(pattern: str) -> Path:
    found = sorted(WHEEL_DIR.glob(pattern))
    assert len(found) == 1, f"want one {pattern} in {WHEEL_DIR} (run `make wheel`), found {found}"
    return found[0]


@pytest.fixture(scope="module")
def wheel() -> Path:
    return built("dsauth-*.whl")


def package_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if name.startswith("dsauth/")}


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the test venv's or the tests' settings."""
    drop = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DSAUTH_")}
    env.update(extra)
    return env


def pip(args: "list[str]", env: "dict[str, str]", *, timeout: float) -> None:
    """Runs the test venv's pip with ``args``; fails with the end of its output."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_wheel_name_and_tags(wheel: Path) -> None:
    version = dsauth.__version__
    assert wheel.name == f"dsauth-{version}-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"dsauth-{version}.dist-info/WHEEL").decode()
    tags = sorted(line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Tag: "))
    assert tags == TAGS
    assert "Root-Is-Purelib: false" in metadata


def test_auditwheel_finds_manylinux_2_17(wheel: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert 'is consistent with the following platform tag: "manylinux_2_17_x86_64"' in text, text
    assert 'constrains the platform tag to "manylinux_2_17_x86_64"' in text, text
    # Nothing outside the manylinux policy's system libraries (glibc's).
    assert "external shared libraries are required" not in text, text


def test_extension_is_stripped(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        extension = Path(archive.extract(EXTENSION, tmp_path))
    sections = subprocess.run(
        ["readelf", "--section-headers", "--wide", str(extension)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = {line.split("]", 1)[1].split()[0] for line in sections.splitlines() if "] ." in line}
    assert ".dynsym" in names and ".text" in names, names
    assert not {n for n in names if n.startswith(".debug") or n in (".symtab", ".strtab")}, names
    # Stripped, the extension is ~4.5 MB; with symbols it is about twice that.
    assert extension.stat().st_size < 8 * 1024 * 1024


def test_the_tests_run_this_wheel(wheel: Path) -> None:
    installed = Path(dsauth.__file__).parent / "_dsauth.abi3.so"
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.read(EXTENSION)
    assert hashlib.sha256(installed.read_bytes()).digest() == hashlib.sha256(in_wheel).digest()


@packaging
@pytest.mark.slow
def test_fresh_venv_runs_the_quick_start(wheel: Path, tmp_path: Path) -> None:
    # A venv without pip (and so without any build tool); the test venv's
    # pip installs into it, from the wheel alone: no index, no build.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = clean_env(PATH=f"{venv / 'bin'}:/usr/bin:/bin")
    pip(["--python", str(python), "install", "--no-index", str(wheel)], env, timeout=300)
    (site_packages,) = venv.glob("lib/python3.*/site-packages")
    installed = {entry.name for entry in site_packages.iterdir()}
    assert installed == {"dsauth", f"dsauth-{dsauth.__version__}.dist-info"}, installed
    probe = (
        "import json, pathlib, dsauth;"
        "print(json.dumps({'version': dsauth.__version__, 'file': dsauth.__file__,"
        " 'typed': (pathlib.Path(dsauth.__file__).parent / 'py.typed').exists()}))"
    )
    # Outside the repository, so nothing but the installed package is found.
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["version"] == dsauth.__version__
    assert Path(info["file"]).is_relative_to(venv) and info["typed"]

    # `dsauth-mock run` starts the stand-in and exports DSAUTH_BASE_URL and
    # DSAUTH_CA_FILE, as `make demo` runs the quick start.
    run = subprocess.run(
        [str(mock_binary()), "run", "--", str(python), str(QUICKSTART)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert f"account: {fixture.ACCOUNT_ID} '{fixture.ACCOUNT_NAME}' (default: True)" in out
    assert "GET account: HTTP 200" in out and "SOAP Ping: HTTP 200" in out
    assert "JWT grant: GET account HTTP 200" in out
    assert fixture.ALICE_PASSWORD not in out + run.stderr


@packaging
@pytest.mark.slow
def test_sdist_builds(wheel: Path, tmp_path: Path) -> None:
    sdist = built("dsauth-*.tar.gz")
    assert sdist.name == f"dsauth-{dsauth.__version__}.tar.gz"
    # The venv's pinned maturin, no index. The dev profile reuses the crates
    # run-tests.sh's `cargo test` compiled in bindings/python/target (~30 s;
    # a release build from the sdist recompiles the core with LTO, minutes);
    # the release build itself is the wheel's.
    env = clean_env(
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        CARGO_TARGET_DIR=os.environ.get("CARGO_TARGET_DIR", str(BINDINGS / "target")),
        MATURIN_PEP517_ARGS="--profile dev",
    )
    out = tmp_path / "out"
    pip(["wheel", "--no-index", "--no-deps", "--no-build-isolation", "--wheel-dir", str(out),
         str(sdist)], env, timeout=1800)
    (from_sdist,) = out.glob("dsauth-*.whl")
    assert package_files(from_sdist) == package_files(wheel)
