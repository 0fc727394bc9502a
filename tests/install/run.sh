#!/usr/bin/env bash
# make install-test: install dsauth into a temporary prefix, build the C and
# C++ quick starts outside the repository with pkg-config (shared and
# --static) and with CMake's find_package(dsauth), and run them against the
# stand-in with only the prefix on the library path. Also: the SONAME and
# no build path in the binaries, and DESTDIR staging + `make uninstall`.
#
# Called by the Makefile with MAKE, MOCK_BIN, VERSION and SOVERSION set.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
: "${MAKE:?}" "${MOCK_BIN:?}" "${VERSION:?}" "${SOVERSION:?}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dsauth-install-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix
LIB=$PREFIX/lib
SONAME=libdsauth.so.$SOVERSION

fail() { echo "install-test: $*" >&2; exit 1; }
step() { echo "==> $*"; }

step "make install PREFIX=$PREFIX"
"$MAKE" -C "$REPO" --no-print-directory --silent install PREFIX="$PREFIX" LDCONFIG=:
[ "$(readlink "$LIB/$SONAME")" = "libdsauth.so.$VERSION" ] || fail "$SONAME is not a link to libdsauth.so.$VERSION"
[ "$(readlink "$LIB/libdsauth.so")" = "$SONAME" ] || fail "libdsauth.so is not a link to $SONAME"

# No path of the build machine in a binary's dynamic section: no RPATH or
# RUNPATH but the prefix, NEEDED only bare sonames.
no_build_path() {
    local dynamic
    dynamic=$(readelf -d "$1")
    if grep -E '\((RPATH|RUNPATH)\)' <<<"$dynamic" | grep -v "\[$LIB\]"; then
        fail "$1 has a library path other than $LIB"
    fi
    if grep -F -e "$REPO" -e "target/" <<<"$dynamic"; then
        fail "$1 names the build tree"
    fi
    if grep '(NEEDED)' <<<"$dynamic" | grep -F '/'; then
        fail "$1 needs a library by path"
    fi
}

# (Output is read into a variable before grep -q: with pipefail, a grep
# that stops early would fail the pipe.)
step "readelf -d libdsauth.so.$VERSION: SONAME $SONAME, no build path"
dynamic=$(readelf -d "$LIB/libdsauth.so.$VERSION")
grep -qF "Library soname: [$SONAME]" <<<"$dynamic" \
    || fail "libdsauth.so.$VERSION has no SONAME $SONAME"
if grep -qE '\((RPATH|RUNPATH)\)' <<<"$dynamic"; then
    fail "libdsauth.so.$VERSION has an RPATH or RUNPATH"
fi
no_build_path "$LIB/libdsauth.so.$VERSION"

# The projects live outside the repository.
SRC=$TMP/src
mkdir -p "$SRC"
cp "$REPO/examples/c/quickstart.c" "$REPO/examples/cpp/quickstart.cpp" \
   "$REPO/tests/install/CMakeLists.txt" "$SRC/"
cd "$SRC"

export PKG_CONFIG_PATH=$LIB/pkgconfig
unset PKG_CONFIG_LIBDIR
CFLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror"
step "pkg-config: shared"
# shellcheck disable=SC2046,SC2086  # pkg-config's words are separate arguments
cc $CFLAGS quickstart.c $(pkg-config --cflags --libs dsauth) -o pc_shared
step "pkg-config --static (a fully static program)"
# glibc warns that getaddrinfo and getpwuid_r in a static program need its
# shared NSS modules at run time: shown only if the link fails.
# shellcheck disable=SC2046,SC2086
cc $CFLAGS -static quickstart.c $(pkg-config --static --cflags --libs dsauth) -o pc_static \
    2>"$TMP/static-link.log" || { cat "$TMP/static-link.log" >&2; fail "the static link failed"; }
[ "$(pkg-config --modversion dsauth)" = "$VERSION" ] || fail "dsauth.pc has another version"

step "CMake: find_package(dsauth)"
cmake -S . -B build -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build >/dev/null

# Each binary: NEEDED $SONAME (shared) or nothing of dsauth (static), no
# build path; it loads the library from the prefix.
check_binary() {
    local bin=$1 kind=$2 dynamic
    no_build_path "$bin"
    dynamic=$(readelf -d "$bin")
    if [ "$kind" = shared ]; then
        grep -qF "Shared library: [$SONAME]" <<<"$dynamic" || fail "$bin does not need $SONAME"
        grep -qF "$LIB/$SONAME" <<<"$(LD_LIBRARY_PATH=$LIB ldd "$bin")" \
            || fail "$bin does not load $LIB/$SONAME"
    elif grep -F libdsauth <<<"$dynamic"; then
        fail "$bin needs libdsauth dynamically"
    fi
}
check_binary pc_shared shared
check_binary pc_static static
check_binary build/quickstart_shared shared
check_binary build/quickstart_static static
check_binary build/quickstart_cpp shared

# Against the stand-in, with only the prefix on the library path.
run() {
    local check=$1 bin=$2
    env -u LD_PRELOAD LD_LIBRARY_PATH="$LIB" \
        DSAUTH_PRIVATE_KEY_FILE="$REPO/mock/fixtures/jwt_private_pkcs1.pem" \
        "$MOCK_BIN" run -- "$REPO/tests/examples/$check" "$TMP/$(basename "$bin").out" "./$bin"
}
step "running the quick starts against the stand-in"
run c_quickstart.sh pc_shared
run c_quickstart.sh pc_static
run c_quickstart.sh build/quickstart_shared
run c_quickstart.sh build/quickstart_static
run cpp_quickstart.sh build/quickstart_cpp

step "make install DESTDIR=$TMP/stage PREFIX=/usr/local, then make uninstall"
STAGE=$TMP/stage
"$MAKE" -C "$REPO" --no-print-directory --silent install DESTDIR="$STAGE" PREFIX=/usr/local LDCONFIG=:
for f in lib/libdsauth.so lib/$SONAME lib/libdsauth.so.$VERSION lib/libdsauth.a \
         include/dsauth.h include/dsauth.hpp lib/pkgconfig/dsauth.pc \
         lib/cmake/dsauth/dsauthConfig.cmake lib/cmake/dsauth/dsauthConfigVersion.cmake bin/dsauth share/man/man1/dsauth.1 share/man/man1/dsauth-token.1; do
    [ -e "$STAGE/usr/local/$f" ] || fail "DESTDIR install lacks $f"
done
grep -qx 'prefix=/usr/local' "$STAGE/usr/local/lib/pkgconfig/dsauth.pc" || fail "dsauth.pc names DESTDIR"
grep -rqF "$STAGE" "$STAGE/usr/local/lib/pkgconfig" "$STAGE/usr/local/lib/cmake" && fail "DESTDIR leaked into a file"
"$MAKE" -C "$REPO" --no-print-directory --silent uninstall DESTDIR="$STAGE" PREFIX=/usr/local
left=$(find "$STAGE" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install-test: ok"
