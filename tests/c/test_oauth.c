/*
 * C tests of the OAuth part of the dsauth C ABI against the local DocuSign
 * stand-in (dsauth-mock): PKCE and state, the authorization code grant (the
 * authorization URL, followed like a browser over a socket to read the
 * redirect's code, the code exchange, refresh-token credentials), userinfo,
 * the JWT consent URL and consent_required; NULL, UTF-8 and buffer checks
 * for each of those functions.
 *
 * Run it through `dsauth-mock run`, which starts the stand-in and sets
 * DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS and DSAUTH_CA_FILE (the Makefile does,
 * under valgrind and under AddressSanitizer + UBSan):
 *
 *   target/debug/dsauth-mock run -- build/tests/c/test_oauth
 *
 * DSAUTH_JWT_KEY_FILE may name the stand-in's test RSA key (default
 * mock/fixtures/jwt_private_pkcs1.pem, relative to the repository root).
 *
 * Order matters in one place: Bob's consent is granted last.
 *
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- the stand-in's fixture (mock/README.md) ---------------------------- */

static const char *const IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
static const char *const CLIENT_SECRET = "573ac4aa-9710-47a2-93d3-e575a5640336";
static const char *const REDIRECT_URI = "http://localhost:8765/callback";
static const char *const REDIRECT_URI_ENCODED = "http%3A%2F%2Flocalhost%3A8765%2Fcallback";
static const char *const ALICE = "alice@example.com";
static const char *const ALICE_PASSWORD = "Alice-Passw0rd!";
static const char *const ALICE_USER_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
static const char *const ALICE_NAME = "Alice Andersen";
static const char *const BOB_USER_ID = "66e0a110-cc3e-48ac-8bdd-f6f75462257e";
static const char *const ACCOUNT_GUID = "292387d6-8156-46fc-b6d1-7432ccd3e7a8";
static const char *const ACCOUNT_NAME = "Andersen Consulting Ltd";
static const char *const SECOND_ACCOUNT_GUID = "54baa61c-a904-4177-9908-e2e9c7c0999b";
static const char *const SECOND_ACCOUNT_NAME = "Brennan & Partners";
/* RFC 7636 appendix B. */
static const char *const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
static const char *const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

static const char *http_url; /* DSAUTH_MOCK_HTTP */
static uint8_t *jwt_key;     /* the fixture's private key, PEM */
static size_t jwt_key_len;

/* ---- helpers ----------------------------------------------------------- */

/* Options for the stand-in: no proxy, timeouts generous for valgrind. */
static dsauth_client_options *mock_options(void) {
    dsauth_client_options *o = NULL;
    CHECK_RESULT(dsauth_client_options_new(&o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(o), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_timeout_ms(o, 120000), DSAUTH_RESULT_OK);
    return o;
}

static dsauth_environment *mock_env(void) {
    dsauth_environment *env = NULL;
    CHECK_RESULT(dsauth_environment_new_custom(http_url, NULL, &env, NULL), DSAUTH_RESULT_OK);
    return env;
}

static const dsauth_credentials *jwt_creds(const char *user_id) {
    const dsauth_credentials *c = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, user_id, jwt_key, jwt_key_len, NULL, REDIRECT_URI,
                                            &c, &err),
                 DSAUTH_RESULT_OK);
    report("new_jwt", err);
    return c;
}

/*
 * A plain HTTP/1.1 request to the stand-in, as a browser would send it:
 * `url` is http://127.0.0.1:PORT/path?query; `json_body` may be NULL.
 * Returns the whole answer
 * (head and body, NUL-terminated; the caller frees it) or NULL.
 */
static char *http_request(const char *method, const char *url, const char *json_body) {
    const char *authority, *path, *colon;
    struct sockaddr_in addr;
    char request[8192];
    char *answer = NULL;
    size_t n = 0, cap = 0;
    int fd, len;

    if (strncmp(url, "http://", 7) != 0) {
        return NULL;
    }
    authority = url + 7;
    path = strchr(authority, '/');
    colon = strchr(authority, ':');
    if (path == NULL || colon == NULL || colon > path) {
        return NULL;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)strtoul(colon + 1, NULL, 10));
    {
        char host[64];
        size_t host_len = (size_t)(colon - authority);
        if (host_len >= sizeof host) {
            return NULL;
        }
        memcpy(host, authority, host_len);
        host[host_len] = '\0';
        if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
            return NULL;
        }
    }
    if (json_body == NULL) {
        len = snprintf(request, sizeof request,
                       "%s %s HTTP/1.1\r\nHost: %.*s\r\nConnection: close\r\n\r\n", method,
                       path, (int)(path - authority), authority);
    } else {
        len = snprintf(request, sizeof request,
                       "%s %s HTTP/1.1\r\nHost: %.*s\r\nConnection: close\r\n"
                       "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                       method, path, (int)(path - authority), authority, strlen(json_body),
                       json_body);
    }
    if (len < 0 || (size_t)len >= sizeof request) {
        return NULL;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return NULL;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        send(fd, request, (size_t)len, 0) != len) {
        close(fd);
        return NULL;
    }
    for (;;) {
        ssize_t got;
        if (cap - n < 4096) {
            char *bigger = realloc(answer, cap + 8192);
            if (bigger == NULL) {
                free(answer);
                close(fd);
                return NULL;
            }
            answer = bigger;
            cap += 8192;
        }
        got = recv(fd, answer + n, cap - n - 1, 0);
        if (got <= 0) {
            break;
        }
        n += (size_t)got;
    }
    close(fd);
    if (answer != NULL) {
        answer[n] = '\0';
    }
    return answer;
}

