// dsauth C++ quick start (bindings/cpp/dsauth.hpp): render the headers,
// discover the account, GET it, print status and rate limits, catch an
// error. `make cpp-example` builds it and runs it against the local
// stand-in, which sets DSAUTH_BASE_URL and DSAUTH_CA_FILE; by hand:
//
//   g++ -std=c++17 -Iinclude -Ibindings/cpp examples/cpp/quickstart.cpp
//       -Ltarget/debug -ldsauth -Wl,-rpath,$PWD/target/debug -o quickstart
//   target/debug/dsauth-mock run -- ./quickstart
//
// Credentials default to the stand-in's public test fixture (mock/README.md).
#include "dsauth.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

static std::string env_or(const char *name, const char *fallback) {
    const char *v = std::getenv(name);
    return v != nullptr && *v != '\0' ? v : fallback;
}

static void print(const char *label, const std::optional<std::uint64_t> &v) {
    std::cout << "    " << label << (v ? std::to_string(*v) : "-") << '\n';
}

int main() try {
    std::cout << "dsauth " << dsauth::version() << "\n\n";
    auto creds = dsauth::Credentials::legacy(
        env_or("DSAUTH_INTEGRATOR_KEY", "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd"),
        env_or("DSAUTH_USERNAME", "alice@example.com"),
        env_or("DSAUTH_PASSWORD", "Alice-Passw0rd!"));

    // The header values hold the password: wipe them when done.
    for (auto format : {dsauth::HeaderFormat::json, dsauth::HeaderFormat::xml}) {
        std::string line = creds.render_header_line(format);
        std::cout << line << "\n\n";
        dsauth::wipe(line);
    }

    dsauth::ClientOptions options;
    if (std::getenv("DSAUTH_CA_FILE") != nullptr) {
        options.add_trusted_ca_file(std::getenv("DSAUTH_CA_FILE"));  // the stand-in's CA
    }
    auto env = dsauth::Environment::custom(env_or("DSAUTH_BASE_URL", "https://demo.docusign.net"));
    dsauth::Client client(env, creds, options);  // copy it freely, share it between threads

    dsauth::Account account = client.account();  // login_information, cached
    std::cout << "account:      " << account.id() << "  " << account.name() << '\n'
              << "REST base:    " << account.rest_base() << "\n\n";

    dsauth::Response r = client.get("");  // "" is the account itself
    std::cout << "GET " << r.url() << '\n'
              << "    status           " << r.status() << '\n'
              << "    trace token      " << r.trace_token() << '\n'
              << "    body             " << r.body().size() << " bytes\n";
    dsauth::RateLimit limits = r.rate_limit();
    print("hourly limit     ", limits.limit);
    print("hourly remaining ", limits.remaining);
    print("resets at (Unix) ", limits.reset_at);
    print("burst remaining  ", limits.burst_remaining);

    // DocuSign's errors arrive as dsauth::Error with everything it said.
    try {
        client.get("/envelopes/00000000-0000-0000-0000-000000000000");
    } catch (const dsauth::Error &e) {
        std::cout << "\nexpected error: " << e.result_str() << ", HTTP " << e.status() << ", "
                  << e.error_code() << ", trace token " << e.trace_token() << '\n';
    }
    return 0;
} catch (const dsauth::Error &e) {
    std::cerr << "dsauth error " << e.result() << " (" << e.result_str() << "): " << e.what()
              << '\n';
    return 1;
}
