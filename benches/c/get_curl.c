/* The peer of get_dsauth.c: what a C program does without dsauth. The
 * X-DocuSign-Authentication value is built with snprintf as DocuSign's
 * samples do (nothing escaped: fine for these fixture values, wrong for a
 * password with `"` or `\`), then one libcurl easy handle (connection kept
 * alive) GETs the account URL, the body is collected into a buffer and the
 * status checked.
 *
 *   get_curl URL CA_FILE|- CALLS MAX_SECONDS [WARMUP]
 *
 * Prints: curl URL calls median_us p10_us p90_us p99_us max_us mean_us total_s
 */
#include "bench_common.h"

#include <curl/curl.h>
#include <stdio.h>

struct body {
    char *data;
    size_t len, cap;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user) {
    struct body *b = user;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) return 0;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s URL CA_FILE|- CALLS MAX_SECONDS [WARMUP]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1], *ca = argv[2];
    long calls = strtol(argv[3], NULL, 10);
    double max_s = strtod(argv[4], NULL);
    long warmup = argc > 5 ? strtol(argv[5], NULL, 10) : 20;
    if (calls < 1 || calls > 1000000 || warmup < 1 || max_s <= 0) return 2;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    if (!curl) return 1;
    char auth[1024];
    snprintf(auth, sizeof auth,
             "X-DocuSign-Authentication: {\"Username\":\"%s\",\"Password\":\"%s\",\"IntegratorKey\":\"%s\"}",
             FIXTURE_ALICE_EMAIL, FIXTURE_ALICE_PASSWORD, FIXTURE_INTEGRATION_KEY);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, auth);
    headers = curl_slist_append(headers, "Accept: application/json");
    struct body body = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 60000L);
    if (strcmp(ca, "-") != 0) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);

    double *us = calloc((size_t)calls, sizeof *us);
    if (!us) return 1;
    size_t body_bytes = 0;
    long done = 0;
    uint64_t start = 0, deadline = 0;
    for (long i = 0; i < warmup + calls; i++) {
        if (i == warmup) {
            start = now_ns();
            deadline = start + (uint64_t)(max_s * 1e9);
        }
        uint64_t t0 = now_ns();
        body.len = 0;
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK || status != 200) {
            fprintf(stderr, "curl: %s, status %ld\n", curl_easy_strerror(rc), status);
            return 1;
        }
        body_bytes += body.len;
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
    printf("curl %s %ld %.1f %.1f %.1f %.1f %.1f %.1f %.3f\n", url, done, med, p10, p90, p99, max, mean, total_s);
    escape(&body_bytes);
    free(us);
    free(body.data);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return 0;
}
