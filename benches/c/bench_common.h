/* Shared helpers for the C benchmarks: a monotonic clock, medians, and the
 * stand-in's fixture credentials (TEST-ONLY values from mock/src/fixture.rs). */
#ifndef DSAUTH_BENCH_COMMON_H
#define DSAUTH_BENCH_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIXTURE_INTEGRATION_KEY "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd"
#define FIXTURE_ALICE_EMAIL "alice@example.com"
#define FIXTURE_ALICE_PASSWORD "Alice-Passw0rd!"
#define FIXTURE_BOB_EMAIL "bob@example.com"
#define FIXTURE_BOB_PASSWORD "B0b&\"<pa$$>'\\word"
#define FIXTURE_ACCOUNT_ID "18650243"

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts `v` in place and returns the q-quantile (0..1), nearest rank. */
static inline double quantile(double *v, size_t n, double q) {
    if (n == 0) return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i];
}

/* Keeps the compiler from dropping a computation whose result is `p`. */
static inline void escape(void *p) { __asm__ volatile("" : : "g"(p) : "memory"); }

#endif
