/*
 * C tests of the dsauth C ABI (include/dsauth.h).
 *
 * Every exported function is called with good input, with NULL for every
 * pointer, invalid UTF-8, empty strings, 1 MiB strings, too-small buffers,
 * size queries and unknown enum values; renderings are compared with golden
 * strings; everything is freed (the Makefile runs this under valgrind and,
 * in a second build, AddressSanitizer + UBSan).
 *
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "dsauth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- sample data and golden renderings --------------------------------- */

static const char *const IK = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10";
static const char *const USER = "jos\xc3\xa9@example.com"; /* é */
static const char *const PASSWORD = "p\"a\\ss<w>&'rd";
static const char *const SOBO = "boss@example.com";
static const char *const TOKEN = "eyJ0eXAi.eyJzdWIi-_~+/x==";

static const char *const GOLDEN_JSON =
    "{\"Username\":\"jos\\u00e9@example.com\",\"Password\":\"p\\\"a\\\\ss<w>&'rd\","
    "\"IntegratorKey\":\"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10\"}";
static const char *const GOLDEN_JSON_SOBO =
    "{\"Username\":\"jos\\u00e9@example.com\",\"Password\":\"p\\\"a\\\\ss<w>&'rd\","
    "\"IntegratorKey\":\"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10\","
    "\"SendOnBehalfOf\":\"boss@example.com\"}";
static const char *const GOLDEN_XML =
    "<DocuSignCredentials><Username>jos&#xe9;@example.com</Username>"
    "<Password>p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</Password>"
    "<IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>"
    "</DocuSignCredentials>";
static const char *const GOLDEN_XML_SOBO =
    "<DocuSignCredentials><Username>jos&#xe9;@example.com</Username>"
    "<Password>p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</Password>"
    "<IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>"
    "<SendOnBehalfOf>boss@example.com</SendOnBehalfOf>"
    "</DocuSignCredentials>";
static const char *const GOLDEN_SOAP_USERNAME =
    "[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]jos\xc3\xa9@example.com";
static const char *const GOLDEN_SOAP_SECURITY =
    "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-wssecurity-secext-1.0.xsd\"><wsse:UsernameToken>"
    "<wsse:Username>[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]jos&#xe9;@example.com"
    "</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/"
    "01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
    "p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</wsse:Password></wsse:UsernameToken>"
    "</wsse:Security>";

/* Every dsauth_result value, for the dsauth_result_str checks. */
static const unsigned ALL_RESULTS[] = {
    0,   1,   2,   3,   4,   5,   6,   100, 101, 102, 103, 104, 105, 200,
    201, 202, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402,
    403, 404, 405, 406, 500, 501, 600, 601,
};

/* ---- helpers ----------------------------------------------------------- */

typedef dsauth_result (*render_fn)(const dsauth_credentials *, unsigned int, char *, size_t,
                                   size_t *);
typedef dsauth_result (*text_fn)(const dsauth_credentials *, char *, size_t, size_t *);
typedef dsauth_result (*env_text_fn)(const dsauth_environment *, char *, size_t, size_t *);

static char buf[64 * 1024];

/* Renders with `fn` into the static buffer; returns it or NULL. */
static const char *render(render_fn fn, const dsauth_credentials *c, unsigned format) {
    size_t n = 0;
    if (fn(c, format, buf, sizeof buf, &n) != DSAUTH_RESULT_OK) {
        return NULL;
    }
    CHECK(n == strlen(buf));
    return buf;
}

static const char *text(text_fn fn, const dsauth_credentials *c) {
    size_t n = 0;
    if (fn(c, buf, sizeof buf, &n) != DSAUTH_RESULT_OK) {
        return NULL;
    }
    CHECK(n == strlen(buf));
    return buf;
}

static const char *env_text(env_text_fn fn, const dsauth_environment *e) {
    size_t n = 0;
    if (fn(e, buf, sizeof buf, &n) != DSAUTH_RESULT_OK) {
        return NULL;
    }
    CHECK(n == strlen(buf));
    return buf;
}

static const dsauth_credentials *legacy(const char *sobo) {
    const dsauth_credentials *c = NULL;
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, USER, PASSWORD, sobo, &c, NULL),
                 DSAUTH_RESULT_OK);
    CHECK(c != NULL);
    return c;
}

static const dsauth_credentials *token(void) {
    const dsauth_credentials *c = NULL;
    CHECK_RESULT(dsauth_credentials_new_token(TOKEN, &c, NULL), DSAUTH_RESULT_OK);
    CHECK(c != NULL);
    return c;
}

/*
 * Checks the buffer protocol of a text function whose full text is
 * `expected`: size query, too small by one (buffer untouched), exact fit,
 * NULL buf with len > 0, NULL out_n.
 */
