# Sourced by env.sh and build-wheel.sh: the venv with the pinned tools.
#
# In: REPO (the repository root).
# Out: VENV, VPY (its python), PATH with the venv first, CARGO, WHEEL_DIR,
# step().

PYTHON="${PYTHON:-python3}"
VENV="${DSAUTH_VENV:-$REPO/.venv}"
CARGO="${CARGO:-cargo}"
# Where `make wheel` puts the wheel and the sdist.
WHEEL_DIR="${DSAUTH_WHEEL_DIR:-$REPO/build/wheels}"
export DSAUTH_WHEEL_DIR="$WHEEL_DIR"

# Pinned tools (bump together, then run run-tests.sh). ziglang is the
# linker that targets glibc 2.17 for maturin --zig; auditwheel checks it.
MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.17.0
AUDITWHEEL_VERSION=6.8.2
PYTEST_VERSION=9.2.0
MYPY_VERSION=2.4.1
# The libraries of the dsauth.contrib adapters (the extras), tested for real.
REQUESTS_VERSION=2.34.2
TYPES_REQUESTS_VERSION=2.33.0.20261030
HTTPX_VERSION=0.28.1
DOCUSIGN_ESIGN_VERSION=6.1.0

step() { printf '\n==> %s\n' "$*"; }

step "venv $VENV"
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
VPY="$VENV/bin/python"
# maturin's PEP 517 hooks run the `maturin` binary from PATH.
export PATH="$VENV/bin:$PATH"
TOOLS_STAMP="$VENV/.dsauth-tools-maturin$MATURIN_VERSION-zig$ZIGLANG_VERSION"
TOOLS_STAMP+="-auditwheel$AUDITWHEEL_VERSION-pytest$PYTEST_VERSION-mypy$MYPY_VERSION"
TOOLS_STAMP+="-requests$REQUESTS_VERSION-httpx$HTTPX_VERSION-esign$DOCUSIGN_ESIGN_VERSION"
if [[ ! -f "$TOOLS_STAMP" ]]; then
    "$VPY" -m pip install --quiet --disable-pip-version-check \
        "maturin==$MATURIN_VERSION" "ziglang==$ZIGLANG_VERSION" \
        "auditwheel==$AUDITWHEEL_VERSION" "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION" \
        "requests==$REQUESTS_VERSION" "types-requests==$TYPES_REQUESTS_VERSION" \
        "httpx==$HTTPX_VERSION" "docusign-esign==$DOCUSIGN_ESIGN_VERSION"
    touch "$TOOLS_STAMP"
fi
