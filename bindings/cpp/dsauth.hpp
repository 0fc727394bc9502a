// dsauth.hpp: a header-only C++17 RAII wrapper over the dsauth C API
// (include/dsauth.h). No dependencies beyond the standard library; link
// with -ldsauth as a C program would.
//
//   #include "dsauth.hpp"
//   auto creds = dsauth::Credentials::legacy(key, user, password);
//   dsauth::Client client(dsauth::Environment::demo(), creds);
//   dsauth::Response r = client.get("");          // the account itself
//   std::cout << r.status() << ' ' << r.body() << '\n';
//
// Conventions
// - Every call checks the C result and throws dsauth::Error (a
//   std::runtime_error) on failure, with what DocuSign said (errorCode,
//   HTTP status, trace token, hint, rate-limit reset, consent URL).
// - Without exceptions (-fno-exceptions): every call that can fail on its
//   input, the network or DocuSign's answer has an overload taking
//   std::nothrow first, which returns a dsauth::Result<T> instead: the
//   value, or the same detail as a dsauth::ErrorInfo.
//
//     auto creds = dsauth::Credentials::legacy(std::nothrow, key, user, password);
//     if (!creds) {
//         std::fprintf(stderr, "%s\n", creds.error().message().c_str());
//         return 1;
//     }
//     auto client = dsauth::Client::create(std::nothrow, env, *creds);
//
//   The other calls fail only when used on a moved-from object (or given
//   a string with a NUL). value(), * and -> of a failed Result throw its
//   dsauth::Error; built without exceptions, they and those other
//   failures print the error and abort().
// - Credentials and Client wrap the reference-counted, thread-safe C
//   objects: copying one adds a reference (`_clone`), destroying it
//   releases one (`_free`); copies may be used by different threads.
// - Every other type has one owner (std::unique_ptr with the matching
//   `_free`): move-only. Views (std::string_view) read from a Response,
//   Account or UserInfo stay valid while that object lives.
// - A moved-from object holds nothing; using it throws dsauth::Error with
//   DSAUTH_RESULT_NULL_ARGUMENT.
// - Strings passed in must not contain NUL (the C API takes C strings):
//   such a string fails with DSAUTH_RESULT_INVALID_ARGUMENT instead of
//   being silently cut.
// - Functions returning a header, token, verifier or WS-Security element
//   return a std::string holding a SECRET: call dsauth::wipe() on it when
//   done (std::string may have copied it elsewhere on growth; keep such
//   strings short-lived and do not append to them).
#ifndef DSAUTH_HPP
#define DSAUTH_HPP

#include "dsauth.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define DSAUTH_HPP_EXCEPTIONS 1
#else
#define DSAUTH_HPP_EXCEPTIONS 0
#endif

namespace dsauth {

// ---- enums -----------------------------------------------------------------

enum class HeaderFormat : unsigned {
    json = DSAUTH_HEADER_FORMAT_JSON,      // X-DocuSign-Authentication, JSON
    xml = DSAUTH_HEADER_FORMAT_XML,        // X-DocuSign-Authentication, XML
    bearer = DSAUTH_HEADER_FORMAT_BEARER,  // Authorization: Bearer <token>
};

enum class Method : unsigned {
    get = DSAUTH_METHOD_GET,
    head = DSAUTH_METHOD_HEAD,
    post = DSAUTH_METHOD_POST,
    put = DSAUTH_METHOD_PUT,
    patch = DSAUTH_METHOD_PATCH,
    del = DSAUTH_METHOD_DELETE,
};

// What the polling guard does with a status GET made again within 15 minutes.
enum class PollingGuard : unsigned {
    enforce = DSAUTH_POLLING_GUARD_ENFORCE,  // refused unsent (the default)
    warn = DSAUTH_POLLING_GUARD_WARN,        // logs a WARN record, then sends
    off = DSAUTH_POLLING_GUARD_OFF,          // sends
};

enum class SoapEndpoint : unsigned {
    api = DSAUTH_SOAP_ENDPOINT_API,
    dsapi = DSAUTH_SOAP_ENDPOINT_DSAPI,
    account_management = DSAUTH_SOAP_ENDPOINT_ACCOUNT_MANAGEMENT,
};

// The library's version ("MAJOR.MINOR.PATCH"); compare with DSAUTH_VERSION.
inline const char *version() noexcept { return dsauth_version(); }

// Overwrites a string that held a secret, then empties it.
inline void wipe(std::string &s) noexcept {
    volatile char *p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) {
        p[i] = 0;
    }
    s.clear();
}

// ---- ErrorInfo, Error, Result -----------------------------------------------

// What a failed call reports: the C result and the detail of its
// dsauth_error. Carried by dsauth::Error and by a failed dsauth::Result.
class ErrorInfo {
public:
    // No failure: result() is DSAUTH_RESULT_OK.
    ErrorInfo() = default;
    // Takes ownership of `err` (may be NULL) and frees it. `context` (e.g.
    // the C function's name) prefixes the message when `err` is NULL.
    ErrorInfo(dsauth_result result, dsauth_error *err, const char *context = nullptr)
        : result_(result) {
        Owned e(err);
        if (!e) {
            message_ = context != nullptr ? std::string(context) + ": " : std::string();
            message_ += dsauth_result_str(result);
            return;
        }
        message_ = text(dsauth_error_message(e.get()));
        field_ = dsauth_error_field(e.get());
        status_ = dsauth_error_status(e.get());
        reset_at_ = dsauth_error_reset_at(e.get());
        error_code_ = text(dsauth_error_code(e.get()));
        trace_token_ = text(dsauth_error_trace_token(e.get()));
        hint_ = text(dsauth_error_hint(e.get()));
        consent_url_ = text(dsauth_error_consent_url(e.get()));
    }
    // A failure found by the wrapper itself (no dsauth_error).
    ErrorInfo(dsauth_result result, std::string message)
        : result_(result), message_(std::move(message)) {}

