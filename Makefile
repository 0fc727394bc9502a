# dsauth: the commands the README gives.
#
#   make demo    build the library and the stand-in, start the stand-in, run
#                examples/c/quickstart and examples/python/quickstart.py
#                against it, stop the stand-in
#   make test    everything CI runs (.ci/run): Rust tests, clippy, rustfmt,
#                the header check, the API docs, the C tests under valgrind
#                and ASan, the Python package's tests, typing checks and
#                clean install, the installed library used from outside
#   make install the C library, headers, pkg-config and CMake files and the
#                dsauth command under PREFIX (default /usr/local)
#   make wheel   the Python package: a manylinux2014 abi3 wheel and an sdist
#                in build/wheels/ (pip install build/wheels/dsauth-*.whl)
#   make bench   benchmarks against peers (not part of make test)
#   make mutants mutation testing of the core (not part of make test)
#
# Each suite is its own target; add a new one as a prerequisite of `test`.

CARGO     ?= cargo
CC        ?= cc
CXX       ?= g++
VALGRIND  ?= valgrind

# Where cargo puts the library (honours CARGO_TARGET_DIR).
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
LIB_DIR    := $(TARGET_DIR)/debug
BUILD_DIR  := $(abspath build)
INCLUDE    := $(abspath include)

C_STD_FLAGS   := -std=c11 -Wall -Wextra -Wpedantic -Werror -g
CXX_STD_FLAGS := -std=c++17 -Wall -Wextra -Wpedantic -Werror -g
LINK_DSAUTH   := -L$(LIB_DIR) -ldsauth -Wl,-rpath,$(LIB_DIR) -pthread
SANITIZE      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# tests/c/valgrind.supp explains its two precise suppressions (ring's
# AES-GCM assembly under memcheck's approximation); --num-callers must reach
# the rustls frame they name.
VALGRIND_FLAGS := --quiet --error-exitcode=1 --leak-check=full \
                  --errors-for-leak-kinds=definite,indirect \
                  --suppressions=$(abspath tests/c/valgrind.supp) --num-callers=30

C_QUICKSTART   := $(BUILD_DIR)/examples/c/quickstart
CPP_QUICKSTART := $(BUILD_DIR)/examples/cpp/quickstart

# The local DocuSign stand-in, and `dsauth-mock run`, which runs a command
# with it up: it exports DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS, DSAUTH_BASE_URL
# and DSAUTH_CA_FILE, and stops the stand-in when the command ends.
MOCK_BIN  := $(LIB_DIR)/dsauth-mock
WITH_MOCK := $(MOCK_BIN) run --

.PHONY: all build mock header header-check demo demo-key test rust-test clippy fmt-check \
        c-test c-symbols c-test-valgrind c-test-asan c-test-cxx c-example ensure-valgrind \
        python-test cpp-test cpp-test-valgrind cpp-test-asan cpp-example node-example clean

all: build

## build: the Rust library (rlib, cdylib, staticlib) in debug mode.
build:
	$(CARGO) build -p dsauth --lib

## mock: the stand-in binary (target/debug/dsauth-mock).
mock:
	$(CARGO) build -p dsauth-mock --bin dsauth-mock

## header: regenerate include/dsauth.h from src/ffi/ (then commit it).
header:
	DSAUTH_BLESS=1 $(CARGO) test -p dsauth --test header

## header-check: fail when include/dsauth.h is stale.
header-check:
	$(CARGO) test -p dsauth --test header

## demo: build the library, the stand-in and examples/c/quickstart.c;
## generate a fresh RSA key pair for the JWT grant (build/demo/); start the
## stand-in with its public key registered for the integration key; run the
## quick start against it over HTTPS (legacy header, then JWT grant with
## the private key and the userinfo account); stop the stand-in.
demo:
	@echo "==> building the library, the stand-in and examples/c/quickstart.c"
	@$(MAKE) --silent --no-print-directory CARGO="$(CARGO) --quiet" mock $(C_QUICKSTART)
	@$(MAKE) --no-print-directory demo-key
	@echo "==> starting the stand-in (that public key registered) and running the quick start"
	@echo
	@$(DEMO_RUN) $(C_QUICKSTART)
	@echo
	@echo "==> the same from Python (examples/python/quickstart.py)"
	@DSAUTH_PRIVATE_KEY_FILE=mock/fixtures/jwt_private_pkcs1.pem bindings/python/run-demo.sh

