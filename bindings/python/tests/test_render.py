"""Header renderings: the Rust golden strings, and 10,000 generated credential
sets parsed back exactly with Python's own json and xml.etree parsers."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from typing import Optional

import pytest

import dsauth
from dsauth import Credentials, HeaderFormat

IK = "6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-username-token-profile-1.0#PasswordText"
)


def legacy(password: str, sobo: Optional[str] = None) -> Credentials:
    return Credentials.legacy(
        integrator_key=IK,
        username="alice@example.com",
        password=password,
        send_on_behalf_of=sobo,
    )


# --- the golden strings of tests/render_golden.rs -----------------------------


def test_json_plain() -> None:
    h = legacy("s3cret").header(HeaderFormat.JSON)
    assert h.name == "X-DocuSign-Authentication"
    assert h.value == (
        '{"Username":"alice@example.com","Password":"s3cret",'
        '"IntegratorKey":"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10"}'
    )


def test_json_escaped_with_send_on_behalf_of() -> None:
    h = legacy("a\"b\\c<d>&'é😀", "bob@example.com").header(HeaderFormat.JSON)
    assert h.value == (
        '{"Username":"alice@example.com","Password":"a\\"b\\\\c<d>&\'\\u00e9\\ud83d\\ude00",'
        '"IntegratorKey":"6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10","SendOnBehalfOf":"bob@example.com"}'
    )
    assert h.line == f"X-DocuSign-Authentication: {h.value}"
    assert h.as_dict() == {"X-DocuSign-Authentication": h.value}


def test_xml_escaped_with_send_on_behalf_of() -> None:
    h = legacy("a\"b\\c<d>&'é😀", "bob@example.com").header(HeaderFormat.XML)
    assert h.name == "X-DocuSign-Authentication"
    assert h.value == (
        "<DocuSignCredentials><Username>alice@example.com</Username>"
        "<Password>a&quot;b\\c&lt;d&gt;&amp;&apos;&#xe9;&#x1f600;</Password>"
        "<IntegratorKey>6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10</IntegratorKey>"
        "<SendOnBehalfOf>bob@example.com</SendOnBehalfOf></DocuSignCredentials>"
    )


def test_bearer() -> None:
    token = Credentials.access_token("eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln")
    h = token.header(HeaderFormat.BEARER)
    assert h.name == "Authorization"
    assert h.value == "Bearer eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln"
    assert h.line == "Authorization: Bearer eyJ0eXAiOiJNVCJ9.eyJzdWIiOiJ4In0.c2ln"
    # The default format follows the credentials.
    assert token.header().value == h.value
    assert legacy("p").header().value == legacy("p").header(HeaderFormat.JSON).value


def test_soap_username_and_security() -> None:
    creds = legacy("p<&>w")
    assert creds.soap_username() == "[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]alice@example.com"
    assert creds.soap_security() == (
        '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
        'oasis-200401-wss-wssecurity-secext-1.0.xsd">'
        "<wsse:UsernameToken><wsse:Username>[6f2c0d41-1a7e-4d0a-9a55-3b8f7c2e9d10]"
        "alice@example.com</wsse:Username>"
        '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/'
        'oasis-200401-wss-username-token-profile-1.0#PasswordText">p&lt;&amp;&gt;w'
        "</wsse:Password></wsse:UsernameToken></wsse:Security>"
    )


def test_wrong_kind_is_refused() -> None:
    token = Credentials.access_token("abc")
    for call in (
        lambda: token.header(HeaderFormat.JSON),
        lambda: token.header(HeaderFormat.XML),
        token.soap_username,
        token.soap_security,
        lambda: legacy("p").header(HeaderFormat.BEARER),
    ):
        with pytest.raises(dsauth.WrongCredentialKindError) as info:
            call()
        assert info.value.kind == "wrong_credential_kind"
        assert info.value.code == 6
        assert isinstance(info.value, ValueError)


def test_header_format_names() -> None:
    assert HeaderFormat.JSON.header_name == "X-DocuSign-Authentication"
    assert HeaderFormat.XML.header_name == "X-DocuSign-Authentication"
    assert HeaderFormat.BEARER.header_name == "Authorization"
    assert len({HeaderFormat.JSON, HeaderFormat.XML, HeaderFormat.BEARER}) == 3


# --- 10,000 generated credential sets ----------------------------------------

# Characters that need escaping in JSON or XML, white space that may sit
# inside a field, and non-ASCII up to the astral planes; no control
# characters and no U+FFFE/U+FFFF (the core refuses those).
SPECIAL = "\"\\<>&'/ \u00a0\u2028\u2029=:;,{}%$#@!?*+~`^|"
UNICODE = "éüßøçñЖжΩ中文日本語한국어\u200b\ufeff\ufdd0\ufffd😀🎉𝄞\U0010fffd"
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
INNER = ASCII + SPECIAL + UNICODE
EDGE = ASCII + UNICODE.replace("\u200b", "").replace("\ufeff", "") + "\"\\<>&'"


def generated_field(rng: random.Random, pool: str = INNER, edge: str = EDGE) -> str:
    """A valid field: 1-40 characters, no white space at either end."""
    length = rng.randint(1, 40)
    if length == 1:
        return rng.choice(edge)
    middle = "".join(rng.choice(pool) for _ in range(length - 2))
    return rng.choice(edge) + middle + rng.choice(edge)


def generated_credentials(
    rng: random.Random,
) -> tuple[str, str, str, Optional[str]]:
    key_pool = INNER.replace("[", "").replace("]", "")
    key = generated_field(rng, key_pool)
    user = generated_field(rng)
    password = generated_field(rng)
    sobo = generated_field(rng) if rng.random() < 0.5 else None
    return key, user, password, sobo


def test_ten_thousand_generated_sets_parse_back_exactly() -> None:
    rng = random.Random(20240611)
    for i in range(10_000):
        key, user, password, sobo = generated_credentials(rng)
        creds = Credentials.legacy(
            integrator_key=key, username=user, password=password, send_on_behalf_of=sobo
        )
        expected = [("Username", user), ("Password", password), ("IntegratorKey", key)]
        if sobo is not None:
            expected.append(("SendOnBehalfOf", sobo))

        header = creds.header(HeaderFormat.JSON)
        assert header.value.isascii(), i
        parsed = json.loads(header.value, object_pairs_hook=list)
        assert parsed == expected, i

        header = creds.header(HeaderFormat.XML)
        assert header.value.isascii(), i
        root = ET.fromstring(header.value)
        assert root.tag == "DocuSignCredentials"
        assert [(child.tag, child.text) for child in root] == expected, i
        assert all(len(child) == 0 for child in root)

        security = ET.fromstring(creds.soap_security())
        token = security.find(f"{{{WSSE_NS}}}UsernameToken")
        assert token is not None
        username = token.find(f"{{{WSSE_NS}}}Username")
        password_el = token.find(f"{{{WSSE_NS}}}Password")
        assert username is not None and password_el is not None
        assert username.text == f"[{key}]{user}" == creds.soap_username()
        assert password_el.text == password
        assert password_el.get("Type") == PASSWORD_TEXT


def test_generated_tokens_render_as_bearer() -> None:
    rng = random.Random(7)
    alphabet = ASCII + "~+/"
    for _ in range(2_000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200)))
        token = body + "=" * rng.randint(0, 2)
        header = Credentials.access_token(token).header(HeaderFormat.BEARER)
        assert header.value == f"Bearer {token}"
