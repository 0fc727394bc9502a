/* Header rendering: dsauth_credentials_render_header (JSON, XML) against the
 * hand-written snprintf that DocuSign's samples use (string concatenation,
 * nothing escaped).
 *
 *   render VARIANT ITERATIONS BATCHES [alice|bob]
 *   render check
 *
 * VARIANT: dsauth-json, dsauth-xml, snprintf-json, snprintf-xml.
 * Prints one line: `VARIANT USER ITERATIONS BATCHES median_ns_per_op min_ns_per_op`.
 * Each batch renders ITERATIONS times into one buffer; a batch's ns/op is its
 * wall time / ITERATIONS; the median over the batches is reported. The loop
 * is bounded in count and stops early after 20 s of batches.
 * With ITERATIONS 0 nothing is rendered (the callgrind baseline).
 *
 * `check` prints both renderings for Alice (no special characters: they
 * must be identical) and for Bob (whose password needs escaping).
 */
#include "bench_common.h"

#include <stdio.h>

#include "dsauth.h"

/* The inputs go through volatile pointers so that gcc cannot fold the
 * snprintf calls at compile time. */
static const char *volatile g_key = FIXTURE_INTEGRATION_KEY;
static const char *volatile g_user;
static const char *volatile g_pass;

static int snprintf_json(char *buf, size_t len) {
    return snprintf(buf, len, "{\"Username\":\"%s\",\"Password\":\"%s\",\"IntegratorKey\":\"%s\"}",
                    g_user, g_pass, g_key);
}

static int snprintf_xml(char *buf, size_t len) {
    return snprintf(buf, len,
                    "<DocuSignCredentials><Username>%s</Username><Password>%s</Password>"
                    "<IntegratorKey>%s</IntegratorKey></DocuSignCredentials>",
                    g_user, g_pass, g_key);
}

static const dsauth_credentials *make_credentials(void) {
    const dsauth_credentials *creds = NULL;
    dsauth_error *err = NULL;
    if (dsauth_credentials_new_legacy(g_key, g_user, g_pass, NULL, &creds, &err) != DSAUTH_RESULT_OK) {
        fprintf(stderr, "credentials: %s\n", dsauth_error_message(err));
        dsauth_error_free(err);
        exit(1);
    }
    return creds;
}

static void select_user(const char *who) {
    if (strcmp(who, "bob") == 0) {
        g_user = FIXTURE_BOB_EMAIL;
        g_pass = FIXTURE_BOB_PASSWORD;
    } else {
        g_user = FIXTURE_ALICE_EMAIL;
        g_pass = FIXTURE_ALICE_PASSWORD;
    }
}

static int check(void) {
    static const char *who[] = {"alice", "bob"};
    for (int w = 0; w < 2; w++) {
        select_user(who[w]);
        const dsauth_credentials *creds = make_credentials();
        char a[1024], b[1024];
        size_t n = 0;
        for (int xml = 0; xml < 2; xml++) {
            unsigned fmt = xml ? DSAUTH_HEADER_FORMAT_XML : DSAUTH_HEADER_FORMAT_JSON;
            if (dsauth_credentials_render_header(creds, fmt, a, sizeof a, &n) != DSAUTH_RESULT_OK) return 1;
            if (xml) snprintf_xml(b, sizeof b); else snprintf_json(b, sizeof b);
            printf("%s %s identical=%s\n  dsauth:   %s\n  snprintf: %s\n", who[w], xml ? "xml" : "json",
                   strcmp(a, b) == 0 ? "yes" : "no", a, b);
        }
        dsauth_credentials_free(creds);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "check") == 0) return check();
    if (argc < 4) {
        fprintf(stderr, "usage: %s VARIANT ITERATIONS BATCHES [alice|bob] | check\n", argv[0]);
        return 2;
    }
    const char *variant = argv[1];
    long iterations = strtol(argv[2], NULL, 10);
    long batches = strtol(argv[3], NULL, 10);
    const char *who = argc > 4 ? argv[4] : "alice";
    if (iterations < 0 || iterations > 100000000 || batches < 1 || batches > 1000) return 2;
    select_user(who);

    int kind;
    if (strcmp(variant, "dsauth-json") == 0) kind = 0;
    else if (strcmp(variant, "dsauth-xml") == 0) kind = 1;
    else if (strcmp(variant, "snprintf-json") == 0) kind = 2;
    else if (strcmp(variant, "snprintf-xml") == 0) kind = 3;
    else { fprintf(stderr, "unknown variant %s\n", variant); return 2; }

    const dsauth_credentials *creds = make_credentials();
    char buf[1024];
    size_t n = 0;
    double per_op[1000];
    long done = 0;
    uint64_t deadline = now_ns() + 20ull * 1000000000ull;
    for (long b = 0; b < batches; b++) {
        uint64_t t0 = now_ns();
        for (long i = 0; i < iterations; i++) {
            switch (kind) {
            case 0:
                if (dsauth_credentials_render_header(creds, DSAUTH_HEADER_FORMAT_JSON, buf, sizeof buf, &n))
                    return 1;
                break;
            case 1:
                if (dsauth_credentials_render_header(creds, DSAUTH_HEADER_FORMAT_XML, buf, sizeof buf, &n))
                    return 1;
                break;
            case 2: n = (size_t)snprintf_json(buf, sizeof buf); break;
            default: n = (size_t)snprintf_xml(buf, sizeof buf); break;
            }
            escape(buf);
        }
        uint64_t t1 = now_ns();
        per_op[done++] = iterations ? (double)(t1 - t0) / (double)iterations : 0.0;
        if (t1 > deadline) break;
    }
    double min = per_op[0];
    for (long i = 1; i < done; i++) if (per_op[i] < min) min = per_op[i];
    printf("%s %s %ld %ld %.1f %.1f\n", variant, who, iterations, done, quantile(per_op, (size_t)done, 0.5), min);
    dsauth_credentials_free(creds);
    return 0;
}