# The JWT key pair of the demo: a fresh 2048-bit RSA key from openssl, or,
# without openssl, the stand-in's fixture key (already registered).
DEMO_DIR := build/demo
DEMO_KEY := $(DEMO_DIR)/jwt-key.pem
DEMO_PUB := $(DEMO_DIR)/jwt-key.pub.pem
# Runs a command with the stand-in up, the demo key registered and
# DSAUTH_PRIVATE_KEY_FILE naming it.
DEMO_RUN := DSAUTH_PRIVATE_KEY_FILE=$(DEMO_KEY) $(MOCK_BIN) run --register-jwt-key $(DEMO_PUB) --
demo-key:
	@mkdir -p $(DEMO_DIR)
	@rm -f $(DEMO_KEY) $(DEMO_PUB)
	@if command -v openssl >/dev/null 2>&1; then \
	  echo "==> generating a 2048-bit RSA key pair for the JWT grant: $(DEMO_KEY), $(DEMO_PUB)"; \
	  (umask 077 && openssl genrsa -out $(DEMO_KEY) 2048) 2>/dev/null \
	    && openssl rsa -in $(DEMO_KEY) -pubout -out $(DEMO_PUB) 2>/dev/null \
	    || { echo "openssl could not generate the key pair" >&2; exit 1; }; \
	else \
	  echo "==> note: openssl not found; the JWT grant uses the stand-in's test key (mock/fixtures/)"; \
	  cp mock/fixtures/jwt_private_pkcs1.pem $(DEMO_KEY); \
	  cp mock/fixtures/jwt_public.pem $(DEMO_PUB); \
	fi

## test: every suite.
test: rust-test clippy fmt-check header-check doc c-test python-test cpp-test node-example \
      install-test

## python-test: a venv in .venv, the wheel of `make wheel` installed into
## it, pytest against the stand-in (with the wheel's checks: auditwheel,
## stripped, a fresh venv running the quick start, the sdist builds),
## mypy --strict, stubtest.
python-test: ensure-redis
	DSAUTH_REQUIRE_REDIS=1 bindings/python/run-tests.sh

## wheel: the Python package as an abi3 wheel tagged manylinux_2_17_x86_64
## (maturin --zig, stripped) and its sdist, into build/wheels/.
.PHONY: wheel
wheel:
	bindings/python/build-wheel.sh

# The Redis tests start their own redis-server; here they must not skip.
rust-test: ensure-redis
	DSAUTH_REQUIRE_REDIS=1 $(CARGO) test --workspace

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt-check:
	$(CARGO) fmt --all --check

# ---- C and C++ programs ------------------------------------------------------

# Built from SRC.c or SRC.cpp into $(BUILD_DIR)/SRC with the strict flags,
# and into $(BUILD_DIR)/SRC_asan with ASan+UBSan as well: e.g.
# tests/c/test_client.c -> build/tests/c/test_client and test_client_asan.
CC_DEPS  := $(INCLUDE)/dsauth.h tests/c/check.h
CXX_DEPS := $(INCLUDE)/dsauth.h bindings/cpp/dsauth.hpp
CXX_INCLUDE := -I$(INCLUDE) -I$(abspath bindings/cpp)
$(BUILD_DIR)/%: %.c $(CC_DEPS) | build
	@mkdir -p $(@D)
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $< -o $@ $(LINK_DSAUTH)
$(BUILD_DIR)/%_asan: %.c $(CC_DEPS) | build
	@mkdir -p $(@D)
	$(CC) $(C_STD_FLAGS) $(SANITIZE) -I$(INCLUDE) $< -o $@ $(LINK_DSAUTH)
