"""Zoho webhook HMAC verification over raw bytes."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from pydantic import SecretStr

from webhook_gateway.signatures import decode_signature, zoho_signature_valid

SECRET = SecretStr("abcdefghijkl123456")
BODY = b'{"bill": {"bill_id": "1"}}'
DIGEST = hmac.new(b"abcdefghijkl123456", BODY, hashlib.sha256).digest()


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        (DIGEST.hex(), "hex"),
        (DIGEST.hex().upper(), "hex"),
        (f" {DIGEST.hex()} ", "hex"),
        (base64.b64encode(DIGEST).decode(), "base64"),
    ],
)
def test_valid_signatures(header: str, encoding: str) -> None:
    assert zoho_signature_valid(BODY, header, SECRET, encoding)


@pytest.mark.parametrize(
    ("body", "header", "encoding"),
    [
        (BODY + b" ", DIGEST.hex(), "hex"),  # re-serialized body
        (BODY, DIGEST.hex()[:-2], "hex"),  # truncated digest
        (BODY, base64.b64encode(DIGEST).decode(), "hex"),  # wrong encoding
        (BODY, DIGEST.hex(), "base64"),
        (BODY, None, "hex"),
        (BODY, "", "hex"),
    ],
)
def test_invalid_signatures(body: bytes, header: str | None, encoding: str) -> None:
    assert not zoho_signature_valid(body, header, SECRET, encoding)


def test_undecodable_values_are_none() -> None:
    assert decode_signature("zz", "hex") is None
    assert decode_signature("***", "base64") is None
