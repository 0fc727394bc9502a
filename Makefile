# dsauth: the commands the README gives.
#
#   make demo    build the library and the stand-in, start the stand-in, run
#                examples/c/quickstart and examples/python/quickstart.py
#                against it, stop the stand-in
#   make test    everything CI runs (.ci/run): Rust tests, clippy, rustfmt,
#                the header check, the C tests under valgrind and ASan, the
#                Python package's tests, typing checks and clean install
#   make bench   benchmarks against peers (not part of make test)
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

C_TEST_SRC := tests/c/test_dsauth.c
C_CLIENT_TEST_SRC := tests/c/test_client.c
C_OAUTH_TEST_SRC := tests/c/test_oauth.c
C_TEST_HEADERS := tests/c/check.h
CXX_TEST_SRC := tests/c/header_cxx.cpp
QUICKSTART_SRC := examples/c/quickstart.c

# The local DocuSign stand-in, and the wrapper that runs a command while it
# runs (it exports DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS, DSAUTH_BASE_URL and
# DSAUTH_CA_FILE, and the stand-in never outlives the command).
MOCK_BIN  := $(LIB_DIR)/dsauth-mock
WITH_MOCK := tests/c/with-mock.sh $(MOCK_BIN)

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
	@$(CARGO) build --quiet -p dsauth --lib
	@$(CARGO) build --quiet -p dsauth-mock --bin dsauth-mock
	@mkdir -p $(DEMO_DIR)
	@$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(QUICKSTART_SRC) -o $(DEMO_DIR)/quickstart $(LINK_DSAUTH)
	@$(MAKE) --no-print-directory demo-key
	@echo "==> starting the stand-in (that public key registered) and running the quick start"
	@echo
	@$(DEMO_RUN) $(DEMO_DIR)/quickstart
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
DEMO_RUN := DSAUTH_PRIVATE_KEY_FILE=$(DEMO_KEY) $(WITH_MOCK) --register-jwt-key $(DEMO_PUB) --
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
test: rust-test clippy fmt-check header-check c-test python-test cpp-test node-example

## python-test: a venv in .venv, the package built and installed into it,
## pytest against the stand-in, mypy --strict, stubtest, a clean install.
python-test:
	bindings/python/run-tests.sh

rust-test:
	$(CARGO) test --workspace

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt-check:
	$(CARGO) fmt --all --check

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

# test_dsauth needs nothing; test_client and test_oauth run against the
# stand-in (each against a fresh one).
c-test-valgrind: build mock ensure-valgrind | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(C_TEST_SRC) -o $(BUILD_DIR)/c/test_dsauth $(LINK_DSAUTH)
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(C_CLIENT_TEST_SRC) -o $(BUILD_DIR)/c/test_client $(LINK_DSAUTH)
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(C_OAUTH_TEST_SRC) -o $(BUILD_DIR)/c/test_oauth $(LINK_DSAUTH)
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/test_dsauth
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/test_client
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/test_oauth

ASAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
c-test-asan: build mock | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) $(SANITIZE) -I$(INCLUDE) $(C_TEST_SRC) -o $(BUILD_DIR)/c/test_dsauth_asan $(LINK_DSAUTH)
	$(CC) $(C_STD_FLAGS) $(SANITIZE) -I$(INCLUDE) $(C_CLIENT_TEST_SRC) -o $(BUILD_DIR)/c/test_client_asan $(LINK_DSAUTH)
	$(CC) $(C_STD_FLAGS) $(SANITIZE) -I$(INCLUDE) $(C_OAUTH_TEST_SRC) -o $(BUILD_DIR)/c/test_oauth_asan $(LINK_DSAUTH)
	$(ASAN_ENV) $(BUILD_DIR)/c/test_dsauth_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/c/test_client_asan
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/c/test_oauth_asan

c-test-cxx: build | $(BUILD_DIR)/c
	$(CXX) $(CXX_STD_FLAGS) -I$(INCLUDE) $(CXX_TEST_SRC) -o $(BUILD_DIR)/c/header_cxx $(LINK_DSAUTH)
	$(BUILD_DIR)/c/header_cxx