$(BUILD_DIR)/%: %.cpp $(CXX_DEPS) | build
	@mkdir -p $(@D)
	$(CXX) $(CXX_STD_FLAGS) $(CXX_INCLUDE) $< -o $@ $(LINK_DSAUTH)
$(BUILD_DIR)/%_asan: %.cpp $(CXX_DEPS) | build
	@mkdir -p $(@D)
	$(CXX) $(CXX_STD_FLAGS) $(SANITIZE) $(CXX_INCLUDE) $< -o $@ $(LINK_DSAUTH)

## c-test: the C tests under valgrind and under ASan+UBSan, and the C++ TU.
c-test: c-symbols c-test-valgrind c-test-asan c-test-cxx c-example

# The library exports exactly the functions the header declares.
HEADER_FUNCTIONS = grep -E '^[a-z].*\bdsauth_[a-z0-9_]+\(' $(INCLUDE)/dsauth.h \
                   | grep -oE 'dsauth_[a-z0-9_]+\(' | tr -d '(' | sort -u
c-symbols: build | $(BUILD_DIR)/c
	@$(HEADER_FUNCTIONS) > $(BUILD_DIR)/c/header-functions.txt
	@nm -D --defined-only $(LIB_DIR)/libdsauth.so | awk '{print $$3}' | sort -u \
	  > $(BUILD_DIR)/c/exported-symbols.txt
	@diff -u $(BUILD_DIR)/c/header-functions.txt $(BUILD_DIR)/c/exported-symbols.txt \
	  || { echo "libdsauth.so exports differ from include/dsauth.h (- header, + library)"; exit 1; }
	@echo "libdsauth.so exports the $$(wc -l < $(BUILD_DIR)/c/header-functions.txt) functions of include/dsauth.h, and nothing else"

$(BUILD_DIR)/c:
	@mkdir -p $@

