#!/usr/bin/env bash
# `make demo` for Python: start the local DocuSign stand-in and run
# examples/python/quickstart.py against it over HTTPS (trusting the
# stand-in's CA). Builds the venv, the package and the stand-in as
# run-tests.sh does (see env.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"

step "start the stand-in"
# Its stdin is our pipe: it exits when we close it, or when we die.
coproc MOCK { exec "$DSAUTH_MOCK_BIN" --exit-on-stdin-eof; }
MOCK_IN="${MOCK[1]}"
stop_mock() {
    exec {MOCK_IN}>&- 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
}
trap stop_mock EXIT
IFS= read -r -t 30 LINE <&"${MOCK[0]}" || { echo "the stand-in did not start" >&2; exit 1; }
echo "$LINE"
read -r BASE_URL CA_FILE < <("$VPY" -c '
import json, sys
info = json.loads(sys.argv[1])
print(info["https"], info["ca_file"])
' "$LINE")

step "examples/python/quickstart.py $BASE_URL $CA_FILE"
"$VPY" "$REPO/examples/python/quickstart.py" "$BASE_URL" "$CA_FILE"