# The quick start builds with the strict flags and runs clean under valgrind,
# against the stand-in over HTTPS (legacy and JWT calls), as `make demo`
# runs it: with a freshly generated key pair.
c-example: build mock ensure-valgrind demo-key | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(QUICKSTART_SRC) -o $(BUILD_DIR)/c/quickstart $(LINK_DSAUTH)
	$(DEMO_RUN) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/quickstart > $(BUILD_DIR)/c/quickstart.out
	grep -q '^RSA key:      $(DEMO_KEY)$$' $(BUILD_DIR)/c/quickstart.out
	grep -q '^user id:      42b0587a-745b-407d-a20f-cef58eafe40a$$' $(BUILD_DIR)/c/quickstart.out
	grep -q '^  \* 292387d6-8156-46fc-b6d1-7432ccd3e7a8  Andersen Consulting Ltd ' $(BUILD_DIR)/c/quickstart.out
	grep -q '^    Bearer eyJ' $(BUILD_DIR)/c/quickstart.out
	grep -q 'message: invalid Username: contains a control character' $(BUILD_DIR)/c/quickstart.out
	grep -q '^account id:   18650243$$' $(BUILD_DIR)/c/quickstart.out
	grep -q '^account id:   292387d6-8156-46fc-b6d1-7432ccd3e7a8$$' $(BUILD_DIR)/c/quickstart.out
	test "$$(grep -c '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/' $(BUILD_DIR)/c/quickstart.out)" = 2
	test "$$(grep -c '^    status           200$$' $(BUILD_DIR)/c/quickstart.out)" = 2
	grep -q '^    hourly remaining [0-9]' $(BUILD_DIR)/c/quickstart.out
	@echo "quickstart: ok"

# ---- the C++ wrapper (bindings/cpp/dsauth.hpp) -----------------------------

CPP_INCLUDE        := -I$(INCLUDE) -I$(abspath bindings/cpp)
CPP_TEST_SRC       := tests/cpp/test_dsauth.cpp
CPP_QUICKSTART_SRC := examples/cpp/quickstart.cpp

## cpp-test: the C++ wrapper's tests (g++ -std=c++17 -Werror) against the
## stand-in, under valgrind and under ASan+UBSan, and the C++ quick start.
cpp-test: cpp-test-valgrind cpp-test-asan cpp-example

$(BUILD_DIR)/cpp $(BUILD_DIR)/node:
	@mkdir -p $@

cpp-test-valgrind: build mock ensure-valgrind | $(BUILD_DIR)/cpp
	$(CXX) $(CXX_STD_FLAGS) $(CPP_INCLUDE) $(CPP_TEST_SRC) -o $(BUILD_DIR)/cpp/test_dsauth $(LINK_DSAUTH)
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/cpp/test_dsauth

cpp-test-asan: build mock | $(BUILD_DIR)/cpp
	$(CXX) $(CXX_STD_FLAGS) $(SANITIZE) $(CPP_INCLUDE) $(CPP_TEST_SRC) -o $(BUILD_DIR)/cpp/test_dsauth_asan $(LINK_DSAUTH)
	$(ASAN_ENV) $(WITH_MOCK) $(BUILD_DIR)/cpp/test_dsauth_asan

# The C++ quick start: strict flags, clean under valgrind, against the
# stand-in over HTTPS.
cpp-example: build mock ensure-valgrind | $(BUILD_DIR)/cpp
	$(CXX) $(CXX_STD_FLAGS) $(CPP_INCLUDE) $(CPP_QUICKSTART_SRC) -o $(BUILD_DIR)/cpp/quickstart $(LINK_DSAUTH)
	$(WITH_MOCK) $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/cpp/quickstart > $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^X-DocuSign-Authentication: {"Username":"alice@example.com"' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^X-DocuSign-Authentication: <DocuSignCredentials><Username>' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^account:      18650243  Andersen Consulting Ltd$$' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/18650243$$' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^    status           200$$' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^    hourly remaining [0-9]' $(BUILD_DIR)/cpp/quickstart.out
	grep -q '^expected error: .*HTTP 404, ENVELOPE_DOES_NOT_EXIST, trace token ' $(BUILD_DIR)/cpp/quickstart.out
	@echo "cpp quickstart: ok"

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
node-example: build mock $(NODE_DEPS) | $(BUILD_DIR)/node
	DSAUTH_LIB=$(LIB_DIR)/libdsauth.so $(WITH_MOCK) $(NODE) $(NODE_DIR)/quickstart.js > $(BUILD_DIR)/node/quickstart.out
	grep -q '^X-DocuSign-Authentication: {"Username":"alice@example.com",' $(BUILD_DIR)/node/quickstart.out
	grep -q '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/18650243$$' $(BUILD_DIR)/node/quickstart.out
	grep -q '^    status           200$$' $(BUILD_DIR)/node/quickstart.out
	grep -q '^    account          Andersen Consulting Ltd ' $(BUILD_DIR)/node/quickstart.out
	@echo "node quickstart: ok"

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

## bench: dsauth against snprintf + libcurl (C) and requests / docusign-esign
## (Python) on the stand-in; results into BENCHMARKS.md. Not part of `test`.
.PHONY: bench
bench:
	bash benches/run.sh

clean:
	$(CARGO) clean
	rm -rf $(BUILD_DIR) .venv bindings/python/target
