/*
 * dsauth quick start: render every authentication header DocuSign accepts,
 * then make authenticated calls: discover the account and GET it, with
 * legacy credentials and with an OAuth JWT grant (whose user and accounts
 * come from /oauth/userinfo).
 *
 * `make demo` builds it, generates a fresh RSA key pair in build/demo/,
 * starts the local DocuSign stand-in (dsauth-mock) with that public key
 * registered for the integration key, and runs it against the stand-in
 * over HTTPS with the private key. By hand:
 *
 *   cargo build -p dsauth && cargo build -p dsauth-mock
 *   cc -std=c11 -Iinclude examples/c/quickstart.c -Ltarget/debug -ldsauth \
 *      -Wl,-rpath,$PWD/target/debug -o quickstart
 *   openssl genrsa -out key.pem 2048 && openssl rsa -in key.pem -pubout -out key.pub.pem
 *   DSAUTH_PRIVATE_KEY_FILE=key.pem \
 *      target/debug/dsauth-mock run --register-jwt-key key.pub.pem -- ./quickstart
 *
 * The calls use these environment variables (the defaults are the
 * stand-in's public test fixture; see mock/README.md):
 *   DSAUTH_BASE_URL        e.g. https://demo.docusign.net (no default: without
 *                          it the calls are skipped)
 *   DSAUTH_CA_FILE         an extra CA to trust, PEM (optional)
 *   DSAUTH_INTEGRATOR_KEY  the integrator key / OAuth client id
 *   DSAUTH_USERNAME, DSAUTH_PASSWORD  legacy credentials
 *   DSAUTH_USER_ID         JWT grant: the GUID of the user to impersonate
 *   DSAUTH_PRIVATE_KEY_FILE  JWT grant: the RSA private key (PEM) whose
 *                          public key is registered for the integration key
 *                          (default: the stand-in's fixture key)
 *
 * The conventions in short (include/dsauth.h has the details):
 *   - functions return a dsauth_result; DSAUTH_RESULT_OK is 0;
 *   - failures with detail fill an optional `dsauth_error **` you free with
 *     dsauth_error_free();
 *   - text comes back in your buffer (buf, len, &n); ask for the size first
 *     by passing NULL and 0;
 *   - every object has a _free function; never call free() on library memory.
 */
#include "dsauth.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Overwrites a buffer that held a secret. `volatile` keeps the compiler
 * from dropping the writes because the buffer is freed right after. */
static void wipe(char *buf, size_t len) {
    volatile char *p = buf;
    while (len--) {
        *p++ = 0;
    }
}

/* The pattern for every text function: ask for the size, allocate, fill.
 * `render` is a dsauth_credentials_* text function; the two SOAP ones are
 * wrapped below to share the signature of the header ones. */
typedef dsauth_result (*text_fn)(const dsauth_credentials *creds, unsigned int format,
                                 char *buf, size_t len, size_t *out_n);

static dsauth_result soap_username(const dsauth_credentials *c, unsigned int f, char *b,
                                   size_t l, size_t *n) {
    (void)f;
    return dsauth_credentials_soap_username(c, b, l, n);
}

static dsauth_result soap_security(const dsauth_credentials *c, unsigned int f, char *b,
                                   size_t l, size_t *n) {
    (void)f;
    return dsauth_credentials_soap_security(c, b, l, n);
}

static int print_text(const char *label, text_fn render, const dsauth_credentials *creds,
                      unsigned int format) {
    size_t needed = 0;
    char *text;

    /* 1. Size query: DSAUTH_RESULT_INSUFFICIENT_SIZE and the needed length. */
    dsauth_result r = render(creds, format, NULL, 0, &needed);
    if (r != DSAUTH_RESULT_INSUFFICIENT_SIZE) {
        fprintf(stderr, "%s: %s\n", label, dsauth_result_str(r));
        return 1;
    }
    /* 2. Room for the text and its NUL. */
    text = malloc(needed + 1);
    if (text == NULL) {
        return 1;
    }
    /* 3. Render for real. */
    r = render(creds, format, text, needed + 1, &needed);
    if (r == DSAUTH_RESULT_OK) {
        printf("%s\n    %s\n\n", label, text);
    } else {
        fprintf(stderr, "%s: %s\n", label, dsauth_result_str(r));
    }
    /* Rendered headers contain the password or token: wipe before freeing. */
    wipe(text, needed + 1);
    free(text);
    return r == DSAUTH_RESULT_OK ? 0 : 1;
}

/* ---- authenticated calls ------------------------------------------------ */

