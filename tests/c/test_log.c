/*
 * C tests of dsauth_set_log_callback against the local DocuSign stand-in:
 * records arrive with their level, target and message (each request with
 * method, URL without query values, status, duration and trace token; the
 * account chosen; the token issued), none carries a secret of the run,
 * max_level filters, a NULL callback stops them; and the polling guard's
 * modes (enforce refuses, warn logs a WARN record and sends, off sends).
 *
 * Run it through `dsauth-mock run` (DSAUTH_MOCK_HTTP), as the Makefile does
 * under valgrind and under AddressSanitizer + UBSan:
 *
 *   target/debug/dsauth-mock run -- build/tests/c/test_log
 *
 * DSAUTH_JWT_KEY_FILE may name the stand-in's test RSA key (default
 * mock/fixtures/jwt_private_pkcs1.pem, relative to the repository root).
 *
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <pthread.h>
#include <stdbool.h>

static const char *const IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
static const char *const ALICE = "alice@example.com";
static const char *const ALICE_PASSWORD = "Alice-Passw0rd!";
static const char *const ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
static const char *const ACCOUNT_ID = "18650243";
static const char *const ENVELOPE_ID = "4462534f-439c-44ca-b672-737c4af34e3c";
static const char *const QUERY_VALUE = "query-value-7f3a";

static const char *http_url; /* DSAUTH_MOCK_HTTP */
static uint8_t *jwt_key;     /* the fixture's private key, PEM */
static size_t jwt_key_len;

/* ---- the records the callback receives --------------------------------- */

#define MAX_RECORDS 512

struct record {
    unsigned level;
    char target[96];
    char message[512];
};

static struct record records[MAX_RECORDS];
static size_t n_records;
static pthread_mutex_t records_lock = PTHREAD_MUTEX_INITIALIZER;

/* The callback: counts its calls in *user_data and keeps the record. */
static void collect(void *user_data, dsauth_log_level level, const char *target,
                    const char *message) {
    pthread_mutex_lock(&records_lock);
    (*(unsigned *)user_data)++;
    if (n_records < MAX_RECORDS) {
        struct record *r = &records[n_records++];
        r->level = (unsigned)level;
        snprintf(r->target, sizeof r->target, "%s", target);
        snprintf(r->message, sizeof r->message, "%s", message);
    }
    pthread_mutex_unlock(&records_lock);
}

static void clear_records(void) {
    pthread_mutex_lock(&records_lock);
    n_records = 0;
    pthread_mutex_unlock(&records_lock);
}

/* The first record at `level` of `target` whose message contains all of
 * `needles` (NULL-terminated), or NULL. */
static const struct record *find(unsigned level, const char *target, const char *const *needles) {
    for (size_t i = 0; i < n_records; i++) {
        const struct record *r = &records[i];
        bool all = r->level == level && strcmp(r->target, target) == 0;
        for (const char *const *n = needles; all && *n != NULL; n++) {
            all = contains(r->message, *n);
        }
        if (all) {
            return r;
        }
    }
    return NULL;
}

/* True when some record's message or target contains `secret`. */
static bool leaked(const char *secret) {
    for (size_t i = 0; i < n_records; i++) {
        if (contains(records[i].message, secret) || contains(records[i].target, secret)) {
            fprintf(stderr, "secret in record: %s\n", records[i].message);
            return true;
        }
    }
    return false;
}

static size_t count_level(unsigned level) {
    size_t n = 0;
    for (size_t i = 0; i < n_records; i++) {
        n += records[i].level == level;
    }
    return n;
}

/* ---- clients of the stand-in ------------------------------------------- */

static dsauth_client_options *mock_options(void) {
    dsauth_client_options *o = NULL;
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
    /* Generous for valgrind. */
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 120000), DSAUTH_RESULT_OK);
    return o;
}

static const dsauth_credentials *legacy_creds(void) {
    const dsauth_credentials *c = NULL;
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, ALICE, ALICE_PASSWORD, NULL, &c, NULL),
                 DSAUTH_RESULT_OK);
    return c;
}

static const dsauth_credentials *jwt_creds(void) {
    const dsauth_credentials *c = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(
        dsauth_credentials_new_jwt(IK, ALICE_USER_ID, jwt_key, jwt_key_len, NULL, NULL, &c, &err),
        DSAUTH_RESULT_OK);
    report("new_jwt", err);
    return c;
}

/* GET `path`; the result, the response freed. */
static dsauth_result get(const dsauth_client *client, const char *path) {
    dsauth_response *resp = NULL;
    dsauth_error *err = NULL;
    dsauth_result r = dsauth_client_get(client, path, &resp, &err);
    dsauth_response_free(resp);
    dsauth_error_free(err);
    return r;
}

/* ---- tests -------------------------------------------------------------- */

/* Records of a legacy and a JWT run, at DEBUG: the request lines, the
 * account, the token; no secret, no query value. */