    dsauth_result result() const noexcept { return result_; }
    // The error's text (never a secret).
    const std::string &message() const noexcept { return message_; }
    // DocuSign's errorCode, the SOAP fault code or the OAuth `error`; "" when none.
    const std::string &error_code() const noexcept { return error_code_; }
    // HTTP status of the error answer; 0 when there was none.
    std::uint16_t status() const noexcept { return status_; }
    // X-DocuSign-TraceToken of the failing answer; "" when none.
    const std::string &trace_token() const noexcept { return trace_token_; }
    // What usually causes this error; "" when dsauth does not know.
    const std::string &hint() const noexcept { return hint_; }
    // For DSAUTH_RESULT_RATE_LIMITED: when the limit resets (Unix seconds); 0 when unknown.
    std::uint64_t reset_at() const noexcept { return reset_at_; }
    // For DSAUTH_RESULT_CONSENT_REQUIRED: the URL to grant consent at; "" when none.
    const std::string &consent_url() const noexcept { return consent_url_; }
    // For the credential results (100-104): the bad field.
    dsauth_credential_field field() const noexcept { return field_; }
    // The field's name as DocuSign spells it (e.g. "Username"); "" for none.
    const char *field_name() const noexcept {
        const char *n = dsauth_credential_field_name(field_);
        return n != nullptr ? n : "";
    }
    // Static text for result().
    const char *result_str() const noexcept { return dsauth_result_str(result_); }

private:
    struct Free {
        void operator()(dsauth_error *e) const noexcept { dsauth_error_free(e); }
    };
    using Owned = std::unique_ptr<dsauth_error, Free>;
    static std::string text(const char *s) { return s != nullptr ? s : ""; }

    dsauth_result result_ = DSAUTH_RESULT_OK;
    dsauth_credential_field field_ = DSAUTH_CREDENTIAL_FIELD_NONE;
    std::uint16_t status_ = 0;
    std::uint64_t reset_at_ = 0;
    std::string message_, error_code_, trace_token_, hint_, consent_url_;
};

// A failed call, thrown: a std::runtime_error with the ErrorInfo.
class Error : public std::runtime_error {
public:
    explicit Error(ErrorInfo info)
        : std::runtime_error(info.message()),
          d_(std::make_shared<const ErrorInfo>(std::move(info))) {}
    // Takes ownership of `err` (may be NULL) and frees it; see ErrorInfo.
    Error(dsauth_result result, dsauth_error *err, const char *context = nullptr)
        : Error(ErrorInfo(result, err, context)) {}
    // An error raised by the wrapper itself (no dsauth_error).
    Error(dsauth_result result, const std::string &message) : Error(ErrorInfo(result, message)) {}

    const ErrorInfo &info() const noexcept { return *d_; }
    dsauth_result result() const noexcept { return d_->result(); }
    const std::string &error_code() const noexcept { return d_->error_code(); }
    std::uint16_t status() const noexcept { return d_->status(); }
    const std::string &trace_token() const noexcept { return d_->trace_token(); }
    const std::string &hint() const noexcept { return d_->hint(); }
    std::uint64_t reset_at() const noexcept { return d_->reset_at(); }
    const std::string &consent_url() const noexcept { return d_->consent_url(); }
    dsauth_credential_field field() const noexcept { return d_->field(); }
    const char *field_name() const noexcept { return d_->field_name(); }
    const char *result_str() const noexcept { return d_->result_str(); }

private:
    // Shared so that copying the exception never throws.
    std::shared_ptr<const ErrorInfo> d_;
};

namespace detail {

// A failure where the caller asked for a value: throws Error, or, built
// without exceptions, prints the message and aborts.
[[noreturn]] inline void raise(const ErrorInfo &e) {
#if DSAUTH_HPP_EXCEPTIONS
    throw Error(e);
#else
    std::fprintf(stderr, "dsauth: unhandled failure: %s\n", e.message().c_str());
    std::abort();
#endif
}

}  // namespace detail

// The outcome of a std::nothrow call: a T, or the ErrorInfo of the failure.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(ErrorInfo error) : error_(std::move(error)) {}

    bool ok() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return ok(); }
    // The value; on a failure: throws Error (aborts without exceptions).
    T &value() & { return ensure(), *value_; }
    const T &value() const & { return ensure(), *value_; }
    T &&value() && { return ensure(), std::move(*value_); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    // The failure; result() is DSAUTH_RESULT_OK when ok().
    const ErrorInfo &error() const noexcept { return error_; }

private:
    void ensure() const {
        if (!value_) {
            detail::raise(error_);
        }
    }
    std::optional<T> value_;
    ErrorInfo error_;
};

// The outcome of a std::nothrow call without a value.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(ErrorInfo error) : error_(std::move(error)) {}

    bool ok() const noexcept { return error_.result() == DSAUTH_RESULT_OK; }
    explicit operator bool() const noexcept { return ok(); }
    // Throws Error on a failure (aborts without exceptions).
    void value() const {
        if (!ok()) {
            detail::raise(error_);
        }
    }
    const ErrorInfo &error() const noexcept { return error_; }

private:
    ErrorInfo error_;
};

// ---- internals -------------------------------------------------------------

