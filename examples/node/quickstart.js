#!/usr/bin/env node
// dsauth quick start from Node.js: loads libdsauth.so directly through the C
// ABI (include/dsauth.h) with koffi, renders the JSON authentication header
// and makes one authenticated call, freeing every object it creates.
//
//   npm ci --prefix examples/node            # koffi (prebuilt, no compiler)
//   cargo build -p dsauth && cargo build -p dsauth-mock
//   target/debug/dsauth-mock run -- node examples/node/quickstart.js
//
// DSAUTH_LIB names the library (default: target/debug/libdsauth.so);
// DSAUTH_BASE_URL and DSAUTH_CA_FILE where DocuSign is (`dsauth-mock run` sets
// them for the local stand-in). Credentials default to the stand-in's
// public test fixture (mock/README.md).
'use strict';

const path = require('path');
const koffi = require('koffi');

const lib = koffi.load(
  process.env.DSAUTH_LIB || path.join(__dirname, '..', '..', 'target', 'debug', 'libdsauth.so'));

// ---- the part of dsauth.h this example uses ----------------------------------
koffi.alias('dsauth_result', 'uint32_t');
for (const t of ['dsauth_credentials', 'dsauth_environment', 'dsauth_client_options',
                 'dsauth_client', 'dsauth_response', 'dsauth_error']) {
  koffi.opaque(t);
}
koffi.struct('dsauth_rate_limit', {
  limit: 'uint64_t', remaining: 'uint64_t', reset_at: 'uint64_t',
  burst_limit: 'uint64_t', burst_remaining: 'uint64_t',
  has_limit: 'bool', has_remaining: 'bool', has_reset_at: 'bool',
  has_burst_limit: 'bool', has_burst_remaining: 'bool',
});
const OK = 0;
const INSUFFICIENT_SIZE = 3;
const HEADER_FORMAT_JSON = 0;

const c = {
  version: lib.func('const char *dsauth_version(void)'),
  resultStr: lib.func('const char *dsauth_result_str(unsigned int result)'),
  errorFree: lib.func('void dsauth_error_free(dsauth_error *err)'),
  errorMessage: lib.func('const char *dsauth_error_message(const dsauth_error *err)'),
  errorCode: lib.func('const char *dsauth_error_code(const dsauth_error *err)'),
  errorStatus: lib.func('uint16_t dsauth_error_status(const dsauth_error *err)'),
  errorTraceToken: lib.func('const char *dsauth_error_trace_token(const dsauth_error *err)'),
  credentialsNewLegacy: lib.func('dsauth_result dsauth_credentials_new_legacy(const char *ik, ' +
    'const char *username, const char *password, const char *sobo, ' +
    '_Out_ const dsauth_credentials **out, _Out_ dsauth_error **error_out)'),
  credentialsFree: lib.func('void dsauth_credentials_free(const dsauth_credentials *c)'),
  renderHeader: lib.func('dsauth_result dsauth_credentials_render_header(' +
    'const dsauth_credentials *c, unsigned int format, uint8_t *buf, size_t len, ' +
    '_Out_ size_t *out_n)'),
  headerName: lib.func('const char *dsauth_credentials_header_name(' +
    'const dsauth_credentials *c, unsigned int format)'),
  environmentNewCustom: lib.func('dsauth_result dsauth_environment_new_custom(' +
    'const char *base_url, const char *account_server_url, _Out_ dsauth_environment **out, ' +
    '_Out_ dsauth_error **error_out)'),
  environmentFree: lib.func('void dsauth_environment_free(dsauth_environment *e)'),
  optionsNew: lib.func('dsauth_result dsauth_client_options_new(_Out_ dsauth_client_options **out)'),
  optionsFree: lib.func('void dsauth_client_options_free(dsauth_client_options *o)'),
  optionsAddCaFile: lib.func('dsauth_result dsauth_client_options_add_trusted_ca_file(' +
    'dsauth_client_options *o, const char *path, _Out_ dsauth_error **error_out)'),
  clientNew: lib.func('dsauth_result dsauth_client_new(const dsauth_environment *e, ' +
    'const dsauth_credentials *c, const dsauth_client_options *o, ' +
    '_Out_ const dsauth_client **out, _Out_ dsauth_error **error_out)'),
  clientFree: lib.func('void dsauth_client_free(const dsauth_client *client)'),
  clientGet: lib.func('dsauth_result dsauth_client_get(const dsauth_client *client, ' +
    'const char *path, _Out_ dsauth_response **out, _Out_ dsauth_error **error_out)'),
  responseFree: lib.func('void dsauth_response_free(dsauth_response *r)'),
  responseStatus: lib.func('uint16_t dsauth_response_status(const dsauth_response *r)'),
  responseUrl: lib.func('const char *dsauth_response_url(const dsauth_response *r)'),
  responseTraceToken: lib.func('const char *dsauth_response_trace_token(const dsauth_response *r)'),
  responseBody: lib.func('dsauth_result dsauth_response_body(const dsauth_response *r, ' +
    '_Out_ const void **data, _Out_ size_t *len)'),
  responseRateLimit: lib.func('dsauth_result dsauth_response_rate_limit(' +
    'const dsauth_response *r, _Out_ dsauth_rate_limit *out)'),
};

