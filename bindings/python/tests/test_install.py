"""`pip install ./bindings/python` into a clean venv gives `import dsauth`.

It needs PyPI (or a wheel mirror) for maturin, the build backend: set
DSAUTH_SKIP_NETWORK_TESTS=1 to skip it offline. The build is in-tree, so
cargo reuses bindings/python/target and only packaging is repeated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import dsauth

BINDINGS = REPO / "bindings" / "python"


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DSAUTH_SKIP_NETWORK_TESTS", "") not in ("", "0"),
    reason="DSAUTH_SKIP_NETWORK_TESTS is set (the install needs maturin from PyPI)",
)
def test_pip_install_into_a_clean_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(BINDINGS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert install.returncode == 0, install.stdout[-4000:] + install.stderr[-4000:]
    probe = (
        "import json, dsauth, dsauth.exceptions, pathlib;"
        "c = dsauth.Credentials.legacy(integrator_key='k', username='u', password='p');"
        "print(json.dumps({'version': dsauth.__version__, 'file': dsauth.__file__,"
        " 'typed': (pathlib.Path(dsauth.__file__).parent / 'py.typed').exists(),"
        " 'header': c.header(dsauth.HeaderFormat.JSON).value}))"
    )
    # Run outside the repository so nothing but the installed package is found.
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["version"] == dsauth.__version__
    assert Path(info["file"]).is_relative_to(venv)
    assert info["typed"]
    assert info["header"] == '{"Username":"u","Password":"p","IntegratorKey":"k"}'
