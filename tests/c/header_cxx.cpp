// Proves include/dsauth.h is clean C++ (g++ -std=c++17 -Wall -Wextra
// -Wpedantic -Werror) and links: includes it and calls a few functions.
#include "dsauth.h"

#include <cstdio>
#include <cstring>
#include <string>

int main() {
    int failures = 0;
    if (std::strcmp(dsauth_version(), DSAUTH_VERSION) != 0) {
        std::fprintf(stderr, "version mismatch\n");
        failures++;
    }

    const dsauth_credentials *creds = nullptr;
    dsauth_error *err = nullptr;
    dsauth_result r = dsauth_credentials_new_token("abc.def", &creds, &err);
    if (r != DSAUTH_RESULT_OK) {
        std::fprintf(stderr, "new_token: %s\n", dsauth_error_message(err));
        dsauth_error_free(err);
        return 1;
    }

    size_t n = 0;
    r = dsauth_credentials_render_header(creds, DSAUTH_HEADER_FORMAT_BEARER, nullptr, 0, &n);
    std::string value(n, '\0');
    if (r != DSAUTH_RESULT_INSUFFICIENT_SIZE ||
        dsauth_credentials_render_header(creds, DSAUTH_HEADER_FORMAT_BEARER, &value[0], n + 1,
                                         &n) != DSAUTH_RESULT_OK ||
        value != "Bearer abc.def") {
        std::fprintf(stderr, "render_header failed\n");
        failures++;
    }
    if (std::string(dsauth_credentials_header_name(creds, DSAUTH_HEADER_FORMAT_BEARER)) !=
        "Authorization") {
        failures++;
    }
    dsauth_credentials_free(creds);

    dsauth_result wrong = dsauth_credentials_new_legacy("ik", "", "pw", nullptr, &creds, &err);
    if (wrong != DSAUTH_RESULT_CREDENTIAL_EMPTY ||
        dsauth_error_field(err) != DSAUTH_CREDENTIAL_FIELD_USERNAME) {
        failures++;
    }
    dsauth_error_free(err);

    // The client types: the plain rate-limit struct and a builder.
    dsauth_rate_limit limits{};
    if (limits.has_limit || limits.limit != 0) {
        failures++;
    }
    dsauth_client_options *options = nullptr;
    if (dsauth_client_options_new(&options) != DSAUTH_RESULT_OK ||
        dsauth_client_options_set_timeout_ms(options, 1000) != DSAUTH_RESULT_OK) {
        failures++;
    }
    dsauth_client_options_free(options);

    std::printf("C++ header check: %s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