namespace detail {

// The `dsauth_error **error_out` of one call: passed as `err` (converts to
// `dsauth_error **`); frees what it holds unless info() took it. Checked
// by reference after the call, never read as a by-value argument.
class ErrorOut {
public:
    ErrorOut() noexcept = default;
    ErrorOut(const ErrorOut &) = delete;
    ErrorOut &operator=(const ErrorOut &) = delete;
    ~ErrorOut() { dsauth_error_free(e_); }
    operator dsauth_error **() noexcept { return &e_; }
    dsauth_error *release() noexcept { return std::exchange(e_, nullptr); }
    void reset() noexcept { dsauth_error_free(release()); }
    // The failure `r` with the detail received (`context` when none).
    ErrorInfo info(dsauth_result r, const char *context = nullptr) {
        return ErrorInfo(r, release(), context);
    }

private:
    dsauth_error *e_ = nullptr;
};

// Raises unless `r` is OK; `context` (the C name) starts the message.
inline void check(dsauth_result r, const char *context) {
    if (r != DSAUTH_RESULT_OK) {
        raise(ErrorInfo(r, nullptr, context));
    }
}

inline ErrorInfo nul_in(const char *what) {
    return ErrorInfo(DSAUTH_RESULT_INVALID_ARGUMENT, std::string(what) + " contains a NUL byte");
}

// The outcome of a C call without a value.
inline Result<void> status(dsauth_result r, ErrorOut &err) {
    if (r != DSAUTH_RESULT_OK) {
        return err.info(r);
    }
    return {};
}

// A C string for the C API; refuses an embedded NUL rather than cutting.
inline const char *c_str(const std::string &s, const char *what) {
    if (s.find('\0') != std::string::npos) {
        raise(nul_in(what));
    }
    return s.c_str();
}
inline const char *c_str(const std::optional<std::string> &s, const char *what) {
    return s ? c_str(*s, what) : nullptr;
}

// The C strings of one std::nothrow call, checked for an embedded NUL
// before the call: `const char *a = s(arg, "what");` for each, then
// `if (!s.ok()) return s.error();`.
class CStrings {
public:
    const char *operator()(const std::string &s, const char *what) noexcept {
        if (bad_ == nullptr && s.find('\0') != std::string::npos) {
            bad_ = what;
        }
        return s.c_str();
    }
    const char *operator()(const std::optional<std::string> &s, const char *what) noexcept {
        return s ? (*this)(*s, what) : nullptr;
    }
    bool ok() const noexcept { return bad_ == nullptr; }
    ErrorInfo error() const { return nul_in(bad_); }

private:
    const char *bad_ = nullptr;
};

inline std::string_view view(const char *s) noexcept {
    return s != nullptr ? std::string_view(s) : std::string_view();
}

// The caller-buffer protocol: ask for the size (NULL, 0), allocate, fill;
// again if the text grew in between (a renewed token). `fill(buf, len,
// &n, err)` wraps one C text function.
template <typename Fill>
Result<std::string> read_text(Fill fill, const char *context) {
    std::size_t n = 0;
    ErrorOut err;
    dsauth_result r = fill(nullptr, 0, &n, err);
    for (;;) {
        if (r == DSAUTH_RESULT_OK) {  // cannot happen with len 0
            return std::string();
        }
        if (r != DSAUTH_RESULT_INSUFFICIENT_SIZE) {
            return err.info(r, context);
        }
        err.reset();
        std::string s(n + 1, '\0');
        r = fill(s.data(), s.size(), &n, err);
        if (r == DSAUTH_RESULT_OK) {
            s.resize(n);  // drops the NUL; no reallocation
            return s;
        }
    }
}

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const noexcept { Free(p); }
};
// The owner of a one-owner C object.
template <typename T, void (*Free)(T *)>
using Owner = std::unique_ptr<T, Deleter<T, Free>>;

// A reference to a reference-counted C object: copy = _clone, destroy = _free.
template <typename T, T *(*Clone)(T *), void (*Free)(T *)>
class Shared {
public:
    Shared() noexcept = default;
    explicit Shared(T *adopted) noexcept : p_(adopted) {}
    Shared(const Shared &o) noexcept : p_(Clone(o.p_)) {}
    Shared(Shared &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    Shared &operator=(Shared o) noexcept {  // copy-and-swap: self-assignment safe
        std::swap(p_, o.p_);
        return *this;
    }
    ~Shared() { Free(p_); }
    T *get() const noexcept { return p_; }

private:
    T *p_ = nullptr;
};

}  // namespace detail

// ---- Environment -----------------------------------------------------------

// Where DocuSign is. One owner; objects built from it keep their own copy.
class Environment {
public:
    // https://demo.docusign.net + account-d.docusign.com
    static Environment demo() {
        dsauth_environment *e = nullptr;
        detail::check(dsauth_environment_new_demo(&e), "dsauth_environment_new_demo");
        return Environment(e);
    }
    // https://www.docusign.net + account.docusign.com
    static Environment production() {
        dsauth_environment *e = nullptr;
        detail::check(dsauth_environment_new_production(&e), "dsauth_environment_new_production");
        return Environment(e);
    }
    // Any base URL (https, or http to loopback); the account server defaults to it.
    static Environment custom(const std::string &base_url,
                              const std::optional<std::string> &account_server_url = {}) {
        return custom(std::nothrow, base_url, account_server_url).value();
    }
    static Result<Environment> custom(std::nothrow_t, const std::string &base_url,
                                      const std::optional<std::string> &account_server_url = {}) {
        detail::CStrings s;
        const char *base = s(base_url, "base_url");
        const char *account = s(account_server_url, "account_server_url");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_environment *e = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_environment_new_custom(base, account, &e, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Environment(e);
    }

    std::string base_url() const { return text(dsauth_environment_base_url, "base_url"); }
    std::string rest_base() const { return text(dsauth_environment_rest_base, "rest_base"); }
    std::string account_server_url() const {
        return text(dsauth_environment_account_server_url, "account_server_url");
    }
    std::string account_server_host() const {
        return text(dsauth_environment_account_server_host, "account_server_host");
    }
    std::string soap_url(SoapEndpoint endpoint) const {
        const dsauth_environment *e = p_.get();
        return detail::read_text(
                   [&](char *b, std::size_t l, std::size_t *n, dsauth_error **) {
                       return dsauth_environment_soap_url(e, static_cast<unsigned>(endpoint), b,
                                                          l, n);
                   },
                   "dsauth_environment_soap_url")
            .value();
    }

    const dsauth_environment *get() const noexcept { return p_.get(); }

private:
    explicit Environment(dsauth_environment *e) noexcept : p_(e) {}
    using Fn = dsauth_result (*)(const dsauth_environment *, char *, std::size_t, std::size_t *);
    std::string text(Fn fn, const char *context) const {
        const dsauth_environment *e = p_.get();
        return detail::read_text(
                   [&](char *b, std::size_t l, std::size_t *n, dsauth_error **) {
                       return fn(e, b, l, n);
                   },
                   context)
            .value();
    }
    detail::Owner<dsauth_environment, dsauth_environment_free> p_;
};

// ---- ClientOptions ---------------------------------------------------------

// Client settings, a builder with fluent setters (each throws on a refused
// value and leaves the options unchanged). Copied by the Client.
class ClientOptions {
public:
    using ms = std::chrono::milliseconds;

