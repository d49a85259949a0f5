"""AES-256-GCM payload codec: every Temporal payload leaves the process encrypted (defence in depth).

Secrets never travel through Temporal in the first place (ids only); this codec additionally hides business
data (vendor names, amounts) from anyone who can read the Temporal server's database or history exports.

Wire format of an encrypted payload: metadata ``encoding = binary/encrypted`` and ``encryption-key-id`` (a
public fingerprint of the key), data = 12-byte random nonce + AES-GCM ciphertext of the serialized original
payload, with the key id as associated data. Keys come from ``MLC_PAYLOAD_KEYS``: comma-separated url-safe
base64 32-byte keys, newest first. New payloads use the first key; any listed key decrypts. Rotation: put a new
key first, keep the old ones for as long as any history written with them may be read or replayed (the
namespace retention period), then drop them. Payloads without the encrypted encoding pass through on decode,
so histories written before encryption was switched on still replay.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID_METADATA = "encryption-key-id"
NONCE_BYTES = 12
KEY_BYTES = 32


class PayloadUndecryptable(ValueError):
    """An encrypted payload whose key is not configured, or whose ciphertext was tampered with."""


def payload_key_id(key: bytes) -> str:
    """The public id of a payload key: 12 hex digits of its SHA-256 (reveals nothing usable)."""
    return hashlib.sha256(key).hexdigest()[:12]


def generate_payload_key() -> str:
    """A fresh random key in the ``MLC_PAYLOAD_KEYS`` format."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def _decoded_key(text: str, position: int) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.encode())
    except (binascii.Error, ValueError):
        raise ValueError(f"payload key #{position} is not url-safe base64") from None
    if len(key) != KEY_BYTES:
        raise ValueError(f"payload key #{position} must decode to {KEY_BYTES} bytes")
    return key


class PayloadCipherCodec(PayloadCodec):
    """Encrypts with the newest key; decrypts with whichever configured key the payload names."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("at least one payload key is required")
        self._newest = payload_key_id(keys[0])
        self._ciphers = {payload_key_id(key): AESGCM(key) for key in keys}

    @classmethod
    def from_setting(cls, keys: SecretStr) -> PayloadCipherCodec:
        """A codec from the ``MLC_PAYLOAD_KEYS`` setting (comma-separated, newest first)."""
        texts = [text.strip() for text in keys.get_secret_value().split(",") if text.strip()]
        return cls([_decoded_key(text, position) for position, text in enumerate(texts, start=1)])

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Ids of the configured keys, newest first."""
        return tuple(self._ciphers)

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Each payload sealed under the newest key."""
        return [self._seal(payload) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Each encrypted payload opened; unencrypted payloads returned unchanged."""
        return [
            self._open(payload) if payload.metadata.get("encoding") == ENCODING else payload for payload in payloads
        ]

    def _seal(self, payload: Payload) -> Payload:
        key_id = self._newest.encode()
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = self._ciphers[self._newest].encrypt(nonce, payload.SerializeToString(), key_id)
        return Payload(metadata={"encoding": ENCODING, KEY_ID_METADATA: key_id}, data=nonce + ciphertext)

    def _open(self, payload: Payload) -> Payload:
        key_id = payload.metadata.get(KEY_ID_METADATA, b"")
        cipher = self._ciphers.get(key_id.decode(errors="replace"))
        if cipher is None:
            raise PayloadUndecryptable(f"payload key {key_id.decode(errors='replace')!r} is not configured")
        nonce, ciphertext = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            plaintext = cipher.decrypt(nonce, ciphertext, key_id)
        except InvalidTag:
            raise PayloadUndecryptable("payload failed authentication (tampered or wrong key)") from None
        return Payload.FromString(plaintext)

    def __repr__(self) -> str:
        return f"PayloadCipherCodec(key_ids={list(self._ciphers)})"
