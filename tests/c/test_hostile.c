/*
 * A hostile server, written here: it answers 400 with DocuSign's error body
 * whose `message` is the request head it received (with the
 * X-DocuSign-Authentication header and its password), once plain and once
 * percent-encoded. Neither dsauth_error_message nor dsauth_error_body may
 * contain the password; dsauth_error_body keeps the (redacted) body. Then a
 * gateway's text/plain answer is named by status and content type.
 *
 * Needs nothing else: build/tests/c/test_hostile
 * Prints "N passed, M failed" last; exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const PASSWORD = "H0stile\"<pass>&'word%";

/* How the server answers: 0 echo the head into message, 1 gateway. */
static volatile int mode;

/* Appends `text` JSON-escaped (and percent-encoded when `pct`). */
static size_t put(char *out, size_t at, size_t cap, const char *text, int pct) {
    static const char hex[] = "0123456789ABCDEF";
    for (; *text != '\0' && at + 8 < cap; text++) {
        unsigned char c = (unsigned char)*text;
        if (pct && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9'))) {
            out[at++] = '%';
            out[at++] = hex[c >> 4];
            out[at++] = hex[c & 15];
        } else if (c == '"' || c == '\\') {
            out[at++] = '\\';
            out[at++] = (char)c;
        } else if (c < 0x20) {
            at += (size_t)snprintf(out + at, cap - at, "\\u%04x", c);
        } else {
            out[at++] = (char)c;
        }
    }
    return at;
}

/* Serves one connection: reads the head, answers, closes. */
static void serve(int fd) {
    static char head[16384], body[40000], reply[45000];
    size_t got = 0, at = 0;
    ssize_t n;
    while (got + 1 < sizeof head && (n = read(fd, head + got, sizeof head - 1 - got)) > 0) {
        got += (size_t)n;
        head[got] = '\0';
        if (strstr(head, "\r\n\r\n") != NULL) {
            break;
        }
    }
    head[got] = '\0';
    if (mode == 0) {
        at = (size_t)snprintf(body, sizeof body, "{\"errorCode\":\"E\",\"message\":\"");
        at = put(body, at, sizeof body, head, 0);
        at = put(body, at, sizeof body, " | ", 0);
        at = put(body, at, sizeof body, head, 1);
        at += (size_t)snprintf(body + at, sizeof body - at, "\"}");
    } else {
        at = (size_t)snprintf(body, sizeof body, "5 is not of type 'string' - 'emailSubject'");
    }
    n = snprintf(reply, sizeof reply,
                 "HTTP/1.1 400 Bad Request\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n%s",
                 mode == 0 ? "application/json" : "text/plain", at, body);
    if (n > 0 && write(fd, reply, (size_t)n) < 0) {
        perror("write");
    }
    close(fd);
}

static void *server(void *arg) {
    int listener = *(int *)arg;
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            return NULL;
        }
        serve(fd);
    }
}

/* The account call of a legacy client on `url`: its error. */
static dsauth_error *account_error(const char *url, dsauth_result *result) {
    dsauth_environment *env = NULL;
    const dsauth_credentials *creds = NULL;
    dsauth_client_options *options = NULL;
    const dsauth_client *client = NULL;
    dsauth_account *account = NULL;
    dsauth_error *err = NULL;
    CHECK_RESULT(dsauth_environment_new_custom(url, NULL, &env, NULL), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_credentials_new_legacy("ik", "user@example.com", PASSWORD, NULL,
                                               &creds, NULL),
                 DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_new(&options), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_options_set_proxy_none(options), DSAUTH_RESULT_OK);
    CHECK_RESULT(dsauth_client_new(env, creds, options, &client, NULL), DSAUTH_RESULT_OK);
    *result = dsauth_client_account(client, &account, &err);
    CHECK(account == NULL);
    dsauth_client_free(client);
    dsauth_client_options_free(options);
    dsauth_credentials_free(creds);
    dsauth_environment_free(env);
    return err;
}

int main(void) {
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    pthread_t thread;
    char url[64];
    dsauth_result result;
    dsauth_error *err;
    const char *message, *body;
    int listener = socket(AF_INET, SOCK_STREAM, 0);

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(listener, 8) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &len) != 0) {
        perror("listen");
        return 1;
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)ntohs(addr.sin_port));
    if (pthread_create(&thread, NULL, server, &listener) != 0) {
        return 1;
    }
    pthread_detach(thread);

    /* The echoed head: no password in the message or the body. */
    mode = 0;
    err = account_error(url, &result);
    CHECK_RESULT(result, DSAUTH_RESULT_API);
    message = dsauth_error_message(err);
    body = dsauth_error_body(err);
    CHECK(message != NULL && body != NULL);
    if (message != NULL && body != NULL) {
        CHECK(strstr(message, "H0stile") == NULL);
        CHECK(strstr(body, "H0stile") == NULL);
        CHECK(strstr(message, "<redacted>") != NULL);
        CHECK(strstr(body, "<redacted>") != NULL);
        CHECK(strstr(message, "login_information") != NULL);
        CHECK(strlen(body) <= 4096 + 3);
    }
    dsauth_error_free(err);

    /* A gateway's answer: named by status and content type, body kept. */
    mode = 1;
    err = account_error(url, &result);
    CHECK_RESULT(result, DSAUTH_RESULT_HTTP_STATUS);
    CHECK_STR(dsauth_error_message(err),
              "HTTP 400 (text/plain): 5 is not of type 'string' - 'emailSubject'");
    CHECK_STR(dsauth_error_body(err), "5 is not of type 'string' - 'emailSubject'");
    CHECK(dsauth_error_body(NULL) == NULL);
    dsauth_error_free(err);

    shutdown(listener, SHUT_RDWR);
    close(listener);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
