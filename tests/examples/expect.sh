# Sourced by the example checks in this directory. Each is called as
#
#   tests/examples/NAME.sh OUT COMMAND [ARGS...]
#
# (under `dsauth-mock run`, by the Makefile): it runs COMMAND with its
# standard output into the file OUT (kept for reading after a failure) and
# fails as COMMAND fails, then checks lines of OUT with
#
#   has RE       some line matches RE (a grep basic regular expression)
#   lines N RE   exactly N lines match RE
#
# and ends with `verdict NAME`: "NAME: ok", or exit 1 after naming every
# check that failed.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 OUT COMMAND [ARGS...]" >&2; exit 2; }
OUT=$1
shift
"$@" >"$OUT"
status=$?
if [ "$status" -ne 0 ]; then
    echo "$0: $1 exited with status $status (its output: $OUT)" >&2
    exit "$status"
fi

failed=0
has() {
    grep -q -- "$1" "$OUT" || { echo "$0: no line of $OUT matches: $1" >&2; failed=1; }
}
lines() {
    local n
    n=$(grep -c -- "$2" "$OUT")
    [ "$n" = "$1" ] || { echo "$0: $n lines of $OUT match $2 (expected $1)" >&2; failed=1; }
}
verdict() {
    [ "$failed" = 0 ] || exit 1
    echo "$1: ok"
}
