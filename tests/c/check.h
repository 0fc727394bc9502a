/*
 * A tiny test runner shared by the C tests (tests/c/test_*.c): CHECK,
 * CHECK_RESULT and CHECK_STR count passes and failures and name the failing
 * expression; main() prints "N passed, M failed" and exits non-zero on any
 * failure; read_file(), report() and client_at() are small helpers. Header-only: each
 * test program is one translation unit.
 */
#ifndef DSAUTH_TEST_CHECK_H
#define DSAUTH_TEST_CHECK_H

#include "dsauth.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned passed, failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,     \
                    #cond);                                                      \
        }                                                                        \
    } while (0)

/* Compares a result with the expected one, naming both on failure. */
#define CHECK_RESULT(expr, expected)                                             \
    do {                                                                         \
        dsauth_result got_ = (expr);                                             \
        dsauth_result want_ = (expected);                                        \
        if (got_ == want_) {                                                     \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "%s:%d: %s\n  returned %u (%s), expected %u (%s)\n", \
                    __FILE__, __LINE__, #expr, (unsigned)got_,                   \
                    dsauth_result_str(got_), (unsigned)want_,                    \
                    dsauth_result_str(want_));                                   \
        }                                                                        \
    } while (0)

/* Compares two strings; NULL equals only NULL. */
#define CHECK_STR(actual, expected)                                              \
    do {                                                                         \
        const char *a_ = (actual);                                               \
        const char *e_ = (expected);                                             \
        if ((a_ == NULL && e_ == NULL) || (a_ && e_ && strcmp(a_, e_) == 0)) {   \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "%s:%d: %s\n  is      \"%s\"\n  expected \"%s\"\n",  \
                    __FILE__, __LINE__, #actual, a_ ? a_ : "(NULL)",             \
                    e_ ? e_ : "(NULL)");                                         \
        }                                                                        \
    } while (0)

static inline int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* A string of `n` copies of `c`; the caller frees it. */
static inline char *repeat(char c, size_t n) {
    char *s = malloc(n + 1);
    if (s == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

#define MIB ((size_t)1 << 20)

/* Reads a whole file; the caller frees it. NULL when it cannot. */
static inline uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            uint8_t *bigger;
            cap = cap ? cap * 2 : 4096;
            bigger = realloc(data, cap);
            if (bigger == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

/* Prints an unexpected error, then frees it. */
static inline void report(const char *what, dsauth_error *err) {
    if (err != NULL) {
        fprintf(stderr, "%s: %s\n", what, dsauth_error_message(err));
        dsauth_error_free(err);
    }
}

/* A client for the DocuSign at `base` (the stand-in's URL) with `creds`
 * and `options` (may be NULL). The client keeps its own copy of the
 * environment, which is freed at once. */
static inline const dsauth_client *client_at(const char *base, const dsauth_credentials *creds,
                                             const dsauth_client_options *options) {
    dsauth_environment *env = NULL;
    const dsauth_client *client = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(dsauth_environment_new_custom(base, NULL, &env, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_new(env, creds, options, &client, &err), DSAUTH_RESULT_OK);
    report("dsauth_client_new", err);
    dsauth_environment_free(env);
    return client;
}

#endif /* DSAUTH_TEST_CHECK_H */