    ClientOptions() {
        dsauth_client_options *o = nullptr;
        detail::check(dsauth_client_options_new(&o), "dsauth_client_options_new");
        p_.reset(o);
    }

    ClientOptions &connect_timeout(ms t) {
        return plain(dsauth_client_options_set_connect_timeout_ms(p_.get(), count(t)),
                     "connect_timeout");
    }
    ClientOptions &timeout(ms t) {
        return plain(dsauth_client_options_set_timeout_ms(p_.get(), count(t)), "timeout");
    }
    ClientOptions &max_response_body(std::uint64_t bytes) {
        return plain(dsauth_client_options_set_max_response_body(p_.get(), bytes),
                     "max_response_body");
    }
    ClientOptions &proxy(const std::string &url) {
        proxy(std::nothrow, url).value();
        return *this;
    }
    Result<void> proxy(std::nothrow_t, const std::string &url) {
        detail::CStrings s;
        const char *c = s(url, "proxy");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_set_proxy_url(p_.get(), c, err), err);
    }
    ClientOptions &no_proxy() {
        return plain(dsauth_client_options_set_proxy_none(p_.get()), "no_proxy");
    }
    ClientOptions &proxy_from_environment() {
        return plain(dsauth_client_options_set_proxy_from_environment(p_.get()),
                     "proxy_from_environment");
    }
    ClientOptions &add_trusted_ca_pem(std::string_view pem) {
        add_trusted_ca_pem(std::nothrow, pem).value();
        return *this;
    }
    Result<void> add_trusted_ca_pem(std::nothrow_t, std::string_view pem) {
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_add_trusted_ca_pem(
                        p_.get(), reinterpret_cast<const std::uint8_t *>(pem.data()), pem.size(),
                        err),
                    err);
    }
    ClientOptions &add_trusted_ca_file(const std::string &path) {
        add_trusted_ca_file(std::nothrow, path).value();
        return *this;
    }
    Result<void> add_trusted_ca_file(std::nothrow_t, const std::string &path) {
        detail::CStrings s;
        const char *c = s(path, "CA file");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_add_trusted_ca_file(p_.get(), c, err), err);
    }
    // std::nullopt: the user's default account.
    ClientOptions &account_id(const std::optional<std::string> &id) {
        account_id(std::nothrow, id).value();
        return *this;
    }
    Result<void> account_id(std::nothrow_t, const std::optional<std::string> &id) {
        detail::CStrings s;
        const char *c = s(id, "account id");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_set_account_id(p_.get(), c, err), err);
    }
    ClientOptions &user_agent(const std::string &ua) {
        user_agent(std::nothrow, ua).value();
        return *this;
    }
    Result<void> user_agent(std::nothrow_t, const std::string &ua) {
        detail::CStrings s;
        const char *c = s(ua, "user agent");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_set_user_agent(p_.get(), c, err), err);
    }
    ClientOptions &polling_guard(PollingGuard mode) {
        return plain(dsauth_client_options_set_polling_guard(p_.get(), static_cast<unsigned>(mode)),
                     "polling_guard");
    }
    ClientOptions &rate_limit_max_wait(ms t) {
        return plain(dsauth_client_options_set_rate_limit_max_wait_ms(p_.get(), count(t)),
                     "rate_limit_max_wait");
    }
    // "v2.1" (the default) or "v2".
    ClientOptions &api_version(const std::string &v) {
        api_version(std::nothrow, v).value();
        return *this;
    }
    Result<void> api_version(std::nothrow_t, const std::string &v) {
        detail::CStrings s;
        const char *c = s(v, "API version");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_client_options_set_api_version(p_.get(), c, err), err);
    }
    ClientOptions &token_renewal_margin(ms t) {
        return plain(dsauth_client_options_set_token_renewal_margin_ms(p_.get(), count(t)),
                     "token_renewal_margin");
    }

    const dsauth_client_options *get() const noexcept { return p_.get(); }

private:
    static std::uint64_t count(ms t) {
        return t.count() < 0 ? 0 : static_cast<std::uint64_t>(t.count());
    }
    ClientOptions &plain(dsauth_result r, const char *context) {
        detail::check(r, context);
        return *this;
    }
    detail::Owner<dsauth_client_options, dsauth_client_options_free> p_;
};

// ---- OAuth helpers ---------------------------------------------------------

