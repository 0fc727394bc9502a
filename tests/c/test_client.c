/*
 * C tests of the client part of the dsauth C ABI against the local DocuSign
 * stand-in (dsauth-mock): options, requests, responses, accounts, REST over
 * HTTP and HTTPS, SOAP, API and transport errors read back through the
 * dsauth_error accessors, JWT grant, and one client shared by threads.
 *
 * Run it through `dsauth-mock run`, which starts the stand-in and sets
 * DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS and DSAUTH_CA_FILE (the Makefile does,
 * under valgrind and under AddressSanitizer + UBSan):
 *
 *   target/debug/dsauth-mock run -- build/tests/c/test_client
 *
 * DSAUTH_JWT_KEY_FILE may name the stand-in's test RSA key (default
 * mock/fixtures/jwt_private_pkcs1.pem, relative to the repository root).
 *
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the stand-in's fixture (mock/README.md) ---------------------------- */

static const char *const IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
static const char *const ALICE = "alice@example.com";
static const char *const ALICE_PASSWORD = "Alice-Passw0rd!";
static const char *const ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
static const char *const BOB_USER_ID = "66e0a110-cc3e-48ac-8bdd-f6f75462257e";
static const char *const ACCOUNT_ID = "18650243";
static const char *const ACCOUNT_GUID = "292387d6-8156-46fc-b6d1-7432ccd3e7a8";
static const char *const ACCOUNT_NAME = "Andersen Consulting Ltd";
static const char *const SECOND_ACCOUNT_ID = "18650277";
static const char *const ENVELOPE_ID = "4462534f-439c-44ca-b672-737c4af34e3c";
static const char *const REDIRECT_URI = "http://localhost:8765/callback";
static const char *const PING = "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>";

static const char *http_url;  /* DSAUTH_MOCK_HTTP */
static const char *https_url; /* DSAUTH_MOCK_HTTPS */
static const char *ca_file;   /* DSAUTH_CA_FILE */

/* ---- helpers ----------------------------------------------------------- */

/* Options for the stand-in: no proxy (whatever the environment says),
 * short timeouts, and the stand-in's CA when `with_ca`. */
static dsauth_client_options *mock_options(bool with_ca) {
    dsauth_client_options *o = NULL;
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
    /* Generous for valgrind, which slows everything down 20-50 times. */
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 120000), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_connect_timeout_ms(o, 20000), DSAUTH_RESULT_OK);
    if (with_ca) {
        CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(o, ca_file, NULL),
                     DSAUTH_RESULT_OK);
    }
    return o;
}

static const dsauth_credentials *legacy_creds(const char *password) {
    const dsauth_credentials *c = NULL;
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, ALICE, password, NULL, &c, NULL),
                 DSAUTH_RESULT_OK);
    return c;
}

/* Alice's legacy client over plain http (no CA needed). */
static const dsauth_client *alice_http(void) {
    const dsauth_credentials *c = legacy_creds(ALICE_PASSWORD);
    dsauth_client_options *o = mock_options(false);
    const dsauth_client *client = client_at(http_url, c, o);
    dsauth_credentials_free(c);
    dsauth_client_options_free(o);
    return client;
}

/* The body of a response as a C string (the library NUL-terminates it). */
static const char *body_text(const dsauth_response *r) {
    const uint8_t *data = NULL;
    size_t len = 0;
    if (dsauth_response_body(r, &data, &len) != DSAUTH_RESULT_OK) {
        return NULL;
    }
    CHECK(data != NULL && data[len] == 0);
    return (const char *)data;
}

/* A loopback port with nothing listening: bind, read the port, close. */
static unsigned closed_port(void) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    unsigned port = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    if (fd >= 0) {
        close(fd);
    }
    return port;
}

/* ---- options ----------------------------------------------------------- */

