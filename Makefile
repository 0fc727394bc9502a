# dsauth: the commands the README gives.
#
#   make demo    build the library and run examples/c/quickstart
#   make test    everything CI runs (.ci/run): Rust tests, clippy, rustfmt,
#                the header check, the C tests under valgrind and ASan
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
VALGRIND_FLAGS := --quiet --error-exitcode=1 --leak-check=full \
                  --errors-for-leak-kinds=definite,indirect

C_TEST_SRC := tests/c/test_dsauth.c
CXX_TEST_SRC := tests/c/header_cxx.cpp
QUICKSTART_SRC := examples/c/quickstart.c

.PHONY: all build header header-check demo test rust-test clippy fmt-check \
        c-test c-symbols c-test-valgrind c-test-asan c-test-cxx c-example ensure-valgrind clean

all: build

## build: the Rust library (rlib, cdylib, staticlib) in debug mode.
build:
	$(CARGO) build -p dsauth --lib

## header: regenerate include/dsauth.h from src/ffi/ (then commit it).
header:
	DSAUTH_BLESS=1 $(CARGO) test -p dsauth --test header

## header-check: fail when include/dsauth.h is stale.
header-check:
	$(CARGO) test -p dsauth --test header

## demo: build the library and examples/c/quickstart.c, and run it.
demo: build
	@mkdir -p $(BUILD_DIR)/examples
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(QUICKSTART_SRC) -o $(BUILD_DIR)/examples/quickstart $(LINK_DSAUTH)
	$(BUILD_DIR)/examples/quickstart

## test: every suite.
test: rust-test clippy fmt-check header-check c-test

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

c-test-valgrind: build ensure-valgrind | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(C_TEST_SRC) -o $(BUILD_DIR)/c/test_dsauth $(LINK_DSAUTH)
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/test_dsauth

c-test-asan: build | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) $(SANITIZE) -I$(INCLUDE) $(C_TEST_SRC) -o $(BUILD_DIR)/c/test_dsauth_asan $(LINK_DSAUTH)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(BUILD_DIR)/c/test_dsauth_asan

c-test-cxx: build | $(BUILD_DIR)/c
	$(CXX) $(CXX_STD_FLAGS) -I$(INCLUDE) $(CXX_TEST_SRC) -o $(BUILD_DIR)/c/header_cxx $(LINK_DSAUTH)
	$(BUILD_DIR)/c/header_cxx

# The quick start builds with the strict flags and runs clean under valgrind.
c-example: build ensure-valgrind | $(BUILD_DIR)/c
	$(CC) $(C_STD_FLAGS) -I$(INCLUDE) $(QUICKSTART_SRC) -o $(BUILD_DIR)/c/quickstart $(LINK_DSAUTH)
	$(VALGRIND) $(VALGRIND_FLAGS) $(BUILD_DIR)/c/quickstart > $(BUILD_DIR)/c/quickstart.out
	grep -q '^    Bearer eyJ' $(BUILD_DIR)/c/quickstart.out
	grep -q 'message: invalid Username: contains a control character' $(BUILD_DIR)/c/quickstart.out
	@echo "quickstart: ok"

# valgrind comes from the distribution when it is missing.
ensure-valgrind:
	@command -v $(VALGRIND) >/dev/null 2>&1 || { \
	  echo "valgrind not found; installing it with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq valgrind; }

clean:
	$(CARGO) clean
	rm -rf $(BUILD_DIR)