// A PKCE verifier (a secret) and its S256 challenge. One owner.
class Pkce {
public:
    static Pkce generate() { return generate(std::nothrow).value(); }
    static Result<Pkce> generate(std::nothrow_t) {
        dsauth_pkce *p = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_pkce_generate(&p, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Pkce(p);
    }
    static Pkce from_verifier(const std::string &verifier) {
        return from_verifier(std::nothrow, verifier).value();
    }
    static Result<Pkce> from_verifier(std::nothrow_t, const std::string &verifier) {
        detail::CStrings s;
        const char *v = s(verifier, "verifier");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_pkce *p = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_pkce_from_verifier(v, &p, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Pkce(p);
    }
    // A secret: do not log it. Valid while this object lives.
    std::string_view verifier() const noexcept {
        return detail::view(dsauth_pkce_verifier(p_.get()));
    }
    std::string_view challenge() const noexcept {
        return detail::view(dsauth_pkce_challenge(p_.get()));
    }
    const dsauth_pkce *get() const noexcept { return p_.get(); }

private:
    explicit Pkce(dsauth_pkce *p) noexcept : p_(p) {}
    detail::Owner<dsauth_pkce, dsauth_pkce_free> p_;
};

// A fresh random `state` for an authorization URL.
inline Result<std::string> generate_state(std::nothrow_t) {
    return detail::read_text(
        [](char *b, std::size_t l, std::size_t *n, dsauth_error **) {
            return dsauth_state_generate(b, l, n);
        },
        "dsauth_state_generate");
}
inline std::string generate_state() { return generate_state(std::nothrow).value(); }

// An application using the authorization code grant. One owner.
class AuthorizationCodeGrant {
public:
    // No client secret: a public client, which must use PKCE. No scopes: "signature".
    AuthorizationCodeGrant(const std::string &integration_key, const std::string &redirect_uri,
                           const std::optional<std::string> &client_secret = {},
                           const std::optional<std::string> &scopes = {})
        : AuthorizationCodeGrant(
              create(std::nothrow, integration_key, redirect_uri, client_secret, scopes).value()) {}
    static Result<AuthorizationCodeGrant> create(
        std::nothrow_t, const std::string &integration_key, const std::string &redirect_uri,
        const std::optional<std::string> &client_secret = {},
        const std::optional<std::string> &scopes = {}) {
        detail::CStrings s;
        const char *key = s(integration_key, "integration key");
        const char *uri = s(redirect_uri, "redirect URI");
        const char *secret = s(client_secret, "client secret");
        const char *sc = s(scopes, "scopes");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_authorization_code_grant *g = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_authorization_code_grant_new(key, uri, secret, sc, &g, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return AuthorizationCodeGrant(g);
    }

    // The URL to send the user to. `pkce` is required for a public client.
    std::string authorization_url(const Environment &env,
                                  const std::optional<std::string> &state = {},
                                  const Pkce *pkce = nullptr) const {
        return authorization_url(std::nothrow, env, state, pkce).value();
    }
    Result<std::string> authorization_url(std::nothrow_t, const Environment &env,
                                          const std::optional<std::string> &state = {},
                                          const Pkce *pkce = nullptr) const {
        detail::CStrings s;
        const char *st = s(state, "state");
        if (!s.ok()) {
            return s.error();
        }
        return detail::read_text(
            [&](char *b, std::size_t l, std::size_t *n, dsauth_error **e) {
                return dsauth_authorization_code_grant_authorization_url(
                    p_.get(), env.get(), st, pkce != nullptr ? pkce->get() : nullptr, b, l, n,
                    e);
            },
            "dsauth_authorization_code_grant_authorization_url");
    }

    const dsauth_authorization_code_grant *get() const noexcept { return p_.get(); }

private:
    explicit AuthorizationCodeGrant(dsauth_authorization_code_grant *g) noexcept : p_(g) {}
    detail::Owner<dsauth_authorization_code_grant, dsauth_authorization_code_grant_free> p_;
};

// ---- Credentials -----------------------------------------------------------

// Validated, immutable credentials. Copies share one reference-counted C
// object (thread-safe); the last one wipes the secrets.
class Credentials {
public:
    // Legacy: X-DocuSign-Authentication (JSON or XML) and SOAP.
    static Credentials legacy(const std::string &integrator_key, const std::string &username,
                              const std::string &password,
                              const std::optional<std::string> &send_on_behalf_of = {}) {
        return legacy(std::nothrow, integrator_key, username, password, send_on_behalf_of)
            .value();
    }
    static Result<Credentials> legacy(std::nothrow_t, const std::string &integrator_key,
                                      const std::string &username, const std::string &password,
                                      const std::optional<std::string> &send_on_behalf_of = {}) {
        detail::CStrings s;
        const char *key = s(integrator_key, "integrator key");
        const char *user = s(username, "username");
        const char *pw = s(password, "password");
        const char *sobo = s(send_on_behalf_of, "send-on-behalf-of");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_credentials_new_legacy(key, user, pw, sobo, &c, err);
        return made(res, c, err);
    }
    // An OAuth access token obtained elsewhere: Authorization: Bearer.
    static Credentials token(const std::string &access_token) {
        return token(std::nothrow, access_token).value();
    }
    static Result<Credentials> token(std::nothrow_t, const std::string &access_token) {
        detail::CStrings s;
        const char *t = s(access_token, "access token");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_credentials_new_token(t, &c, err);
        return made(res, c, err);
    }
    // OAuth JWT grant: the client obtains and renews tokens itself.
    // `private_key_pem`: the RSA key (PKCS#1 or PKCS#8 PEM); dsauth keeps a
    // copy, so wipe yours. No scopes: "signature impersonation".
    static Credentials jwt(const std::string &integration_key, const std::string &user_id,
                           std::string_view private_key_pem,
                           const std::optional<std::string> &scopes = {},
                           const std::optional<std::string> &consent_redirect_uri = {}) {
        return jwt(std::nothrow, integration_key, user_id, private_key_pem, scopes,
                   consent_redirect_uri)
            .value();
    }
    static Result<Credentials> jwt(std::nothrow_t, const std::string &integration_key,
                                   const std::string &user_id, std::string_view private_key_pem,
                                   const std::optional<std::string> &scopes = {},
                                   const std::optional<std::string> &consent_redirect_uri = {}) {
        detail::CStrings s;
        const char *key = s(integration_key, "integration key");
        const char *user = s(user_id, "user id");
        const char *sc = s(scopes, "scopes");
        const char *redirect = s(consent_redirect_uri, "consent redirect URI");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_credentials_new_jwt(
            key, user, reinterpret_cast<const std::uint8_t *>(private_key_pem.data()),
            private_key_pem.size(), sc, redirect, &c, err);
        return made(res, c, err);
    }
    // Authorization code grant: exchanges `code` (a network call).
    static Credentials authorization_code(const Environment &env,
                                          const AuthorizationCodeGrant &grant,
                                          const std::string &code,
                                          const std::optional<std::string> &pkce_verifier = {},
                                          const ClientOptions *options = nullptr) {
        return authorization_code(std::nothrow, env, grant, code, pkce_verifier, options).value();
    }
    static Result<Credentials> authorization_code(
        std::nothrow_t, const Environment &env, const AuthorizationCodeGrant &grant,
        const std::string &code, const std::optional<std::string> &pkce_verifier = {},
        const ClientOptions *options = nullptr) {
        detail::CStrings s;
        const char *cd = s(code, "code");
        const char *verifier = s(pkce_verifier, "PKCE verifier");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_credentials_new_authorization_code(
            env.get(), grant.get(), cd, verifier,
            options != nullptr ? options->get() : nullptr, &c, err);
        return made(res, c, err);
    }
    // Authorization code grant from a kept refresh token (no network call here).
    static Credentials refresh_token(const AuthorizationCodeGrant &grant,
                                     const std::string &token) {
        return refresh_token(std::nothrow, grant, token).value();
    }
    static Result<Credentials> refresh_token(std::nothrow_t, const AuthorizationCodeGrant &grant,
                                             const std::string &token) {
        detail::CStrings s;
        const char *t = s(token, "refresh token");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_credentials_new_refresh_token(grant.get(), t, &c, err);
        return made(res, c, err);
    }

    // The header's value (e.g. `{"Username":…}` or `Bearer <token>`).
    // SECRET: the string holds the password or token; dsauth::wipe() it.
    std::string render_header(HeaderFormat format) const {
        return render_header(std::nothrow, format).value();
    }
    Result<std::string> render_header(std::nothrow_t, HeaderFormat format) const {
        return render(dsauth_credentials_render_header, format, "dsauth_credentials_render_header");
    }
    // The whole line `Name: value` (no CR LF). SECRET, as render_header.
    std::string render_header_line(HeaderFormat format) const {
        return render_header_line(std::nothrow, format).value();
    }
    Result<std::string> render_header_line(std::nothrow_t, HeaderFormat format) const {
        return render(dsauth_credentials_render_header_line, format,
                      "dsauth_credentials_render_header_line");
    }
    // The name of the header `format` renders: "X-DocuSign-Authentication"
    // or "Authorization" (static text; "" for a moved-from object).
    std::string_view header_name(HeaderFormat format) const noexcept {
        return detail::view(
            dsauth_credentials_header_name(p_.get(), static_cast<unsigned>(format)));
    }
    // `[IntegratorKey]username` for SOAP api.asmx.
    std::string soap_username() const { return soap_username(std::nothrow).value(); }
    Result<std::string> soap_username(std::nothrow_t) const {
        return text(dsauth_credentials_soap_username, "dsauth_credentials_soap_username");
    }
    // The <wsse:Security> element for SOAP api.asmx. SECRET: holds the password.
    std::string soap_security() const { return soap_security(std::nothrow).value(); }
    Result<std::string> soap_security(std::nothrow_t) const {
        return text(dsauth_credentials_soap_security, "dsauth_credentials_soap_security");
    }
    // The refresh token of authorization code credentials. SECRET.
    std::string refresh_token() const { return refresh_token(std::nothrow).value(); }
    Result<std::string> refresh_token(std::nothrow_t) const {
        return text(dsauth_credentials_refresh_token, "dsauth_credentials_refresh_token");
    }
    // JWT grant: where the user grants consent once (needs consent_redirect_uri).
    std::string consent_url(const Environment &env,
                            const std::optional<std::string> &state = {}) const {
        return consent_url(std::nothrow, env, state).value();
    }
    Result<std::string> consent_url(std::nothrow_t, const Environment &env,
                                    const std::optional<std::string> &state = {}) const {
        detail::CStrings s;
        const char *st = s(state, "state");
        if (!s.ok()) {
            return s.error();
        }
        const dsauth_credentials *c = p_.get();
        return detail::read_text(
            [&](char *b, std::size_t l, std::size_t *n, dsauth_error **e) {
                return dsauth_credentials_consent_url(c, env.get(), st, b, l, n, e);
            },
            "dsauth_credentials_consent_url");
    }

    const dsauth_credentials *get() const noexcept { return p_.get(); }

private:
    explicit Credentials(const dsauth_credentials *c) noexcept : p_(c) {}
    static Result<Credentials> made(dsauth_result r, const dsauth_credentials *c,
                                    detail::ErrorOut &err) {
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Credentials(c);
    }
    using RenderFn = dsauth_result (*)(const dsauth_credentials *, unsigned, char *, std::size_t,
                                       std::size_t *);
    using TextFn = dsauth_result (*)(const dsauth_credentials *, char *, std::size_t,
                                     std::size_t *);
    Result<std::string> render(RenderFn fn, HeaderFormat f, const char *context) const {
        const dsauth_credentials *c = p_.get();
        return detail::read_text(
            [&](char *b, std::size_t l, std::size_t *n, dsauth_error **) {
                return fn(c, static_cast<unsigned>(f), b, l, n);
            },
            context);
    }
    Result<std::string> text(TextFn fn, const char *context) const {
        const dsauth_credentials *c = p_.get();
        return detail::read_text(
            [&](char *b, std::size_t l, std::size_t *n, dsauth_error **) {
                return fn(c, b, l, n);
            },
            context);
    }
    detail::Shared<const dsauth_credentials, dsauth_credentials_clone, dsauth_credentials_free> p_;
};

// ---- Request, Response, Account, UserInfo -----------------------------------

// A REST request. One owner; the client adds authentication.
class Request {
public:
    // `path`: "" (the account), "/envelopes…" (relative to the account),
    // "/restapi/…", or a full https URL on the environment's or account's host.
    Request(Method method, const std::string &path)
        : Request(create(std::nothrow, method, path).value()) {}
    static Result<Request> create(std::nothrow_t, Method method, const std::string &path) {
        detail::CStrings s;
        const char *p = s(path, "path");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_request *r = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_request_new(static_cast<unsigned>(method), p, &r, err);
        if (res != DSAUTH_RESULT_OK) {
            return err.info(res);
        }
        return Request(r);
    }
    Request &add_query(const std::string &key, const std::string &value) {
        add_query(std::nothrow, key, value).value();
        return *this;
    }
    Result<void> add_query(std::nothrow_t, const std::string &key, const std::string &value) {
        detail::CStrings s;
        const char *k = s(key, "query key");
        const char *v = s(value, "query value");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_request_add_query(p_.get(), k, v, err), err);
    }
    Request &add_header(const std::string &name, const std::string &value) {
        add_header(std::nothrow, name, value).value();
        return *this;
    }
    Result<void> add_header(std::nothrow_t, const std::string &name, const std::string &value) {
        detail::CStrings s;
        const char *n = s(name, "header name");
        const char *v = s(value, "header value");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_request_add_header(p_.get(), n, v, err), err);
    }
    Request &body(std::string_view bytes, const std::string &content_type) {
        body(std::nothrow, bytes, content_type).value();
        return *this;
    }
    Result<void> body(std::nothrow_t, std::string_view bytes, const std::string &content_type) {
        detail::CStrings s;
        const char *type = s(content_type, "content type");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(
            dsauth_request_set_body(p_.get(), reinterpret_cast<const std::uint8_t *>(bytes.data()),
                                    bytes.size(), type, err),
            err);
    }
    // A JSON body, sent as given (checked to be well-formed).
    Request &json(const std::string &json) {
        this->json(std::nothrow, json).value();
        return *this;
    }
    Result<void> json(std::nothrow_t, const std::string &json) {
        detail::CStrings s;
        const char *j = s(json, "JSON body");
        if (!s.ok()) {
            return s.error();
        }
        detail::ErrorOut err;
        return detail::status(dsauth_request_set_json(p_.get(), j, err), err);
    }
    const dsauth_request *get() const noexcept { return p_.get(); }

private:
    explicit Request(dsauth_request *r) noexcept : p_(r) {}
    detail::Owner<dsauth_request, dsauth_request_free> p_;
};

// DocuSign's rate-limit headers; std::nullopt when a header was absent.
struct RateLimit {
    std::optional<std::uint64_t> limit;            // X-RateLimit-Limit (per hour)
    std::optional<std::uint64_t> remaining;        // X-RateLimit-Remaining
    std::optional<std::uint64_t> reset_at;         // X-RateLimit-Reset (Unix seconds)
    std::optional<std::uint64_t> burst_limit;      // X-BurstLimit-Limit
    std::optional<std::uint64_t> burst_remaining;  // X-BurstLimit-Remaining
};

// The answer to a call. One owner; every view stays valid while it lives.
class Response {
public:
    explicit Response(dsauth_response *adopted) noexcept : p_(adopted) {}

