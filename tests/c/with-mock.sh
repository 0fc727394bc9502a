#!/usr/bin/env bash
# Runs a command with the local DocuSign stand-in (dsauth-mock) running.
#
#   tests/c/with-mock.sh MOCK_BINARY [MOCK_OPTIONS... --] COMMAND [ARGS...]
#
# MOCK_OPTIONS (when the word after MOCK_BINARY starts with `--`, up to a
# lone `--`) are passed to the stand-in, e.g.
#   tests/c/with-mock.sh dsauth-mock --register-jwt-key pub.pem -- ./quickstart
#
# Starts MOCK_BINARY --exit-on-stdin-eof with its standard input on a pipe
# that only this script holds, reads the one JSON line it prints, and runs
# COMMAND with
#
#   DSAUTH_MOCK_HTTP   the plain-http base URL   (http://127.0.0.1:PORT)
#   DSAUTH_MOCK_HTTPS  the https base URL        (https://127.0.0.1:PORT)
#   DSAUTH_BASE_URL    = DSAUTH_MOCK_HTTPS        (what examples/c/quickstart reads)
#   DSAUTH_CA_FILE     the stand-in's CA certificate (PEM)
#
# then closes the pipe, which stops the stand-in, and exits with COMMAND's
# status. If this script dies in any way (even SIGKILL), the kernel closes
# the pipe and the stand-in exits: it never outlives the test.
set -uo pipefail

usage() {
    echo "usage: $0 MOCK_BINARY [MOCK_OPTIONS... --] COMMAND [ARGS...]" >&2
    exit 2
}
[ $# -ge 2 ] || usage
mock=$1
shift
mock_args=()
if [[ $1 == --* ]]; then
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        mock_args+=("$1")
        shift
    done
    [ $# -ge 2 ] || usage # the `--` and a command
    shift
fi

# The coprocess's stdin and stdout are pipes to this shell; COMMAND runs
# with both ends closed so that only this shell holds the stand-in's stdin.
coproc MOCK { exec "$mock" "${mock_args[@]}" --exit-on-stdin-eof; }
mock_pid=$MOCK_PID
mock_out=${MOCK[0]}
mock_in=${MOCK[1]}

line=
if ! IFS= read -r -t 60 line <&"$mock_out"; then
    echo "with-mock: $mock printed no JSON line" >&2
    kill "$mock_pid" 2>/dev/null
    exit 2
fi
field() {
    # The value of "$1" in the stand-in's one-line JSON object.
    sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p" <<<"$line"
}
http=$(field http)
https=$(field https)
ca_file=$(field ca_file)
if [ -z "$http" ] || [ -z "$https" ] || [ -z "$ca_file" ]; then
    echo "with-mock: unexpected line from $mock: $line" >&2
    kill "$mock_pid" 2>/dev/null
    exit 2
fi

DSAUTH_MOCK_HTTP=$http DSAUTH_MOCK_HTTPS=$https \
DSAUTH_BASE_URL=$https DSAUTH_CA_FILE=$ca_file \
    "$@" {mock_in}>&- {mock_out}<&-
status=$?

# Close the stand-in's stdin: it exits (and removes its temporary CA file).
exec {mock_in}>&-
wait "$mock_pid" 2>/dev/null
exit "$status"