static char *http_get(const char *url) {
    return http_request("GET", url, NULL);
}

/* POSTs `json` to the stand-in's control API at `path`; true on 200. */
static bool mock_control(const char *path, const char *json) {
    char url[256];
    char *answer;
    bool ok;
    snprintf(url, sizeof url, "%s%s", http_url, path);
    answer = http_request("POST", url, json);
    ok = answer != NULL && strncmp(answer, "HTTP/1.1 200", 12) == 0;
    free(answer);
    return ok;
}

/* The value of header `name` in an HTTP answer (a new string), or NULL. */
static char *header_value(const char *answer, const char *name) {
    size_t name_len = strlen(name);
    const char *line = strstr(answer, "\r\n");
    while (line != NULL && strncmp(line, "\r\n\r\n", 4) != 0) {
        line += 2;
        if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
            const char *value = line + name_len + 1;
            const char *end = strstr(value, "\r\n");
            char *out;
            while (*value == ' ') {
                value++;
            }
            if (end == NULL) {
                return NULL;
            }
            out = malloc((size_t)(end - value) + 1);
            if (out != NULL) {
                memcpy(out, value, (size_t)(end - value));
                out[end - value] = '\0';
            }
            return out;
        }
        line = strstr(line, "\r\n");
    }
    return NULL;
}

static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The percent-decoded value of query parameter `name` in `url` (a new
 * string), or NULL. */
static char *query_param(const char *url, const char *name) {
    const char *q = strchr(url, '?');
    size_t name_len = strlen(name);
    while (q != NULL) {
        q++;
        if (strncmp(q, name, name_len) == 0 && q[name_len] == '=') {
            const char *v = q + name_len + 1;
            size_t len = strcspn(v, "&#");
            char *out = malloc(len + 1);
            size_t i, o = 0;
            if (out == NULL) {
                return NULL;
            }
            for (i = 0; i < len; i++) {
                if (v[i] == '%' && i + 2 < len + 1 && hex(v[i + 1]) >= 0 && hex(v[i + 2]) >= 0) {
                    out[o++] = (char)(hex(v[i + 1]) * 16 + hex(v[i + 2]));
                    i += 2;
                } else {
                    out[o++] = v[i] == '+' ? ' ' : v[i];
                }
            }
            out[o] = '\0';
            return out;
        }
        q = strchr(q, '&');
    }
    return NULL;
}

/*
 * Follows an authorization URL like a browser: GET it, expect DocuSign's
 * 302 back to the redirect URI, and return that Location (a new string).
 */
static char *follow(const char *url) {
    char *answer = http_get(url);
    char *location = NULL;
    CHECK(answer != NULL);
    if (answer == NULL) {
        return NULL;
    }
    CHECK(strncmp(answer, "HTTP/1.1 302", 12) == 0);
    location = header_value(answer, "Location");
    CHECK(location != NULL);
    free(answer);
    return location;
}

/* The authorization URL of `grant` into a new string (size query first). */
static char *authorization_url(const dsauth_authorization_code_grant *grant, const char *state,
                               const dsauth_pkce *pkce) {
    dsauth_environment *env = mock_env();
    size_t n = 0;
    char *url = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(
        dsauth_authorization_code_grant_authorization_url(grant, env, state, pkce, NULL, 0, &n, NULL),
        DSAUTH_RESULT_INSUFFICIENT_SIZE);
    url = malloc(n + 1);
    if (url != NULL) {
        CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(grant, env, state, pkce, url,
                                                                      n + 1, &n, &err),
                     DSAUTH_RESULT_OK);
        report("authorization_url", err);
    }
    dsauth_environment_free(env);
    return url;
}

/*
 * The whole browser part of the flow: build the URL (with `state` and
 * `pkce`), follow it, check the redirect, and return the code (a new
 * string).
 */
static char *authorize(const dsauth_authorization_code_grant *grant, const char *state,
                       const dsauth_pkce *pkce) {
    char *url = authorization_url(grant, state, pkce);
    char *location = url ? follow(url) : NULL;
    char *code = NULL;
    if (location != NULL) {
        char *back = query_param(location, "state");
        CHECK(strncmp(location, REDIRECT_URI, strlen(REDIRECT_URI)) == 0);
        CHECK(location[strlen(REDIRECT_URI)] == '?');
        if (state != NULL) {
            CHECK_STR(back, state);
        }
        free(back);
        code = query_param(location, "code");
        CHECK(code != NULL && code[0] != '\0');
    }
    free(location);
    free(url);
    return code;
}

/* A counter of the stand-in (GET /__mock/counters), or -1. */
static long mock_counter(const char *name) {
    char url[256];
    char needle[64];
    char *answer;
    const char *at;
    long value = -1;
    snprintf(url, sizeof url, "%s/__mock/counters", http_url);
    snprintf(needle, sizeof needle, "\"%s\":", name);
    answer = http_get(url);
    at = answer ? strstr(answer, needle) : NULL;
    if (at != NULL) {
        value = strtol(at + strlen(needle), NULL, 10);
    }
    free(answer);
    return value;
}

