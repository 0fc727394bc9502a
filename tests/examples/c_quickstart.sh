#!/usr/bin/env bash
# examples/c/quickstart.c against the stand-in over HTTPS: the headers, the
# legacy calls, then the JWT grant with DSAUTH_PRIVATE_KEY_FILE (make
# c-example; usage in expect.sh).
source "$(dirname "$0")/expect.sh"

has "^RSA key:      ${DSAUTH_PRIVATE_KEY_FILE:?is not set}\$"
has '^user id:      42b0587a-745b-407d-a20f-cef58eafe40a$'
has '^  \* 292387d6-8156-46fc-b6d1-7432ccd3e7a8  Andersen Consulting Ltd '
has '^    Bearer eyJ'
has 'message: invalid Username: contains a control character'
has '^account id:   18650243$'
has '^account id:   292387d6-8156-46fc-b6d1-7432ccd3e7a8$'
lines 2 '^GET https://127.0.0.1:.*/restapi/v2.1/accounts/'
lines 2 '^    status           200$'
has '^    hourly remaining [0-9]'
verdict quickstart
