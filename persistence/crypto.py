"""Encryption of stored credentials: Fernet (AES-128-CBC + HMAC-SHA256) with key rotation.

Keys are configured newest first (``MLC_ENCRYPTION_KEY="new,old"``): new tokens use the first key, any
listed key decrypts. Each key has a short public id (a SHA-256 fingerprint prefix) recorded per stored
row, so an operator can see when no row needs an old key any more and drop it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

from persistence.errors import CredentialUnreadable


def key_id(key: str) -> str:
    """The public id of a Fernet key: 12 hex digits of its SHA-256 (reveals nothing usable)."""
    return hashlib.sha256(key.strip().encode()).hexdigest()[:12]


class CredentialCipher:
    """Encrypts with the newest key; decrypts and rotates with any configured key."""

    def __init__(self, keys: Sequence[str]) -> None:
        if isinstance(keys, str):
            raise TypeError("pass a sequence of keys; use CredentialCipher.from_setting for a comma-separated value")
        cleaned = [key.strip() for key in keys if key.strip()]
        if not cleaned:
            raise ValueError("at least one encryption key is required")
        fernets: list[Fernet] = []
        for position, key in enumerate(cleaned, start=1):
            try:
                fernets.append(Fernet(key))
            except ValueError:
                raise ValueError(f"encryption key #{position} is not a valid Fernet key") from None
        self._fernet = MultiFernet(fernets)
        self._key_ids = tuple(key_id(key) for key in cleaned)

    @classmethod
    def from_setting(cls, keys: SecretStr) -> CredentialCipher:
        """A cipher from the ``MLC_ENCRYPTION_KEY`` setting: comma-separated keys, newest first."""
        return cls(keys.get_secret_value().split(","))

    @staticmethod
    def generate_key() -> str:
        """A fresh random key (url-safe base64 of 32 bytes)."""
        return Fernet.generate_key().decode()

    @property
    def key_id(self) -> str:
        """Id of the newest key, which seals every new or rotated token."""
        return self._key_ids[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Ids of all configured keys, newest first."""
        return self._key_ids

    def encrypt(self, plaintext: str) -> bytes:
        """A token sealing `plaintext` under the newest key."""
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, token: bytes) -> str:
        """The plaintext of a token sealed by any configured key; `CredentialUnreadable` otherwise."""
        try:
            return self._fernet.decrypt(token).decode()
        except InvalidToken:
            raise CredentialUnreadable("credential cannot be decrypted with any configured key") from None

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext re-sealed under the newest key."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise CredentialUnreadable("credential cannot be decrypted with any configured key") from None

    def __repr__(self) -> str:
        return f"CredentialCipher(key_ids={list(self._key_ids)})"
