# Sourced by run-tests.sh and run-demo.sh: the venv with the pinned tools
# and the dsauth package built from this directory installed into it.
#
# In: HERE (this directory), REPO (the repository root).
# Out: VENV, VPY (its python), PATH with the venv first, CARGO.

PYTHON="${PYTHON:-python3}"
VENV="${DSAUTH_VENV:-$REPO/.venv}"
CARGO="${CARGO:-cargo}"

# Pinned tools (bump together, then run run-tests.sh).
MATURIN_VERSION=1.16.0
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
TOOLS_STAMP="$VENV/.dsauth-tools-maturin$MATURIN_VERSION-pytest$PYTEST_VERSION-mypy$MYPY_VERSION"
TOOLS_STAMP+="-requests$REQUESTS_VERSION-httpx$HTTPX_VERSION-esign$DOCUSIGN_ESIGN_VERSION"
if [[ ! -f "$TOOLS_STAMP" ]]; then
    "$VPY" -m pip install --quiet --disable-pip-version-check \
        "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION" \
        "requests==$REQUESTS_VERSION" "types-requests==$TYPES_REQUESTS_VERSION" \
        "httpx==$HTTPX_VERSION" "docusign-esign==$DOCUSIGN_ESIGN_VERSION"
    touch "$TOOLS_STAMP"
fi

step "build and install the dsauth package (maturin, release)"
# In-tree build: cargo's cache lives in bindings/python/target, so a rebuild
# only compiles what changed. --no-build-isolation: use the pinned maturin.
"$VPY" -m pip install --quiet --disable-pip-version-check \
    --no-build-isolation --no-deps --force-reinstall "$HERE"

step "build the stand-in (dsauth-mock)"
(cd "$REPO" && "$CARGO" build --quiet -p dsauth-mock)
export DSAUTH_MOCK_BIN="${DSAUTH_MOCK_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/debug/dsauth-mock}"
