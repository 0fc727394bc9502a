/* Authenticated GET of the account (GET /restapi/v2.1/accounts/{id}) with
 * dsauth_client_get on one client (one kept-alive connection), legacy
 * X-DocuSign-Authentication credentials (the stand-in's Alice).
 *
 *   get_dsauth BASE_URL CA_FILE|- CALLS MAX_SECONDS [WARMUP]
 *
 * WARMUP calls first (default 20; they include the one-time account
 * discovery, login_information, and the connection/TLS set-up), then up to
 * CALLS timed calls, stopping early after MAX_SECONDS. Prints:
 *   dsauth URL calls median_us p10_us p90_us p99_us max_us mean_us total_s
 */
#include "bench_common.h"

#include <stdio.h>

#include "dsauth.h"

static void die(const char *what, dsauth_result r, dsauth_error *err) {
    fprintf(stderr, "%s: %s: %s\n", what, dsauth_result_str(r), err ? dsauth_error_message(err) : "");
    dsauth_error_free(err);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s BASE_URL CA_FILE|- CALLS MAX_SECONDS [WARMUP]\n", argv[0]);
        return 2;
    }
    const char *base = argv[1], *ca = argv[2];
    long calls = strtol(argv[3], NULL, 10);
    double max_s = strtod(argv[4], NULL);
    long warmup = argc > 5 ? strtol(argv[5], NULL, 10) : 20;
    if (calls < 1 || calls > 1000000 || warmup < 1 || max_s <= 0) return 2;

    dsauth_error *err = NULL;
    dsauth_result r;
    const dsauth_credentials *creds = NULL;
    dsauth_environment *env = NULL;
    dsauth_client_options *opts = NULL;
    const dsauth_client *client = NULL;
    if ((r = dsauth_credentials_new_legacy(FIXTURE_INTEGRATION_KEY, FIXTURE_ALICE_EMAIL,
                                           FIXTURE_ALICE_PASSWORD, NULL, &creds, &err)))
        die("credentials", r, err);
    if ((r = dsauth_environment_new_custom(base, NULL, &env, &err))) die("environment", r, err);
    if ((r = dsauth_client_options_new(&opts))) die("options", r, NULL);
    if ((r = dsauth_client_options_set_proxy_none(opts))) die("proxy", r, NULL);
    if (strcmp(ca, "-") != 0 && (r = dsauth_client_options_add_trusted_ca_file(opts, ca, &err)))
        die("ca file", r, err);
    if ((r = dsauth_client_new(env, creds, opts, &client, &err))) die("client", r, err);
    dsauth_client_options_free(opts);
    dsauth_environment_free(env);
    dsauth_credentials_free(creds);

    double *us = calloc((size_t)calls, sizeof *us);
    if (!us) return 1;
    char url[512] = "";
    size_t body_bytes = 0;
    long done = 0;
    uint64_t start = 0, deadline = 0;
    for (long i = 0; i < warmup + calls; i++) {
        if (i == warmup) {
            start = now_ns();
            deadline = start + (uint64_t)(max_s * 1e9);
        }
        uint64_t t0 = now_ns();
        dsauth_response *resp = NULL;
        if ((r = dsauth_client_get(client, "", &resp, &err))) die("get", r, err);
        const uint8_t *data = NULL;
        size_t len = 0;
        if (dsauth_response_status(resp) != 200 || dsauth_response_body(resp, &data, &len)) {
            fprintf(stderr, "unexpected answer %u\n", dsauth_response_status(resp));
            return 1;
        }
        body_bytes += len;
        if (i == 0) snprintf(url, sizeof url, "%s", dsauth_response_url(resp));
        dsauth_response_free(resp);
        uint64_t t1 = now_ns();
        if (i >= warmup) {
            us[done++] = (double)(t1 - t0) / 1e3;
            if (t1 > deadline) break;
        }
    }
    double total_s = (double)(now_ns() - start) / 1e9;
    double sum = 0;
    for (long i = 0; i < done; i++) sum += us[i];
    double mean = sum / (double)done;
    double p10 = quantile(us, (size_t)done, 0.10);
    double p90 = quantile(us, (size_t)done, 0.90);
    double med = quantile(us, (size_t)done, 0.50);
    double p99 = quantile(us, (size_t)done, 0.99);
    double max = us[done - 1];
    printf("dsauth %s %ld %.1f %.1f %.1f %.1f %.1f %.1f %.3f\n", url, done, med, p10, p90, p99, max, mean, total_s);
    escape(&body_bytes);
    free(us);
    dsauth_client_free(client);
    return 0;
}
