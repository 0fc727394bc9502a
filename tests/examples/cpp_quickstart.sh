#!/usr/bin/env bash
# examples/cpp/quickstart.cpp against the stand-in over HTTPS (make
# cpp-example; usage in expect.sh).
source "$(dirname "$0")/expect.sh"

has '^X-DocuSign-Authentication: {"Username":"alice@example.com"'
has '^X-DocuSign-Authentication: <DocuSignCredentials><Username>'
has '^account:      18650243  Andersen Consulting Ltd$'
has '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/18650243$'
has '^    status           200$'
has '^    hourly remaining [0-9]'
has '^expected error: .*HTTP 404, ENVELOPE_DOES_NOT_EXIST, trace token '
verdict "cpp quickstart"
