// Tests of bindings/cpp/dsauth.hpp, the C++ RAII wrapper, against the
// local DocuSign stand-in. Run through `dsauth-mock run` from the
// repository root (it sets DSAUTH_MOCK_HTTP, DSAUTH_MOCK_HTTPS and
// DSAUTH_CA_FILE; the JWT key is mock/fixtures/jwt_private_pkcs1.pem):
//
//   target/debug/dsauth-mock run -- build/tests/cpp/test_dsauth
//
// `make cpp-test` builds it with -Werror and runs it under valgrind, and
// builds it again with ASan+UBSan and runs that.
#include "dsauth.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char *what, const char *file, int line) {
    if (ok) {
        ++passed;
    } else {
        ++failed;
        std::fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
}
#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

// Runs `f`, expecting a dsauth::Error with `result`; returns it (or a
// default-constructed stand-in on failure, so checks on fields fail too).
template <typename F>
dsauth::Error expect_error(F f, dsauth_result result, const char *what, int line) {
    try {
        f();
    } catch (const dsauth::Error &e) {
        check(e.result() == result, what, __FILE__, line);
        if (e.result() != result) {
            std::fprintf(stderr, "    got %u (%s): %s\n", static_cast<unsigned>(e.result()),
                         e.result_str(), e.what());
        }
        return e;
    }
    check(false, what, __FILE__, line);
    return dsauth::Error(DSAUTH_RESULT_OK, "no error thrown");
}
#define EXPECT_ERROR(expr, result) \
    expect_error([&] { (void)(expr); }, (result), #expr " throws " #result, __LINE__)

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

// ---- the C tests' sample data and golden renderings (tests/c/test_dsauth.c)

const std::string IK = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10";
const std::string USER = "jos\xc3\xa9@example.com";
const std::string PASSWORD = "p\"a\\ss<w>&'rd";
const std::string SOBO = "boss@example.com";
const std::string TOKEN = "eyJ0eXAi.eyJzdWIi-_~+/x==";

const char *const GOLDEN_JSON =
    "{\"Username\":\"jos\\u00e9@example.com\",\"Password\":\"p\\\"a\\\\ss<w>&'rd\","
    "\"IntegratorKey\":\"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10\"}";
const char *const GOLDEN_JSON_SOBO =
    "{\"Username\":\"jos\\u00e9@example.com\",\"Password\":\"p\\\"a\\\\ss<w>&'rd\","
    "\"IntegratorKey\":\"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10\","
    "\"SendOnBehalfOf\":\"boss@example.com\"}";
const char *const GOLDEN_XML =
    "<DocuSignCredentials><Username>jos&#xe9;@example.com</Username>"
    "<Password>p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</Password>"
    "<IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>"
    "</DocuSignCredentials>";
const char *const GOLDEN_XML_SOBO =
    "<DocuSignCredentials><Username>jos&#xe9;@example.com</Username>"
    "<Password>p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</Password>"
    "<IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>"
    "<SendOnBehalfOf>boss@example.com</SendOnBehalfOf>"
    "</DocuSignCredentials>";
const char *const GOLDEN_SOAP_USERNAME =
    "[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]jos\xc3\xa9@example.com";
const char *const GOLDEN_SOAP_SECURITY =
    "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-wssecurity-secext-1.0.xsd\"><wsse:UsernameToken>"
    "<wsse:Username>[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]jos&#xe9;@example.com"
    "</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/"
    "01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
    "p&quot;a\\ss&lt;w&gt;&amp;&apos;rd</wsse:Password></wsse:UsernameToken>"
    "</wsse:Security>";

// ---- the stand-in's fixture (mock/README.md) ------------------------------

const std::string MOCK_IK = "e54acc6e-ba17-41e4-a66c-f2037a3bf3dd";
const std::string DISABLED_IK = "ab3c8de5-3c22-4b10-a9d4-529a981761d6";
const std::string ALICE_EMAIL = "alice@example.com";
const std::string ALICE_PASSWORD = "Alice-Passw0rd!";
const std::string ALICE_ID = "42b0587a-745b-407d-a20f-cef58eafe40a";
const std::string BOB_ID = "66e0a110-cc3e-48ac-8bdd-f6f75462257e";
const std::string ACCOUNT_ID = "18650243";
const std::string ACCOUNT_GUID = "292387d6-8156-46fc-b6d1-7432ccd3e7a8";
const std::string REDIRECT_URI = "http://localhost:8765/callback";
const char *const KEY_FILE = "mock/fixtures/jwt_private_pkcs1.pem";
const std::string PING = "<Ping xmlns=\"http://www.docusign.net/API/3.0\"/>";

// ---- type properties -------------------------------------------------------

// One-owner types move but never copy; shared types copy (a new reference).
template <typename T>
constexpr bool move_only = !std::is_copy_constructible_v<T> && !std::is_copy_assignable_v<T> &&
                           std::is_nothrow_move_constructible_v<T> &&
                           std::is_nothrow_move_assignable_v<T>;
static_assert(move_only<dsauth::Environment>);
static_assert(move_only<dsauth::ClientOptions>);
static_assert(move_only<dsauth::Request>);
static_assert(move_only<dsauth::Response>);
static_assert(move_only<dsauth::Account>);
static_assert(move_only<dsauth::UserInfo>);
static_assert(move_only<dsauth::Pkce>);
static_assert(move_only<dsauth::AuthorizationCodeGrant>);
static_assert(std::is_copy_constructible_v<dsauth::Credentials> &&
              std::is_nothrow_move_constructible_v<dsauth::Credentials>);
static_assert(std::is_copy_constructible_v<dsauth::Client> &&
              std::is_nothrow_move_constructible_v<dsauth::Client>);
static_assert(std::is_base_of_v<std::runtime_error, dsauth::Error> &&
              std::is_nothrow_copy_constructible_v<dsauth::Error>);

// ---- offline tests ---------------------------------------------------------

void test_version() {
    CHECK(std::string(dsauth::version()) == DSAUTH_VERSION);
}

void test_renderings() {
    using dsauth::HeaderFormat;
    auto legacy = dsauth::Credentials::legacy(IK, USER, PASSWORD);
    auto sobo = dsauth::Credentials::legacy(IK, USER, PASSWORD, SOBO);
    auto token = dsauth::Credentials::token(TOKEN);

    CHECK(legacy.render_header(HeaderFormat::json) == GOLDEN_JSON);
    CHECK(legacy.render_header(HeaderFormat::xml) == GOLDEN_XML);
    CHECK(sobo.render_header(HeaderFormat::json) == GOLDEN_JSON_SOBO);
    CHECK(sobo.render_header(HeaderFormat::xml) == GOLDEN_XML_SOBO);
    CHECK(legacy.render_header_line(HeaderFormat::json) ==
          std::string("X-DocuSign-Authentication: ") + GOLDEN_JSON);
    CHECK(legacy.soap_username() == GOLDEN_SOAP_USERNAME);
    CHECK(legacy.soap_security() == GOLDEN_SOAP_SECURITY);
    CHECK(token.render_header(HeaderFormat::bearer) == "Bearer " + TOKEN);
    CHECK(token.render_header_line(HeaderFormat::bearer) == "Authorization: Bearer " + TOKEN);
    CHECK(legacy.header_name(HeaderFormat::xml) == "X-DocuSign-Authentication");
    CHECK(token.header_name(HeaderFormat::bearer) == "Authorization");

    // The returned string holds a secret; wipe() empties it.
    std::string header = legacy.render_header(HeaderFormat::json);
    dsauth::wipe(header);
    CHECK(header.empty());

    // Wrong kind of credentials for the format.
    EXPECT_ERROR(legacy.render_header(HeaderFormat::bearer), DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    EXPECT_ERROR(token.render_header(HeaderFormat::json), DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    EXPECT_ERROR(token.soap_username(), DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    EXPECT_ERROR(legacy.render_header(static_cast<HeaderFormat>(7)),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
}

void test_credential_errors() {
    auto e = EXPECT_ERROR(dsauth::Credentials::legacy(IK, "", PASSWORD),
                          DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(e.field() == DSAUTH_CREDENTIAL_FIELD_USERNAME);
    CHECK(std::string(e.field_name()) == "Username");
    CHECK(contains(e.what(), "Username"));

    e = EXPECT_ERROR(dsauth::Credentials::legacy(IK, USER + "\nX-Evil: 1", PASSWORD),
                     DSAUTH_RESULT_CREDENTIAL_CONTROL_CHARACTER);
    CHECK(e.field() == DSAUTH_CREDENTIAL_FIELD_USERNAME);
    e = EXPECT_ERROR(dsauth::Credentials::legacy(IK, USER, " pw"),
                     DSAUTH_RESULT_CREDENTIAL_WHITESPACE);
    CHECK(e.field() == DSAUTH_CREDENTIAL_FIELD_PASSWORD);
    CHECK(!contains(e.what(), " pw"));  // never quotes the secret

    // A NUL inside a std::string is refused, not silently cut.
    e = EXPECT_ERROR(dsauth::Credentials::legacy(IK, USER, std::string("pass\0word", 9)),
                     DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(contains(e.what(), "password"));

    EXPECT_ERROR(dsauth::Credentials::token("not a token"),
                 DSAUTH_RESULT_CREDENTIAL_INVALID_CHARACTER);
    EXPECT_ERROR(dsauth::Credentials::jwt(MOCK_IK, ALICE_ID, "not a PEM"),
                 DSAUTH_RESULT_INVALID_PRIVATE_KEY);
}

void test_environments() {
    auto demo = dsauth::Environment::demo();
    CHECK(demo.base_url() == "https://demo.docusign.net");
    CHECK(demo.rest_base() == "https://demo.docusign.net/restapi");
    CHECK(demo.account_server_host() == "account-d.docusign.com");
    CHECK(demo.soap_url(dsauth::SoapEndpoint::api) == "https://demo.docusign.net/api/3.0/api.asmx");
    auto prod = dsauth::Environment::production();
    CHECK(prod.account_server_url() == "https://account.docusign.com");
    auto custom = dsauth::Environment::custom("http://127.0.0.1:9/", "https://127.0.0.1:10");
    CHECK(custom.base_url() == "http://127.0.0.1:9");
    CHECK(custom.account_server_host() == "127.0.0.1:10");
    EXPECT_ERROR(dsauth::Environment::custom("http://example.com"), DSAUTH_RESULT_INSECURE_URL);
    EXPECT_ERROR(dsauth::Environment::custom("not a url"), DSAUTH_RESULT_INVALID_URL);
    EXPECT_ERROR(demo.soap_url(static_cast<dsauth::SoapEndpoint>(9)),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
}

void test_options_and_requests() {
    using namespace std::chrono_literals;
    dsauth::ClientOptions o;
    o.connect_timeout(2s).timeout(5s).max_response_body(1 << 20).no_proxy().user_agent("t/1");
    o.polling_guard(dsauth::PollingGuard::off).polling_guard(dsauth::PollingGuard::warn);
    o.api_version("v2").api_version("v2.1").token_renewal_margin(0ms);
    o.account_id(ACCOUNT_ID).account_id(std::nullopt);
    EXPECT_ERROR(o.timeout(0ms), DSAUTH_RESULT_INVALID_ARGUMENT);
    EXPECT_ERROR(o.api_version("v3"), DSAUTH_RESULT_INVALID_ARGUMENT);
    EXPECT_ERROR(o.account_id(std::string("not/an id")), DSAUTH_RESULT_INVALID_ARGUMENT);
    EXPECT_ERROR(o.rate_limit_max_wait(2h), DSAUTH_RESULT_INVALID_ARGUMENT);
    EXPECT_ERROR(o.add_trusted_ca_pem("no certificate"), DSAUTH_RESULT_INVALID_ARGUMENT);
    EXPECT_ERROR(o.add_trusted_ca_file("/nonexistent/ca.pem"), DSAUTH_RESULT_INVALID_ARGUMENT);

    dsauth::Request r(dsauth::Method::post, "/envelopes");
    r.add_query("a", "b c").add_header("X-Test", "1").json("{\"status\":\"created\"}");
    auto e = EXPECT_ERROR(r.json("{\"status\":"), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).size() > 0);
    EXPECT_ERROR(dsauth::Request(static_cast<dsauth::Method>(42), ""),
                 DSAUTH_RESULT_INVALID_ARGUMENT);
}

void test_oauth_helpers() {
    auto p = dsauth::Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    CHECK(p.challenge() == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    auto fresh = dsauth::Pkce::generate();
    CHECK(fresh.verifier().size() == 43);
    EXPECT_ERROR(dsauth::Pkce::from_verifier("short"), DSAUTH_RESULT_INVALID_ARGUMENT);
    CHECK(dsauth::generate_state().size() == 22);

    auto env = dsauth::Environment::demo();
    dsauth::AuthorizationCodeGrant pub(MOCK_IK, REDIRECT_URI);
    std::string url = pub.authorization_url(env, std::string("xyz"), &p);
    CHECK(url.rfind("https://account-d.docusign.com/oauth/auth?", 0) == 0);
    CHECK(contains(url, "client_id=" + MOCK_IK));
    CHECK(contains(url, "state=xyz"));
    CHECK(contains(url, "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    // A public client without PKCE could never exchange its code.
    EXPECT_ERROR(pub.authorization_url(env), DSAUTH_RESULT_INVALID_ARGUMENT);

    auto jwt = dsauth::Credentials::jwt(MOCK_IK, ALICE_ID, read_file(KEY_FILE), std::nullopt,
                                        REDIRECT_URI);
    std::string consent = jwt.consent_url(env);
    CHECK(contains(consent, "/oauth/auth?response_type=code"));
    CHECK(contains(consent, "scope=signature%20impersonation"));
    EXPECT_ERROR(dsauth::Credentials::token(TOKEN).consent_url(env),
                 DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
}

// Copies share one reference; moves transfer it; nothing leaks or is
// freed twice (valgrind and ASan check the counts).
void test_copy_move() {
    using dsauth::HeaderFormat;
    auto a = dsauth::Credentials::legacy(IK, USER, PASSWORD);
    {
        dsauth::Credentials b = a;  // _clone
        CHECK(b.get() == a.get());
        dsauth::Credentials c = std::move(b);  // no clone, b emptied
        CHECK(b.get() == nullptr);
        CHECK(c.get() == a.get());
        EXPECT_ERROR(b.render_header(HeaderFormat::json), DSAUTH_RESULT_NULL_ARGUMENT);
        b = c;  // copy-assign into the moved-from one
        CHECK(b.render_header(HeaderFormat::json) == GOLDEN_JSON);
        auto &self = b;
        b = self;  // self-assignment keeps the reference
        CHECK(b.render_header(HeaderFormat::xml) == GOLDEN_XML);
        b = dsauth::Credentials::token(TOKEN);  // releases the old one
        CHECK(b.render_header(HeaderFormat::bearer) == "Bearer " + TOKEN);
    }
    // The original outlives every copy.
    CHECK(a.render_header(HeaderFormat::json) == GOLDEN_JSON);

    // Copies outlive the original.
    std::vector<dsauth::Credentials> copies;
    {
        auto tmp = dsauth::Credentials::legacy(IK, USER, PASSWORD, SOBO);
        for (int i = 0; i < 3; ++i) {
            copies.push_back(tmp);
        }
    }
    for (const auto &c : copies) {
        CHECK(c.render_header(HeaderFormat::xml) == GOLDEN_XML_SOBO);
    }

    // One-owner types move.
    auto env = dsauth::Environment::demo();
    dsauth::Environment moved = std::move(env);
    CHECK(env.get() == nullptr);
    CHECK(moved.base_url() == "https://demo.docusign.net");
    EXPECT_ERROR(env.base_url(), DSAUTH_RESULT_NULL_ARGUMENT);
    env = std::move(moved);
    CHECK(env.rest_base() == "https://demo.docusign.net/restapi");

    // A copyable exception that outlives the throw (detail shared).
    dsauth::Error kept(DSAUTH_RESULT_OK, "");
    try {
        (void)dsauth::Credentials::legacy("", USER, PASSWORD);
    } catch (const dsauth::Error &e) {
        kept = e;
    }
    CHECK(kept.result() == DSAUTH_RESULT_CREDENTIAL_EMPTY);
    CHECK(kept.field() == DSAUTH_CREDENTIAL_FIELD_INTEGRATOR_KEY);
}

// ---- against the stand-in --------------------------------------------------

dsauth::ClientOptions mock_options() {
    dsauth::ClientOptions o;
    o.no_proxy().add_trusted_ca_file(env("DSAUTH_CA_FILE"));
    return o;
}

void test_legacy_calls(const dsauth::Environment &https, const dsauth::Environment &http) {
    auto creds = dsauth::Credentials::legacy(MOCK_IK, ALICE_EMAIL, ALICE_PASSWORD);
    dsauth::Client client(https, creds, mock_options());

    dsauth::Account account = client.account();
    CHECK(account.id() == ACCOUNT_ID);
    CHECK(account.is_default());
    CHECK(contains(account.rest_base(), "/restapi"));
    CHECK(!account.name().empty());

    dsauth::Response r = client.get("");
    CHECK(r.status() == 200);
    CHECK(contains(r.body(), ACCOUNT_ID));
    CHECK(contains(r.url(), "/restapi/v2.1/accounts/" + ACCOUNT_ID));
    CHECK(!r.trace_token().empty());
    CHECK(r.header("X-DocuSign-TraceToken") == r.trace_token());
    auto ct = r.header("CONTENT-TYPE");
    CHECK(ct.has_value() && contains(*ct, "json"));
    CHECK(!r.header("X-No-Such-Header").has_value());
    bool saw_trace = false;
    for (const auto &[name, value] : r.headers()) {
        saw_trace = saw_trace || (name == "x-docusign-tracetoken" && value == r.trace_token());
    }
    CHECK(saw_trace);
    dsauth::RateLimit limits = r.rate_limit();
    CHECK(limits.limit.has_value() && limits.remaining.has_value());
    CHECK(limits.reset_at.has_value() && *limits.reset_at > 0);
    CHECK(limits.burst_limit.has_value() && limits.burst_remaining.has_value());

    // A request with a query and a JSON body.
    dsauth::Request post(dsauth::Method::post, "/envelopes");
    post.json("{\"status\":\"created\"}");
    dsauth::Response created = client.send(post);
    CHECK(created.status() == 201);
    CHECK(contains(created.body(), "envelopeId"));
    dsauth::Request list(dsauth::Method::get, "/envelopes");
    list.add_query("from_date", "2000-01-01");
    CHECK(client.send(list).status() == 200);

    // SOAP, both kinds of authentication.
    for (auto ep : {dsauth::SoapEndpoint::api, dsauth::SoapEndpoint::dsapi}) {
        dsauth::Response soap = client.soap_call(ep, "Ping", PING);
        CHECK(soap.status() == 200);
        CHECK(contains(soap.body(), "PingResult>true<"));
    }

    // Plain http to loopback works too (the stand-in's second listener).
    dsauth::Client plain(http, creds);
    CHECK(plain.get("").status() == 200);

    // Responses and accounts outlive their client.
    dsauth::Response kept = dsauth::Client(http, creds).get("");
    CHECK(kept.status() == 200 && contains(kept.body(), ACCOUNT_ID));

    // Legacy credentials have no OAuth user.
    EXPECT_ERROR(client.user_info(), DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
    EXPECT_ERROR(client.access_token(), DSAUTH_RESULT_WRONG_CREDENTIAL_KIND);
}

void test_api_errors(const dsauth::Environment &http) {
    auto creds = dsauth::Credentials::legacy(MOCK_IK, ALICE_EMAIL, ALICE_PASSWORD);
    dsauth::Client client(http, creds);

    // DocuSign's 404 with its errorCode, message and trace token.
    auto e = EXPECT_ERROR(client.get("/envelopes/00000000-0000-0000-0000-000000000001"),
                          DSAUTH_RESULT_API);
    CHECK(e.status() == 404);
    CHECK(e.error_code() == "ENVELOPE_DOES_NOT_EXIST");
    CHECK(!e.trace_token().empty());
    CHECK(contains(e.what(), "ENVELOPE_DOES_NOT_EXIST"));
    CHECK(e.reset_at() == 0 && e.consent_url().empty());

    // A wrong password.
    auto wrong = dsauth::Credentials::legacy(MOCK_IK, ALICE_EMAIL, "wrong-password");
    e = EXPECT_ERROR(dsauth::Client(http, wrong).account(), DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK(e.status() == 401);
    CHECK(e.error_code() == "USER_AUTHENTICATION_FAILED");
    CHECK(!e.trace_token().empty());
    CHECK(!contains(e.what(), "wrong-password"));

    // A disabled key: PARTNER_AUTHENTICATION_FAILED with a hint.
    auto disabled = dsauth::Credentials::legacy(DISABLED_IK, ALICE_EMAIL, ALICE_PASSWORD);
    e = EXPECT_ERROR(dsauth::Client(http, disabled).get(""), DSAUTH_RESULT_AUTHENTICATION_FAILED);
    CHECK(e.error_code() == "PARTNER_AUTHENTICATION_FAILED");
    CHECK(!e.hint().empty());

    // The polling guard refuses a second status GET without sending it.
    dsauth::Request get(dsauth::Method::get, "/envelopes/4462534f-439c-44ca-b672-737c4af34e3c");
    CHECK(client.send(get).status() == 200);
    e = EXPECT_ERROR(client.send(get), DSAUTH_RESULT_POLLING_TOO_SOON);
    CHECK(e.status() == 0);

    // A bad header is refused when sent.
    dsauth::Request bad(dsauth::Method::get, "");
    bad.add_header("Authorization", "Bearer x");
    EXPECT_ERROR(client.send(bad), DSAUTH_RESULT_INVALID_ARGUMENT);

    // A transport error: nothing listens on port 9 (discard) of loopback.
    dsauth::ClientOptions quick;
    quick.connect_timeout(std::chrono::milliseconds(2000)).no_proxy();
    auto nowhere = dsauth::Environment::custom("http://127.0.0.1:9");
    e = EXPECT_ERROR(dsauth::Client(nowhere, creds, quick).get(""), DSAUTH_RESULT_CONNECT);
    CHECK(e.status() == 0 && e.error_code().empty());
}

void test_jwt_calls(const dsauth::Environment &https) {
    std::string pem = read_file(KEY_FILE);
    CHECK(!pem.empty());
    auto creds = dsauth::Credentials::jwt(MOCK_IK, ALICE_ID, pem);
    dsauth::wipe(pem);
    dsauth::Client client(https, creds, mock_options());

    dsauth::UserInfo info = client.user_info();
    CHECK(info.sub() == ALICE_ID);
    CHECK(info.email() == ALICE_EMAIL);
    auto accounts = info.accounts();
    CHECK(accounts.size() == 2);
    bool default_seen = false;
    for (const auto &a : accounts) {
        CHECK(!a.id.empty() && !a.base_uri.empty());
        default_seen = default_seen || (a.is_default && a.id == ACCOUNT_GUID);
    }
    CHECK(default_seen);

    std::string token = client.access_token();
    CHECK(token.rfind("dsm_at_", 0) == 0);
    // The token works as ready credentials too.
    auto bearer = dsauth::Credentials::token(token);
    CHECK(bearer.render_header(dsauth::HeaderFormat::bearer) == "Bearer " + token);
    dsauth::wipe(token);

    dsauth::Account account = client.account();
    CHECK(account.id() == ACCOUNT_GUID);
    dsauth::Response r = client.get("");
    CHECK(r.status() == 200);
    CHECK(contains(r.body(), ACCOUNT_ID));

    // Bob never consented: consent_required with the URL to open.
    std::string bob_pem = read_file(KEY_FILE);
    auto bob = dsauth::Credentials::jwt(MOCK_IK, BOB_ID, bob_pem, std::nullopt, REDIRECT_URI);
    dsauth::wipe(bob_pem);
    auto e = EXPECT_ERROR(dsauth::Client(https, bob, mock_options()).account(),
                          DSAUTH_RESULT_CONSENT_REQUIRED);
    CHECK(e.error_code() == "consent_required");
    CHECK(contains(e.consent_url(), "/oauth/auth?"));
    CHECK(contains(e.consent_url(), "client_id=" + MOCK_IK));
}

// Copies of one client in several threads: one reference each, one
// connection pool, one cached account.
void test_threads(const dsauth::Environment &http) {
    auto creds = dsauth::Credentials::legacy(MOCK_IK, ALICE_EMAIL, ALICE_PASSWORD);
    dsauth::Client client(http, creds);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([copy = client, &ok]() {  // a copy per thread
            for (int i = 0; i < 10; ++i) {
                try {
                    if (copy.get("").status() == 200 && copy.account().id() == ACCOUNT_ID) {
                        ++ok;
                    }
                } catch (const dsauth::Error &e) {
                    std::fprintf(stderr, "thread: %s\n", e.what());
                }
            }
        });
    }
    for (auto &t : threads) {
        t.join();
    }
    CHECK(ok.load() == 40);
}

}  // namespace

int main() {
    test_version();
    test_renderings();
    test_credential_errors();
    test_environments();
    test_options_and_requests();
    test_oauth_helpers();
    test_copy_move();

    std::string http_url = env("DSAUTH_MOCK_HTTP");
    std::string https_url = env("DSAUTH_MOCK_HTTPS");
    if (http_url.empty() || https_url.empty() || env("DSAUTH_CA_FILE").empty()) {
        std::fprintf(stderr, "run this under `dsauth-mock run` (DSAUTH_MOCK_HTTP, "
                             "DSAUTH_MOCK_HTTPS, DSAUTH_CA_FILE)\n");
        ++failed;
    } else {
        try {
            auto https = dsauth::Environment::custom(https_url);
            auto http = dsauth::Environment::custom(http_url);
            test_legacy_calls(https, http);
            test_api_errors(http);
            test_jwt_calls(https);
            test_threads(http);
        } catch (const dsauth::Error &e) {
            std::fprintf(stderr, "unexpected dsauth::Error %u (%s): %s\n",
                         static_cast<unsigned>(e.result()), e.result_str(), e.what());
            ++failed;
        }
    }

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
