#!/usr/bin/env bash
# The Python package's whole test suite, as `make test` runs it:
#
#   1. a venv at <repo>/.venv (created once) with pinned maturin, ziglang,
#      auditwheel, pytest, mypy (venv.sh);
#   2. the wheel and sdist of `make wheel` (build-wheel.sh; the one release
#      build), the wheel installed into the venv, the same file users get;
#   3. the local DocuSign stand-in (`cargo build -p dsauth-mock`);
#   4. rustfmt and clippy (-D warnings) on the extension crate;
#   5. pytest (fails when no test ran), with test_wheel.py: auditwheel
#      show, the tags, a stripped extension, the wheel in a fresh venv
#      running the quick start, a wheel built from the sdist;
#   6. mypy --strict on examples/python/, the tests and the package's
#      Python modules, and stubtest on the stubs.
#
# Environment:
#   PYTHON                     interpreter for the venv (default python3)
#   DSAUTH_VENV                venv location (default <repo>/.venv)
#   DSAUTH_WHEEL_DIR           where the wheel goes (default <repo>/build/wheels)
#   DSAUTH_SKIP_SLOW_PACKAGING 1: skip the fresh-venv and sdist checks
#   DSAUTH_SKIP_RUST_LINT      1: skip rustfmt/clippy of the extension crate
#   PYTEST_ARGS                extra pytest arguments (e.g. "-k threads -x")
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"

if [[ "${DSAUTH_SKIP_RUST_LINT:-0}" != 1 ]]; then
    step "rustfmt, clippy and unit tests of bindings/python"
    "$CARGO" fmt --manifest-path "$HERE/Cargo.toml" --check
    # Same Python as the venv, so PyO3 is not reconfigured (and rebuilt).
    PYO3_PYTHON="$VPY" "$CARGO" clippy --quiet --manifest-path "$HERE/Cargo.toml" \
        --all-targets -- -D warnings
    PYO3_PYTHON="$VPY" "$CARGO" test --quiet --manifest-path "$HERE/Cargo.toml"
fi

step "pytest"
# Run from the repository root so `import dsauth` is the installed package.
cd "$REPO"
set +e
# shellcheck disable=SC2086
"$VPY" -m pytest "$HERE/tests" ${PYTEST_ARGS:-}
status=$?
set -e
if [[ $status -eq 5 ]]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
elif [[ $status -ne 0 ]]; then
    exit "$status"
fi

step "mypy --strict examples/python and the tests (the stubs as users see them)"
"$VPY" -m mypy --strict "$REPO/examples/python"
"$VPY" -m mypy --strict --no-warn-unused-ignores "$HERE/tests"
step "mypy --strict on the package's Python modules"
(cd "$HERE/python" && "$VPY" -m mypy --strict -p dsauth)

step "stubtest dsauth"
"$VPY" -m mypy.stubtest dsauth

echo
echo "Python suite passed."
