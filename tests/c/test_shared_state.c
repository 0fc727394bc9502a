/*
 * C tests of dsauth_shared_state: the memory, file and Redis constructors,
 * their argument checks (NULLs, key lengths, flags, a Redis URL whose
 * password never reaches an error text), reference counting, the
 * client-options setters, and clients sharing one state against the local
 * DocuSign stand-in: two JWT clients (and four threads with a client each)
 * on one state make one token request; a second process-wide client sees
 * the first one's polling mark.
 *
 * Run it with the stand-in (which sets DSAUTH_MOCK_HTTP) and a Redis:
 *
 *   tests/support/with-redis.sh tests/c/with-mock.sh target/debug/dsauth-mock \
 *       build/c/test_shared_state
 *
 * (or `... target/debug/dsauth-mock run -- build/...` where the stand-in has
 * its own launcher). with-redis.sh starts a redis-server on a free loopback port and sets
 * DSAUTH_REDIS_URL; without it the Redis part is skipped with a message,
 * unless DSAUTH_REQUIRE_REDIS is set, which makes it fail.
 * DSAUTH_JWT_KEY_FILE may name the stand-in's test RSA key (default
 * mock/fixtures/jwt_private_pkcs1.pem, relative to the repository root).
 *
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the stand-in's fixture (mock/README.md) ---------------------------- */

static const char *const IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
static const char *const ALICE = "alice@example.com";
static const char *const ALICE_PASSWORD = "Alice-Passw0rd!";
static const char *const ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
static const char *const ACCOUNT_NAME = "Andersen Consulting Ltd";

static const char *http_url;  /* DSAUTH_MOCK_HTTP */
static const char *redis_url; /* DSAUTH_REDIS_URL, may be NULL */
static uint8_t *jwt_key;      /* the fixture's private key, PEM */
static size_t jwt_key_len;

/* A seal key: 32 bytes, as AES-256-GCM wants. */
static const uint8_t SEAL_KEY[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                     12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                     23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

/* ---- helpers ----------------------------------------------------------- */

/* Options for the stand-in (no proxy, timeouts generous for valgrind),
 * with `state` when it is not NULL. */
static dsauth_client_options *mock_options(const dsauth_shared_state *state) {
    dsauth_client_options *o = NULL;
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 120000), DSAUTH_RESULT_OK);
    if (state != NULL) {
        CHECK_RESULT(dsauth_client_options_set_shared_state(o, state), DSAUTH_RESULT_OK);
    }
    return o;
}

static const dsauth_credentials *jwt_creds(void) {
    const dsauth_credentials *c = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, jwt_key, jwt_key_len, NULL, NULL,
                                            &c, &err),
                 DSAUTH_RESULT_OK);
    report("new_jwt", err);
    return c;
}

/* The stand-in's counter `name` (GET /__mock/counters through a legacy
 * client of its own, outside any shared state); -1 when unreadable. */
static long mock_counter(const char *name) {
    const dsauth_credentials *c = NULL;
    dsauth_client_options *o = mock_options(NULL);
    const dsauth_client *client;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    char url[256], needle[64];
    long value = -1;

    CHECK_RESULT(dsauth_credentials_new_legacy(IK, ALICE, ALICE_PASSWORD, NULL, &c, NULL),
                 DSAUTH_RESULT_OK);
    client = client_at(http_url, c, o);
    snprintf(url, sizeof url, "%s/__mock/counters", http_url);
    snprintf(needle, sizeof needle, "\"%s\":", name);
    if (dsauth_client_get(client, url, &r, &err) == DSAUTH_RESULT_OK) {
        const uint8_t *body = NULL;
        size_t len = 0;
        const char *at;
        if (dsauth_response_body(r, &body, &len) == DSAUTH_RESULT_OK &&
            (at = strstr((const char *)body, needle)) != NULL) {
            value = strtol(at + strlen(needle), NULL, 10);
        }
        dsauth_response_free(r);
    }
    report("GET /__mock/counters", err);
    dsauth_client_free(client);
    dsauth_client_options_free(o);
    dsauth_credentials_free(c);
    return value;
}