static void check_buffer_protocol(const char *what, dsauth_result (*call)(void *, char *, size_t,
                                                                            size_t *),
                                  void *ctx, const char *expected) {
    size_t want = strlen(expected);
    size_t n = 12345;
    char *small;
    char *exact;

    /* Size query. */
    CHECK_RESULT(call(ctx, NULL, 0, &n), DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == want);

    /* One byte short (no room for the NUL): untouched. */
    small = repeat('Z', want);
    n = 0;
    CHECK_RESULT(call(ctx, small, want, &n), DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == want);
    CHECK(strspn(small, "Z") == want);
    free(small);

    /* A 1-byte buffer: untouched too. */
    {
        char one = 'Z';
        n = 0;
        CHECK_RESULT(call(ctx, &one, 1, &n), DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK(one == 'Z' && n == want);
    }

    /* Exact fit. */
    exact = repeat('Z', want);
    n = 0;
    CHECK_RESULT(call(ctx, exact, want + 1, &n), DSAUTH_RESULT_OK);
    CHECK(n == want);
    CHECK_STR(exact, expected);
    free(exact);

    /* NULL pointers. */
    n = 777;
    CHECK_RESULT(call(ctx, NULL, 10, &n), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(n == 777);
    {
        char b[8] = "ZZZZZZZ";
        CHECK_RESULT(call(ctx, b, sizeof b, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK(strcmp(b, "ZZZZZZZ") == 0);
    }
    (void)what;
}

/* Adapters so check_buffer_protocol can drive every text function. */
struct render_ctx {
    render_fn fn;
    const dsauth_credentials *c;
    unsigned format;
};
static dsauth_result call_render(void *ctx, char *b, size_t len, size_t *n) {
    struct render_ctx *r = ctx;
    return r->fn(r->c, r->format, b, len, n);
}
struct text_ctx {
    text_fn fn;
    const dsauth_credentials *c;
};
static dsauth_result call_text(void *ctx, char *b, size_t len, size_t *n) {
    struct text_ctx *t = ctx;
    return t->fn(t->c, b, len, n);
}
struct env_ctx {
    env_text_fn fn;
    const dsauth_environment *e;
};
static dsauth_result call_env(void *ctx, char *b, size_t len, size_t *n) {
    struct env_ctx *t = ctx;
    return t->fn(t->e, b, len, n);
}
struct soap_url_ctx {
    const dsauth_environment *e;
    unsigned endpoint;
};
static dsauth_result call_soap_url(void *ctx, char *b, size_t len, size_t *n) {
    struct soap_url_ctx *t = ctx;
    return dsauth_environment_soap_url(t->e, t->endpoint, b, len, n);
}

/* ---- tests ------------------------------------------------------------- */

static void test_version(void) {
    char expected[64];
    CHECK_STR(dsauth_version(), DSAUTH_VERSION);
    snprintf(expected, sizeof expected, "%d.%d.%d", DSAUTH_VERSION_MAJOR, DSAUTH_VERSION_MINOR,
             DSAUTH_VERSION_PATCH);
    CHECK_STR(DSAUTH_VERSION, expected);
}

static void test_result_str(void) {
    size_t i;
    CHECK_STR(dsauth_result_str(DSAUTH_RESULT_OK), "success");
    CHECK_STR(dsauth_result_str(DSAUTH_RESULT_NULL_ARGUMENT),
              "a required pointer argument was NULL");
    CHECK_STR(dsauth_result_str(DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER),
              "credential field contains a control character (CR, LF, NUL, ...)");
    CHECK_STR(dsauth_result_str(7), "unknown result");
    CHECK_STR(dsauth_result_str(99), "unknown result");
    CHECK_STR(dsauth_result_str(0xFFFFFFFFu), "unknown result");
    for (i = 0; i < sizeof ALL_RESULTS / sizeof ALL_RESULTS[0]; i++) {
        const char *s = dsauth_result_str(ALL_RESULTS[i]);
        CHECK(s != NULL && s[0] != '\0' && strcmp(s, "unknown result") != 0);
    }
    /* Spot-check values fixed by the ABI. */
    CHECK(DSAUTH_RESULT_INSUFFICIENT_SIZE == 3);
    CHECK(DSAUTH_RESULT_PANIC == 5);
    CHECK(DSAUTH_RESULT_WRONG_CREDENTIAL_KIND == 6);
    CHECK(DSAUTH_RESULT_INVALID_URL == 200);
    CHECK(DSAUTH_RESULT_CONSENT_REQUIRED == 501);
}

static void test_credential_field_name(void) {
    CHECK_STR(dsauth_credential_field_name(DSAUTH_CREDENTIAL_FIELD_NONE), "");
    CHECK_STR(dsauth_credential_field_name(DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY),
              "IntegratorKey");
    CHECK_STR(dsauth_credential_field_name(DSAUTH_CREDENTIAL_FIELD_USERNAME), "Username");
    CHECK_STR(dsauth_credential_field_name(DSAUTH_CREDENTIAL_FIELD_SEND_ON_BEHALF_OF),
              "SendOnBehalfOf");
    CHECK_STR(dsauth_credential_field_name(DSAUTH_CREDENTIAL_FIELD_ACCOUNT_ID), "AccountId");
    CHECK_STR(dsauth_credential_field_name(13), NULL);
    CHECK_STR(dsauth_credential_field_name(0xFFFFFFFFu), NULL);
}

static void test_legacy_renderings(void) {
    const dsauth_credentials *c = legacy(NULL);
    const dsauth_credentials *s = legacy(SOBO);
    char line[4096];

    CHECK_STR(render(dsauth_credentials_render_header, c, DSAUTH_HEADER_FORMAT_JSON),
              GOLDEN_JSON);
    CHECK_STR(render(dsauth_credentials_render_header, c, DSAUTH_HEADER_FORMAT_XML),
              GOLDEN_XML);
    CHECK_STR(render(dsauth_credentials_render_header, s, DSAUTH_HEADER_FORMAT_JSON),
              GOLDEN_JSON_SOBO);
    CHECK_STR(render(dsauth_credentials_render_header, s, DSAUTH_HEADER_FORMAT_XML),
              GOLDEN_XML_SOBO);

    snprintf(line, sizeof line, "X-DocuSign-Authentication: %s", GOLDEN_JSON);
    CHECK_STR(render(dsauth_credentials_render_header_line, c, DSAUTH_HEADER_FORMAT_JSON), line);
    snprintf(line, sizeof line, "X-DocuSign-Authentication: %s", GOLDEN_XML_SOBO);
    CHECK_STR(render(dsauth_credentials_render_header_line, s, DSAUTH_HEADER_FORMAT_XML), line);

    CHECK_STR(text(dsauth_credentials_soap_username, c), GOLDEN_SOAP_USERNAME);
    /* Send-on-behalf-of is not part of the SOAP forms. */
    CHECK_STR(text(dsauth_credentials_soap_username, s), GOLDEN_SOAP_USERNAME);
    CHECK_STR(text(dsauth_credentials_soap_security, c), GOLDEN_SOAP_SECURITY);
    CHECK_STR(text(dsauth_credentials_soap_security, s), GOLDEN_SOAP_SECURITY);

    CHECK_STR(dsauth_credentials_header_name(c, DSAUTH_HEADER_FORMAT_JSON),
              "X-DocuSign-Authentication");
    CHECK_STR(dsauth_credentials_header_name(c, DSAUTH_HEADER_FORMAT_XML),
              "X-DocuSign-Authentication");
    CHECK_STR(dsauth_credentials_header_name(c, DSAUTH_HEADER_FORMAT_BEARER), "Authorization");
    CHECK_STR(dsauth_credentials_header_name(c, 3), NULL);
    CHECK_STR(dsauth_credentials_header_name(c, 0xFFFFFFFFu), NULL);
    CHECK_STR(dsauth_credentials_header_name(NULL, DSAUTH_HEADER_FORMAT_JSON), NULL);

    /* Legacy credentials cannot render Bearer. */
    {
        size_t n = 99;
        CHECK_RESULT(dsauth_credentials_render_header(c, DSAUTH_HEADER_FORMAT_BEARER, buf,
                                                      sizeof buf, &n),
                     DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
        CHECK(n == 99);
    }
    dsauth_credentials_free(c);
    dsauth_credentials_free(s);
}

static void test_token_renderings(void) {
    const dsauth_credentials *t = token();
    size_t n = 99;
    CHECK_STR(render(dsauth_credentials_render_header, t, DSAUTH_HEADER_FORMAT_BEARER),
              "Bearer eyJ0eXAi.eyJzdWIi-_~+/x==");
    CHECK_STR(render(dsauth_credentials_render_header_line, t, DSAUTH_HEADER_FORMAT_BEARER),
              "Authorization: Bearer eyJ0eXAi.eyJzdWIi-_~+/x==");
    CHECK_RESULT(
        dsauth_credentials_render_header(t, DSAUTH_HEADER_FORMAT_JSON, buf, sizeof buf, &n),
        DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK_RESULT(dsauth_credentials_render_header_line(t, DSAUTH_HEADER_FORMAT_XML, buf,
                                                       sizeof buf, &n),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK_RESULT(dsauth_credentials_soap_username(t, buf, sizeof buf, &n),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK_RESULT(dsauth_credentials_soap_security(t, buf, sizeof buf, &n),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK(n == 99);
    dsauth_credentials_free(t);
}

static void test_buffers(void) {
    const dsauth_credentials *c = legacy(NULL);
    const dsauth_credentials *t = token();
    char line[4096];
    struct render_ctx json = {dsauth_credentials_render_header, c, DSAUTH_HEADER_FORMAT_JSON};
    struct render_ctx xml = {dsauth_credentials_render_header, c, DSAUTH_HEADER_FORMAT_XML};
    struct render_ctx bearer = {dsauth_credentials_render_header, t,
                                DSAUTH_HEADER_FORMAT_BEARER};
    struct render_ctx json_line = {dsauth_credentials_render_header_line, c,
                                   DSAUTH_HEADER_FORMAT_JSON};
    struct text_ctx user = {dsauth_credentials_soap_username, c};
    struct text_ctx security = {dsauth_credentials_soap_security, c};

    check_buffer_protocol("json", call_render, &json, GOLDEN_JSON);
    check_buffer_protocol("xml", call_render, &xml, GOLDEN_XML);
    check_buffer_protocol("bearer", call_render, &bearer, "Bearer eyJ0eXAi.eyJzdWIi-_~+/x==");
    snprintf(line, sizeof line, "X-DocuSign-Authentication: %s", GOLDEN_JSON);
    check_buffer_protocol("json line", call_render, &json_line, line);
    check_buffer_protocol("soap username", call_text, &user, GOLDEN_SOAP_USERNAME);
    check_buffer_protocol("soap security", call_text, &security, GOLDEN_SOAP_SECURITY);

    dsauth_credentials_free(c);
    dsauth_credentials_free(t);
}

static void test_render_bad_arguments(void) {
    const dsauth_credentials *c = legacy(NULL);
    size_t n = 42;
    unsigned formats[] = {3, 100, 0xFFFFFFFFu};
    size_t i;
    render_fn renders[] = {dsauth_credentials_render_header,
                           dsauth_credentials_render_header_line};
    size_t r;

    for (r = 0; r < 2; r++) {
        CHECK_RESULT(renders[r](NULL, DSAUTH_HEADER_FORMAT_JSON, buf, sizeof buf, &n),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            CHECK_RESULT(renders[r](c, formats[i], buf, sizeof buf, &n),
                         DSAUTH_RESULT_INVALID_ARGUMENT);
        }
        /* NULL is reported before an unknown format. */
        CHECK_RESULT(renders[r](c, 3, buf, sizeof buf, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    }
    CHECK(n == 42);
    CHECK_RESULT(dsauth_credentials_soap_username(NULL, buf, sizeof buf, &n),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_soap_security(NULL, buf, sizeof buf, &n),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(n == 42);
    dsauth_credentials_free(c);
}

/* new_legacy with one argument replaced. */
static dsauth_result try_legacy(const char *ik, const char *user, const char *password,
                                const char *sobo, dsauth_error **err) {
    const dsauth_credentials *c = (const dsauth_credentials *)&passed; /* sentinel */
    dsauth_result r = dsauth_credentials_new_legacy(ik, user, password, sobo, &c, err);
    if (r == DSAUTH_RESULT_OK) {
        CHECK(c != (const dsauth_credentials *)&passed && c != NULL);
        dsauth_credentials_free(c);
    } else {
        /* Outputs are written only on success. */
        CHECK(c == (const dsauth_credentials *)&passed);
    }
    return r;
}

/* Checks a failed new_legacy: result, error detail, field, message. */
static void check_legacy_error(const char *ik, const char *user, const char *password,
                               const char *sobo, dsauth_result want,
                               dsauth_credential_field field, const char *message_part) {
    dsauth_error *err = NULL;
    CHECK_RESULT(try_legacy(ik, user, password, sobo, &err), want);
    CHECK(err != NULL);
    CHECK_RESULT(dsauth_error_result(err), want);
    CHECK(dsauth_error_field(err) == field);
    CHECK(contains(dsauth_error_message(err), message_part));
    if (!contains(dsauth_error_message(err), message_part)) {
        fprintf(stderr, "  message: %s\n  lacks:   %s\n", dsauth_error_message(err),
                message_part);
    }
    /* No network detail for a local error. */
    CHECK(dsauth_error_status(err) == 0);
    CHECK_STR(dsauth_error_code(err), NULL);
    CHECK_STR(dsauth_error_trace_token(err), NULL);
    CHECK_STR(dsauth_error_hint(err), NULL);
    CHECK(dsauth_error_reset_at(err) == 0);
    CHECK_STR(dsauth_error_consent_url(err), NULL);
    dsauth_error_free(err);
    /* Same without error_out. */
    CHECK_RESULT(try_legacy(ik, user, password, sobo, NULL), want);
}

static void test_new_legacy_errors(void) {
    const char *bad_utf8 = "us\xff\xfe" "er";
    char *mib = repeat('a', MIB);
    char *max = repeat('m', 4096);
    char *over = repeat('m', 4097);
    const dsauth_credentials *c = NULL;
    dsauth_error *err = NULL;

    /* Good, including the optional send-on-behalf-of and the 4096 bound. */
    CHECK_RESULT(try_legacy(IK, USER, PASSWORD, NULL, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(try_legacy(IK, USER, PASSWORD, SOBO, &err), DSAUTH_RESULT_OK);
    CHECK(err == NULL); /* untouched on success */
    CHECK_RESULT(try_legacy(IK, max, max, max, NULL), DSAUTH_RESULT_OK);

    /* NULL for every required pointer. */
    check_legacy_error(NULL, USER, PASSWORD, NULL, DSAUTH_RESULT_NULL_ARGUMENT,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "integrator_key");
    check_legacy_error(IK, NULL, PASSWORD, NULL, DSAUTH_RESULT_NULL_ARGUMENT,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "username");
    check_legacy_error(IK, USER, NULL, SOBO, DSAUTH_RESULT_NULL_ARGUMENT,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "password");
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, USER, PASSWORD, NULL, NULL, &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "`out`"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_legacy(NULL, NULL, NULL, NULL, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);

    /* Invalid UTF-8 in every string. */
    check_legacy_error(bad_utf8, USER, PASSWORD, NULL, DSAUTH_RESULT_INVALID_UTF8,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "integrator_key");
    check_legacy_error(IK, bad_utf8, PASSWORD, NULL, DSAUTH_RESULT_INVALID_UTF8,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "username");
    check_legacy_error(IK, USER, bad_utf8, NULL, DSAUTH_RESULT_INVALID_UTF8,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "at byte 2");
    check_legacy_error(IK, USER, PASSWORD, bad_utf8, DSAUTH_RESULT_INVALID_UTF8,
                       DSAUTH_CREDENTIAL_FIELD_NONE, "send_on_behalf_of");

    /* Empty strings. */
    check_legacy_error("", USER, PASSWORD, NULL, DSAUTH_RESULT_CREDENTIAL_EMPTY,
                       DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY, "IntegratorKey");
    check_legacy_error(IK, "", PASSWORD, NULL, DSAUTH_RESULT_CREDENTIAL_EMPTY,
                       DSAUTH_CREDENTIAL_FIELD_USERNAME, "invalid Username: is empty");
    check_legacy_error(IK, USER, "", NULL, DSAUTH_RESULT_CREDENTIAL_EMPTY,
                       DSAUTH_CREDENTIAL_FIELD_PASSWORD, "Password");
    check_legacy_error(IK, USER, PASSWORD, "", DSAUTH_RESULT_CREDENTIAL_EMPTY,
                       DSAUTH_CREDENTIAL_FIELD_SEND_ON_BEHALF_OF, "SendOnBehalfOf");

    /* 1 MiB strings, and one byte over the bound. */
    check_legacy_error(mib, USER, PASSWORD, NULL, DSAUTH_RESULT_CREDENTIAL_TOO_LONG,
                       DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY, "1048576 bytes");
    check_legacy_error(IK, mib, PASSWORD, NULL, DSAUTH_RESULT_CREDENTIAL_TOO_LONG,
                       DSAUTH_CREDENTIAL_FIELD_USERNAME, "4096");
    check_legacy_error(IK, USER, mib, NULL, DSAUTH_RESULT_CREDENTIAL_TOO_LONG,
                       DSAUTH_CREDENTIAL_FIELD_PASSWORD, "Password");
    check_legacy_error(IK, USER, PASSWORD, mib, DSAUTH_RESULT_CREDENTIAL_TOO_LONG,
                       DSAUTH_CREDENTIAL_FIELD_SEND_ON_BEHALF_OF, "SendOnBehalfOf");
    check_legacy_error(IK, USER, over, NULL, DSAUTH_RESULT_CREDENTIAL_TOO_LONG,
                       DSAUTH_CREDENTIAL_FIELD_PASSWORD, "4097 bytes");

    /* What cannot be sent. */
    check_legacy_error(IK, "user\n@example.com", PASSWORD, NULL,
                       DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER,
                       DSAUTH_CREDENTIAL_FIELD_USERNAME, "at byte 4");
    check_legacy_error(IK, USER, "pass\rword", NULL, DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER,
                       DSAUTH_CREDENTIAL_FIELD_PASSWORD, "Password");
    check_legacy_error(IK, USER, "\tpassword", NULL, DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER,
                       DSAUTH_CREDENTIAL_FIELD_PASSWORD, "Password");
    check_legacy_error(IK, " user@example.com", PASSWORD, NULL,
                       DSAUTH_RESULT_CREDENTIAL_WHITESPACE, DSAUTH_CREDENTIAL_FIELD_USERNAME,
                       "white space");
    check_legacy_error(IK, USER, PASSWORD, "boss@example.com ",
                       DSAUTH_RESULT_CREDENTIAL_WHITESPACE,
                       DSAUTH_CREDENTIAL_FIELD_SEND_ON_BEHALF_OF, "SendOnBehalfOf");
    check_legacy_error("[ik]", USER, PASSWORD, NULL, DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER,
                       DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY, "IntegratorKey");
    check_legacy_error(IK, "u\xef\xbf\xbf", PASSWORD, NULL,
                       DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER,
                       DSAUTH_CREDENTIAL_FIELD_USERNAME, "Username");

    /* The first bad field, in parameter order, is reported. */
    check_legacy_error(IK, "", "", NULL, DSAUTH_RESULT_CREDENTIAL_EMPTY,
                       DSAUTH_CREDENTIAL_FIELD_USERNAME, "Username");

    /* A secret never appears in an error message. */
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, USER, "hunter2\nsecret", NULL, &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER);
    CHECK(c == NULL);
    CHECK(dsauth_error_message(err) != NULL);
    CHECK(!contains(dsauth_error_message(err), "hunter2"));
    CHECK(!contains(dsauth_error_message(err), "secret"));
    dsauth_error_free(err);

    free(mib);
    free(max);
    free(over);
}

static void test_new_token_errors(void) {
    char *mib = repeat('a', MIB);
    char *max = repeat('t', 16384);
    const dsauth_credentials *c = NULL;
    dsauth_error *err = NULL;

    CHECK_RESULT(dsauth_credentials_new_token(max, &c, &err), DSAUTH_RESULT_OK);
    CHECK(err == NULL);
    {
        size_t n = 0;
        CHECK_RESULT(dsauth_credentials_render_header(c, DSAUTH_HEADER_FORMAT_BEARER, NULL, 0,
                                                      &n),
                     DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK(n == 7 + 16384);
    }
    dsauth_credentials_free(c);
    c = NULL;

    CHECK_RESULT(dsauth_credentials_new_token(NULL, &c, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "access_token"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_token(TOKEN, NULL, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "`out`"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_token(NULL, NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);

    CHECK_RESULT(dsauth_credentials_new_token("ab\xc3", &c, &err), DSAUTH_RESULT_INVALID_UTF8);
    dsauth_error_free(err);
    err = NULL;

    CHECK_RESULT(dsauth_credentials_new_token("", &c, &err), DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_ACCESS_TOKEN);
    dsauth_error_free(err);
    err = NULL;

    CHECK_RESULT(dsauth_credentials_new_token(mib, &c, &err), DSAUTH_RESULT_CREDENTIAL_TOO_LONG);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_ACCESS_TOKEN);
    dsauth_error_free(err);
    err = NULL;

    CHECK_RESULT(dsauth_credentials_new_token("tok en", &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    CHECK(!contains(dsauth_error_message(err), "tok en"));
    dsauth_error_free(err);
    err = NULL;

    CHECK_RESULT(dsauth_credentials_new_token("tok\nen", &c, NULL),
                 DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER);
    CHECK(c == NULL);

    free(mib);
    free(max);
}

static void test_clone_and_free(void) {
    const dsauth_credentials *c = legacy(NULL);
    const dsauth_credentials *d = dsauth_credentials_clone(c);
    CHECK(d == c);
    dsauth_credentials_free(c);
    /* The second reference still works. */
    CHECK_STR(render(dsauth_credentials_render_header, d, DSAUTH_HEADER_FORMAT_JSON),
              GOLDEN_JSON);
    dsauth_credentials_free(d);
    CHECK(dsauth_credentials_clone(NULL) == NULL);
    dsauth_credentials_free(NULL);
    dsauth_environment_free(NULL);
    dsauth_error_free(NULL);
}

static void test_error_accessors_null(void) {
    CHECK_RESULT(dsauth_error_result(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_STR(dsauth_error_message(NULL), NULL);
    CHECK(dsauth_error_field(NULL) == DSAUTH_CREDENTIAL_FIELD_NONE);
    CHECK(dsauth_error_status(NULL) == 0);
    CHECK_STR(dsauth_error_code(NULL), NULL);
    CHECK_STR(dsauth_error_trace_token(NULL), NULL);
    CHECK_STR(dsauth_error_hint(NULL), NULL);
    CHECK(dsauth_error_reset_at(NULL) == 0);
    CHECK_STR(dsauth_error_consent_url(NULL), NULL);
}

static void check_env(const dsauth_environment *e, const char *base, const char *rest,
                      const char *account_url, const char *account_host) {
    char url[512];
    CHECK_STR(env_text(dsauth_environment_base_url, e), base);
    CHECK_STR(env_text(dsauth_environment_rest_base, e), rest);
    CHECK_STR(env_text(dsauth_environment_account_server_url, e), account_url);
    CHECK_STR(env_text(dsauth_environment_account_server_host, e), account_host);
    {
        size_t n = 0;
        snprintf(url, sizeof url, "%s/api/3.0/api.asmx", base);
        CHECK_RESULT(dsauth_environment_soap_url(e, DSAUTH_SOAP_ENDPOINT_API, buf, sizeof buf,
                                                 &n),
                     DSAUTH_RESULT_OK);
        CHECK_STR(buf, url);
        snprintf(url, sizeof url, "%s/api/3.0/dsapi.asmx", base);
        CHECK_RESULT(dsauth_environment_soap_url(e, DSAUTH_SOAP_ENDPOINT_DSAPI, buf, sizeof buf,
                                                 &n),
                     DSAUTH_RESULT_OK);
        CHECK_STR(buf, url);
        snprintf(url, sizeof url, "%s/api/3.0/accountmanagement.asmx", base);
        CHECK_RESULT(dsauth_environment_soap_url(e, DSAUTH_SOAP_ENDPOINT_ACCOUNT_MANAGEMENT, buf,
                                                 sizeof buf, &n),
                     DSAUTH_RESULT_OK);
        CHECK_STR(buf, url);
        CHECK(n == strlen(url));
    }
}

static void test_environments(void) {
    dsauth_environment *demo = NULL, *prod = NULL, *local = NULL, *split = NULL;
    dsauth_error *err = NULL;

    CHECK_RESULT(dsauth_environment_new_demo(&demo), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_environment_new_production(&prod), DSAUTH_RESULT_OK);
    check_env(demo, "https://demo.docusign.net", "https://demo.docusign.net/restapi",
              "https://account-d.docusign.com", "account-d.docusign.com");
    check_env(prod, "https://www.docusign.net", "https://www.docusign.net/restapi",
              "https://account.docusign.com", "account.docusign.com");

    CHECK_RESULT(dsauth_environment_new_custom("http://127.0.0.1:8080/", NULL, &local, &err),
                 DSAUTH_RESULT_OK);
    CHECK(err == NULL);
    check_env(local, "http://127.0.0.1:8080", "http://127.0.0.1:8080/restapi",
              "http://127.0.0.1:8080", "127.0.0.1:8080");
    CHECK_RESULT(dsauth_environment_new_custom("https://proxy.example/ds",
                                               "http://localhost:9000", &split, NULL),
                 DSAUTH_RESULT_OK);
    check_env(split, "https://proxy.example/ds", "https://proxy.example/ds/restapi",
              "http://localhost:9000", "localhost:9000");

    /* Buffer protocol on every text function. */
    {
        struct env_ctx base = {dsauth_environment_base_url, demo};
        struct env_ctx rest = {dsauth_environment_rest_base, demo};
        struct env_ctx acc_url = {dsauth_environment_account_server_url, demo};
        struct env_ctx acc_host = {dsauth_environment_account_server_host, demo};
        struct soap_url_ctx soap = {demo, DSAUTH_SOAP_ENDPOINT_API};
        check_buffer_protocol("base", call_env, &base, "https://demo.docusign.net");
        check_buffer_protocol("rest", call_env, &rest, "https://demo.docusign.net/restapi");
        check_buffer_protocol("account url", call_env, &acc_url,
                              "https://account-d.docusign.com");
        check_buffer_protocol("account host", call_env, &acc_host, "account-d.docusign.com");
        check_buffer_protocol("soap url", call_soap_url, &soap,
                              "https://demo.docusign.net/api/3.0/api.asmx");
    }

    /* NULL environment for every accessor; unknown SOAP endpoints. */
    {
        size_t n = 5;
        env_text_fn fns[] = {dsauth_environment_base_url, dsauth_environment_rest_base,
                             dsauth_environment_account_server_url,
                             dsauth_environment_account_server_host};
        size_t i;
        for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
            CHECK_RESULT(fns[i](NULL, buf, sizeof buf, &n), DSAUTH_RESULT_NULL_ARGUMENT);
        }
        CHECK_RESULT(dsauth_environment_soap_url(NULL, 0, buf, sizeof buf, &n),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_environment_soap_url(demo, 3, buf, sizeof buf, &n),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK_RESULT(dsauth_environment_soap_url(demo, 0xFFFFFFFFu, buf, sizeof buf, &n),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
        CHECK(n == 5);
    }

    /* Constructors: NULL, bad UTF-8, empty, 1 MiB, insecure, invalid. */
    CHECK_RESULT(dsauth_environment_new_demo(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_environment_new_production(NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    {
        dsauth_environment *e = NULL;
        char *mib = repeat('a', MIB);
        memcpy(mib, "https://", 8);

        CHECK_RESULT(dsauth_environment_new_custom(NULL, NULL, &e, &err),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK(contains(dsauth_error_message(err), "base_url"));
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_environment_new_custom("https://x.example", NULL, NULL, NULL),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_environment_new_custom("https://x.example\xff", NULL, &e, NULL),
                     DSAUTH_RESULT_INVALID_UTF8);
        CHECK_RESULT(dsauth_environment_new_custom("https://x.example", "\xc0", &e, &err),
                     DSAUTH_RESULT_INVALID_UTF8);
        CHECK(contains(dsauth_error_message(err), "account_server_url"));
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_environment_new_custom("", NULL, &e, NULL), DSAUTH_RESULT_INVALID_URL);
        CHECK_RESULT(dsauth_environment_new_custom(mib, NULL, &e, &err),
                     DSAUTH_RESULT_INVALID_URL);
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(dsauth_environment_new_custom("ftp://x.example", NULL, &e, NULL),
                     DSAUTH_RESULT_INVALID_URL);
        CHECK_RESULT(dsauth_environment_new_custom("http://example.com", NULL, &e, &err),
                     DSAUTH_RESULT_INSECURE_URL);
        CHECK_RESULT(dsauth_error_result(err), DSAUTH_RESULT_INSECURE_URL);
        CHECK(contains(dsauth_error_message(err), "http://example.com"));
        CHECK(contains(dsauth_error_message(err), "loopback"));
        dsauth_error_free(err);
        err = NULL;
        CHECK_RESULT(
            dsauth_environment_new_custom("https://x.example", "http://evil.example", &e, &err),
            DSAUTH_RESULT_INSECURE_URL);
        dsauth_error_free(err);
        err = NULL;
        CHECK(e == NULL);
        free(mib);
    }

    dsauth_environment_free(demo);
    dsauth_environment_free(prod);
    dsauth_environment_free(local);
    dsauth_environment_free(split);
}

/* Credentials are shared by threads: each renders, clones and frees. */
#define THREADS 4
#define ROUNDS 200

static void *worker(void *arg) {
    const dsauth_credentials *shared = arg;
    char local[1024];
    size_t n = 0;
    int i;
    long bad = 0;
    for (i = 0; i < ROUNDS; i++) {
        const dsauth_credentials *mine = dsauth_credentials_clone(shared);
        dsauth_error *err = NULL;
        const dsauth_credentials *broken = NULL;
        if (dsauth_credentials_render_header(mine, DSAUTH_HEADER_FORMAT_JSON, local, sizeof local,
                                             &n) != DSAUTH_RESULT_OK ||
            strcmp(local, GOLDEN_JSON) != 0) {
            bad++;
        }
        /* Errors are per call: no thread sees another's. */
        if (dsauth_credentials_new_legacy(IK, "", PASSWORD, NULL, &broken, &err) !=
                DSAUTH_RESULT_CREDENTIAL_EMPTY ||
            dsauth_error_field(err) != DSAUTH_CREDENTIAL_FIELD_USERNAME) {
            bad++;
        }
        dsauth_error_free(err);
        dsauth_credentials_free(mine);
    }
    return (void *)bad;
}

static void test_threads(void) {
    const dsauth_credentials *c = legacy(NULL);
    pthread_t threads[THREADS];
    int i;
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&threads[i], NULL, worker, (void *)c) == 0);
    }
    /* The creating thread may drop its reference while others work. */
    dsauth_credentials_free(dsauth_credentials_clone(c));
    for (i = 0; i < THREADS; i++) {
        void *bad = NULL;
        CHECK(pthread_join(threads[i], &bad) == 0);
        CHECK(bad == NULL);
    }
    dsauth_credentials_free(c);
}

int main(void) {
    test_version();
    test_result_str();
    test_credential_field_name();
    test_legacy_renderings();
    test_token_renderings();
    test_buffers();
    test_render_bad_arguments();
    test_new_legacy_errors();
    test_new_token_errors();
    test_clone_and_free();
    test_error_accessors_null();
    test_environments();
    test_threads();

    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