/* An environment variable, or `fallback` when it is unset or empty. */
static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value != NULL && value[0] != '\0' ? value : fallback;
}

/* Prints a failure with everything DocuSign said, then frees it. */
static void print_error(const char *what, dsauth_result r, dsauth_error *err) {
    fprintf(stderr, "%s failed: %s (%u)\n", what, dsauth_result_str(r), (unsigned)r);
    if (err != NULL) {
        fprintf(stderr, "    %s\n", dsauth_error_message(err));
        if (dsauth_error_code(err) != NULL) {
            fprintf(stderr, "    errorCode %s, HTTP %u, trace token %s\n", dsauth_error_code(err),
                    (unsigned)dsauth_error_status(err),
                    dsauth_error_trace_token(err) ? dsauth_error_trace_token(err) : "-");
        }
        if (dsauth_error_consent_url(err) != NULL) {
            fprintf(stderr, "    grant consent once at: %s\n", dsauth_error_consent_url(err));
        }
        dsauth_error_free(err);
    }
}

/* Reads a whole file into a new buffer; NULL when it cannot. */
static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t n = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        uint8_t *bigger = realloc(data, n + 4096);
        size_t got;
        if (bigger == NULL) {
            free(data);
            fclose(f);
            return NULL;
        }
        data = bigger;
        got = fread(data + n, 1, 4096, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

/* Prints one rate-limit value, or "-" when DocuSign did not send it. */
static void print_limit(const char *label, bool present, uint64_t value) {
    if (present) {
        printf("    %-16s %" PRIu64 "\n", label, value);
    } else {
        printf("    %-16s -\n", label);
    }
}

/*
 * Who the OAuth credentials act for, from the account server's
 * /oauth/userinfo (the client caches it and uses it to pick the account).
 */
static int print_user_info(const dsauth_client *client) {
    dsauth_user_info *info = NULL;
    dsauth_error *err = NULL;
    size_t i, count;
    dsauth_result r = dsauth_client_user_info(client, &info, &err);
    if (r != DSAUTH_RESULT_OK) {
        print_error("userinfo", r, err);
        return 1;
    }
    printf("user:         %s <%s>\n", dsauth_user_info_name(info), dsauth_user_info_email(info));
    printf("user id:      %s\n", dsauth_user_info_sub(info));
    count = dsauth_user_info_account_count(info);
    printf("accounts:     %zu (from /oauth/userinfo; * = default)\n", count);
    for (i = 0; i < count; i++) {
        printf("  %s %s  %-24s %s\n", dsauth_user_info_account_is_default(info, i) ? "*" : " ",
               dsauth_user_info_account_id(info, i), dsauth_user_info_account_name(info, i),
               dsauth_user_info_account_base_uri(info, i));
    }
    printf("\n");
    dsauth_user_info_free(info);
    return 0;
}

/*
 * The whole client flow with one set of credentials: build a client, (for
 * OAuth) show the user, let it discover the account, GET the account,
 * print what came back.
 */
static int call_docusign(const char *title, const dsauth_environment *env,
                         const dsauth_credentials *creds, const dsauth_client_options *options,
                         bool oauth) {
    const dsauth_client *client = NULL;
    dsauth_account *account = NULL;
    dsauth_response *response = NULL;
    dsauth_error *err = NULL;
    dsauth_rate_limit limits;
    const uint8_t *body = NULL;
    size_t body_len = 0;
    dsauth_result r;

    if (title != NULL) {
        printf("== %s ==\n\n", title);
    }

    /* One client per (environment, credentials); share it between threads. */
    r = dsauth_client_new(env, creds, options, &client, &err);
    if (r != DSAUTH_RESULT_OK) {
        print_error("dsauth_client_new", r, err);
        return 1;
    }

    if (oauth && print_user_info(client) != 0) {
        dsauth_client_free(client);
        return 1;
    }

    /* Account discovery (login_information, or /oauth/userinfo for OAuth). */
    r = dsauth_client_account(client, &account, &err);
    if (r != DSAUTH_RESULT_OK) {
        print_error("account discovery", r, err);
        dsauth_client_free(client);
        return 1;
    }
    printf("account id:   %s\n", dsauth_account_id(account));
    printf("account name: %s\n", dsauth_account_name(account));
    printf("REST base:    %s%s\n\n", dsauth_account_rest_base(account),
           dsauth_account_is_default(account) ? " (default account)" : "");
    dsauth_account_free(account);

    /* An authenticated call: "" is the account itself,
     * GET <REST base>/v2.1/accounts/<account id>. */
    r = dsauth_client_get(client, "", &response, &err);
    if (r != DSAUTH_RESULT_OK) {
        print_error("GET account", r, err);
        dsauth_client_free(client);
        return 1;
    }
    dsauth_response_body(response, &body, &body_len);
    printf("GET %s\n", dsauth_response_url(response));
    printf("    status           %u\n", (unsigned)dsauth_response_status(response));
    printf("    trace token      %s\n", dsauth_response_trace_token(response)
                                            ? dsauth_response_trace_token(response)
                                            : "-");
    printf("    body             %zu bytes\n", body_len);
    printf("rate limits:\n");
    if (dsauth_response_rate_limit(response, &limits) == DSAUTH_RESULT_OK) {
        print_limit("hourly limit", limits.has_limit, limits.limit);
        print_limit("hourly remaining", limits.has_remaining, limits.remaining);
        print_limit("resets at (Unix)", limits.has_reset_at, limits.reset_at);
        print_limit("burst limit", limits.has_burst_limit, limits.burst_limit);
        print_limit("burst remaining", limits.has_burst_remaining, limits.burst_remaining);
    }
    printf("\n");

    dsauth_response_free(response);
    dsauth_client_free(client);
    return 0;
}

/* Legacy and JWT calls against DSAUTH_BASE_URL. */
static int authenticated_calls(void) {
    const char *base_url = getenv("DSAUTH_BASE_URL");
    const char *ca_file = getenv("DSAUTH_CA_FILE");
    /* Defaults: the stand-in's public test fixture (mock/README.md). */
    const char *ik = env_or("DSAUTH_INTEGRATOR_KEY", "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd");
    const char *username = env_or("DSAUTH_USERNAME", "alice@example.com");
    const char *password = env_or("DSAUTH_PASSWORD", "Alice-Passw0rd!");
    const char *user_id = env_or("DSAUTH_USER_ID", "42b0587a-745b-407d-a20f-cef58eafe40a");
    const char *key_file =
        env_or("DSAUTH_PRIVATE_KEY_FILE", "mock/fixtures/jwt_private_pkcs1.pem");
    dsauth_environment *env = NULL;
    dsauth_client_options *options = NULL;
    const dsauth_credentials *creds = NULL;
    dsauth_error *err = NULL;
    dsauth_result r;
    uint8_t *key = NULL;
    size_t key_len = 0;
    int failures = 0;

    if (base_url == NULL || base_url[0] == '\0') {
        printf("== Authenticated calls ==\n\nskipped: set DSAUTH_BASE_URL (`make demo` runs the "
               "local stand-in and sets it)\n");
        return 0;
    }

    r = dsauth_environment_new_custom(base_url, NULL, &env, &err);
    if (r != DSAUTH_RESULT_OK) {
        print_error("DSAUTH_BASE_URL", r, err);
        return 1;
    }
    /* Options: the defaults, plus the extra CA when one is given. */
    if (dsauth_client_options_new(&options) != DSAUTH_RESULT_OK) {
        dsauth_environment_free(env);
        return 1;
    }
    if (ca_file != NULL && ca_file[0] != '\0') {
        r = dsauth_client_options_add_trusted_ca_file(options, ca_file, &err);
        if (r != DSAUTH_RESULT_OK) {
            print_error("DSAUTH_CA_FILE", r, err);
            failures++;
        }
    }

    /* Legacy credentials (X-DocuSign-Authentication). */
    r = dsauth_credentials_new_legacy(ik, username, password, NULL, &creds, &err);
    if (r == DSAUTH_RESULT_OK) {
        failures += call_docusign("Legacy header: discover the account, GET it", env, creds,
                                  options, false);
        dsauth_credentials_free(creds);
        creds = NULL;
    } else {
        print_error("legacy credentials", r, err);
        failures++;
    }

    /* OAuth JWT grant: the client signs an assertion with the RSA key, gets
     * a token, finds the account through /oauth/userinfo. */
    key = read_file(key_file, &key_len);
    if (key == NULL) {
        fprintf(stderr, "cannot read the RSA private key %s (DSAUTH_PRIVATE_KEY_FILE)\n",
                key_file);
        failures++;
    } else {
        r = dsauth_credentials_new_jwt(ik, user_id, key, key_len, NULL, NULL, &creds, &err);
        /* The credentials keep their own copy of the key: wipe ours. */
        wipe((char *)key, key_len);
        free(key);
        if (r == DSAUTH_RESULT_OK) {
            printf("== OAuth JWT grant: the user, the account, GET it ==\n\n");
            printf("RSA key:      %s\n", key_file);
            failures += call_docusign(NULL, env, creds, options, true);
            dsauth_credentials_free(creds);
        } else {
            print_error("JWT credentials", r, err);
            failures++;
        }
    }

    dsauth_client_options_free(options);
    dsauth_environment_free(env);
    return failures;
}

int main(void) {
    const dsauth_credentials *legacy = NULL;
    const dsauth_credentials *token = NULL;
    const dsauth_credentials *bad = NULL;
    dsauth_error *err = NULL;
    int failures = 0;

    printf("dsauth %s (header %s)\n\n", dsauth_version(), DSAUTH_VERSION);

    /* Legacy credentials: integrator key, username, password, and (NULL
     * here) the user to send on behalf of. The password holds characters
     * that need escaping in JSON (") and XML (" < &). */
    if (dsauth_credentials_new_legacy("6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10",
                                      "jane.doe@example.com", "s3cr\"t<pass>&word", NULL,
                                      &legacy, &err) != DSAUTH_RESULT_OK) {
        fprintf(stderr, "legacy credentials: %s\n", dsauth_error_message(err));
        dsauth_error_free(err);
        return 1;
    }

    /* An OAuth access token you obtained elsewhere (JWT grant, ...). */
    if (dsauth_credentials_new_token("eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.sample.token", &token,
                                     &err) != DSAUTH_RESULT_OK) {
        fprintf(stderr, "access token: %s\n", dsauth_error_message(err));
        dsauth_error_free(err);
        dsauth_credentials_free(legacy);
        return 1;
    }

    printf("== X-DocuSign-Authentication (legacy; SOAP, and REST on demo) ==\n\n");
    failures += print_text("JSON value:", dsauth_credentials_render_header, legacy,
                           DSAUTH_HEADER_FORMAT_JSON);
    failures += print_text("XML value:", dsauth_credentials_render_header, legacy,
                           DSAUTH_HEADER_FORMAT_XML);
    failures += print_text("JSON header line:", dsauth_credentials_render_header_line, legacy,
                           DSAUTH_HEADER_FORMAT_JSON);
    failures += print_text("XML header line:", dsauth_credentials_render_header_line, legacy,
                           DSAUTH_HEADER_FORMAT_XML);

    printf("== SOAP api.asmx (WS-Security UsernameToken) ==\n\n");
    failures += print_text("SOAP username:", soap_username, legacy, 0);
    failures += print_text("<wsse:Security> element:", soap_security, legacy, 0);

    printf("== Authorization: Bearer (OAuth; REST) ==\n\n");
    printf("Header name: %s\n\n",
           dsauth_credentials_header_name(token, DSAUTH_HEADER_FORMAT_BEARER));
    failures += print_text("Bearer value:", dsauth_credentials_render_header, token,
                           DSAUTH_HEADER_FORMAT_BEARER);
    failures += print_text("Bearer header line:", dsauth_credentials_render_header_line, token,
                           DSAUTH_HEADER_FORMAT_BEARER);

    /* Bad input is refused when the credentials are built, with a clear
     * message that names the field but never quotes its value. */
    printf("== Bad input ==\n\n");
    {
        dsauth_result r = dsauth_credentials_new_legacy(
            "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10", "jane.doe@example.com\nX-Evil: 1",
            "s3cr\"t<pass>&word", NULL, &bad, &err);
        printf("username with a newline -> %s (%u)\n", dsauth_result_str(r), (unsigned)r);
        if (r != DSAUTH_RESULT_OK) {
            printf("    field:   %s\n", dsauth_credential_field_name(dsauth_error_field(err)));
            printf("    message: %s\n\n", dsauth_error_message(err));
            dsauth_error_free(err);
            err = NULL;
        } else {
            failures++; /* must not happen */
            dsauth_credentials_free(bad);
        }
    }
    {
        /* Asking legacy credentials for a Bearer header is a usage error. */
        size_t n = 0;
        dsauth_result r = dsauth_credentials_render_header(legacy, DSAUTH_HEADER_FORMAT_BEARER,
                                                           NULL, 0, &n);
        printf("Bearer from legacy credentials -> %s (%u)\n", dsauth_result_str(r),
               (unsigned)r);
    }

    dsauth_credentials_free(legacy);
    dsauth_credentials_free(token);
    printf("\n");

    failures += authenticated_calls();
    return failures == 0 ? 0 : 1;
}