// ---- helpers -------------------------------------------------------------------

class DsauthError extends Error {
  // Reads and frees the dsauth_error (may be null) of a failed call.
  constructor(what, result, err) {
    super(`${what}: ${err ? c.errorMessage(err) : c.resultStr(result)}`);
    this.result = result;
    this.errorCode = err ? c.errorCode(err) : null;
    this.status = err ? c.errorStatus(err) : 0;
    this.traceToken = err ? c.errorTraceToken(err) : null;
    c.errorFree(err);
  }
}

// Calls fn(...args, out, err) and returns the object written to out.
function create(what, fn, ...args) {
  const out = [null];
  const err = [null];
  const r = fn(...args, out, err);
  if (r !== OK) throw new DsauthError(what, r, err[0]);
  return out[0];
}

// The caller-buffer protocol: size query, then render into a Buffer. The
// text holds the password: the Buffer is zeroed after it is read.
function renderHeader(creds, format) {
  const n = [0];
  let r = c.renderHeader(creds, format, null, 0, n);
  if (r !== INSUFFICIENT_SIZE) throw new DsauthError('size query', r, null);
  const buf = Buffer.alloc(n[0] + 1);
  r = c.renderHeader(creds, format, buf, buf.length, n);
  if (r !== OK) throw new DsauthError('render', r, null);
  const text = buf.toString('utf8', 0, n[0]);
  buf.fill(0);
  return text;
}

// ---- the quick start -------------------------------------------------------------

function main() {
  const env = (name, fallback) => process.env[name] || fallback;
  console.log(`dsauth ${c.version()} (from Node.js ${process.version} via koffi)\n`);

  const creds = create('legacy credentials', c.credentialsNewLegacy,
    env('DSAUTH_INTEGRATOR_KEY', 'e54acc6e-ba17-41e4-a66c-f2037a3bf3dd'),
    env('DSAUTH_USERNAME', 'alice@example.com'), env('DSAUTH_PASSWORD', 'Alice-Passw0rd!'), null);
  let environment = null;
  let options = null;
  let client = null;
  let response = null;
  try {
    console.log(`${c.headerName(creds, HEADER_FORMAT_JSON)}: ${renderHeader(creds, HEADER_FORMAT_JSON)}\n`);

    environment = create('DSAUTH_BASE_URL', c.environmentNewCustom,
      env('DSAUTH_BASE_URL', 'https://demo.docusign.net'), null);
    options = create('options', c.optionsNew);
    if (process.env.DSAUTH_CA_FILE) {
      const err = [null];
      const r = c.optionsAddCaFile(options, process.env.DSAUTH_CA_FILE, err);
      if (r !== OK) throw new DsauthError('DSAUTH_CA_FILE', r, err[0]);
    }
    client = create('client', c.clientNew, environment, creds, options);

    // One authenticated call: "" is the account itself (discovered first).
    response = create('GET account', c.clientGet, client, '');
    const data = [null];
    const len = [0];
    c.responseBody(response, data, len);
    const body = len[0] > 0 ? koffi.decode(data[0], 'char', len[0]) : '';
    const limits = {};
    c.responseRateLimit(response, limits);
    console.log(`GET ${c.responseUrl(response)}`);
    console.log(`    status           ${c.responseStatus(response)}`);
    console.log(`    trace token      ${c.responseTraceToken(response)}`);
    console.log(`    account          ${JSON.parse(body).accountName} (${body.length} bytes of JSON)`);
    console.log(`    hourly remaining ${limits.has_remaining ? limits.remaining : '-'}`);
    return 0;
  } catch (e) {
    if (!(e instanceof DsauthError)) throw e;
    console.error(e.message);
    if (e.errorCode) console.error(`errorCode ${e.errorCode}, HTTP ${e.status}`);
    return 1;
  } finally {
    // Every _free accepts NULL; the client is reference-counted.
    c.responseFree(response);
    c.clientFree(client);
    c.optionsFree(options);
    c.environmentFree(environment);
    c.credentialsFree(creds);
  }
}

process.exitCode = main();
