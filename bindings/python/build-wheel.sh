#!/usr/bin/env bash
# `make wheel`: the dsauth wheel and sdist into build/wheels (DSAUTH_WHEEL_DIR).
#
# The wheel is abi3 (CPython 3.9 and later, one file for all) and tagged
# manylinux_2_17_x86_64 (manylinux2014: RHEL 7+, Ubuntu 14.04+, Amazon
# Linux 2): maturin links with zig (the `ziglang` package, pinned in
# venv.sh) against glibc 2.17 symbols, checks the tag, and strips the
# extension. The Rust cache is bindings/python/target, so a rebuild only
# compiles what changed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=venv.sh
source "$HERE/venv.sh"

step "the wheel (maturin --zig, manylinux2014, stripped) and the sdist into $WHEEL_DIR"
mkdir -p "$WHEEL_DIR"
rm -f "$WHEEL_DIR"/dsauth-*.whl "$WHEEL_DIR"/dsauth-*.tar.gz
(cd "$HERE" && maturin build --quiet --release --zig --compatibility manylinux2014 --strip \
    --interpreter "$VPY" --out "$WHEEL_DIR" && maturin sdist --out "$WHEEL_DIR")
ls -l "$WHEEL_DIR"
