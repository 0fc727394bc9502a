#!/usr/bin/env bash
# `make demo` for Python: run examples/python/quickstart.py against the
# local DocuSign stand-in over HTTPS (`dsauth-mock run` starts it and passes
# DSAUTH_BASE_URL and DSAUTH_CA_FILE). Builds the venv, the wheel and the
# stand-in as run-tests.sh does (see env.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"

step "examples/python/quickstart.py, the stand-in up (dsauth-mock run)"
"$DSAUTH_MOCK_BIN" run -- "$VPY" "$REPO/examples/python/quickstart.py"
