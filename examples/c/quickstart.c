/*
 * dsauth quick start: render every authentication header DocuSign accepts.
 *
 * Build and run it with `make demo`, or by hand:
 *
 *   cargo build -p dsauth
 *   cc -std=c11 -Iinclude examples/c/quickstart.c -Ltarget/debug -ldsauth \
 *      -Wl,-rpath,$PWD/target/debug -o quickstart && ./quickstart
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
    return failures == 0 ? 0 : 1;
}
