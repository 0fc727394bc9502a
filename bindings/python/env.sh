# Sourced by run-tests.sh and run-demo.sh: the venv with the pinned tools
# (venv.sh), the wheel `make wheel` builds (build-wheel.sh) installed into
# it, and the stand-in.
#
# In: HERE (this directory), REPO (the repository root).
# Out: VENV, VPY (its python), PATH with the venv first, CARGO, WHEEL_DIR,
# DSAUTH_MOCK_BIN.

# shellcheck source=venv.sh
source "$HERE/venv.sh"

"$HERE/build-wheel.sh"
step "install the wheel into $VENV"
"$VPY" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
    --force-reinstall "$WHEEL_DIR"/dsauth-*.whl

step "build the stand-in (dsauth-mock)"
(cd "$REPO" && "$CARGO" build --quiet -p dsauth-mock)
export DSAUTH_MOCK_BIN="${DSAUTH_MOCK_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/debug/dsauth-mock}"
