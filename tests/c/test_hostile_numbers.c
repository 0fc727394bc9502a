/*
 * C tests of hostile numbers from a server written here (a loopback
 * listener on a thread that answers every request with the status, headers
 * and body it is given): `X-RateLimit-Reset: 18446744073709551615`, a reset
 * in year 10000, `Retry-After: 10^18`, negative and oversized counts. The
 * call gives DSAUTH_RESULT_RATE_LIMITED or a response as usual, the
 * numbers read as unknown (reset 0, flags false), and nothing waits.
 *
 * Needs nothing else: build/tests/c/test_hostile_numbers (the Makefile runs
 * it under valgrind and under AddressSanitizer + UBSan).
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
#include <time.h>
#include <unistd.h>

/* ---- the hostile server ------------------------------------------------ */

static int listener = -1;
static char base_url[64];
static char answer[2048];
static unsigned requests;
static bool stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Reads the request head (these requests have no body). */
static void read_head(int fd) {
    char buf[4096];
    size_t have = 0;
    while (have < sizeof buf - 1) {
        ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
        if (n <= 0) {
            return;
        }
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL) {
            return;
        }
    }
}

static void *serve(void *unused) {
    (void)unused;
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        pthread_mutex_lock(&lock);
        bool stop = stopping;
        pthread_mutex_unlock(&lock);
        if (stop) {
            close(fd);
            return NULL;
        }
        read_head(fd);
        pthread_mutex_lock(&lock);
        requests++;
        size_t len = strlen(answer);
        ssize_t written = write(fd, answer, len);
        pthread_mutex_unlock(&lock);
        (void)written;
        close(fd);
    }
}

/* What later requests are answered; resets the request count. */
static void answer_with(int status, const char *headers, const char *body) {
    pthread_mutex_lock(&lock);
    snprintf(answer, sizeof answer,
             "HTTP/1.1 %d Hostile\r\nContent-Type: application/json\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n%s\r\n%s",
             status, strlen(body), headers, body);
    requests = 0;
    pthread_mutex_unlock(&lock);
}

static unsigned requests_seen(void) {
    pthread_mutex_lock(&lock);
    unsigned n = requests;
    pthread_mutex_unlock(&lock);
    return n;
}

static pthread_t start_server(void) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    pthread_t thread;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(listener, 16) != 0 || getsockname(listener, (struct sockaddr *)&addr, &len) != 0) {
        perror("hostile server");
        exit(2);
    }
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%u", (unsigned)ntohs(addr.sin_port));
    if (pthread_create(&thread, NULL, serve, NULL) != 0) {
        exit(2);
    }
    return thread;
}

/* Wakes the server thread with one last connection and waits for it. */
static void stop_server(pthread_t thread) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_mutex_unlock(&lock);
    getsockname(listener, (struct sockaddr *)&addr, &len);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
        pthread_join(thread, NULL);
    }
    if (fd >= 0) {
        close(fd);
    }
    close(listener);
}

/* ---- the client -------------------------------------------------------- */

