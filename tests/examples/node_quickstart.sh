#!/usr/bin/env bash
# examples/node/quickstart.js (koffi over libdsauth.so) against the stand-in
# over HTTPS (make node-example; usage in expect.sh).
source "$(dirname "$0")/expect.sh"

has '^X-DocuSign-Authentication: {"Username":"alice@example.com",'
has '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/18650243$'
has '^    status           200$'
has '^    account          Andersen Consulting Ltd '
verdict "node quickstart"
