"""Webhook signatures: HMAC-SHA256 of the exact raw body, compared in constant time.

BILL: header `x-bill-sha-signature` = base64(HMAC-SHA256(subscription securityKey, raw body)) (API-FACTS §2.7).
A delivery is accepted when it matches the current key of any subscription of the connection's BILL
organization, so a rotation (which replaces the stored key) never needs a gateway change.

Zoho Books does not document a signing scheme for workflow-rule webhooks (API-FACTS §1.8). The connector's
documented default: header `MLC_ZOHO_WEBHOOK_SIGNATURE_HEADER` (default `X-Zoho-Webhook-Signature`) carries
the HMAC-SHA256 digest of the raw request body under the per-connection webhook secret, encoded as
`MLC_ZOHO_WEBHOOK_SIGNATURE_ENCODING` (`hex`, case-insensitive, or standard `base64`). Nothing else (query,
headers, timestamps) is signed, so replays of a captured delivery verify; they are harmless because every
delivery only (re)starts the keyed, idempotent bill workflow.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable

from pydantic import SecretStr

BILL_SIGNATURE_HEADER = "x-bill-sha-signature"


def decode_signature(value: str, encoding: str) -> bytes | None:
    """The digest bytes carried by a header value, or None when it is not valid `encoding`."""
    value = value.strip()
    try:
        if encoding == "hex":
            return bytes.fromhex(value)
        return base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        return None


def _digest(secret: SecretStr, body: bytes) -> bytes:
    return hmac.new(secret.get_secret_value().encode(), body, hashlib.sha256).digest()


def bill_signature_valid(body: bytes, header_value: str | None, keys: Iterable[SecretStr]) -> bool:
    """True when `header_value` is the base64 HMAC-SHA256 of `body` under one of `keys` (constant-time)."""
    provided = decode_signature(header_value, "base64") if header_value else None
    if provided is None:
        return False
    return any(hmac.compare_digest(_digest(key, body), provided) for key in keys)


def zoho_signature_valid(body: bytes, header_value: str | None, secret: SecretStr, encoding: str) -> bool:
    """True when `header_value` is the HMAC-SHA256 of `body` under `secret` (constant-time comparison)."""
    if not header_value:
        return False
    provided = decode_signature(header_value, encoding)
    if provided is None:
        return False
    return hmac.compare_digest(_digest(secret, body), provided)