static void test_records_and_secrets(void) {
    unsigned calls = 0;
    const dsauth_credentials *legacy = legacy_creds();
    const dsauth_credentials *jwt = jwt_creds();
    dsauth_client_options *o = mock_options();
    const dsauth_client *client = client_at(http_url, legacy, o);
    const dsauth_client *jwt_client = client_at(http_url, jwt, o);
    dsauth_request *req = NULL;
    dsauth_response *resp = NULL;
    dsauth_error *err = NULL;
    char header[1024], token[4096];
    size_t n = 0;

    clear_records();
    CHECK_RESULT(dsauth_set_log_callback(collect, &calls, DSAUTH_LOG_LEVEL_DEBUG), DSAUTH_RESULT_OK);

    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "/envelopes", &req, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_query(req, "from_date", "2024-01-01", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_query(req, "search_text", QUERY_VALUE, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_send(client, req, &resp, &err), DSAUTH_RESULT_OK);
    report("send", err);
    dsauth_response_free(resp);
    dsauth_request_free(req);

    CHECK_RESULT(dsauth_client_access_token(jwt_client, token, sizeof token, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(get(jwt_client, ""), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_set_log_callback(NULL, NULL, DSAUTH_LOG_LEVEL_DEBUG), DSAUTH_RESULT_OK);

    CHECK(calls == n_records);
    {
        const char *login[] = {"GET http", "/restapi/v2/login_information: 200 in ", " ms",
                               "trace token ", NULL};
        const char *list[] = {"/envelopes?from_date=&search_text=: 200 in ", NULL};
        const char *userinfo[] = {"GET http", "/oauth/userinfo: 200", NULL};
        const char *token_post[] = {"POST http", "/oauth/token: 200", NULL};
        const char *account[] = {ACCOUNT_ID, "the user's default", NULL};
        const char *issued[] = {"access token issued (JWT grant): valid for ", NULL};
        const struct record *r;
        CHECK(find(DSAUTH_LOG_LEVEL_DEBUG, "dsauth::client::transport", login) != NULL);
        CHECK(find(DSAUTH_LOG_LEVEL_DEBUG, "dsauth::client::transport", list) != NULL);
        CHECK(find(DSAUTH_LOG_LEVEL_DEBUG, "dsauth::client::transport", userinfo) != NULL);
        CHECK(find(DSAUTH_LOG_LEVEL_DEBUG, "dsauth::client::transport", token_post) != NULL);
        CHECK(find(DSAUTH_LOG_LEVEL_INFO, "dsauth::client::discovery", account) != NULL);
        CHECK(find(DSAUTH_LOG_LEVEL_INFO, "dsauth::client::tokens", issued) != NULL);
        /* The trace token is the stand-in's (a GUID), not "none". */
        r = find(DSAUTH_LOG_LEVEL_DEBUG, "dsauth::client::transport", list);
        CHECK(r != NULL && !contains(r->message, "trace token none"));
        /* Only dsauth's own records, never those of the crates it uses. */
        for (size_t i = 0; i < n_records; i++) {
            CHECK(strncmp(records[i].target, "dsauth::", 8) == 0);
        }
    }

    /* No secret of the run. */
    CHECK(!leaked(QUERY_VALUE));
    CHECK(!leaked(ALICE_PASSWORD));
    CHECK(!leaked(token));
    CHECK(!leaked("eyJ")); /* any base64 JSON: a JWT assertion or token */
    CHECK(!leaked("PRIVATE KEY"));
    CHECK_RESULT(dsauth_credentials_render_header(legacy, DSAUTH_HEADER_FORMAT_JSON, header,
                                                  sizeof header, &n),
                 DSAUTH_RESULT_OK);
    CHECK(!leaked(header));
    CHECK_RESULT(dsauth_credentials_render_header(legacy, DSAUTH_HEADER_FORMAT_XML, header,
                                                  sizeof header, &n),
                 DSAUTH_RESULT_OK);
    CHECK(!leaked(header));
    {
        /* A line from the middle of the key. */
        char line[48];
        const char *mid = strchr((const char *)jwt_key + 40, '\n');
        CHECK(mid != NULL);
        if (mid != NULL) {
            snprintf(line, sizeof line, "%.40s", mid + 1);
            CHECK(!leaked(line));
        }
    }
    memset(token, 0, sizeof token);
    memset(header, 0, sizeof header);

    dsauth_client_free(client);
    dsauth_client_free(jwt_client);
    dsauth_client_options_free(o);
    dsauth_credentials_free(legacy);
    dsauth_credentials_free(jwt);
}

/* max_level drops the records below it; a NULL callback stops them all;
 * an unknown level is refused. */
static void test_filter_and_unset(void) {
    unsigned calls = 0;
    const dsauth_credentials *legacy = legacy_creds();
    dsauth_client_options *o = mock_options();
    const dsauth_client *client = client_at(http_url, legacy, o);

    clear_records();
    CHECK_RESULT(dsauth_set_log_callback(collect, &calls, DSAUTH_LOG_LEVEL_INFO), DSAUTH_RESULT_OK);
    CHECK_RESULT(get(client, ""), DSAUTH_RESULT_OK);
    CHECK(count_level(DSAUTH_LOG_LEVEL_INFO) >= 1); /* the account */
    CHECK(count_level(DSAUTH_LOG_LEVEL_DEBUG) == 0);

    CHECK_RESULT(dsauth_set_log_callback(NULL, NULL, DSAUTH_LOG_LEVEL_DEBUG), DSAUTH_RESULT_OK);
    calls = 0;
    CHECK_RESULT(get(client, ""), DSAUTH_RESULT_OK);
    CHECK(calls == 0);

    CHECK_RESULT(dsauth_set_log_callback(collect, &calls, 0), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_set_log_callback(collect, &calls, 6), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(get(client, ""), DSAUTH_RESULT_OK);
    CHECK(calls == 0);

    dsauth_client_free(client);
    dsauth_client_options_free(o);
    dsauth_credentials_free(legacy);
}

/* The polling guard's modes: the same envelope twice, each mode with its
 * own client (and so its own marks). The stand-in enforces DocuSign's
 * polling limit too: its refusal (DSAUTH_RESULT_RATE_LIMITED) shows that a
 * GET was sent, DSAUTH_RESULT_POLLING_TOO_SOON that it was not. */
static void test_polling_guard_modes(void) {
    static const struct {
        unsigned mode;
        dsauth_result first, second;
    } cases[] = {
        {DSAUTH_POLLING_GUARD_WARN, DSAUTH_RESULT_OK, DSAUTH_RESULT_RATE_LIMITED},
        {DSAUTH_POLLING_GUARD_OFF, DSAUTH_RESULT_RATE_LIMITED, DSAUTH_RESULT_RATE_LIMITED},
        {DSAUTH_POLLING_GUARD_ENFORCE, DSAUTH_RESULT_RATE_LIMITED, DSAUTH_RESULT_POLLING_TOO_SOON},
    };
    const dsauth_credentials *legacy = legacy_creds();
    char path[128];
    unsigned calls = 0;

    snprintf(path, sizeof path, "/envelopes/%s", ENVELOPE_ID);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dsauth_client_options *o = mock_options();
        const dsauth_client *client;
        const char *warned[] = {"polling guard", ENVELOPE_ID, "sending it anyway", NULL};
        CHECK_RESULT(dsauth_client_options_set_polling_guard(o, cases[i].mode), DSAUTH_RESULT_OK);
        client = client_at(http_url, legacy, o);
        CHECK_RESULT(get(client, ""), DSAUTH_RESULT_OK); /* discovery, unlogged */
        clear_records();
        CHECK_RESULT(dsauth_set_log_callback(collect, &calls, DSAUTH_LOG_LEVEL_WARN),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(get(client, path), cases[i].first);
        CHECK_RESULT(get(client, path), cases[i].second);
        CHECK_RESULT(dsauth_set_log_callback(NULL, NULL, DSAUTH_LOG_LEVEL_WARN), DSAUTH_RESULT_OK);
        if (cases[i].mode == DSAUTH_POLLING_GUARD_WARN) {
            CHECK(n_records == 1);
            CHECK(find(DSAUTH_LOG_LEVEL_WARN, "dsauth::client::polling", warned) != NULL);
        } else {
            CHECK(n_records == 0);
        }
        dsauth_client_free(client);
        dsauth_client_options_free(o);
    }
    {
        dsauth_client_options *o = mock_options();
        CHECK_RESULT(dsauth_client_options_set_polling_guard(o, 3), DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK_RESULT(dsauth_client_options_set_polling_guard(NULL, DSAUTH_POLLING_GUARD_OFF),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        dsauth_client_options_free(o);
    }
    dsauth_credentials_free(legacy);
}

int main(void) {
    const char *key_file = getenv("DSAUTH_JWT_KEY_FILE");
    http_url = getenv("DSAUTH_MOCK_HTTP");
    if (http_url == NULL) {
        fprintf(stderr, "run this under `dsauth-mock run` (DSAUTH_MOCK_HTTP is not set)\n");
        return 2;
    }
    jwt_key = read_file(key_file != NULL ? key_file : "mock/fixtures/jwt_private_pkcs1.pem",
                        &jwt_key_len);
    if (jwt_key == NULL) {
        fprintf(stderr, "cannot read the JWT key (DSAUTH_JWT_KEY_FILE)\n");
        return 2;
    }

    test_records_and_secrets();
    test_filter_and_unset();
    test_polling_guard_modes();

    free(jwt_key);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