    std::uint16_t status() const noexcept { return dsauth_response_status(p_.get()); }
    std::string_view body() const {
        const std::uint8_t *data = nullptr;
        std::size_t len = 0;
        detail::check(dsauth_response_body(p_.get(), &data, &len), "dsauth_response_body");
        return std::string_view(reinterpret_cast<const char *>(data), len);
    }
    // The first header called `name` (case-insensitive), or std::nullopt.
    std::optional<std::string_view> header(const std::string &name) const {
        const char *value = nullptr;
        detail::check(dsauth_response_header(p_.get(), detail::c_str(name, "header name"), &value),
                      "dsauth_response_header");
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string_view(value);
    }
    // Every header line in order (names in lower case).
    std::vector<std::pair<std::string_view, std::string_view>> headers() const {
        std::vector<std::pair<std::string_view, std::string_view>> out;
        std::size_t count = dsauth_response_header_count(p_.get());
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const char *name = nullptr;
            const char *value = nullptr;
            detail::check(dsauth_response_header_at(p_.get(), i, &name, &value), "dsauth_response_header_at");
            out.emplace_back(name, value);
        }
        return out;
    }
    // X-DocuSign-TraceToken; "" when none.
    std::string_view trace_token() const noexcept {
        return detail::view(dsauth_response_trace_token(p_.get()));
    }
    // The URL called, without its query.
    std::string_view url() const noexcept { return detail::view(dsauth_response_url(p_.get())); }
    RateLimit rate_limit() const {
        dsauth_rate_limit c{};
        detail::check(dsauth_response_rate_limit(p_.get(), &c), "dsauth_response_rate_limit");
        auto opt = [](bool has, std::uint64_t v) {
            return has ? std::optional<std::uint64_t>(v) : std::nullopt;
        };
        return RateLimit{opt(c.has_limit, c.limit), opt(c.has_remaining, c.remaining),
                         opt(c.has_reset_at, c.reset_at), opt(c.has_burst_limit, c.burst_limit),
                         opt(c.has_burst_remaining, c.burst_remaining)};
    }
    const dsauth_response *get() const noexcept { return p_.get(); }

private:
    detail::Owner<dsauth_response, dsauth_response_free> p_;
};

