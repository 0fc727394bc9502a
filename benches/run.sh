#!/usr/bin/env bash
# `make bench`: dsauth against what users would otherwise use, in one run on
# one machine (see BENCHMARKS.md for what each number means).
#
#   1. C header rendering: dsauth_credentials_render_header (JSON, XML) vs
#      hand-written snprintf (wall-clock ns/op and callgrind instructions/op);
#   2. C authenticated GET against the stand-in over HTTP and HTTPS, one
#      kept-alive connection: dsauth_client_get vs libcurl + snprintf header
#      (wall-clock median per call, alternating rounds; callgrind
#      instructions per call on the client side);
#   3. Python: dsauth vs requests vs docusign-esign (GET, header, JWT
#      assertion signing, JWT token requests);
#   4. peak RSS of a process making 10,000 calls: dsauth vs libcurl;
#   5. the size of the shipped libdsauth.so (and of the Python extension).
#
# Results: $BENCH_OUT (default <repo>/build/bench): raw.txt (every line the
# benchmarks printed), results.md (the tables), and the tables are spliced
# into BENCHMARKS.md between its `bench:results` markers.
#
# Not part of `make test`; nothing here asserts on a time. Every loop is
# bounded in count and in time; the stand-in runs on loopback and exits
# when this script's end of its stdin closes.
#
# Environment (defaults in brackets):
#   BENCH_OUT            output directory              [<repo>/build/bench]
#   BENCH_RENDER_ITERS   renders per batch             [100000]
#   BENCH_GET_CALLS      C GET calls per transport, split over rounds [2000]
#   BENCH_ROUNDS         alternating dsauth/curl rounds [5]
#   BENCH_MEM_CALLS      calls of the RSS processes     [10000]
#   BENCH_PY_CALLS       Python GET calls per variant   [1000]
#   BENCH_MAX_SECONDS    time bound of one loop         [30]
#   BENCH_SKIP_PYTHON    1: skip the Python part
#   BENCH_UPDATE_MD      0: do not touch BENCHMARKS.md  [1]
#   CARGO_TARGET_DIR, CARGO, CC, DSAUTH_VENV, PYTHON: as for the other targets
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${BENCH_OUT:-$REPO/build/bench}"
CARGO="${CARGO:-cargo}"
CC="${CC:-cc}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
REL="$TARGET_DIR/release"
DIST="$TARGET_DIR/dist"
RENDER_ITERS="${BENCH_RENDER_ITERS:-100000}"
GET_CALLS="${BENCH_GET_CALLS:-2000}"
ROUNDS="${BENCH_ROUNDS:-5}"
MEM_CALLS="${BENCH_MEM_CALLS:-10000}"
PY_CALLS="${BENCH_PY_CALLS:-1000}"
MAX_SECONDS="${BENCH_MAX_SECONDS:-30}"
ACCOUNT_PATH="/restapi/v2.1/accounts/18650243"
PER_ROUND=$(( (GET_CALLS + ROUNDS - 1) / ROUNDS ))

step() { printf '\n==> %s\n' "$*" >&2; }