# test_dsauth needs nothing; test_hostile and test_hostile_numbers start
# their own hostile servers; test_fork starts its own echo server
# (tests/support/echo_server.py); test_client and test_oauth run against the
# stand-in (each against a fresh one), and so does test_log.
C_TESTS := $(addprefix $(BUILD_DIR)/tests/c/,test_dsauth test_fork test_client test_oauth test_shared_state test_hostile test_hostile_numbers test_log)
# test_shared_state also needs a redis-server of its own (DSAUTH_REDIS_URL).
WITH_REDIS := DSAUTH_REQUIRE_REDIS=1 tests/support/with-redis.sh
c-test-valgrind: mock ensure-valgrind ensure-redis $(C_TESTS)
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_dsauth
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_fork
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_hostile
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_client
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_oauth
	$(WITH_REDIS) $(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_shared_state
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_hostile_numbers
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/c/test_log

ASAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
c-test-asan: mock ensure-redis $(C_TESTS:=_asan)
	$(ASAN_ENV) $(BUILD_DIR)/tests/c/test_dsauth_asan
	$(ASAN_ENV) $(BUILD_DIR)/tests/c/test_fork_asan
	$(ASAN_ENV) $(BUILD_DIR)/tests/c/test_hostile_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/tests/c/test_client_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/tests/c/test_oauth_asan
	$(ASAN_ENV) $(WITH_REDIS) $(WITH_MOCK) $(BUILD_DIR)/tests/c/test_shared_state_asan
	$(ASAN_ENV) $(BUILD_DIR)/tests/c/test_hostile_numbers_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/tests/c/test_log_asan

# The header compiles as C++.
c-test-cxx: $(BUILD_DIR)/tests/c/header_cxx
	$<

# The quick start builds with the strict flags and runs clean under valgrind,
# against the stand-in over HTTPS (legacy and JWT calls), as `make demo`
# runs it: with a freshly generated key pair. tests/examples/ checks the output.
c-example: mock ensure-valgrind demo-key $(C_QUICKSTART)
	$(DEMO_RUN) tests/examples/c_quickstart.sh $(C_QUICKSTART).out \
	  $(VALGRIND) $(VALGRIND_FLAGS) $(C_QUICKSTART)

# ---- the C++ wrapper (bindings/cpp/dsauth.hpp) -----------------------------

## cpp-test: the C++ wrapper's tests (g++ -std=c++17 -Werror) against the
## stand-in, under valgrind and under ASan+UBSan, its std::nothrow face
## built with -fno-exceptions under valgrind, and the C++ quick start.
cpp-test: cpp-test-valgrind cpp-test-asan cpp-test-nothrow cpp-example

cpp-test-valgrind: mock ensure-valgrind $(BUILD_DIR)/tests/cpp/test_dsauth
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/cpp/test_dsauth

cpp-test-asan: mock $(BUILD_DIR)/tests/cpp/test_dsauth_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/tests/cpp/test_dsauth_asan

# The std::nothrow face (dsauth::Result), in a program without exceptions.
.PHONY: cpp-test-nothrow
$(BUILD_DIR)/tests/cpp/test_nothrow: CXX_STD_FLAGS += -fno-exceptions
cpp-test-nothrow: mock ensure-valgrind $(BUILD_DIR)/tests/cpp/test_nothrow
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/tests/cpp/test_nothrow

# The C++ quick start: strict flags, clean under valgrind, against the
# stand-in over HTTPS. tests/examples/ checks the output.
cpp-example: mock ensure-valgrind $(CPP_QUICKSTART)
	$(WITH_MOCK) tests/examples/cpp_quickstart.sh $(CPP_QUICKSTART).out \
	  $(VALGRIND) $(VALGRIND_FLAGS) $(CPP_QUICKSTART)

# ---- Node.js over the C ABI (examples/node, koffi) --------------------------

NODE     ?= node
NPM      ?= npm
NODE_DIR := examples/node
# koffi from the committed lock file, into examples/node/node_modules (git-
# ignored); its prebuilt binaries ship in the package: no install scripts.
NODE_DEPS := $(NODE_DIR)/node_modules/.installed
$(NODE_DEPS): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	$(NPM) ci --prefix $(NODE_DIR) --ignore-scripts --no-audit --no-fund
	@touch $@

## node-example: examples/node/quickstart.js loads libdsauth.so with koffi,
## renders the JSON header and GETs the account from the stand-in.
node-example: build mock $(NODE_DEPS)
	@mkdir -p $(BUILD_DIR)/examples/node
	DSAUTH_LIB=$(LIB_DIR)/libdsauth.so $(WITH_MOCK) tests/examples/node_quickstart.sh \
	  $(BUILD_DIR)/examples/node/quickstart.out $(NODE) $(NODE_DIR)/quickstart.js

# valgrind comes from the distribution when it is missing.
ensure-valgrind:
	@command -v $(VALGRIND) >/dev/null 2>&1 || { \
	  echo "valgrind not found; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq valgrind; }

# The Redis tests (tests/shared_state.rs) start their own redis-server;
# with DSAUTH_REQUIRE_REDIS=1 they fail instead of skipping without it.
.PHONY: ensure-redis
ensure-redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "redis-server not found; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq redis-server; }

## mutants: mutation testing of the core's pure modules (the list and the
## excluded equivalent mutants are in .cargo/mutants.toml, the results in
## TESTING.md); fails when a mutant is missed. Not part of `test` (about
## 45 minutes on 2 cores). One file: make mutants MUTANTS_ARGS="--re '^src/url\.rs:'".
## Mutants build in target/mutants, apart from ordinary builds.
MUTANTS_VERSION := 27.1.0
MUTANTS_BIN     := $(BUILD_DIR)/tools/bin/cargo-mutants
.PHONY: mutants ensure-cargo-mutants
# Exit status 3 means some mutants timed out (and none was missed): each
# makes a loop endless, so the tests never pass; that counts as caught.
mutants: ensure-cargo-mutants
	CARGO_TARGET_DIR=$(TARGET_DIR)/mutants $(MUTANTS_BIN) mutants --timeout 30 \
	  --output $(BUILD_DIR)/mutants $(MUTANTS_ARGS); \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 3 ]

ensure-cargo-mutants:
	@$(MUTANTS_BIN) --version 2>/dev/null | grep -qx 'cargo-mutants $(MUTANTS_VERSION)' || \
	  $(CARGO) install --locked --quiet cargo-mutants --version $(MUTANTS_VERSION) \
	    --root $(BUILD_DIR)/tools

## bench: dsauth against snprintf + libcurl (C) and requests / docusign-esign
## (Python) on the stand-in; results into BENCHMARKS.md. Not part of `test`.
.PHONY: bench
bench: ensure-redis
	bash benches/run.sh
	$(CARGO) bench -p dsauth --bench shared_state

clean:
	$(CARGO) clean
	rm -rf $(BUILD_DIR) .venv bindings/python/target

# ---- install: the C library as libcurl's (make install, pkg-config, CMake) --

# GNU-style locations; DESTDIR stages (packages), PREFIX is where it runs.
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
INSTALL    ?= install
# Refreshes the loader's cache after a plain (not DESTDIR) install as root.
LDCONFIG   ?= ldconfig

# The version is Cargo.toml's ([workspace.package], its first `version =`);
# the SONAME's number is its major (build.rs gives the library its SONAME).
VERSION   := $(shell sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n 1)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))