static const dsauth_client *new_client(void) {
    dsauth_environment *env = NULL;
    const dsauth_credentials *creds = NULL;
    dsauth_client_options *options = NULL;
    const dsauth_client *client = NULL;
    CHECK_RESULT(dsauth_environment_new_custom(base_url, NULL, &env, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_credentials_new_legacy("integration-key", "user@example.com", "password",
                                               NULL, &creds, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_new(&options), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(options), DSAUTH_RESULT_OK);
    /* A retry would wait for the reset: none may follow an unknown one. */
    CHECK_RESULT(dsauth_client_options_set_rate_limit_max_wait_ms(options, 120000),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_new(env, creds, options, &client, NULL), DSAUTH_RESULT_OK);
    dsauth_client_options_free(options);
    dsauth_credentials_free(creds);
    dsauth_environment_free(env);
    return client;
}

static void users_url(char *out, size_t size) {
    snprintf(out, size, "%s/restapi/v2.1/accounts/1/users", base_url);
}

static const char *const HOURLY =
    "{\"errorCode\":\"HOURLY_APIINVOCATION_LIMIT_EXCEEDED\",\"message\":\"slow down\"}";
static const char *const BURST =
    "{\"errorCode\":\"BURST_APIINVOCATION_LIMIT_EXCEEDED\",\"message\":\"slow down\"}";

/* ---- tests ------------------------------------------------------------- */

static void test_hostile_reset_on_429(void) {
    static const char *const resets[] = {"18446744073709551615", "253402300800",
                                         "99999999999999999999999", "-1"};
    char url[128], headers[256];
    users_url(url, sizeof url);
    for (size_t i = 0; i < sizeof resets / sizeof resets[0]; i++) {
        const dsauth_client *client = new_client();
        dsauth_response *response = NULL;
        dsauth_error *err = NULL;
        snprintf(headers, sizeof headers, "X-RateLimit-Reset: %s\r\nRetry-After: %s\r\n",
                 resets[i], resets[i]);
        answer_with(429, headers, HOURLY);
        CHECK_RESULT(dsauth_client_get(client, url, &response, &err),
                     DSAUTH_RESULT_RATE_LIMITED);
        CHECK(response == NULL);
        CHECK(dsauth_error_status(err) == 429);
        CHECK(dsauth_error_reset_at(err) == 0);
        CHECK(contains(dsauth_error_message(err), "slow down"));
        CHECK(requests_seen() == 1); /* no retry */
        dsauth_error_free(err);
        dsauth_client_free(client);
    }
}

static void test_hostile_retry_after_on_429(void) {
    char url[128];
    const dsauth_client *client = new_client();
    dsauth_response *response = NULL;
    dsauth_error *err = NULL;
    users_url(url, sizeof url);
    answer_with(429, "Retry-After: 1000000000000000000\r\n", BURST);
    uint64_t before = (uint64_t)time(NULL);
    CHECK_RESULT(dsauth_client_get(client, url, &response, &err), DSAUTH_RESULT_RATE_LIMITED);
    uint64_t reset_at = dsauth_error_reset_at(err);
    /* Unknown: the burst window's end stands in for it. */
    CHECK(reset_at >= before + 30 && reset_at <= (uint64_t)time(NULL) + 31);
    dsauth_error_free(err);
    dsauth_client_free(client);
}

static void test_hostile_numbers_on_200(void) {
    char url[128];
    const dsauth_client *client = new_client();
    dsauth_response *response = NULL;
    dsauth_rate_limit rl;
    users_url(url, sizeof url);
    answer_with(200,
                "X-RateLimit-Limit: 18446744073709551615\r\n"
                "X-RateLimit-Remaining: -1\r\n"
                "X-RateLimit-Reset: 253402300800\r\n"
                "X-BurstLimit-Limit: 99999999999999999999999\r\n"
                "X-BurstLimit-Remaining: 1e9\r\n",
                "{}");
    CHECK_RESULT(dsauth_client_get(client, url, &response, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_response_rate_limit(response, &rl), DSAUTH_RESULT_OK);
    CHECK(!rl.has_limit && !rl.has_remaining && !rl.has_reset_at && !rl.has_burst_limit &&
          !rl.has_burst_remaining);
    CHECK(rl.reset_at == 0 && rl.limit == 0);
    /* The budget did not believe "nothing left until year 10000". */
    answer_with(200,
                "X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 0\r\n"
                "X-RateLimit-Reset: 18446744073709551615\r\n",
                "{}");
    dsauth_response_free(response);
    response = NULL;
    CHECK_RESULT(dsauth_client_get(client, url, &response, NULL), DSAUTH_RESULT_OK);
    dsauth_response_free(response);
    response = NULL;
    CHECK_RESULT(dsauth_client_get(client, url, &response, NULL), DSAUTH_RESULT_OK);
    CHECK(requests_seen() == 2);
    dsauth_response_free(response);
    dsauth_client_free(client);
}

int main(void) {
    pthread_t server = start_server();
    test_hostile_reset_on_429();
    test_hostile_retry_after_on_429();
    test_hostile_numbers_on_200();
    stop_server(server);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
