#!/usr/bin/env bash
# Runs a command with a private redis-server running.
#
#   tests/support/with-redis.sh COMMAND [ARGS...]
#
# Starts redis-server on a free loopback port (no persistence, its own
# temporary directory), runs COMMAND with
#
#   DSAUTH_REDIS_URL   redis://127.0.0.1:PORT/0
#
# then stops the server, removes its directory and exits with COMMAND's
# status. Without redis-server, COMMAND runs without DSAUTH_REDIS_URL (the
# tests then skip their Redis part), unless DSAUTH_REQUIRE_REDIS is set,
# which makes this script fail (`make ensure-redis` installs it).
set -uo pipefail

[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

if ! command -v redis-server >/dev/null 2>&1; then
    if [ -n "${DSAUTH_REQUIRE_REDIS:-}" ]; then
        echo "with-redis: redis-server is not installed and DSAUTH_REQUIRE_REDIS is set" >&2
        exit 2
    fi
    echo "with-redis: redis-server is not installed; running without DSAUTH_REDIS_URL" >&2
    exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/dsauth-redis-XXXXXX") || exit 2
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PING over bash's /dev/tcp; true when the server on $1 answers PONG.
answers() {
    local reply
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 1 reply <&3
    exec 3<&- 3>&-
    [[ $reply == +PONG* ]]
}

# A random high port; another one if it is taken (the server then exits).
for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    answers "$port" && continue # someone else's
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
        --dir "$dir" >"$dir/log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        answers "$port" && break 2
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
done
if [ -z "$pid" ]; then
    echo "with-redis: redis-server did not start; its log:" >&2
    cat "$dir/log" >&2
    exit 2
fi

DSAUTH_REDIS_URL="redis://127.0.0.1:$port/0" "$@"