/* One GET of the account through `client`; true when it answered 200 with
 * the account. */
static bool get_account(const dsauth_client *client) {
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    const uint8_t *body = NULL;
    size_t len = 0;
    bool ok = dsauth_client_get(client, "", &r, &err) == DSAUTH_RESULT_OK &&
              dsauth_response_status(r) == 200 &&
              dsauth_response_body(r, &body, &len) == DSAUTH_RESULT_OK &&
              contains((const char *)body, ACCOUNT_NAME);
    report("GET the account", err);
    dsauth_response_free(r);
    return ok;
}

/* ---- constructors and their checks -------------------------------------- */

static void test_memory(void) {
    const dsauth_shared_state *s = NULL;
    CHECK_RESULT(dsauth_shared_state_new_memory(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_memory(&s), DSAUTH_RESULT_OK);
    CHECK(s != NULL);
    /* Reference counting: clone returns the same handle; each reference is
     * released once (valgrind sees a leak or a double free otherwise). */
    CHECK(dsauth_shared_state_clone(s) == s);
    CHECK(dsauth_shared_state_clone(NULL) == NULL);
    dsauth_shared_state_free(s);
    dsauth_shared_state_free(s);
    dsauth_shared_state_free(NULL);
}

static void test_file(const char *dir) {
    const dsauth_shared_state *s = NULL;
    dsauth_error *err = NULL;
    char sub[512];
    struct stat st;

    CHECK_RESULT(dsauth_shared_state_new_file(NULL, SEAL_KEY, 32, &s, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_file(dir, SEAL_KEY, 32, NULL, &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "out"));
    dsauth_error_free(err);
    err = NULL;
    /* A NULL key with a length is a NULL argument; without one it means
     * "no key", which a state outside the process refuses. */
    CHECK_RESULT(dsauth_shared_state_new_file(dir, NULL, 32, &s, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_file(dir, NULL, 0, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "seal"));
    CHECK(contains(dsauth_error_message(err), "allow_plaintext_tokens"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_file(dir, SEAL_KEY, 16, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "32 bytes"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_file("\xff", SEAL_KEY, 32, &s, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_shared_state_new_file("/proc/no/such/dir", SEAL_KEY, 32, &s, &err),
                 DSAUTH_RESULT_IO);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_file_custom(dir, NULL, 0, 2, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "flags"));
    dsauth_error_free(err);
    err = NULL;
    CHECK(s == NULL);

    /* Sealed, in a directory created 0700. */
    snprintf(sub, sizeof sub, "%s/sealed", dir);
    CHECK_RESULT(dsauth_shared_state_new_file(sub, SEAL_KEY, 32, &s, &err), DSAUTH_RESULT_OK);
    report("new_file", err);
    CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
    dsauth_shared_state_free(s);
    s = NULL;
    /* Plaintext only when asked for. */
    snprintf(sub, sizeof sub, "%s/plain", dir);
    CHECK_RESULT(dsauth_shared_state_new_file_custom(
                     sub, NULL, 0, DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS, &s, &err),
                 DSAUTH_RESULT_OK);
    report("new_file_custom", err);
    dsauth_shared_state_free(s);
}

static void test_redis_arguments(void) {
    const dsauth_shared_state *s = NULL;
    dsauth_error *err = NULL;
    const char *url = "redis://127.0.0.1:1/0";

    CHECK_RESULT(dsauth_shared_state_new_redis(NULL, NULL, SEAL_KEY, 32, &s, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_redis(url, NULL, SEAL_KEY, 32, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_redis(url, NULL, NULL, 1, &s, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_shared_state_new_redis("redis://\xff", NULL, SEAL_KEY, 32, &s, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_shared_state_new_redis(url, "ns\xff", SEAL_KEY, 32, &s, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_shared_state_new_redis(url, NULL, NULL, 0, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "allow_plaintext_tokens"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_redis(url, NULL, SEAL_KEY, 31, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "32 bytes"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_redis(url, "a:b", SEAL_KEY, 32, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "namespace"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_shared_state_new_redis_custom(url, NULL, SEAL_KEY, 32, 0x80, 0, &s, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "flags"));
    dsauth_error_free(err);
    err = NULL;

    /* Bad URLs: the password is never in the error text. */
    {
        static const char *const bad[] = {
            "http://dsauth-user:Sup3r-s3cret@127.0.0.1:6379/0",
            "redis://dsauth-user:Sup3r-s3cret@[::1/0",
            "redis://dsauth-user:Sup3r-s3cret@127.0.0.1:99999/0",
            "rediss//dsauth-user:Sup3r-s3cret@127.0.0.1",
        };
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            CHECK_RESULT(dsauth_shared_state_new_redis(bad[i], NULL, SEAL_KEY, 32, &s, &err),
                         DSAUTH_RESULT_INVALID_URL);
            CHECK(dsauth_error_message(err) != NULL);
            CHECK(!contains(dsauth_error_message(err), "Sup3r-s3cret"));
            if (contains(dsauth_error_message(err), "Sup3r-s3cret")) {
                fprintf(stderr, "  leaked in: %s\n", dsauth_error_message(err));
            }
            dsauth_error_free(err);
            err = NULL;
        }
    }
    CHECK(s == NULL);

    /* Nothing is sent when it is built: a Redis that is not there is fine
     * (calls then go on with per-process state). */
    CHECK_RESULT(dsauth_shared_state_new_redis(
                     "redis://dsauth-user:Sup3r-s3cret@127.0.0.1:1/0", "c-test", SEAL_KEY,
                     32, &s, &err),
                 DSAUTH_RESULT_OK);
    report("new_redis (nothing listening)", err);
    dsauth_shared_state_free(s);
    s = NULL;
    CHECK_RESULT(dsauth_shared_state_new_redis_custom(
                     url, "c-test", NULL, 0, DSAUTH_SHARED_STATE_ALLOW_PLAINTEXT_TOKENS, 50, &s,
                     &err),
                 DSAUTH_RESULT_OK);
    report("new_redis_custom", err);
    dsauth_shared_state_free(s);
}

static void test_options(void) {
    dsauth_client_options *o = NULL;
    const dsauth_shared_state *s = NULL;

    CHECK_RESULT(dsauth_shared_state_new_memory(&s), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_shared_state(NULL, s), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_shared_state(o, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_shared_state(o, s), DSAUTH_RESULT_OK);
    /* The options hold their own reference. */
    dsauth_shared_state_free(s);
    CHECK_RESULT(dsauth_client_options_set_rate_reserve(NULL, 1, 1), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_rate_reserve(o, 100, 10), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_rate_reserve(o, 0, 0), DSAUTH_RESULT_OK);
    dsauth_client_options_free(o);
}

/* ---- clients sharing a state against the stand-in ----------------------- */

#define THREADS 4

struct worker_ctx {
    const dsauth_client_options *options;
    const dsauth_credentials *creds;
    bool ok;
};

/* A client of its own from the shared options, one call. */
static void *worker(void *arg) {
    struct worker_ctx *ctx = arg;
    const dsauth_client *client = client_at(http_url, ctx->creds, ctx->options);
    ctx->ok = client != NULL && get_account(client);
    dsauth_client_free(client);
    return NULL;
}

/* Two clients, then THREADS threads with a client each, all built from
 * options holding `state` (which this function takes over): one token
 * request at the stand-in in all. Then the polling guard: an envelope GET
 * through one client makes the other refuse the same GET locally. */
static void check_sharing(const char *what, const dsauth_shared_state *state) {
    dsauth_client_options *o = mock_options(state);
    const dsauth_credentials *c = jwt_creds();
    const dsauth_client *first, *second;
    long before = mock_counter("token_requests");
    pthread_t threads[THREADS];
    struct worker_ctx ctx[THREADS];
    int i;

    fprintf(stderr, "sharing: %s\n", what);
    /* Clients and options keep their own references to the state. */
    dsauth_shared_state_free(state);
    first = client_at(http_url, c, o);
    second = client_at(http_url, c, o);
    CHECK(get_account(first));
    CHECK(get_account(second));
    for (i = 0; i < THREADS; i++) {
        ctx[i].options = o;
        ctx[i].creds = c;
        ctx[i].ok = false;
        CHECK(pthread_create(&threads[i], NULL, worker, &ctx[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(ctx[i].ok);
    }
    CHECK(before >= 0 && mock_counter("token_requests") == before + 1);

    {
        char path[128];
        dsauth_response *r = NULL;
        dsauth_error *err = NULL;
        snprintf(path, sizeof path, "/envelopes/5ca1ab1e-0000-4000-8000-%012ld",
                 (long)getpid() % 1000000 + (long)strlen(what));
        /* Unknown to the stand-in: an API error, but a GET it counted. */
        CHECK_RESULT(dsauth_client_get(first, path, &r, &err), DSAUTH_RESULT_API);
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_client_get(second, path, &r, &err), DSAUTH_RESULT_POLLING_TOO_SOON);
        dsauth_error_free(err);
        CHECK(r == NULL);
    }

    dsauth_client_free(first);
    dsauth_client_free(second);
    dsauth_credentials_free(c);
    dsauth_client_options_free(o);
}

static void test_sharing(const char *dir) {
    const dsauth_shared_state *s = NULL;
    dsauth_error *err = NULL;
    char sub[512];

    CHECK_RESULT(dsauth_shared_state_new_memory(&s), DSAUTH_RESULT_OK);
    check_sharing("memory", s);

    snprintf(sub, sizeof sub, "%s/clients", dir);
    s = NULL;
    CHECK_RESULT(dsauth_shared_state_new_file(sub, SEAL_KEY, 32, &s, &err), DSAUTH_RESULT_OK);
    report("new_file", err);
    check_sharing("file", s);

    if (redis_url == NULL) {
        if (getenv("DSAUTH_REQUIRE_REDIS") != NULL) {
            fprintf(stderr, "DSAUTH_REDIS_URL is not set and DSAUTH_REQUIRE_REDIS is\n");
            CHECK(redis_url != NULL);
        } else {
            fprintf(stderr, "SKIPPED: the Redis state (run under tests/support/with-redis.sh, "
                            "which sets DSAUTH_REDIS_URL)\n");
        }
        return;
    }
    {
        char ns[64];
        snprintf(ns, sizeof ns, "c-test-%ld", (long)getpid());
        s = NULL;
        err = NULL;
        CHECK_RESULT(dsauth_shared_state_new_redis(redis_url, ns, SEAL_KEY, 32, &s, &err),
                     DSAUTH_RESULT_OK);
        report("new_redis", err);
        check_sharing("redis", s);
    }
}

int main(void) {
    const char *key_file = getenv("DSAUTH_JWT_KEY_FILE");
    char dir[] = "/tmp/dsauth-c-state-XXXXXX";

    http_url = getenv("DSAUTH_MOCK_HTTP");
    redis_url = getenv("DSAUTH_REDIS_URL");
    if (http_url == NULL) {
        fprintf(stderr, "run this under tests/c/with-mock.sh (DSAUTH_MOCK_HTTP is not set)\n");
        return 2;
    }
    jwt_key = read_file(key_file ? key_file : "mock/fixtures/jwt_private_pkcs1.pem", &jwt_key_len);
    if (jwt_key == NULL || mkdtemp(dir) == NULL) {
        fprintf(stderr, "cannot read the JWT key or create a temporary directory\n");
        return 2;
    }

    test_memory();
    test_file(dir);
    test_redis_arguments();
    test_options();
    test_sharing(dir);

    free(jwt_key);
    {
        /* The test's directory: only what it made. */
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        CHECK(system(cmd) == 0);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
