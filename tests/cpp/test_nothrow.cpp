// Tests of the std::nothrow face of bindings/cpp/dsauth.hpp, compiled with
// -fno-exceptions, against the local DocuSign stand-in. Run through
// `dsauth-mock run` from the repository root:
//
//   target/debug/dsauth-mock run -- build/tests/cpp/test_nothrow
//
// `make cpp-test` builds it with -Werror -fno-exceptions and runs it under
// valgrind.
#include "dsauth.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <type_traits>

static_assert(DSAUTH_HPP_EXCEPTIONS == 0, "build this test with -fno-exceptions");

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char *what, int line) {
    if (ok) {
        ++passed;
    } else {
        ++failed;
        std::fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, line, what);
    }
}
#define CHECK(cond) check((cond), #cond, __LINE__)

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

std::string env(const char *name) {
    const char *v = std::getenv(name);
    return v != nullptr ? v : "";
}

std::string read_file(const char *path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The stand-in's fixture (mock/README.md).
const std::string MOCK_IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
const std::string ALICE_EMAIL = "alice@example.com";
const std::string ALICE_PASSWORD = "Alice-Passw0rd!";
const std::string ALICE_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
const std::string ACCOUNT_ID = "18650243";
const char *const KEY_FILE = "mock/fixtures/jwt_private_pkcs1.pem";

// The overloads return Result<T>, never T.
static_assert(std::is_same_v<decltype(dsauth::Credentials::token(std::nothrow, "")),
                             dsauth::Result<dsauth::Credentials>>);
static_assert(std::is_same_v<decltype(std::declval<const dsauth::Client &>().get(std::nothrow, "")),
                             dsauth::Result<dsauth::Response>>);
static_assert(std::is_same_v<decltype(std::declval<dsauth::Request &>().json(std::nothrow, "")),
                             dsauth::Result<void>>);

void test_credentials() {
    using dsauth::HeaderFormat;
    auto creds = dsauth::Credentials::legacy(std::nothrow, MOCK_IK, ALICE_EMAIL, "p\"w");
    CHECK(creds.ok());
    CHECK(static_cast<bool>(creds));
    CHECK(creds.error().result() == DSAUTH_RESULT_OK);
    auto header = creds->render_header(std::nothrow, HeaderFormat::json);
    CHECK(header.ok() && contains(*header, "\"Password\":\"p\\\"w\""));
    dsauth::wipe(*header);

    // Wrong kind of credentials for the format: the failure, no value.
    auto bearer = creds->render_header(std::nothrow, HeaderFormat::bearer);
    CHECK(!bearer);
    CHECK(bearer.error().result() == DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    CHECK(!bearer.error().message().empty());

    // A refused field: its result, field and message, never the secret.
    auto empty = dsauth::Credentials::legacy(std::nothrow, MOCK_IK, "", ALICE_PASSWORD);
    CHECK(!empty.ok());
    CHECK(empty.error().result() == DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(empty.error().field() == DSAUTH_CREDENTIAL_FIELD_USERNAME);
    CHECK(std::string(empty.error().field_name()) == "Username");
    auto spaced = dsauth::Credentials::legacy(std::nothrow, MOCK_IK, ALICE_EMAIL, " secret");
    CHECK(spaced.error().result() == DSAUTH_RESULT_CREDENTIAL_WHITESPACE);
    CHECK(!contains(spaced.error().message(), "secret"));

    // A NUL inside a std::string is refused before the C call.
    auto nul = dsauth::Credentials::token(std::nothrow, std::string("abc\0def", 7));
    CHECK(nul.error().result() == DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(nul.error().message(), "access token contains a NUL byte"));

    auto jwt = dsauth::Credentials::jwt(std::nothrow, MOCK_IK, ALICE_ID, "not a key");
    CHECK(!jwt && jwt.error().result() != DSAUTH_RESULT_OK);
}

void test_environment_options_request() {
    auto bad = dsauth::Environment::custom(std::nothrow, "http://example.com");
    CHECK(bad.error().result() == DSAUTH_RESULT_INSECURE_URL);
    CHECK(dsauth::Environment::custom(std::nothrow, "not a url").error().result() ==
          DSAUTH_RESULT_INVALID_URL);

    dsauth::ClientOptions o;
    CHECK(o.api_version(std::nothrow, "v2").ok());
    CHECK(o.api_version(std::nothrow, "v9").error().result() == DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(o.add_trusted_ca_pem(std::nothrow, "no certificate").error().result() ==
          DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(o.add_trusted_ca_file(std::nothrow, "/nonexistent/ca.pem").error().result() ==
          DSAUTH_RESULT_INVALID_ARGUMENT);

    auto req = dsauth::Request::create(std::nothrow, dsauth::Method::post, "/envelopes");
    CHECK(req.ok());
    CHECK(req->json(std::nothrow, "{\"status\":").error().result() ==
          DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(req->add_query(std::nothrow, "k", "v").ok());

    CHECK(dsauth::Pkce::generate(std::nothrow).ok());
    CHECK(dsauth::Pkce::from_verifier(std::nothrow, "short").error().result() ==
          DSAUTH_RESULT_INVALID_ARGUMENT);
    auto state = dsauth::generate_state(std::nothrow);
    CHECK(state.ok() && state->size() == 22);
    auto grant = dsauth::AuthorizationCodeGrant::create(std::nothrow, MOCK_IK,
                                                        "http://localhost:8765/callback");
    CHECK(grant.ok());
    auto pkce = dsauth::Pkce::generate(std::nothrow);
    auto url = grant->authorization_url(std::nothrow, dsauth::Environment::demo(), "xyz",
                                        &*pkce);
    CHECK(url.ok() && contains(*url, "client_id=" + MOCK_IK));
}

dsauth::ClientOptions mock_options() {
    dsauth::ClientOptions o;
    o.no_proxy();
    CHECK(o.add_trusted_ca_file(std::nothrow, env("DSAUTH_CA_FILE")).ok());
    return o;
}

void test_calls(const dsauth::Environment &https) {
    dsauth::ClientOptions options = mock_options();
    auto creds = dsauth::Credentials::legacy(std::nothrow, MOCK_IK, ALICE_EMAIL, ALICE_PASSWORD);
    auto client = dsauth::Client::create(std::nothrow, https, *creds, &options);
    CHECK(client.ok());
    if (!client) {
        return;
    }

    auto account = client->account(std::nothrow);
    CHECK(account.ok() && account->id() == ACCOUNT_ID);
    auto r = client->get(std::nothrow, "");
    CHECK(r.ok() && r->status() == 200 && contains(r->body(), ACCOUNT_ID));

    // DocuSign's 404: errorCode, HTTP status and trace token in the ErrorInfo.
    auto missing = client->get(std::nothrow, "/envelopes/00000000-0000-0000-0000-000000000001");
    CHECK(!missing);
    const dsauth::ErrorInfo &e = missing.error();
    CHECK(e.result() == DSAUTH_RESULT_API);
    CHECK(e.status() == 404);
    CHECK(e.error_code() == "ENVELOPE_DOES_NOT_EXIST");
    CHECK(!e.trace_token().empty());

    auto post = dsauth::Request::create(std::nothrow, dsauth::Method::post, "/envelopes");
    CHECK(post->json(std::nothrow, "{\"status\":\"created\"}").ok());
    auto created = client->send(std::nothrow, *post);
    CHECK(created.ok() && created->status() == 201);

    auto soap = client->soap_call(std::nothrow, dsauth::SoapEndpoint::api, "Ping",
                                  "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>");
    CHECK(soap.ok() && contains(soap->body(), "PingResult>true<"));

    // Legacy credentials have no OAuth user.
    CHECK(client->user_info(std::nothrow).error().result() ==
          DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);

    // A wrong password: DocuSign's refusal, not the password.
    auto wrong = dsauth::Credentials::legacy(std::nothrow, MOCK_IK, ALICE_EMAIL, "wrong-pw");
    auto refused = dsauth::Client::create(std::nothrow, https, *wrong, &options);
    auto denied = refused->account(std::nothrow);
    CHECK(denied.error().result() == DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK(denied.error().status() == 401);
    CHECK(!contains(denied.error().message(), "wrong-pw"));
}

void test_jwt(const dsauth::Environment &https) {
    dsauth::ClientOptions options = mock_options();
    std::string key = read_file(KEY_FILE);
    auto creds = dsauth::Credentials::jwt(std::nothrow, MOCK_IK, ALICE_ID, key);
    dsauth::wipe(key);
    CHECK(creds.ok());
    if (!creds) {
        return;
    }
    auto client = dsauth::Client::create(std::nothrow, https, *creds, &options);
    auto token = client->access_token(std::nothrow);
    CHECK(token.ok() && !token->empty());
    dsauth::wipe(*token);
    auto user = client->user_info(std::nothrow);
    CHECK(user.ok() && user->sub() == ALICE_ID);
}

}  // namespace

int main() {
    test_credentials();
    test_environment_options_request();

    std::string https_url = env("DSAUTH_MOCK_HTTPS");
    if (https_url.empty() || env("DSAUTH_CA_FILE").empty()) {
        std::fprintf(stderr, "run this under `dsauth-mock run` (DSAUTH_MOCK_HTTPS, "
                             "DSAUTH_CA_FILE)\n");
        ++failed;
    } else {
        auto https = dsauth::Environment::custom(std::nothrow, https_url);
        CHECK(https.ok());
        if (https) {
            test_calls(*https);
            test_jwt(*https);
        }
    }

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