// The account a client calls for. One owner; views valid while it lives.
class Account {
public:
    explicit Account(dsauth_account *adopted) noexcept : p_(adopted) {}
    std::string_view id() const noexcept { return detail::view(dsauth_account_id(p_.get())); }
    std::string_view name() const noexcept {
        return detail::view(dsauth_account_name(p_.get()));
    }
    // e.g. "https://na3.docusign.net/restapi"
    std::string_view rest_base() const noexcept {
        return detail::view(dsauth_account_rest_base(p_.get()));
    }
    bool is_default() const noexcept { return dsauth_account_is_default(p_.get()); }
    const dsauth_account *get() const noexcept { return p_.get(); }

private:
    detail::Owner<dsauth_account, dsauth_account_free> p_;
};

// The user behind OAuth credentials (/oauth/userinfo). One owner.
class UserInfo {
public:
    struct Account {
        std::string_view id, name, base_uri;  // base_uri: host only, e.g. https://na3.docusign.net
        bool is_default;
    };
    explicit UserInfo(dsauth_user_info *adopted) noexcept : p_(adopted) {}
    std::string_view sub() const noexcept { return detail::view(dsauth_user_info_sub(p_.get())); }
    std::string_view name() const noexcept {
        return detail::view(dsauth_user_info_name(p_.get()));
    }
    std::string_view email() const noexcept {
        return detail::view(dsauth_user_info_email(p_.get()));
    }
    std::vector<Account> accounts() const {
        std::vector<Account> out;
        const dsauth_user_info *u = p_.get();
        std::size_t count = dsauth_user_info_account_count(u);
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            out.push_back(Account{detail::view(dsauth_user_info_account_id(u, i)),
                                  detail::view(dsauth_user_info_account_name(u, i)),
                                  detail::view(dsauth_user_info_account_base_uri(u, i)),
                                  dsauth_user_info_account_is_default(u, i)});
        }
        return out;
    }
    const dsauth_user_info *get() const noexcept { return p_.get(); }