mkdir -p "$OUT/bin"
RAW="$OUT/raw.txt"
: >"$RAW"
record() { printf '%s\n' "$*" >>"$RAW"; printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
need_apt=()
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
[ -x /usr/bin/time ] || need_apt+=(time)
echo '#include <curl/curl.h>' | "$CC" -E -x c - >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    step "installing ${need_apt[*]} with apt-get"
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi

# --- builds (libdsauth as shipped: the dist profile) -------------------------
step "cargo build --profile dist (libdsauth), --release (dsauth-mock)"
(cd "$REPO" && "$CARGO" build --quiet --profile dist -p dsauth --lib)
# Programs linked against it look for its SONAME (build.rs) next to it.
ln -sf libdsauth.so "$DIST/$(objdump -p "$DIST/libdsauth.so" | awk '/SONAME/ {print $2}')"
(cd "$REPO" && "$CARGO" build --quiet --release -p dsauth-mock --bin dsauth-mock)
MOCK_BIN="$REL/dsauth-mock"

step "C benchmarks (-O2)"
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Wpedantic -Werror -I"$REPO/include")
LINK_DSAUTH=(-L"$DIST" -ldsauth -Wl,-rpath,"$DIST" -pthread)
"$CC" "${CFLAGS[@]}" "$BENCH_DIR/c/render.c" -o "$OUT/bin/render" "${LINK_DSAUTH[@]}"
"$CC" "${CFLAGS[@]}" "$BENCH_DIR/c/get_dsauth.c" -o "$OUT/bin/get_dsauth" "${LINK_DSAUTH[@]}"
"$CC" "${CFLAGS[@]}" "$BENCH_DIR/c/get_curl.c" -o "$OUT/bin/get_curl" -lcurl

# --- the stand-in --------------------------------------------------------------
# Rate limits raised so that tens of thousands of calls are never refused.
cat >"$OUT/mock-config.json" <<'EOF'
{"limits": {"hourly": 100000000, "burst": 100000000}}
EOF
# `dsauth-mock run` keeps the stand-in up for as long as its command runs:
# here a `cat` that ends when this shell closes its input (stop_mock, or this
# shell's death), after telling this shell where the stand-in is.
MOCK_PID= MOCK_IN= MOCK_OUT= HTTP= HTTPS= CA=
start_mock() {
    coproc MOCKP { exec "$MOCK_BIN" run --config "$OUT/mock-config.json" -- \
        sh -c 'echo "$DSAUTH_MOCK_HTTP $DSAUTH_MOCK_HTTPS $DSAUTH_CA_FILE"; exec cat >/dev/null'; }
    MOCK_PID=$MOCKP_PID
    MOCK_OUT=${MOCKP[0]}
    MOCK_IN=${MOCKP[1]}
    read -r -t 60 HTTP HTTPS CA <&"$MOCK_OUT" || { echo "the stand-in did not start" >&2; exit 1; }
}
stop_mock() {
    exec {MOCK_IN}>&- {MOCK_OUT}<&-
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_IN= MOCK_OUT=
}
# Runs a command without the stand-in's pipe ends, so only this shell holds them.
run() {
    if [ -n "$MOCK_IN" ]; then "$@" {MOCK_IN}>&- {MOCK_OUT}<&-; else "$@"; fi
}

# callgrind's total instruction count of a command.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | sed -nE 's/^==[0-9]+== Collected : ([0-9]+)$/\1/p'
}

# --- the machine -----------------------------------------------------------------
record "machine date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
record "machine commit=$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src include mock Cargo.toml Cargo.lock bindings/python/src || echo '+dirty')"
record "machine cpu=$(lscpu | sed -nE 's/^Model name: *//p' | head -1 | tr ' ' '_') cores=$(nproc) mem=$(free -g | awk '/^Mem:/{print $2}')GiB kernel=$(uname -r)"
record "machine rustc=$(rustc --version | awk '{print $2}') cc=$("$CC" -dumpfullversion) libcurl=$(curl-config --version 2>/dev/null | awk '{print $2}' || echo '?') valgrind=$(valgrind --version)"
record "machine load_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
record "size libdsauth.so $(stat -c %s "$DIST/libdsauth.so")"

# --- 1. header rendering ------------------------------------------------------------
step "1. header rendering (C)"
run "$OUT/bin/render" check >"$OUT/render-check.txt"
for who in alice bob; do
    for v in dsauth-json snprintf-json dsauth-xml snprintf-xml; do
        record "render-wall $(run "$OUT/bin/render" "$v" "$RENDER_ITERS" 7 "$who")"
        base=$(instructions "$OUT/bin/render" "$v" 0 1 "$who")
        full=$(instructions "$OUT/bin/render" "$v" 10000 1 "$who")
        record "render-ir $v $who 10000 $base $full"
    done
