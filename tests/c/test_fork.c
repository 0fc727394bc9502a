/*
 * Fork safety: a client that made a call, then fork(); parent and child
 * each make 20 calls carrying their own X-Marker header against a server
 * that echoes it (tests/support/echo_server.py, started here), over HTTP
 * and over HTTPS. Without the client's process check both processes would
 * share the pooled keep-alive connection and read each other's answers.
 *
 * Run from the repository root (it starts python3 tests/support/echo_server.py).
 */
#define _GNU_SOURCE
#include "check.h"

#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALLS 20

static char http_url[128], https_url[128], ca_file[512];

/* Starts the echo server; returns its stdin (closing it stops the server). */
static FILE *start_echo_server(const char *dir) {
    int to_server[2], from_server[2];
    if (pipe(to_server) != 0 || pipe(from_server) != 0) {
        perror("pipe");
        exit(2);
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(to_server[0], 0);
        dup2(from_server[1], 1);
        close(to_server[1]);
        close(from_server[0]);
        execlp("python3", "python3", "tests/support/echo_server.py", dir, (char *)NULL);
        _exit(127);
    }
    close(to_server[0]);
    close(from_server[1]);
    FILE *out = fdopen(from_server[0], "r");
    char line[1024];
    if (out == NULL || fgets(line, sizeof line, out) == NULL ||
        sscanf(line, "{\"http\": \"%127[^\"]\", \"https\": \"%127[^\"]\", \"ca_file\": \"%511[^\"]\"}",
               http_url, https_url, ca_file) != 3) {
        fprintf(stderr, "the echo server did not start\n");
        exit(2);
    }
    fclose(out);
    return fdopen(to_server[1], "w");
}

static const dsauth_client *client_for(const char *base_url) {
    dsauth_environment *env = NULL;
    const dsauth_credentials *creds = NULL;
    dsauth_client_options *opts = NULL;
    const dsauth_client *client = NULL;
    CHECK_RESULT(dsauth_environment_new_custom(base_url, NULL, &env, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_credentials_new_token("fork-test-token", &creds, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_new(&opts), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_add_trusted_ca_file(opts, ca_file, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_new(env, creds, opts, &client, NULL), DSAUTH_RESULT_OK);
    dsauth_client_options_free(opts);
    dsauth_credentials_free(creds);
    dsauth_environment_free(env);
    return client;
}

/* One call with `marker`; true when the answer echoes it. */
static bool call_echoes(const dsauth_client *client, const char *base_url, const char *marker) {
    char url[256];
    snprintf(url, sizeof url, "%s/echo", base_url);
    dsauth_request *request = NULL;
    dsauth_response *response = NULL;
    bool ok = false;
    if (dsauth_request_new(DSAUTH_METHOD_GET, url, &request, NULL) == DSAUTH_RESULT_OK &&
        dsauth_request_add_header(request, "X-Marker", marker, NULL) == DSAUTH_RESULT_OK &&
        dsauth_client_send(client, request, &response, NULL) == DSAUTH_RESULT_OK) {
        const uint8_t *body = NULL;
        size_t len = 0;
        char expected[128];
        snprintf(expected, sizeof expected, "{\"marker\": \"%s\"}", marker);
        ok = dsauth_response_body(response, &body, &len) == DSAUTH_RESULT_OK &&
             len == strlen(expected) && memcmp(body, expected, len) == 0;
    }
    dsauth_response_free(response);
    dsauth_request_free(request);
    return ok;
}

/* How many of CALLS calls did not get their own marker back. */
static int crossed_replies(const dsauth_client *client, const char *base_url, const char *who) {
    int crossed = 0;
    for (int i = 0; i < CALLS; i++) {
        char marker[64];
        snprintf(marker, sizeof marker, "%s-%d", who, i);
        if (!call_echoes(client, base_url, marker)) {
            crossed++;
        }
    }
    return crossed;
}

static void fork_and_call(const char *base_url) {
    const dsauth_client *client = client_for(base_url);
    /* One call first: its connection is pooled when the process forks. */
    CHECK(call_echoes(client, base_url, "before-fork"));
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        int crossed = crossed_replies(client, base_url, "child");
        dsauth_client_free(client);
        _exit(crossed);
    }
    int parent_crossed = crossed_replies(client, base_url, "parent");
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    int child_crossed = WIFEXITED(status) ? WEXITSTATUS(status) : CALLS;
    if (parent_crossed != 0 || child_crossed != 0) {
        fprintf(stderr, "%s: %d of %d parent replies and %d of %d child replies crossed\n",
                base_url, parent_crossed, CALLS, child_crossed, CALLS);
    }
    CHECK(parent_crossed == 0);
    CHECK(child_crossed == 0);
    /* And the parent's client goes on working. */
    CHECK(call_echoes(client, base_url, "after-fork"));
    dsauth_client_free(client);
}

int main(void) {
    char dir[] = "/tmp/dsauth-fork-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    FILE *server = start_echo_server(dir);
    /* Several rounds: a crossing depends on timing, so one round could pass
       by luck. */
    for (int round = 0; round < 3; round++) {
        fork_and_call(http_url);
        fork_and_call(https_url);
    }
    fclose(server);
    while (wait(NULL) > 0) {
    }
    char cleanup[600];
    snprintf(cleanup, sizeof cleanup, "rm -rf '%s'", dir);
    if (system(cleanup) != 0) {
        fprintf(stderr, "could not remove %s\n", dir);
    }
    printf("test_fork: %u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