static void test_options(void) {
    dsauth_client_options *o = NULL;
    dsauth_error *err = NULL;
    size_t pem_len = 0;
    uint8_t *pem = read_file(ca_file, &pem_len);

    CHECK_RESULT(dsauth_client_options_new(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK(o != NULL);

    /* Numbers: 0 is refused where a limit must exist. */
    CHECK_RESULT(dsauth_client_options_set_connect_timeout_ms(o, 5000), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_connect_timeout_ms(o, 0),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 30000), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 0), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_max_response_body(o, 1 << 20), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_max_response_body(o, 0),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_rate_limit_max_wait_ms(o, 0), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_rate_limit_max_wait_ms(o, 60000), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_token_renewal_margin_ms(o, 0), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_token_renewal_margin_ms(o, 300000),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_polling_guard(o, DSAUTH_POLLING_GUARD_OFF), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_polling_guard(o, DSAUTH_POLLING_GUARD_ENFORCE), DSAUTH_RESULT_OK);

    /* Proxy: URL, none, environment. */
    CHECK_RESULT(dsauth_client_options_set_proxy_url(o, "http://proxy.example:3128", &err),
                 DSAUTH_RESULT_OK);
    CHECK(err == NULL);
    CHECK_RESULT(dsauth_client_options_set_proxy_url(o, "", &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "url"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_set_proxy_url(o, "http://pr\xffoxy", &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_set_proxy_url(o, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_from_environment(o), DSAUTH_RESULT_OK);

    /* Extra CA: bytes and file, each checked. */
    CHECK(pem != NULL && pem_len > 0);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(o, pem, pem_len, &err),
                 DSAUTH_RESULT_OK);
    CHECK(err == NULL);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(o, (const uint8_t *)"garbage", 7,
                                                          &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "CERTIFICATE"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(o, pem, 0, NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(o, NULL, 10, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(o, ca_file, &err), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(o, "/nonexistent/ca.pem", &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "/nonexistent/ca.pem"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(o, "/etc/hostname\xc3", &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(o, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_use_system_trust(o, true), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_use_system_trust(o, false), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_follow_discovered_hosts(o, true), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_follow_discovered_hosts(o, false), DSAUTH_RESULT_OK);

    /* Strings. */
    CHECK_RESULT(dsauth_client_options_set_account_id(o, ACCOUNT_ID, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_account_id(o, NULL, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_account_id(o, "1\xff", &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "account_id"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_set_user_agent(o, "my-app/1.0 dsauth", NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_user_agent(o, "evil\r\nX-Injected: 1", &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_set_user_agent(o, "", NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_user_agent(o, "\xc0", NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_client_options_set_user_agent(o, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_api_version(o, "v2", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_api_version(o, "v2.1", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_api_version(o, "v\xff", NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_client_options_set_api_version(o, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);

    /* NULL options for every setter. */
    CHECK_RESULT(dsauth_client_options_set_connect_timeout_ms(NULL, 1),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(NULL, 1), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_max_response_body(NULL, 1),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_proxy_url(NULL, "http://p:1", &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "options"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_options_set_proxy_none(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_proxy_from_environment(NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(NULL, pem, pem_len, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(NULL, ca_file, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_use_system_trust(NULL, true),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_follow_discovered_hosts(NULL, true),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_account_id(NULL, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_user_agent(NULL, "x", NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_polling_guard(NULL, DSAUTH_POLLING_GUARD_ENFORCE),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_rate_limit_max_wait_ms(NULL, 1),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_api_version(NULL, "v2", NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_options_set_token_renewal_margin_ms(NULL, 1),
                 DSAUTH_RESULT_NULL_ARGUMENT);

    /* Values refused early, by their setter (ClientOptions::validate); the
     * options keep their previous value. */
    {
        const dsauth_credentials *c = legacy_creds(ALICE_PASSWORD);
        dsauth_environment *env = NULL;
        const dsauth_client *client = NULL;
        dsauth_account *account = NULL;
        CHECK_RESULT(dsauth_environment_new_custom(http_url, NULL, &env, NULL),
                     DSAUTH_RESULT_OK);

        CHECK_RESULT(dsauth_client_options_set_api_version(o, "v3", &err),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK(contains(dsauth_error_message(err), "api_version"));
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_client_options_set_api_version(o, "", NULL),
                     DSAUTH_RESULT_INVALID_ARGUMENT);

        CHECK_RESULT(dsauth_client_options_set_account_id(o, SECOND_ACCOUNT_ID, NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_options_set_account_id(o, "12/34", &err),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK(contains(dsauth_error_message(err), "account_id"));
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_client_options_set_account_id(o, "", NULL),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        /* The id set before the refusals is still in force. */
        CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_new(env, c, o, &client, &err), DSAUTH_RESULT_OK);
        report("client with an account id", err);
        err = NULL;
        CHECK_RESULT(dsauth_client_account(client, &account, &err), DSAUTH_RESULT_OK);
        report("configured account", err);
        err = NULL;
        CHECK_STR(dsauth_account_id(account), SECOND_ACCOUNT_ID);
        dsauth_account_free(account);
        dsauth_client_free(client);
        client = NULL;
        CHECK_RESULT(dsauth_client_options_set_account_id(o, NULL, NULL), DSAUTH_RESULT_OK);

        CHECK_RESULT(dsauth_client_options_set_proxy_url(o, "http://user:pw@[bad", NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_new(env, c, o, &client, &err), DSAUTH_RESULT_INVALID_URL);
        /* The proxy's password never shows in the message. */
        CHECK(!contains(dsauth_error_message(err), "pw@"));
        dsauth_error_free(err);
        err = NULL;
        CHECK(client == NULL);

        /* The options are copied: freeing them does not affect a client. */
        CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_new(env, c, o, &client, &err), DSAUTH_RESULT_OK);
        dsauth_client_free(client);

        dsauth_environment_free(env);
        dsauth_credentials_free(c);
    }

    dsauth_client_options_free(o);
    dsauth_client_options_free(NULL);
    free(pem);
}

/* ---- requests ---------------------------------------------------------- */

static void test_requests(void) {
    dsauth_request *r = NULL;
    dsauth_error *err = NULL;
    unsigned method;
    static const uint8_t pdf[] = {'%', 'P', 'D', 'F', 0, 1, 2};

    for (method = DSAUTH_METHOD_GET; method <= DSAUTH_METHOD_DELETE; method++) {
        CHECK_RESULT(dsauth_request_new(method, "/envelopes", &r, NULL), DSAUTH_RESULT_OK);
        dsauth_request_free(r);
        r = NULL;
    }
    CHECK_RESULT(dsauth_request_new(6, "/envelopes", &r, &err), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "DSAUTH_METHOD_"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_request_new(0xFFFFFFFFu, "", &r, NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, NULL, &r, &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "path"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "/env\xffz", &r, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "", NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(r == NULL);

    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_POST, "/envelopes", &r, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_query(r, "from_date", "2024-01-01", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_query(r, NULL, "x", NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_add_query(r, "k", NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_add_query(r, "k\xff", "v", NULL), DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_request_add_query(NULL, "k", "v", NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_add_header(r, "X-Custom", "1", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_header(r, NULL, "1", NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_add_header(r, "X", NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_add_header(r, "X", "\xe2\x82", &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "value"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_request_add_header(NULL, "X", "1", NULL), DSAUTH_RESULT_NULL_ARGUMENT);

    CHECK_RESULT(dsauth_request_set_body(r, pdf, sizeof pdf, "application/pdf", NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_set_body(r, NULL, 0, "text/plain", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_set_body(r, NULL, 3, "text/plain", NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_set_body(r, pdf, sizeof pdf, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_set_body(r, pdf, sizeof pdf, "", NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_request_set_body(r, pdf, sizeof pdf, "text/plain\n", NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_request_set_body(r, pdf, sizeof pdf, "text/\xff", NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_request_set_body(NULL, pdf, sizeof pdf, "text/plain", NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);

    CHECK_RESULT(dsauth_request_set_json(r, "{\"status\":\"created\"}", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_set_json(r, "{\"status\":", &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "JSON"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_request_set_json(r, "\"\xff\"", NULL), DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_request_set_json(r, NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_request_set_json(NULL, "{}", NULL), DSAUTH_RESULT_NULL_ARGUMENT);

    dsauth_request_free(r);
    dsauth_request_free(NULL);
}

/* ---- the shared table of bad inputs (tests/bad_inputs.txt) ------------ */

/* The DSAUTH_RESULT_* of a kind name used in the table. */
static dsauth_result result_of_kind(const char *kind) {
    static const struct {
        const char *name;
        dsauth_result result;
    } kinds[] = {
        {"invalid_argument", DSAUTH_RESULT_INVALID_ARGUMENT},
        {"invalid_url", DSAUTH_RESULT_INVALID_URL},
        {"insecure_url", DSAUTH_RESULT_INSECURE_URL},
    };
    size_t i;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].name, kind) == 0) {
            return kinds[i].result;
        }
    }
    fprintf(stderr, "bad_inputs.txt: unknown kind \"%s\"\n", kind);
    return DSAUTH_RESULT_OK;
}

/* Undoes the table's escapes (\n \r \t \\) in place; returns the length. */
static size_t unescape(char *s) {
    char *out = s;
    const char *in = s;
    while (*in != '\0') {
        if (*in == '\\' && in[1] != '\0') {
            in++;
            *out++ = *in == 'n' ? '\n' : *in == 'r' ? '\r' : *in == 't' ? '\t' : *in;
            in++;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

/* The C face's answer to `value` (`len` bytes) for `setting`: the result
 * of the setter, or, when the setter accepts it, of dsauth_client_new. */
static dsauth_result try_bad_input(const char *setting, const char *value, size_t len) {
    dsauth_client_options *o = NULL;
    unsigned long long n = strtoull(value, NULL, 10);
    dsauth_result r;
    if (strcmp(setting, "base_url") == 0) {
        dsauth_environment *env = NULL;
        r = dsauth_environment_new_custom(value, NULL, &env, NULL);
        dsauth_environment_free(env);
        return r;
    }
    if (strcmp(setting, "content_type") == 0) {
        dsauth_request *request = NULL;
        CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_POST, "/envelopes", &request, NULL),
                     DSAUTH_RESULT_OK);
        r = dsauth_request_set_body(request, (const uint8_t *)"x", 1, value, NULL);
        dsauth_request_free(request);
        return r;
    }
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    if (strcmp(setting, "timeout_ms") == 0) {
        r = dsauth_client_options_set_timeout_ms(o, n);
    } else if (strcmp(setting, "connect_timeout_ms") == 0) {
        r = dsauth_client_options_set_connect_timeout_ms(o, n);
    } else if (strcmp(setting, "rate_limit_max_wait_ms") == 0) {
        r = dsauth_client_options_set_rate_limit_max_wait_ms(o, n);
    } else if (strcmp(setting, "max_response_body") == 0) {
        r = dsauth_client_options_set_max_response_body(o, n);
    } else if (strcmp(setting, "user_agent") == 0) {
        r = dsauth_client_options_set_user_agent(o, value, NULL);
    } else if (strcmp(setting, "proxy") == 0) {
        r = dsauth_client_options_set_proxy_url(o, value, NULL);
    } else if (strcmp(setting, "extra_ca_pem") == 0) {
        r = dsauth_client_options_add_trusted_ca_pem(o, (const uint8_t *)value, len, NULL);
    } else if (strcmp(setting, "account_id") == 0) {
        r = dsauth_client_options_set_account_id(o, value, NULL);
    } else if (strcmp(setting, "api_version") == 0) {
        r = dsauth_client_options_set_api_version(o, value, NULL);
    } else {
        fprintf(stderr, "bad_inputs.txt: unknown setting \"%s\"\n", setting);
        r = DSAUTH_RESULT_PANIC;
    }
    if (r == DSAUTH_RESULT_OK) {
        /* Accepted by its setter: building the client checks the rest. */
        dsauth_environment *env = NULL;
        const dsauth_credentials *creds = legacy_creds(ALICE_PASSWORD);
        const dsauth_client *client = NULL;
        CHECK_RESULT(dsauth_environment_new_demo(&env), DSAUTH_RESULT_OK);
        r = dsauth_client_new(env, creds, o, &client, NULL);
        dsauth_client_free(client);
        dsauth_credentials_free(creds);
        dsauth_environment_free(env);
    }
    dsauth_client_options_free(o);
    return r;
}

/* Every case of tests/bad_inputs.txt (DSAUTH_BAD_INPUTS overrides the
 * path) is refused with its kind; the Python face reads the same table. */
static void test_bad_inputs(void) {
    const char *path = getenv("DSAUTH_BAD_INPUTS");
    char line[1024], shown[1024];
    unsigned cases = 0;
    FILE *f = fopen(path != NULL ? path : "tests/bad_inputs.txt", "r");
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *value, *kind;
        dsauth_result got, want;
        size_t len;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        value = strchr(line, '\t');
        kind = value != NULL ? strchr(value + 1, '\t') : NULL;
        CHECK(kind != NULL);
        if (kind == NULL) {
            continue;
        }
        *value++ = '\0';
        *kind++ = '\0';
        snprintf(shown, sizeof shown, "%s", value);
        len = unescape(value);
        got = try_bad_input(line, value, len);
        want = result_of_kind(kind);
        if (got != want) {
            fprintf(stderr, "bad input %s \"%s\": expected %s\n", line, shown, kind);
        }
        CHECK_RESULT(got, want);
        cases++;
    }
    fclose(f);
    CHECK(cases >= 20);
}

/* ---- a full call over http --------------------------------------------- */

static void check_account(const dsauth_account *a, const char *id, const char *rest_base) {
    CHECK_STR(dsauth_account_id(a), id);
    CHECK_STR(dsauth_account_name(a), ACCOUNT_NAME);
    CHECK_STR(dsauth_account_rest_base(a), rest_base);
    CHECK(dsauth_account_is_default(a));
}

static void test_full_call(void) {
    const dsauth_client *client = alice_http();
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_request *post = NULL;
    dsauth_error *err = NULL;
    char expected[512];

    /* Discovery. */
    CHECK_RESULT(dsauth_client_account(client, &account, &err), DSAUTH_RESULT_OK);
    report("account", err);
    err = NULL;
    snprintf(expected, sizeof expected, "%s/restapi", http_url);
    check_account(account, ACCOUNT_ID, expected);
    dsauth_account_free(account);
    account = NULL;

    /* GET the account. */
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_OK);
    report("GET account", err);
    err = NULL;
    CHECK(dsauth_response_status(r) == 200);
    CHECK(contains(body_text(r), ACCOUNT_ID));
    snprintf(expected, sizeof expected, "%s/restapi/v2.1/accounts/%s", http_url, ACCOUNT_ID);
    CHECK_STR(dsauth_response_url(r), expected);
    CHECK(dsauth_response_trace_token(r) != NULL && dsauth_response_trace_token(r)[0] != '\0');
    {
        const char *value = NULL;
        const char *name = NULL;
        size_t i, count = dsauth_response_header_count(r);
        bool found_trace = false;
        CHECK_RESULT(dsauth_response_header(r, "content-type", &value), DSAUTH_RESULT_OK);
        CHECK(contains(value, "application/json"));
        CHECK_RESULT(dsauth_response_header(r, "X-DOCUSIGN-TRACETOKEN", &value),
                     DSAUTH_RESULT_OK);
        CHECK_STR(value, dsauth_response_trace_token(r));
        CHECK_RESULT(dsauth_response_header(r, "X-Not-There", &value), DSAUTH_RESULT_OK);
        CHECK(value == NULL);
        CHECK(count >= 7);
        for (i = 0; i < count; i++) {
            name = NULL;
            value = NULL;
            CHECK_RESULT(dsauth_response_header_at(r, i, &name, &value), DSAUTH_RESULT_OK);
            CHECK(name != NULL && value != NULL);
            if (name != NULL && strcmp(name, "x-docusign-tracetoken") == 0) {
                found_trace = true;
                CHECK_STR(value, dsauth_response_trace_token(r));
            }
        }
        CHECK(found_trace);
        name = "untouched";
        CHECK_RESULT(dsauth_response_header_at(r, count, &name, &value),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK_STR(name, "untouched");
    }
    {
        dsauth_rate_limit rl;
        memset(&rl, 0xAB, sizeof rl);
        CHECK_RESULT(dsauth_response_rate_limit(r, &rl), DSAUTH_RESULT_OK);
        CHECK(rl.has_limit && rl.limit == 100000);
        CHECK(rl.has_remaining && rl.remaining < rl.limit);
        CHECK(rl.has_reset_at && rl.reset_at > 1700000000u);
        CHECK(rl.has_burst_limit && rl.burst_limit == 10000);
        CHECK(rl.has_burst_remaining && rl.burst_remaining < rl.burst_limit);
    }
    dsauth_response_free(r);
    r = NULL;

    /* POST /envelopes with a JSON body. */
    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_POST, "/envelopes", &post, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_set_json(
                     post, "{\"emailSubject\":\"Please sign \\u00e9\",\"status\":\"sent\"}", NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_add_header(post, "X-Request-Id", "c-test-1", NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_send(client, post, &r, &err), DSAUTH_RESULT_OK);
    report("POST envelopes", err);
    err = NULL;
    CHECK(dsauth_response_status(r) == 201);
    CHECK(contains(body_text(r), "\"envelopeId\""));
    CHECK(contains(body_text(r), "\"sent\""));
    dsauth_response_free(r);
    r = NULL;
    dsauth_request_free(post);

    /* A JSON body DocuSign refuses: an API error with the detail. */
    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_POST, "/envelopes", &post, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_request_set_json(post, "{\"status\":\"bogus\"}", NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_send(client, post, &r, &err), DSAUTH_RESULT_API);
    CHECK(r == NULL);
    CHECK(dsauth_error_status(err) == 400);
    CHECK(dsauth_error_code(err) != NULL);
    CHECK(dsauth_error_trace_token(err) != NULL);
    dsauth_error_free(err);
    err = NULL;
    dsauth_request_free(post);

    /* Query parameters (encoded) on a GET of the envelope list. */
    {
        dsauth_request *list = NULL;
        CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "/envelopes", &list, NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_request_add_query(list, "from_date", "2020-01-01T00:00:00+00:00",
                                              NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_request_add_query(list, "envelope_ids", ENVELOPE_ID, NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_send(client, list, &r, &err), DSAUTH_RESULT_OK);
        report("GET envelopes", err);
        err = NULL;
        CHECK(dsauth_response_status(r) == 200);
        CHECK(contains(body_text(r), ENVELOPE_ID));
        CHECK(contains(body_text(r), "\"resultSetSize\":\"1\"") ||
              contains(body_text(r), "\"resultSetSize\": \"1\""));
        dsauth_response_free(r);
        r = NULL;
        /* The same list query again within 15 minutes: the polling guard. */
        CHECK_RESULT(dsauth_client_send(client, list, &r, &err), DSAUTH_RESULT_POLLING_TOO_SOON);
        CHECK(r == NULL);
        CHECK(contains(dsauth_error_message(err), "15 minutes"));
        dsauth_error_free(err);
        err = NULL;
        dsauth_request_free(list);
    }

    /* One envelope: GET works once, then the polling guard refuses. */
    snprintf(expected, sizeof expected, "/envelopes/%s", ENVELOPE_ID);
    CHECK_RESULT(dsauth_client_get(client, expected, &r, &err), DSAUTH_RESULT_OK);
    report("GET envelope", err);
    err = NULL;
    CHECK(contains(body_text(r), ENVELOPE_ID));
    dsauth_response_free(r);
    r = NULL;
    CHECK_RESULT(dsauth_client_get(client, expected, &r, &err), DSAUTH_RESULT_POLLING_TOO_SOON);
    dsauth_error_free(err);
    err = NULL;

    /* A HEAD: the stand-in, like DocuSign, has no HEAD on the account and
     * answers 405 without a DocuSign error body. */
    {
        dsauth_request *head = NULL;
        CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_HEAD, "", &head, NULL), DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_send(client, head, &r, &err), DSAUTH_RESULT_HTTP_STATUS);
        CHECK(r == NULL);
        CHECK(dsauth_error_status(err) == 405);
        CHECK(dsauth_error_trace_token(err) != NULL);
        dsauth_error_free(err);
        err = NULL;
        dsauth_request_free(head);
    }

    /* Paths the client refuses before sending anything. */
    CHECK_RESULT(dsauth_client_get(client, "/envelopes?x=1", &r, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "path"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_get(client, "https://evil.example/restapi", &r, NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    {
        dsauth_request *bad = NULL;
        CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "", &bad, NULL), DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_request_add_header(bad, "Authorization", "Bearer x", NULL),
                     DSAUTH_RESULT_OK);
        CHECK_RESULT(dsauth_client_send(client, bad, &r, &err), DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK(contains(dsauth_error_message(err), "Authorization"));
        dsauth_error_free(err);
        err = NULL;
        dsauth_request_free(bad);
    }
    CHECK(r == NULL);

    dsauth_client_free(client);
}

/* ---- https ------------------------------------------------------------- */

static void test_https(void) {
    const dsauth_credentials *c = legacy_creds(ALICE_PASSWORD);
    dsauth_client_options *with_ca = mock_options(true);
    dsauth_client_options *without_ca = mock_options(false);
    const dsauth_client *client = client_at(https_url, c, with_ca);
    const dsauth_client *untrusting = client_at(https_url, c, without_ca);
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    char expected[512];

    CHECK_RESULT(dsauth_client_account(client, &account, &err), DSAUTH_RESULT_OK);
    report("https account", err);
    err = NULL;
    snprintf(expected, sizeof expected, "%s/restapi", https_url);
    check_account(account, ACCOUNT_ID, expected);
    dsauth_account_free(account);

    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_OK);
    report("https GET", err);
    err = NULL;
    CHECK(dsauth_response_status(r) == 200);
    CHECK(contains(dsauth_response_url(r), "https://"));
    dsauth_response_free(r);
    r = NULL;

    /* Without the stand-in's CA, the certificate is refused. */
    CHECK_RESULT(dsauth_client_get(untrusting, "", &r, &err), DSAUTH_RESULT_TLS);
    CHECK(r == NULL);
    CHECK(dsauth_error_status(err) == 0);
    CHECK(contains(dsauth_error_message(err), https_url));
    dsauth_error_free(err);

    /* The CA as bytes works as well as the file. */
    {
        size_t len = 0;
        uint8_t *pem = read_file(ca_file, &len);
        dsauth_client_options *o = mock_options(false);
        const dsauth_client *bytes_client;
        CHECK_RESULT(dsauth_client_options_add_trusted_ca_pem(o, pem, len, NULL),
                     DSAUTH_RESULT_OK);
        bytes_client = client_at(https_url, c, o);
        CHECK_RESULT(dsauth_client_get(bytes_client, "", &r, NULL), DSAUTH_RESULT_OK);
        CHECK(dsauth_response_status(r) == 200);
        dsauth_response_free(r);
        dsauth_client_free(bytes_client);
        dsauth_client_options_free(o);
        free(pem);
    }

    dsauth_client_free(client);
    dsauth_client_free(untrusting);
    dsauth_client_options_free(with_ca);
    dsauth_client_options_free(without_ca);
    dsauth_credentials_free(c);
}

/* ---- errors ------------------------------------------------------------ */

static void test_api_error(void) {
    const dsauth_credentials *c = legacy_creds("Wrong-Passw0rd!");
    dsauth_client_options *o = mock_options(false);
    const dsauth_client *client = client_at(http_url, c, o);
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;

    CHECK_RESULT(dsauth_client_account(client, &account, &err),
                 DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK(account == NULL);
    CHECK_RESULT(dsauth_error_result(err), DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK_STR(dsauth_error_code(err), "USER_AUTHENTICATION_FAILED");
    CHECK(dsauth_error_status(err) == 401);
    CHECK(dsauth_error_trace_token(err) != NULL && dsauth_error_trace_token(err)[0] != '\0');
    CHECK(contains(dsauth_error_hint(err), "password"));
    CHECK(contains(dsauth_error_message(err), "One or both of Username and Password"));
    CHECK(contains(dsauth_error_message(err), dsauth_error_trace_token(err)));
    CHECK(!contains(dsauth_error_message(err), "Wrong-Passw0rd"));
    CHECK(dsauth_error_reset_at(err) == 0);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_NONE);
    CHECK_STR(dsauth_error_consent_url(err), NULL);
    dsauth_error_free(err);
    err = NULL;

    /* The same through a call that needs the account. */
    CHECK_RESULT(dsauth_client_get(client, "/envelopes/x", &r, &err),
                 DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK(r == NULL);
    CHECK_STR(dsauth_error_code(err), "USER_AUTHENTICATION_FAILED");
    dsauth_error_free(err);
    err = NULL;
    /* error_out may be NULL: only the result. */
    CHECK_RESULT(dsauth_client_get(client, "", &r, NULL), DSAUTH_RESULT_AUTHENTICATION_FAILED);

    dsauth_client_free(client);
    dsauth_client_options_free(o);
    dsauth_credentials_free(c);

    /* An unknown integrator key. */
    {
        const dsauth_credentials *k = NULL;
        dsauth_client_options *opts = mock_options(false);
        const dsauth_client *unknown;
        CHECK_RESULT(dsauth_credentials_new_legacy("00000000-0000-0000-0000-000000000000", ALICE,
                                                   ALICE_PASSWORD, NULL, &k, NULL),
                     DSAUTH_RESULT_OK);
        unknown = client_at(http_url, k, opts);
        CHECK_RESULT(dsauth_client_get(unknown, "", &r, &err),
                     DSAUTH_RESULT_AUTHENTICATION_FAILED);
        CHECK_STR(dsauth_error_code(err), "PARTNER_AUTHENTICATION_FAILED");
        CHECK(dsauth_error_status(err) == 401);
        CHECK(dsauth_error_hint(err) != NULL);
        dsauth_error_free(err);
        dsauth_client_free(unknown);
        dsauth_client_options_free(opts);
        dsauth_credentials_free(k);
    }
}

static void test_transport_error(void) {
    char url[64];
    const dsauth_credentials *c = legacy_creds(ALICE_PASSWORD);
    dsauth_client_options *o = mock_options(false);
    const dsauth_client *client;
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    unsigned port = closed_port();

    CHECK(port != 0);
    snprintf(url, sizeof url, "http://127.0.0.1:%u", port);
    client = client_at(url, c, o);
    CHECK_RESULT(dsauth_client_account(client, &account, &err), DSAUTH_RESULT_CONNECT);
    CHECK(account == NULL);
    CHECK_RESULT(dsauth_error_result(err), DSAUTH_RESULT_CONNECT);
    CHECK(contains(dsauth_error_message(err), url));
    CHECK(dsauth_error_status(err) == 0);
    CHECK_STR(dsauth_error_code(err), NULL);
    CHECK_STR(dsauth_error_trace_token(err), NULL);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_CONNECT);
    CHECK(r == NULL);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_DSAPI, "Ping", PING, &r,
                                         &err),
                 DSAUTH_RESULT_CONNECT);
    dsauth_error_free(err);

    dsauth_client_free(client);
    dsauth_client_options_free(o);
    dsauth_credentials_free(c);
}

/* ---- SOAP -------------------------------------------------------------- */

static void test_soap(void) {
    const dsauth_client *client = alice_http();
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    unsigned endpoints[] = {DSAUTH_SOAP_ENDPOINT_API, DSAUTH_SOAP_ENDPOINT_DSAPI};
    size_t i;

    for (i = 0; i < 2; i++) {
        CHECK_RESULT(dsauth_client_soap_call(client, endpoints[i], "Ping", PING, &r, &err),
                     DSAUTH_RESULT_OK);
        report("SOAP Ping", err);
        err = NULL;
        CHECK(dsauth_response_status(r) == 200);
        CHECK(contains(body_text(r), "PingResult>true<"));
        CHECK(contains(dsauth_response_url(r), i == 0 ? "/api/3.0/api.asmx"
                                                      : "/api/3.0/dsapi.asmx"));
        dsauth_response_free(r);
        r = NULL;
    }

    /* RequestStatus of the fixture envelope. */
    {
        char body[256];
        snprintf(body, sizeof body,
                 "<RequestStatus xmlns=\"http://www.docusign.net/API/3.0\">"
                 "<EnvelopeID>%s</EnvelopeID></RequestStatus>",
                 ENVELOPE_ID);
        CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_DSAPI, "RequestStatus",
                                             body, &r, &err),
                     DSAUTH_RESULT_OK);
        report("SOAP RequestStatus", err);
        err = NULL;
        CHECK(contains(body_text(r), ENVELOPE_ID));
        dsauth_response_free(r);
        r = NULL;
    }

    /* Arguments refused before sending. */
    CHECK_RESULT(dsauth_client_soap_call(client, 3, "Ping", PING, &r, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "DSAUTH_SOAP_ENDPOINT_"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Pi\"ng", PING, &r,
                                         NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Ping", "<Ping>", &r,
                                         NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Ping\xff", PING, &r,
                                         NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Ping", "<a>\xff</a>",
                                         &r, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_client_soap_call(NULL, DSAUTH_SOAP_ENDPOINT_API, "Ping", PING, &r, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, NULL, PING, &r, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Ping", NULL, &r,
                                         NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_soap_call(client, DSAUTH_SOAP_ENDPOINT_API, "Ping", PING, NULL,
                                         NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(r == NULL);
    dsauth_client_free(client);

    /* A wrong password is a SOAP fault. */
    {
        const dsauth_credentials *c = legacy_creds("Wrong-Passw0rd!");
        dsauth_client_options *o = mock_options(false);
        const dsauth_client *wrong = client_at(http_url, c, o);
        CHECK_RESULT(dsauth_client_soap_call(wrong, DSAUTH_SOAP_ENDPOINT_API, "Ping", PING, &r,
                                             &err),
                     DSAUTH_RESULT_SOAP_FAULT);
        CHECK(dsauth_error_status(err) == 500);
        CHECK(contains(dsauth_error_code(err), "Client"));
        CHECK(contains(dsauth_error_message(err), "USER_AUTHENTICATION_FAILED"));
        CHECK(dsauth_error_trace_token(err) != NULL);
        dsauth_error_free(err);
        err = NULL;
        dsauth_client_free(wrong);
        dsauth_client_options_free(o);
        dsauth_credentials_free(c);
    }

    /* SOAP needs legacy credentials. */
    {
        const dsauth_credentials *t = NULL;
        const dsauth_client *bearer;
        CHECK_RESULT(dsauth_credentials_new_token("dsm_at_not_a_real_token", &t, NULL),
                     DSAUTH_RESULT_OK);
        bearer = client_at(http_url, t, NULL);
        CHECK_RESULT(dsauth_client_soap_call(bearer, DSAUTH_SOAP_ENDPOINT_API, "Ping", PING, &r,
                                             &err),
                     DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
        dsauth_error_free(err);
        dsauth_client_free(bearer);
        dsauth_credentials_free(t);
    }
}

/* ---- NULL and invalid arguments of the client, response, account ------- */

static void test_client_arguments(void) {
    const dsauth_credentials *c = legacy_creds(ALICE_PASSWORD);
    dsauth_environment *env = NULL;
    const dsauth_client *client = NULL;
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_request *req = NULL;
    dsauth_error *err = NULL;

    CHECK_RESULT(dsauth_environment_new_custom(http_url, NULL, &env, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_new(NULL, c, NULL, &client, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "environment"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_new(env, NULL, NULL, &client, &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "credentials"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_new(env, c, NULL, NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(client == NULL);
    /* NULL options: the defaults. */
    CHECK_RESULT(dsauth_client_new(env, c, NULL, &client, &err), DSAUTH_RESULT_OK);
    dsauth_environment_free(env);
    dsauth_credentials_free(c);

    /* Clone and free: the clone is the same handle; either may go first. */
    {
        const dsauth_client *second = dsauth_client_clone(client);
        CHECK(second == client);
        dsauth_client_free(client);
        client = second;
        CHECK(dsauth_client_clone(NULL) == NULL);
        dsauth_client_free(NULL);
    }

    CHECK_RESULT(dsauth_client_account(NULL, &account, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "client"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_account(client, NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);

    CHECK_RESULT(dsauth_client_get(NULL, "", &r, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_get(client, NULL, &r, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_get(client, "", NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_get(client, "/envelopes/\xe9", &r, &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "path"));
    dsauth_error_free(err);
    err = NULL;

    CHECK_RESULT(dsauth_request_new(DSAUTH_METHOD_GET, "", &req, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_send(NULL, req, &r, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_send(client, NULL, &r, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "request"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_client_send(client, req, NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(r == NULL);

    /* Response accessors with NULL. */
    CHECK_RESULT(dsauth_client_send(client, req, &r, &err), DSAUTH_RESULT_OK);
    report("send", err);
    err = NULL;
    {
        const uint8_t *data = (const uint8_t *)"x";
        size_t len = 42;
        const char *text = "untouched";
        const char *value = "untouched";
        dsauth_rate_limit rl;
        memset(&rl, 0x5A, sizeof rl);

        CHECK(dsauth_response_status(NULL) == 0);
        CHECK_RESULT(dsauth_response_body(NULL, &data, &len), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_body(r, NULL, &len), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_body(r, &data, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK(len == 42 && data[0] == 'x');
        CHECK_RESULT(dsauth_response_header(NULL, "a", &value), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header(r, NULL, &value), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header(r, "a", NULL), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header(r, "content-type\xff", &value),
                     DSAUTH_RESULT_INVALID_UTF8);
        CHECK_STR(value, "untouched");
        CHECK(dsauth_response_header_count(NULL) == 0);
        CHECK_RESULT(dsauth_response_header_at(NULL, 0, &text, &value),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header_at(r, 0, NULL, &value), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header_at(r, 0, &text, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_header_at(r, (size_t)-1, &text, &value),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK_STR(text, "untouched");
        CHECK_STR(dsauth_response_trace_token(NULL), NULL);
        CHECK_STR(dsauth_response_url(NULL), NULL);
        CHECK_RESULT(dsauth_response_rate_limit(NULL, &rl), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_response_rate_limit(r, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK(rl.limit == 0x5A5A5A5A5A5A5A5Aull);
        dsauth_response_free(NULL);
    }
    dsauth_response_free(r);
    dsauth_request_free(req);

    /* Account accessors with NULL. */
    CHECK_STR(dsauth_account_id(NULL), NULL);
    CHECK_STR(dsauth_account_name(NULL), NULL);
    CHECK_STR(dsauth_account_rest_base(NULL), NULL);
    CHECK(!dsauth_account_is_default(NULL));
    dsauth_account_free(NULL);

    /* Responses and accounts outlive the client. */
    CHECK_RESULT(dsauth_client_account(client, &account, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_get(client, "", &r, NULL), DSAUTH_RESULT_OK);
    dsauth_client_free(client);
    CHECK_STR(dsauth_account_id(account), ACCOUNT_ID);
    CHECK(contains(body_text(r), ACCOUNT_ID));
    dsauth_account_free(account);
    dsauth_response_free(r);
}

/* ---- JWT grant --------------------------------------------------------- */

static void test_jwt(void) {
    const char *key_file = getenv("DSAUTH_JWT_KEY_FILE");
    size_t len = 0;
    uint8_t *pem;
    const dsauth_credentials *c = NULL;
    dsauth_client_options *o = mock_options(false);
    const dsauth_client *client;
    dsauth_account *account = NULL;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    char expected[512];

    if (key_file == NULL) {
        key_file = "mock/fixtures/jwt_private_pkcs1.pem";
    }
    pem = read_file(key_file, &len);
    CHECK(pem != NULL);
    if (pem == NULL) {
        fprintf(stderr, "cannot read %s\n", key_file);
        dsauth_client_options_free(o);
        return;
    }

    /* Argument checks. */
    CHECK_RESULT(dsauth_credentials_new_jwt(NULL, ALICE_USER_ID, pem, len, NULL, NULL, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, NULL, pem, len, NULL, NULL, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, NULL, len, NULL, NULL, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len, NULL, NULL, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, "\xff", pem, len, NULL, NULL, &c, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len, "signature\xff", NULL,
                                            &c, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, "", pem, len, NULL, NULL, &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_USER_ID);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, (const uint8_t *)"garbage", 7,
                                            NULL, NULL, &c, &err),
                 DSAUTH_RESULT_INVALID_PRIVATE_KEY);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len / 2, NULL, NULL, &c,
                                            NULL),
                 DSAUTH_RESULT_INVALID_PRIVATE_KEY);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len, "signature", NULL, &c,
                                            &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "impersonation"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len, NULL, "/callback", &c,
                                            &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "redirect_uri"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len, NULL,
                                            "https://app.example/call back", &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_REDIRECT_URI);
    dsauth_error_free(err);
    err = NULL;
    CHECK(c == NULL);

    /* Alice has consented: a JWT-authenticated call through userinfo
     * discovery. */
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, ALICE_USER_ID, pem, len,
                                            "signature impersonation", REDIRECT_URI, &c, &err),
                 DSAUTH_RESULT_OK);
    report("new_jwt", err);
    err = NULL;
    /* A JWT grant renders no header by itself: the client gets tokens. */
    {
        size_t n = 7;
        CHECK_RESULT(
            dsauth_credentials_render_header(c, DSAUTH_HEADER_FORMAT_BEARER, NULL, 0, &n),
            DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    }
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_account(client, &account, &err), DSAUTH_RESULT_OK);
    report("JWT account", err);
    err = NULL;
    snprintf(expected, sizeof expected, "%s/restapi", http_url);
    check_account(account, ACCOUNT_GUID, expected);
    dsauth_account_free(account);
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_OK);
    report("JWT GET", err);
    err = NULL;
    CHECK(dsauth_response_status(r) == 200);
    CHECK(contains(body_text(r), ACCOUNT_NAME));
    dsauth_response_free(r);
    r = NULL;

    /* The access token the client obtained, through the buffer protocol. */
    {
        char token[512];
        char small[8] = "ZZZZZZZ";
        size_t n = 0, needed = 0;
        const dsauth_credentials *ready = NULL;
        const dsauth_client *bearer;

        CHECK_RESULT(dsauth_client_access_token(client, NULL, 0, &needed, NULL),
                     DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK(needed > 7 && needed < sizeof token);
        CHECK_RESULT(dsauth_client_access_token(client, small, sizeof small, &n, &err),
                     DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK(n == needed && strcmp(small, "ZZZZZZZ") == 0);
        CHECK(contains(dsauth_error_message(err), "buffer"));
        dsauth_error_free(err);
        err = NULL;
        memset(token, 'Z', sizeof token);
        CHECK_RESULT(dsauth_client_access_token(client, token, needed, &n, NULL),
                     DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK(token[0] == 'Z');
        CHECK_RESULT(dsauth_client_access_token(client, token, needed + 1, &n, &err),
                     DSAUTH_RESULT_OK);
        report("access token", err);
        err = NULL;
        CHECK(n == needed && strlen(token) == n);
        CHECK(strncmp(token, "dsm_at_", 7) == 0);
        CHECK_RESULT(dsauth_client_access_token(NULL, token, sizeof token, &n, NULL),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_client_access_token(client, token, sizeof token, NULL, NULL),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_client_access_token(client, NULL, 5, &n, NULL),
                     DSAUTH_RESULT_NULL_ARGUMENT);

        /* The token works as ready-made credentials elsewhere. */
        CHECK_RESULT(dsauth_credentials_new_token(token, &ready, NULL), DSAUTH_RESULT_OK);
        memset(token, 0, sizeof token);
        bearer = client_at(http_url, ready, o);
        CHECK_RESULT(dsauth_client_get(bearer, "", &r, &err), DSAUTH_RESULT_OK);
        report("bearer GET", err);
        err = NULL;
        CHECK(dsauth_response_status(r) == 200);
        dsauth_response_free(r);
        r = NULL;
        /* A ready token has no grant to run. */
        CHECK_RESULT(dsauth_client_access_token(bearer, token, sizeof token, &n, &err),
                     DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
        dsauth_error_free(err);
        err = NULL;
        dsauth_client_free(bearer);
        dsauth_credentials_free(ready);
    }

    dsauth_client_free(client);
    dsauth_credentials_free(c);
    c = NULL;

    /* Bob has not consented: consent_required with the URL to open. */
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, BOB_USER_ID, pem, len, NULL, REDIRECT_URI, &c,
                                            NULL),
                 DSAUTH_RESULT_OK);
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_CONSENT_REQUIRED);
    CHECK(r == NULL);
    CHECK_STR(dsauth_error_code(err), "consent_required");
    CHECK(dsauth_error_status(err) == 400);
    CHECK(contains(dsauth_error_consent_url(err), "/oauth/auth?"));
    CHECK(contains(dsauth_error_consent_url(err), IK));
    dsauth_error_free(err);
    dsauth_client_free(client);
    dsauth_credentials_free(c);

    dsauth_client_options_free(o);
    free(pem);
}

/* ---- one client shared by threads -------------------------------------- */

#define THREADS 4
#define CALLS 50

struct worker_ctx {
    const dsauth_client *client;
    int index;
    long bad;
};

/*
 * Each thread alternates a successful GET with a failure of its own kind,
 * and checks that the error it reads is its own:
 *   0: DocuSign's 404 ENVELOPE_DOES_NOT_EXIST (a distinct envelope each time)
 *   1: the polling guard (the same envelope twice)
 *   2: a path the client refuses (INVALID_ARGUMENT)
 *   3: a path that is not UTF-8 (INVALID_UTF8)
 */
static void *worker(void *arg) {
    struct worker_ctx *ctx = arg;
    const dsauth_client *client = dsauth_client_clone(ctx->client);
    int i;
    for (i = 0; i < CALLS; i++) {
        dsauth_response *r = NULL;
        dsauth_error *err = NULL;
        dsauth_rate_limit rl;
        char path[128];
        dsauth_result expected;
        dsauth_result got;

        if (i % 2 == 0) {
            got = dsauth_client_get(client, "", &r, &err);
            if (got != DSAUTH_RESULT_OK || dsauth_response_status(r) != 200 ||
                !contains(body_text(r), ACCOUNT_ID) ||
                dsauth_response_rate_limit(r, &rl) != DSAUTH_RESULT_OK || !rl.has_remaining) {
                ctx->bad++;
                report("thread GET", err);
            }
            dsauth_response_free(r);
            continue;
        }
        switch (ctx->index) {
        case 0:
            snprintf(path, sizeof path, "/envelopes/00000000-0000-0000-%04d-%012d", ctx->index,
                     i);
            expected = DSAUTH_RESULT_API;
            break;
        case 1:
            snprintf(path, sizeof path, "/envelopes/11111111-0000-0000-0000-%012d", i / 4);
            expected = i % 4 == 1 ? DSAUTH_RESULT_API : DSAUTH_RESULT_POLLING_TOO_SOON;
            break;
        case 2:
            snprintf(path, sizeof path, "/envelopes/with space %d", i);
            expected = DSAUTH_RESULT_INVALID_ARGUMENT;
            break;
        default:
            snprintf(path, sizeof path, "/envelopes/\xff%d", i);
            expected = DSAUTH_RESULT_INVALID_UTF8;
            break;
        }
        got = dsauth_client_get(client, path, &r, &err);
        if (got != expected || r != NULL || dsauth_error_result(err) != expected) {
            ctx->bad++;
            fprintf(stderr, "thread %d call %d: %s\n", ctx->index, i,
                    err ? dsauth_error_message(err) : dsauth_result_str(got));
        } else if (expected == DSAUTH_RESULT_API &&
                   (dsauth_error_status(err) != 404 ||
                    strcmp(dsauth_error_code(err), "ENVELOPE_DOES_NOT_EXIST") != 0 ||
                    dsauth_error_trace_token(err) == NULL)) {
            ctx->bad++;
        } else if (expected == DSAUTH_RESULT_POLLING_TOO_SOON &&
                   !contains(dsauth_error_message(err), "15 minutes")) {
            ctx->bad++;
        } else if (expected == DSAUTH_RESULT_INVALID_ARGUMENT &&
                   !contains(dsauth_error_message(err), "path")) {
            ctx->bad++;
        }
        dsauth_error_free(err);
    }
    dsauth_client_free(client);
    return NULL;
}

static void test_threads(void) {
    const dsauth_client *client = alice_http();
    pthread_t threads[THREADS];
    struct worker_ctx ctx[THREADS];
    int i;

    for (i = 0; i < THREADS; i++) {
        ctx[i].client = client;
        ctx[i].index = i;
        ctx[i].bad = 0;
        CHECK(pthread_create(&threads[i], NULL, worker, &ctx[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(ctx[i].bad == 0);
        if (ctx[i].bad != 0) {
            fprintf(stderr, "thread %d: %ld bad calls\n", i, ctx[i].bad);
        }
    }
    dsauth_client_free(client);
}

int main(void) {
    http_url = getenv("DSAUTH_MOCK_HTTP");
    https_url = getenv("DSAUTH_MOCK_HTTPS");
    ca_file = getenv("DSAUTH_CA_FILE");
    if (http_url == NULL || https_url == NULL || ca_file == NULL) {
        fprintf(stderr, "run this under `dsauth-mock run` (DSAUTH_MOCK_HTTP, "
                        "DSAUTH_MOCK_HTTPS and DSAUTH_CA_FILE are not set)\n");
        return 2;
    }

    test_options();
    test_requests();
    test_bad_inputs();
    test_full_call();
    test_https();
    test_api_error();
    test_transport_error();
    test_soap();
    test_client_arguments();
    test_jwt();
    test_threads();

    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