static dsauth_authorization_code_grant *new_grant(const char *secret, const char *scopes) {
    dsauth_authorization_code_grant *g = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, secret, scopes, &g, &err),
                 DSAUTH_RESULT_OK);
    report("grant_new", err);
    return g;
}

/* GET the account with `client`; checks a 200 with the account's name. */
static void check_call(const dsauth_client *client, const char *what) {
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    const uint8_t *body = NULL;
    size_t len = 0;
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_OK);
    report(what, err);
    CHECK(dsauth_response_status(r) == 200);
    CHECK_RESULT(dsauth_response_body(r, &body, &len), DSAUTH_RESULT_OK);
    CHECK(body != NULL && contains((const char *)body, ACCOUNT_NAME));
    dsauth_response_free(r);
}

/* ---- PKCE and state ---------------------------------------------------- */

static void test_pkce_and_state(void) {
    dsauth_pkce *a = NULL, *b = NULL, *rfc = NULL;
    dsauth_error *err = NULL;
    char state[32], other[32];
    size_t n = 0;

    CHECK_RESULT(dsauth_pkce_generate(NULL, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_pkce_generate(&a, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_pkce_generate(&b, &err), DSAUTH_RESULT_OK);
    report("pkce_generate", err);
    err = NULL;
    CHECK(strlen(dsauth_pkce_verifier(a)) == 43);
    CHECK(strlen(dsauth_pkce_challenge(a)) == 43);
    CHECK(strcmp(dsauth_pkce_verifier(a), dsauth_pkce_verifier(b)) != 0);
    CHECK(strcmp(dsauth_pkce_challenge(a), dsauth_pkce_verifier(a)) != 0);

    /* A verifier kept from earlier gives back the same challenge. */
    CHECK_RESULT(dsauth_pkce_from_verifier(dsauth_pkce_verifier(a), &rfc, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_STR(dsauth_pkce_challenge(rfc), dsauth_pkce_challenge(a));
    dsauth_pkce_free(rfc);
    rfc = NULL;
    CHECK_RESULT(dsauth_pkce_from_verifier(RFC_VERIFIER, &rfc, NULL), DSAUTH_RESULT_OK);
    CHECK_STR(dsauth_pkce_verifier(rfc), RFC_VERIFIER);
    CHECK_STR(dsauth_pkce_challenge(rfc), RFC_CHALLENGE);

    /* Refusals. */
    CHECK_RESULT(dsauth_pkce_from_verifier(NULL, &b, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_pkce_from_verifier(RFC_VERIFIER, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_pkce_from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX\xff", &b,
                                           &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "verifier"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_pkce_from_verifier("too-short", &b, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "43 to 128"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_pkce_from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+", &b,
                                           NULL),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(dsauth_pkce_verifier(NULL) == NULL);
    CHECK(dsauth_pkce_challenge(NULL) == NULL);
    dsauth_pkce_free(NULL);
    dsauth_pkce_free(a);
    dsauth_pkce_free(b);
    dsauth_pkce_free(rfc);

    /* state: 22 base64url characters through the buffer protocol. */
    CHECK_RESULT(dsauth_state_generate(NULL, 0, &n), DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == 22);
    memset(state, 'Z', sizeof state);
    CHECK_RESULT(dsauth_state_generate(state, 22, &n), DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(state[0] == 'Z' && state[21] == 'Z');
    CHECK_RESULT(dsauth_state_generate(state, 23, &n), DSAUTH_RESULT_OK);
    CHECK(n == 22 && strlen(state) == 22);
    CHECK(strspn(state, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 22);
    CHECK_RESULT(dsauth_state_generate(other, sizeof other, &n), DSAUTH_RESULT_OK);
    CHECK(strcmp(state, other) != 0);
    CHECK_RESULT(dsauth_state_generate(state, sizeof state, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_state_generate(NULL, 5, &n), DSAUTH_RESULT_NULL_ARGUMENT);
}

/* ---- the grant and its authorization URL ------------------------------ */

static void test_grant_and_url(void) {
    dsauth_authorization_code_grant *g = NULL;
    dsauth_authorization_code_grant *pub = new_grant(NULL, NULL);
    dsauth_authorization_code_grant *conf = new_grant(CLIENT_SECRET, "signature extended");
    dsauth_environment *env = mock_env();
    dsauth_pkce *pkce = NULL;
    dsauth_error *err = NULL;
    char expected[1024], url[1024], small[16];
    size_t n = 0, needed = 0;

    /* Construction: NULL, UTF-8, and the checks of every field. */
    CHECK_RESULT(dsauth_authorization_code_grant_new(NULL, REDIRECT_URI, NULL, NULL, &g, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, NULL, NULL, NULL, &g, &err),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "redirect_uri"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, NULL, NULL, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_new("\xfe", REDIRECT_URI, NULL, NULL, &g, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, "http://\xff", NULL, NULL, &g, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, "s\xff", NULL, &g, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, NULL, "sig\xff", &g, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_authorization_code_grant_new("", REDIRECT_URI, NULL, NULL, &g, &err),
                 DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, "/callback", NULL, NULL, &g, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "redirect_uri"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(
        dsauth_authorization_code_grant_new(IK, "https://app.example/a b", NULL, NULL, &g, &err),
        DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_REDIRECT_URI);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, " s3cret", NULL, &g, &err),
                 DSAUTH_RESULT_CREDENTIAL_WHITESPACE);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_CLIENT_SECRET);
    /* The secret's value never shows. */
    CHECK(!contains(dsauth_error_message(err), "s3cret"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(
        dsauth_authorization_code_grant_new(IK, REDIRECT_URI, NULL, "signature a\"b", &g, &err),
        DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_SCOPE);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, NULL, "  ", &g, &err),
                 DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_SCOPE);
    dsauth_error_free(err);
    err = NULL;
    CHECK(g == NULL);
    dsauth_authorization_code_grant_free(NULL);

    /* A public client's URL, with state and PKCE, exactly. */
    CHECK_RESULT(dsauth_pkce_from_verifier(RFC_VERIFIER, &pkce, NULL), DSAUTH_RESULT_OK);
    snprintf(expected, sizeof expected,
             "%s/oauth/auth?response_type=code&scope=signature&client_id=%s&redirect_uri=%s"
             "&state=xyz%%201&code_challenge=%s&code_challenge_method=S256",
             http_url, IK, REDIRECT_URI_ENCODED, RFC_CHALLENGE);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, "xyz 1", pkce, url,
                                                                   sizeof url, &n, &err),
                 DSAUTH_RESULT_OK);
    report("public URL", err);
    err = NULL;
    CHECK_STR(url, expected);
    CHECK(n == strlen(expected));

    /* Buffer protocol: size query, one byte short (untouched), exact. */
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, "xyz 1", pkce, NULL,
                                                                   0, &needed, NULL),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(needed == strlen(expected));
    memset(url, 'Z', sizeof url);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, "xyz 1", pkce, url,
                                                                   needed, &n, &err),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == needed && url[0] == 'Z');
    CHECK(contains(dsauth_error_message(err), "buffer"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, "xyz 1", pkce, url,
                                                                   needed + 1, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_STR(url, expected);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, NULL, pkce, small,
                                                                   sizeof small, &n, NULL),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);

    /* A public client must use PKCE; a confidential one may not. */
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, NULL, NULL, url,
                                                                   sizeof url, &n, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "PKCE"));
    dsauth_error_free(err);
    err = NULL;
    snprintf(expected, sizeof expected,
             "%s/oauth/auth?response_type=code&scope=signature%%20extended&client_id=%s"
             "&redirect_uri=%s",
             http_url, IK, REDIRECT_URI_ENCODED);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(conf, env, NULL, NULL, url,
                                                                   sizeof url, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_STR(url, expected);

    /* NULL and UTF-8. */
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(NULL, env, NULL, pkce, url,
                                                                   sizeof url, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, NULL, NULL, pkce, url,
                                                                   sizeof url, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, NULL, pkce, url,
                                                                   sizeof url, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, NULL, pkce, NULL,
                                                                   sizeof url, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_authorization_code_grant_authorization_url(pub, env, "\xc3", pkce, url,
                                                                   sizeof url, &n, &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "state"));
    dsauth_error_free(err);

    dsauth_pkce_free(pkce);
    dsauth_environment_free(env);
    dsauth_authorization_code_grant_free(pub);
    dsauth_authorization_code_grant_free(conf);
}

/* ---- the authorization code flow, end to end --------------------------- */

/* The refresh token of the public client's exchange, for the next test. */
static char saved_refresh_token[4096];

static void test_code_flow(void) {
    dsauth_authorization_code_grant *pub = new_grant(NULL, NULL);
    dsauth_authorization_code_grant *conf = new_grant(CLIENT_SECRET, NULL);
    dsauth_authorization_code_grant *wrong_secret = NULL;
    dsauth_client_options *o = mock_options();
    dsauth_environment *env = mock_env();
    const dsauth_credentials *c = NULL;
    const dsauth_client *client;
    dsauth_pkce *pkce = NULL, *other = NULL;
    dsauth_error *err = NULL;
    char state[32], token[1024], small[4] = "ZZZ";
    char *code;
    size_t n = 0, needed = 0;

    /* 1. A public client (PKCE): state and verifier kept by the app. */
    CHECK_RESULT(dsauth_state_generate(state, sizeof state, &n), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_pkce_generate(&pkce, NULL), DSAUTH_RESULT_OK);
    code = authorize(pub, state, pkce);
    if (code == NULL) {
        goto out;
    }

    /* Argument checks come before any network traffic: the code stays
     * unused. */
    CHECK_RESULT(dsauth_credentials_new_authorization_code(NULL, pub, code,
                                                           dsauth_pkce_verifier(pkce), o, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_authorization_code(env, NULL, code,
                                                           dsauth_pkce_verifier(pkce), o, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_authorization_code(env, pub, NULL,
                                                           dsauth_pkce_verifier(pkce), o, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_authorization_code(
                     env, pub, code, dsauth_pkce_verifier(pkce), o, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_authorization_code(
                     env, pub, "c\xff", dsauth_pkce_verifier(pkce), o, &c, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_credentials_new_authorization_code(env, pub, code, "\xff", o, &c, &err),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK(contains(dsauth_error_message(err), "pkce_verifier"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_authorization_code(env, pub, "",
                                                           dsauth_pkce_verifier(pkce), o, &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_AUTHORIZATION_CODE);
    dsauth_error_free(err);
    err = NULL;
    /* A public client without the verifier cannot exchange its code. */
    CHECK_RESULT(dsauth_credentials_new_authorization_code(env, pub, code, NULL, o, &c, &err),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "PKCE"));
    dsauth_error_free(err);
    err = NULL;
    CHECK(c == NULL);

    /* The exchange (default options: the stand-in is plain http). */
    CHECK_RESULT(dsauth_credentials_new_authorization_code(
                     env, pub, code, dsauth_pkce_verifier(pkce), NULL, &c, &err),
                 DSAUTH_RESULT_OK);
    report("code exchange", err);
    err = NULL;
    /* A code works once. */
    {
        const dsauth_credentials *again = NULL;
        CHECK_RESULT(dsauth_credentials_new_authorization_code(
                         env, pub, code, dsauth_pkce_verifier(pkce), o, &again, &err),
                     DSAUTH_RESULT_OAUTH);
        CHECK_STR(dsauth_error_code(err), "invalid_grant");
        CHECK(dsauth_error_status(err) == 400);
        CHECK(dsauth_error_trace_token(err) != NULL);
        dsauth_error_free(err);
        err = NULL;
        CHECK(again == NULL);
    }
    free(code);

    /* The credentials' refresh token, through the buffer protocol. */
    CHECK_RESULT(dsauth_credentials_refresh_token(c, NULL, 0, &needed),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(needed > 3 && needed < sizeof saved_refresh_token);
    CHECK_RESULT(dsauth_credentials_refresh_token(c, small, sizeof small, &n),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == needed && strcmp(small, "ZZZ") == 0);
    CHECK_RESULT(dsauth_credentials_refresh_token(c, saved_refresh_token,
                                                  sizeof saved_refresh_token, &n),
                 DSAUTH_RESULT_OK);
    CHECK(n == needed && strlen(saved_refresh_token) == n);
    CHECK_RESULT(dsauth_credentials_refresh_token(NULL, token, sizeof token, &n),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_refresh_token(c, token, sizeof token, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_refresh_token(c, NULL, 1, &n), DSAUTH_RESULT_NULL_ARGUMENT);

    /* The credentials authenticate a client: the account through userinfo,
     * then the call, with the exchange's access token (no refresh yet). */
    {
        long before = mock_counter("token_requests");
        client = client_at(http_url, c, o);
        check_call(client, "GET with the code grant");
        CHECK_RESULT(dsauth_client_access_token(client, token, sizeof token, &n, NULL),
                     DSAUTH_RESULT_OK);
        CHECK(strncmp(token, "dsm_at_", 7) == 0);
        CHECK(mock_counter("token_requests") == before);
        /* The client's newest refresh token: the exchange's, until a refresh. */
        CHECK_RESULT(dsauth_client_refresh_token(client, NULL, 0, &needed),
                     DSAUTH_RESULT_INSUFFICIENT_SIZE);
        CHECK_RESULT(dsauth_client_refresh_token(client, token, sizeof token, &n),
                     DSAUTH_RESULT_OK);
        CHECK(n == needed && strcmp(token, saved_refresh_token) == 0);
        CHECK_RESULT(dsauth_client_refresh_token(NULL, token, sizeof token, &n),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        CHECK_RESULT(dsauth_client_refresh_token(client, token, sizeof token, NULL),
                     DSAUTH_RESULT_NULL_ARGUMENT);
        dsauth_client_free(client);
    }
    dsauth_credentials_free(c);
    c = NULL;

    /* 2. A confidential client (client secret, Basic auth), without PKCE. */
    code = authorize(conf, NULL, NULL);
    if (code != NULL) {
        CHECK_RESULT(dsauth_credentials_new_authorization_code(env, conf, code, NULL, o, &c, &err),
                     DSAUTH_RESULT_OK);
        report("confidential exchange", err);
        err = NULL;
        client = client_at(http_url, c, o);
        check_call(client, "GET with the confidential client");
        dsauth_client_free(client);
        dsauth_credentials_free(c);
        c = NULL;
        free(code);
    }

    /* 3. The wrong verifier: the account server refuses the code. */
    CHECK_RESULT(dsauth_pkce_generate(&other, NULL), DSAUTH_RESULT_OK);
    code = authorize(pub, NULL, pkce);
    if (code != NULL) {
        CHECK_RESULT(dsauth_credentials_new_authorization_code(
                         env, pub, code, dsauth_pkce_verifier(other), o, &c, &err),
                     DSAUTH_RESULT_OAUTH);
        CHECK_STR(dsauth_error_code(err), "invalid_grant");
        CHECK(contains(dsauth_error_message(err), "code_verifier"));
        dsauth_error_free(err);
        err = NULL;
        free(code);
    }

    /* 4. A wrong client secret: invalid_client, and the secret never shows. */
    CHECK_RESULT(dsauth_authorization_code_grant_new(IK, REDIRECT_URI, "not-the-s3cret", NULL,
                                                     &wrong_secret, NULL),
                 DSAUTH_RESULT_OK);
    code = authorize(wrong_secret, NULL, NULL);
    if (code != NULL) {
        CHECK_RESULT(
            dsauth_credentials_new_authorization_code(env, wrong_secret, code, NULL, o, &c, &err),
            DSAUTH_RESULT_OAUTH);
        CHECK_STR(dsauth_error_code(err), "invalid_client");
        CHECK(dsauth_error_status(err) == 401);
        CHECK(!contains(dsauth_error_message(err), "s3cret"));
        dsauth_error_free(err);
        err = NULL;
        free(code);
    }
    CHECK(c == NULL);

out:
    dsauth_authorization_code_grant_free(wrong_secret);
    dsauth_pkce_free(pkce);
    dsauth_pkce_free(other);
    dsauth_environment_free(env);
    dsauth_client_options_free(o);
    dsauth_authorization_code_grant_free(pub);
    dsauth_authorization_code_grant_free(conf);
}

/* ---- refresh-token credentials ----------------------------------------- */

static void test_refresh_token(void) {
    dsauth_authorization_code_grant *pub = new_grant(NULL, NULL);
    dsauth_client_options *o = mock_options();
    const dsauth_credentials *c = NULL;
    const dsauth_client *client;
    dsauth_response *r = NULL;
    dsauth_error *err = NULL;
    char first[1024], second[1024];
    size_t n = 0;
    long before;

    /* Argument checks. */
    CHECK_RESULT(dsauth_credentials_new_refresh_token(NULL, "r", &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, NULL, &c, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, "r", NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, "r\xff", &c, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, " r", &c, &err),
                 DSAUTH_RESULT_CREDENTIAL_WHITESPACE);
    CHECK(dsauth_error_field(err) == DSAUTH_CREDENTIAL_FIELD_REFRESH_TOKEN);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, "a b", &c, NULL),
                 DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, "", &c, NULL),
                 DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(c == NULL);

    /* A token kept from the earlier session: the client refreshes before
     * its first call, then reuses that access token. */
    CHECK(saved_refresh_token[0] != '\0');
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, saved_refresh_token, &c, &err),
                 DSAUTH_RESULT_OK);
    report("new_refresh_token", err);
    err = NULL;
    before = mock_counter("token_requests");
    client = client_at(http_url, c, o);
    check_call(client, "GET with a kept refresh token");
    CHECK(mock_counter("token_requests") == before + 1);
    CHECK_RESULT(dsauth_client_access_token(client, first, sizeof first, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK(mock_counter("token_requests") == before + 1);
    dsauth_client_free(client);

    /* Near expiry the client refreshes with the refresh token: with
     * 2-second tokens (the renewal margin is capped at half a token's
     * life), a token is reused for 1 s, then replaced. */
    CHECK(mock_control("/__mock/token_lifetime", "{\"seconds\": 2}"));
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_access_token(client, first, sizeof first, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK(mock_counter("token_requests") == before + 2);
    {
        struct timespec pause = {1, 200000000L};
        nanosleep(&pause, NULL);
    }
    CHECK_RESULT(dsauth_client_access_token(client, second, sizeof second, &n, NULL),
                 DSAUTH_RESULT_OK);
    CHECK(strncmp(second, "dsm_at_", 7) == 0 && strcmp(first, second) != 0);
    CHECK(mock_counter("token_requests") == before + 3);
    check_call(client, "GET after the refresh");
    /* The refresh rotated the refresh token: the client holds the new one. */
    CHECK_RESULT(dsauth_client_refresh_token(client, first, sizeof first, &n), DSAUTH_RESULT_OK);
    CHECK(n > 0 && strcmp(first, saved_refresh_token) != 0);
    CHECK(mock_control("/__mock/token_lifetime", "{\"seconds\": 3600}"));
    dsauth_client_free(client);
    dsauth_credentials_free(c);
    c = NULL;

    /* A refresh token the account server does not know: the first call
     * fails with its OAuth error. */
    CHECK_RESULT(dsauth_credentials_new_refresh_token(pub, "dsm_rt_unknown", &c, NULL),
                 DSAUTH_RESULT_OK);
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_get(client, "", &r, &err), DSAUTH_RESULT_OAUTH);
    CHECK(r == NULL);
    CHECK_STR(dsauth_error_code(err), "invalid_grant");
    CHECK(!contains(dsauth_error_message(err), "dsm_rt_unknown"));
    dsauth_error_free(err);
    dsauth_client_free(client);
    dsauth_credentials_free(c);

    /* Other kinds have no refresh token. */
    {
        const dsauth_credentials *jwt = jwt_creds(ALICE_USER_ID);
        CHECK_RESULT(dsauth_credentials_refresh_token(jwt, first, sizeof first, &n),
                     DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
        client = client_at(http_url, jwt, o);
        CHECK_RESULT(dsauth_client_refresh_token(client, first, sizeof first, &n),
                     DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
        dsauth_client_free(client);
        dsauth_credentials_free(jwt);
    }

    dsauth_client_options_free(o);
    dsauth_authorization_code_grant_free(pub);
}

/* ---- userinfo ---------------------------------------------------------- */

static void test_user_info(void) {
    const dsauth_credentials *c = jwt_creds(ALICE_USER_ID);
    dsauth_client_options *o = mock_options();
    const dsauth_client *client = client_at(http_url, c, o);
    dsauth_user_info *info = NULL, *again = NULL;
    dsauth_error *err = NULL;
    long before = mock_counter("userinfo_requests");

    CHECK_RESULT(dsauth_client_user_info(client, &info, &err), DSAUTH_RESULT_OK);
    report("user_info", err);
    err = NULL;
    CHECK_STR(dsauth_user_info_sub(info), ALICE_USER_ID);
    CHECK_STR(dsauth_user_info_name(info), ALICE_NAME);
    CHECK_STR(dsauth_user_info_email(info), ALICE);
    CHECK(dsauth_user_info_account_count(info) == 2);
    CHECK_STR(dsauth_user_info_account_id(info, 0), ACCOUNT_GUID);
    CHECK_STR(dsauth_user_info_account_name(info, 0), ACCOUNT_NAME);
    CHECK(dsauth_user_info_account_is_default(info, 0));
    CHECK_STR(dsauth_user_info_account_base_uri(info, 0), http_url);
    /* is_default came as the string "false" for this one. */
    CHECK_STR(dsauth_user_info_account_id(info, 1), SECOND_ACCOUNT_GUID);
    CHECK_STR(dsauth_user_info_account_name(info, 1), SECOND_ACCOUNT_NAME);
    CHECK(!dsauth_user_info_account_is_default(info, 1));
    CHECK_STR(dsauth_user_info_account_base_uri(info, 1), http_url);
    /* Out of range and NULL. */
    CHECK(dsauth_user_info_account_id(info, 2) == NULL);
    CHECK(dsauth_user_info_account_name(info, 2) == NULL);
    CHECK(dsauth_user_info_account_base_uri(info, (size_t)-1) == NULL);
    CHECK(!dsauth_user_info_account_is_default(info, 2));
    CHECK(dsauth_user_info_sub(NULL) == NULL);
    CHECK(dsauth_user_info_name(NULL) == NULL);
    CHECK(dsauth_user_info_email(NULL) == NULL);
    CHECK(dsauth_user_info_account_count(NULL) == 0);
    CHECK(dsauth_user_info_account_id(NULL, 0) == NULL);
    CHECK(dsauth_user_info_account_name(NULL, 0) == NULL);
    CHECK(dsauth_user_info_account_base_uri(NULL, 0) == NULL);
    CHECK(!dsauth_user_info_account_is_default(NULL, 0));

    /* Cached by the client (DocuSign rate-limits userinfo), and shared with
     * account discovery: one request in all. */
    CHECK_RESULT(dsauth_client_user_info(client, &again, NULL), DSAUTH_RESULT_OK);
    CHECK_STR(dsauth_user_info_sub(again), ALICE_USER_ID);
    check_call(client, "GET after userinfo");
    CHECK(mock_counter("userinfo_requests") == before + 1);
    /* Each object is its own: freeing one leaves the other readable. */
    dsauth_user_info_free(info);
    CHECK_STR(dsauth_user_info_account_name(again, 0), ACCOUNT_NAME);
    dsauth_user_info_free(again);
    dsauth_user_info_free(NULL);

    /* Arguments. */
    info = NULL;
    CHECK_RESULT(dsauth_client_user_info(NULL, &info, NULL), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_client_user_info(client, NULL, &err), DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "out"));
    dsauth_error_free(err);
    err = NULL;
    CHECK(info == NULL);
    dsauth_client_free(client);
    dsauth_credentials_free(c);

    /* Legacy credentials have no userinfo. */
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, ALICE, ALICE_PASSWORD, NULL, &c, NULL),
                 DSAUTH_RESULT_OK);
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_user_info(client, &info, &err),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK(info == NULL);
    dsauth_error_free(err);
    err = NULL;
    dsauth_client_free(client);
    dsauth_credentials_free(c);

    /* A revoked or unknown ready token: invalid_token. */
    CHECK_RESULT(dsauth_credentials_new_token("dsm_at_unknown", &c, NULL), DSAUTH_RESULT_OK);
    client = client_at(http_url, c, o);
    CHECK_RESULT(dsauth_client_user_info(client, &info, &err), DSAUTH_RESULT_OAUTH);
    CHECK(dsauth_error_status(err) == 401);
    CHECK_STR(dsauth_error_code(err), "invalid_token");
    dsauth_error_free(err);
    dsauth_client_free(client);
    dsauth_credentials_free(c);

    dsauth_client_options_free(o);
}

/* ---- JWT consent -------------------------------------------------------- */

static void test_consent(void) {
    const dsauth_credentials *bob = jwt_creds(BOB_USER_ID);
    const dsauth_credentials *no_redirect = NULL;
    const dsauth_credentials *legacy = NULL;
    dsauth_client_options *o = mock_options();
    dsauth_environment *env = mock_env();
    const dsauth_client *client;
    dsauth_user_info *info = NULL;
    dsauth_error *err = NULL;
    char url[1024], with_state[1024], expected[1024], small[8] = "ZZZZZZZ";
    size_t n = 0, needed = 0;

    /* The consent URL from the credentials. */
    snprintf(expected, sizeof expected,
             "%s/oauth/auth?response_type=code&scope=signature%%20impersonation&client_id=%s"
             "&redirect_uri=%s",
             http_url, IK, REDIRECT_URI_ENCODED);
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, NULL, NULL, 0, &needed, NULL),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(needed == strlen(expected));
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, NULL, small, sizeof small, &n, &err),
                 DSAUTH_RESULT_INSUFFICIENT_SIZE);
    CHECK(n == needed && strcmp(small, "ZZZZZZZ") == 0);
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, NULL, url, needed + 1, &n, &err),
                 DSAUTH_RESULT_OK);
    report("consent_url", err);
    err = NULL;
    CHECK_STR(url, expected);
    CHECK_RESULT(
        dsauth_credentials_consent_url(bob, env, "s/1", with_state, sizeof with_state, &n, NULL),
        DSAUTH_RESULT_OK);
    CHECK(contains(with_state, "&state=s%2F1"));

    /* Refusals. */
    CHECK_RESULT(dsauth_credentials_consent_url(NULL, env, NULL, url, sizeof url, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_consent_url(bob, NULL, NULL, url, sizeof url, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, NULL, url, sizeof url, NULL, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, NULL, NULL, 9, &n, NULL),
                 DSAUTH_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(dsauth_credentials_consent_url(bob, env, "\x80", url, sizeof url, &n, NULL),
                 DSAUTH_RESULT_INVALID_UTF8);
    CHECK_RESULT(dsauth_credentials_new_jwt(IK, BOB_USER_ID, jwt_key, jwt_key_len, NULL, NULL,
                                            &no_redirect, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(
        dsauth_credentials_consent_url(no_redirect, env, NULL, url, sizeof url, &n, &err),
        DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(dsauth_error_message(err), "redirect URI"));
    dsauth_error_free(err);
    err = NULL;
    CHECK_RESULT(dsauth_credentials_new_legacy(IK, ALICE, ALICE_PASSWORD, NULL, &legacy, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_credentials_consent_url(legacy, env, NULL, url, sizeof url, &n, &err),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK(contains(dsauth_error_message(err), "JWT"));
    dsauth_error_free(err);
    err = NULL;

    /* Bob has not consented: consent_required, with the same URL. */
    client = client_at(http_url, bob, o);
    CHECK_RESULT(dsauth_client_user_info(client, &info, &err), DSAUTH_RESULT_CONSENT_REQUIRED);
    CHECK(info == NULL);
    CHECK(dsauth_error_result(err) == DSAUTH_RESULT_CONSENT_REQUIRED);
    CHECK_STR(dsauth_error_code(err), "consent_required");
    CHECK(dsauth_error_consent_url(err) != NULL);
    CHECK_STR(dsauth_error_consent_url(err), expected);
    dsauth_error_free(err);
    err = NULL;
    dsauth_client_free(client);

    /* Without a redirect URI the refusal carries no URL. */
    client = client_at(http_url, no_redirect, o);
    CHECK_RESULT(dsauth_client_user_info(client, &info, &err), DSAUTH_RESULT_CONSENT_REQUIRED);
    CHECK(dsauth_error_consent_url(err) == NULL);
    dsauth_error_free(err);
    err = NULL;
    dsauth_client_free(client);

    /* Bob opens the URL and consents (the stand-in approves at once);
     * then the JWT grant works for him. */
    {
        char consent[1200];
        char *location;
        snprintf(consent, sizeof consent, "%s&login_hint=bob%%40example.com", url);
        location = follow(consent);
        CHECK(location != NULL && strncmp(location, REDIRECT_URI, strlen(REDIRECT_URI)) == 0);
        free(location);
    }
    client = client_at(http_url, bob, o);
    CHECK_RESULT(dsauth_client_user_info(client, &info, &err), DSAUTH_RESULT_OK);
    report("userinfo after consent", err);
    CHECK_STR(dsauth_user_info_sub(info), BOB_USER_ID);
    CHECK(dsauth_user_info_account_count(info) == 1);
    CHECK(dsauth_user_info_account_is_default(info, 0));
    dsauth_user_info_free(info);
    dsauth_client_free(client);

    dsauth_credentials_free(bob);
    dsauth_credentials_free(no_redirect);
    dsauth_credentials_free(legacy);
    dsauth_environment_free(env);
    dsauth_client_options_free(o);
}

int main(void) {
    const char *key_file = getenv("DSAUTH_JWT_KEY_FILE");
    http_url = getenv("DSAUTH_MOCK_HTTP");
    if (http_url == NULL) {
        fprintf(stderr, "run this under `dsauth-mock run` (DSAUTH_MOCK_HTTP is not set)\n");
        return 2;
    }
    if (key_file == NULL) {
        key_file = "mock/fixtures/jwt_private_pkcs1.pem";
    }
    jwt_key = read_file(key_file, &jwt_key_len);
    if (jwt_key == NULL) {
        fprintf(stderr, "cannot read %s (DSAUTH_JWT_KEY_FILE)\n", key_file);
        return 2;
    }

    test_pkce_and_state();
    test_grant_and_url();
    test_code_flow();
    test_refresh_token();
    test_user_info();
    test_consent();

    free(jwt_key);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