# What the static library needs besides itself: the Rust standard
# library's needs on Linux/glibc, as printed by
# `cargo rustc -p dsauth --lib --crate-type staticlib -- --print native-static-libs`
# ("-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc") without -lgcc_s: the C
# compiler links the unwinder itself (libgcc_s, or libgcc_eh with -static,
# where -lgcc_s cannot be found).
LIBS_PRIVATE := -lutil -lrt -lpthread -lm -ldl -lc
# The same for CMake: without -l, `;`-separated; Threads::Threads adds pthread.
empty :=
space := $(empty) $(empty)
CMAKE_LIBS_PRIVATE := $(subst $(space),;,$(patsubst -l%,%,$(filter-out -lpthread,$(LIBS_PRIVATE))))

# The installed artefacts: the `dist` profile (release, LTO, stripped),
# rebuilt when a source of the library or the command changed.
DIST_DIR := $(TARGET_DIR)/dist
DIST_ARTEFACTS := $(DIST_DIR)/libdsauth.so $(DIST_DIR)/libdsauth.a $(DIST_DIR)/dsauth
DIST_SOURCES := $(shell find src bindings/cli/src -name '*.rs') build.rs Cargo.toml Cargo.lock \
                bindings/cli/Cargo.toml
# The command's man pages, generated by the command itself (clap_mangen).
MAN_PAGES_DIR := $(BUILD_DIR)/man

# The files `make install` writes below $(DESTDIR), man pages aside.
INSTALLED := $(LIBDIR)/libdsauth.so.$(VERSION) $(LIBDIR)/libdsauth.so.$(SOVERSION) \
             $(LIBDIR)/libdsauth.so $(LIBDIR)/libdsauth.a \
             $(INCLUDEDIR)/dsauth.h $(INCLUDEDIR)/dsauth.hpp \
             $(LIBDIR)/pkgconfig/dsauth.pc \
             $(LIBDIR)/cmake/dsauth/dsauthConfig.cmake \
             $(LIBDIR)/cmake/dsauth/dsauthConfigVersion.cmake \
             $(BINDIR)/dsauth

# install/*.in -> the file for this PREFIX (never with DESTDIR in it).
SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
            -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
            -e 's|@SOVERSION@|$(SOVERSION)|g' -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|g' \
            -e 's|@CMAKE_LIBS_PRIVATE@|$(CMAKE_LIBS_PRIVATE)|g'

.PHONY: release install uninstall install-test ensure-cmake