done

# --- 2. authenticated GET (C) ---------------------------------------------------------
step "2. authenticated GET (C), $ROUNDS alternating rounds of $PER_ROUND calls"
start_mock
for round in $(seq 1 "$ROUNDS"); do
    for t in http https; do
        if [ "$t" = http ]; then base=$HTTP ca=-; else base=$HTTPS ca=$CA; fi
        record "get-wall $t $round $(run "$OUT/bin/get_dsauth" "$base" "$ca" "$PER_ROUND" "$MAX_SECONDS")"
        record "get-wall $t $round $(run "$OUT/bin/get_curl" "$base$ACCOUNT_PATH" "$ca" "$PER_ROUND" "$MAX_SECONDS")"
    done
done
step "2b. client-side instructions per GET (callgrind: 1000 - 200 calls)"
for t in http https; do
    if [ "$t" = http ]; then base=$HTTP ca=-; else base=$HTTPS ca=$CA; fi
    for lib in dsauth curl; do
        if [ $lib = dsauth ]; then target=$base; else target=$base$ACCOUNT_PATH; fi
        a=$(run instructions "$OUT/bin/get_$lib" "$target" "$ca" 200 600)
        b=$(run instructions "$OUT/bin/get_$lib" "$target" "$ca" 1000 600)
        record "get-ir $t $lib 200 1000 $a $b"
    done
done
stop_mock

# --- 4. memory ------------------------------------------------------------------------
step "4. peak RSS, $MEM_CALLS calls in one process"
start_mock
for t in http https; do
    if [ "$t" = http ]; then base=$HTTP ca=-; else base=$HTTPS ca=$CA; fi
    for lib in dsauth curl; do
        if [ $lib = dsauth ]; then target=$base; else target=$base$ACCOUNT_PATH; fi
        for n in 1 "$MEM_CALLS"; do
            run /usr/bin/time -v -o "$OUT/time.txt" "$OUT/bin/get_$lib" "$target" "$ca" "$n" 120 1 >/dev/null
            rss=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$OUT/time.txt")
            record "mem $t $lib $n $rss"
        done
    done
done
stop_mock

# --- 3. Python -------------------------------------------------------------------------
if [ "${BENCH_SKIP_PYTHON:-0}" != 1 ]; then
    step "3. Python: the dsauth package (bindings/python/env.sh) and the peers"
    (HERE="$REPO/bindings/python" REPO="$REPO" && source "$REPO/bindings/python/env.sh") >&2
    VPY="${DSAUTH_VENV:-$REPO/.venv}/bin/python"
    # The peers, pinned (bump together and say so in BENCHMARKS.md).
    PEERS=(docusign-esign==6.1.0 requests==2.34.2 PyJWT==2.15.1 cryptography==50.0.2)
    "$VPY" -m pip install --quiet --disable-pip-version-check "${PEERS[@]}"
    record "size python-extension $(stat -c %s "$("$VPY" -c 'import dsauth._dsauth as m; print(m.__file__)')")"
    start_mock
    run "$VPY" "$BENCH_DIR/python/bench.py" --http "$HTTP" --https "$HTTPS" --ca-file "$CA" \
        --jwt-key "$REPO/mock/fixtures/jwt_private_pkcs1.pem" --calls "$PY_CALLS" \
        --max-seconds "$MAX_SECONDS" | while IFS= read -r line; do record "py $line"; done
    stop_mock
fi

record "machine load_after=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"

step "report"
python3 "$BENCH_DIR/report.py" "$RAW" "$OUT/render-check.txt" >"$OUT/results.md"
if [ "${BENCH_UPDATE_MD:-1}" = 1 ]; then
    python3 "$BENCH_DIR/report.py" --splice "$REPO/BENCHMARKS.md" "$OUT/results.md"
fi
cat "$OUT/results.md"