private:
    detail::Owner<dsauth_user_info, dsauth_user_info_free> p_;
};

// ---- Client ----------------------------------------------------------------

// An authenticated client. Copies share one reference-counted, thread-safe
// C client (connection pool, cached account and token): copy it into each
// thread. Responses and accounts outlive it.
class Client {
public:
    Client(const Environment &env, const Credentials &creds)
        : Client(create(std::nothrow, env, creds).value()) {}
    Client(const Environment &env, const Credentials &creds, const ClientOptions &options)
        : Client(create(std::nothrow, env, creds, &options).value()) {}
    // `options`: nullptr for the defaults.
    static Result<Client> create(std::nothrow_t, const Environment &env, const Credentials &creds,
                                 const ClientOptions *options = nullptr) {
        const dsauth_client *c = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_client_new(env.get(), creds.get(),
                                            options != nullptr ? options->get() : nullptr, &c, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Client(Handle(c));
    }

    // Discovered on first use, then cached.
    Account account() const { return account(std::nothrow).value(); }
    Result<Account> account(std::nothrow_t) const {
        dsauth_account *a = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_client_account(p_.get(), &a, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Account(a);
    }
    // GET `path` (see Request); "" is the account itself.
    Response get(const std::string &path) const { return get(std::nothrow, path).value(); }
    Result<Response> get(std::nothrow_t, const std::string &path) const {
        detail::CStrings s;
        const char *p = s(path, "path");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_response *r = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_client_get(p_.get(), p, &r, err);
        return answer(res, r, err);
    }
    Response send(const Request &request) const { return send(std::nothrow, request).value(); }
    Result<Response> send(std::nothrow_t, const Request &request) const {
        dsauth_response *r = nullptr;
        detail::ErrorOut err;
        dsauth_result res = dsauth_client_send(p_.get(), request.get(), &r, err);
        return answer(res, r, err);
    }
    // A SOAP API 3.0 call (legacy credentials); `body` is the operation element.
    Response soap_call(SoapEndpoint endpoint, const std::string &operation,
                       const std::string &body) const {
        return soap_call(std::nothrow, endpoint, operation, body).value();
    }
    Result<Response> soap_call(std::nothrow_t, SoapEndpoint endpoint,
                               const std::string &operation, const std::string &body) const {
        detail::CStrings s;
        const char *op = s(operation, "operation");
        const char *b = s(body, "SOAP body");
        if (!s.ok()) {
            return s.error();
        }
        dsauth_response *r = nullptr;
        detail::ErrorOut err;
        dsauth_result res =
            dsauth_client_soap_call(p_.get(), static_cast<unsigned>(endpoint), op, b, &r, err);
        return answer(res, r, err);
    }
    // OAuth credentials only; cached.
    UserInfo user_info() const { return user_info(std::nothrow).value(); }
    Result<UserInfo> user_info(std::nothrow_t) const {
        dsauth_user_info *u = nullptr;
        detail::ErrorOut err;
        dsauth_result r = dsauth_client_user_info(p_.get(), &u, err);
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return UserInfo(u);
    }
    // The OAuth token the client uses now (JWT / authorization code grants). SECRET.
    std::string access_token() const { return access_token(std::nothrow).value(); }
    Result<std::string> access_token(std::nothrow_t) const {
        const dsauth_client *c = p_.get();
        return detail::read_text(
            [&](char *b, std::size_t l, std::size_t *n, dsauth_error **e) {
                return dsauth_client_access_token(c, b, l, n, e);
            },
            "dsauth_client_access_token");
    }

    const dsauth_client *get() const noexcept { return p_.get(); }

private:
    using Handle = detail::Shared<const dsauth_client, dsauth_client_clone, dsauth_client_free>;
    explicit Client(Handle h) noexcept : p_(std::move(h)) {}
    static Result<Response> answer(dsauth_result r, dsauth_response *resp, detail::ErrorOut &err) {
        if (r != DSAUTH_RESULT_OK) {
            return err.info(r);
        }
        return Response(resp);
    }
    Handle p_;
};

}  // namespace dsauth

#endif  // DSAUTH_HPP