## release: the library and the dsauth command as installed (target/dist).
release: $(DIST_ARTEFACTS) $(MAN_PAGES_DIR)/dsauth.1
# The soname link lets programs linked in the tree (benches/) run.
$(DIST_ARTEFACTS) &: $(DIST_SOURCES)
	$(CARGO) build --profile dist -p dsauth -p dsauth-cli
	@touch $(DIST_ARTEFACTS)
	ln -sf libdsauth.so $(DIST_DIR)/libdsauth.so.$(SOVERSION)
$(MAN_PAGES_DIR)/dsauth.1: $(DIST_DIR)/dsauth
	rm -rf $(MAN_PAGES_DIR) && $< man $(MAN_PAGES_DIR)

## install: libdsauth.so.$(VERSION) (+ the .so.$(SOVERSION) and .so links),
## libdsauth.a, dsauth.h and dsauth.hpp, dsauth.pc, the CMake package
## dsauth (dsauth::dsauth, dsauth::dsauth_static), the dsauth command and
## its man pages: make install PREFIX=/usr/local DESTDIR=
install: release
	@mkdir -p $(BUILD_DIR)/install
	$(SUBST) install/dsauth.pc.in > $(BUILD_DIR)/install/dsauth.pc
	$(SUBST) install/dsauthConfig.cmake.in > $(BUILD_DIR)/install/dsauthConfig.cmake
	$(SUBST) install/dsauthConfigVersion.cmake.in > $(BUILD_DIR)/install/dsauthConfigVersion.cmake
	$(INSTALL) -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(LIBDIR)/cmake/dsauth \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0755 $(DIST_DIR)/libdsauth.so $(DESTDIR)$(LIBDIR)/libdsauth.so.$(VERSION)
	ln -sf libdsauth.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdsauth.so.$(SOVERSION)
	ln -sf libdsauth.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libdsauth.so
	$(INSTALL) -m 0644 $(DIST_DIR)/libdsauth.a $(DESTDIR)$(LIBDIR)/libdsauth.a
	$(INSTALL) -m 0644 include/dsauth.h bindings/cpp/dsauth.hpp $(DESTDIR)$(INCLUDEDIR)
	$(INSTALL) -m 0644 $(BUILD_DIR)/install/dsauth.pc $(DESTDIR)$(LIBDIR)/pkgconfig
	$(INSTALL) -m 0644 $(BUILD_DIR)/install/dsauthConfig.cmake \
	  $(BUILD_DIR)/install/dsauthConfigVersion.cmake $(DESTDIR)$(LIBDIR)/cmake/dsauth
	$(INSTALL) -m 0755 $(DIST_DIR)/dsauth $(DESTDIR)$(BINDIR)/dsauth
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 0644 $(MAN_PAGES_DIR)/*.1 $(DESTDIR)$(MANDIR)/man1
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then $(LDCONFIG); fi

## uninstall: removes what `make install` wrote (same PREFIX and DESTDIR).
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rm -f $(DESTDIR)$(MANDIR)/man1/dsauth.1 $(DESTDIR)$(MANDIR)/man1/dsauth-*.1
	-rmdir $(DESTDIR)$(LIBDIR)/cmake/dsauth 2>/dev/null

## install-test: install into a temporary prefix; build the C and C++ quick
## starts outside the repository with pkg-config (shared, --static) and
## CMake (find_package); run them against the stand-in from the prefix;
## check the SONAME, that no build path is recorded, DESTDIR and uninstall.
install-test: mock ensure-cmake release
	MAKE="$(MAKE)" MOCK_BIN=$(MOCK_BIN) VERSION=$(VERSION) SOVERSION=$(SOVERSION) \
	  tests/install/run.sh

# cmake and pkg-config come from the distribution when they are missing.
ensure-cmake:
	@command -v cmake >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1 || { \
	  echo "cmake or pkg-config not found; installing them with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq cmake pkg-config; }

## doc: the core's API documentation (`cargo doc`), every warning an error;
## src/lib.rs warns on undocumented public items.
.PHONY: doc
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p dsauth
