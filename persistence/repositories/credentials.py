"""CredentialStore: per-owner secrets, encrypted at rest, decrypted only into `SecretStr`.

A store may keep a per-process cache of the secrets of some kinds (`cached_kinds`, `cache_ttl` > 0): such a
secret read less than `cache_ttl` seconds ago is answered from memory; an older one is read again and decrypted
again only if its ciphertext changed (the version check), together with the owner's other cached kinds, in
one query; an absent secret is cached as absent. Writes through the same store update its cache at
once; a write by another process (or another store) is seen at most `cache_ttl` seconds later. The cache holds
only `SecretStr`s and ciphertexts and is never logged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy import ColumnElement, Engine, and_, bindparam, delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from persistence.crypto import CredentialCipher
from persistence.db import session_scope
from persistence.errors import CredentialMissing, CredentialUnreadable
from persistence.tables import Credential
from persistence.timestamps import utc_now
from persistence.vocabulary import CredentialKind, OwnerKind

CREDENTIAL_CACHE_TTL = 5.0
"""Seconds a worker's store answers a secret from memory before reading it again (`ConnectorStore.open`)."""
CACHED_KINDS = frozenset(
    {CredentialKind.ZOHO_REFRESH_TOKEN, CredentialKind.ZOHO_REJECTED_REFRESH_TOKEN, CredentialKind.ZOHO_ACCESS_TOKEN}
)
"""The kinds every Books call reads (`activities.grant_tokens`), where a staleness of `CREDENTIAL_CACHE_TTL` is
harmless; webhook secrets, for one, are not cached: a disconnected connection's webhooks are refused at once."""

_Key = tuple[str, str, str]


@dataclass(frozen=True)
class _Cached:
    ciphertext: bytes | None
    secret: SecretStr | None
    read_at: float


class CredentialStore:
    """Stores one secret per (owner kind, owner id, kind). Plaintext exists only in the returned `SecretStr`."""

    def __init__(
        self,
        engine: Engine,
        cipher: CredentialCipher,
        *,
        cache_ttl: float = 0.0,
        cached_kinds: frozenset[str] = CACHED_KINDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`cache_ttl` 0 reads the database on every `get` (see the module docstring)."""
        self._engine = engine
        self._cipher = cipher
        self._ttl = cache_ttl
        self._cached_kinds = cached_kinds
        self._monotonic = monotonic
        self._cache: dict[_Key, _Cached] = {}
        self._cache_lock = threading.Lock()

    def put(self, owner_kind: str, owner_id: str, kind: str, secret: SecretStr) -> None:
        """Store or replace the secret (safe when two writers race: the last write wins)."""
        OwnerKind(owner_kind)
        ciphertext = self._cipher.encrypt(secret.get_secret_value())
        self._forget((owner_kind, owner_id, kind))
        if not self._replace(owner_kind, owner_id, kind, ciphertext):
            row = Credential(
                owner_kind=owner_kind, owner_id=owner_id, kind=kind, ciphertext=ciphertext, key_id=self._cipher.key_id
            )
            try:
                with session_scope(self._engine) as session:
                    session.add(row)
            except IntegrityError:
                if not self._replace(owner_kind, owner_id, kind, ciphertext):
                    raise
        self._remember((owner_kind, owner_id, kind), ciphertext, secret)

    def get(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr | None:
        """The decrypted secret, or None when none is stored; `CredentialUnreadable` if no key opens it."""
        key = (owner_kind, owner_id, kind)
        if self._ttl <= 0 or kind not in self._cached_kinds:
            with session_scope(self._engine) as session:
                ciphertext = session.exec(select(Credential.ciphertext).where(_key(*key))).one_or_none()
            return None if ciphertext is None else self._decrypt(key, ciphertext)
        with self._cache_lock:
            cached = self._cache.get(key)
        if cached is not None and self._monotonic() - cached.read_at < self._ttl:
            return cached.secret
        return self._refresh_owner(owner_kind, owner_id, kind)

    def _refresh_owner(self, owner_kind: str, owner_id: str, wanted: str) -> SecretStr | None:
        """Read every cached kind of the owner in one query (a Books call reads three), cache them (absent ones
        too) and return the `wanted` one. Only changed ciphertexts are decrypted."""
        params = {"owner_kind": owner_kind, "owner_id": owner_id, "kinds": sorted(self._cached_kinds)}
        with self._engine.connect() as connection:
            stored: dict[str, bytes] = {row.kind: row.ciphertext for row in connection.execute(_OWNER_SECRETS, params)}
        now = self._monotonic()
        answer: SecretStr | None = None
        for kind in self._cached_kinds:
            key = (owner_kind, owner_id, kind)
            ciphertext = stored.get(kind)
            with self._cache_lock:
                cached = self._cache.get(key)
            if ciphertext is None:
                secret = None
            elif cached is not None and cached.ciphertext == ciphertext:
                secret = cached.secret
            else:
                try:
                    secret = self._decrypt(key, ciphertext)
                except CredentialUnreadable:
                    if kind == wanted:
                        raise
                    self._forget(key)
                    continue
            with self._cache_lock:
                self._cache[key] = _Cached(ciphertext, secret, now)
            if kind == wanted:
                answer = secret
        return answer

    def _decrypt(self, key: _Key, ciphertext: bytes) -> SecretStr:
        try:
            return SecretStr(self._cipher.decrypt(ciphertext))
        except CredentialUnreadable:
            raise _unreadable(*key) from None

    def require(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr:
        """The decrypted secret; `CredentialMissing` when none is stored."""
        secret = self.get(owner_kind, owner_id, kind)
        if secret is None:
            raise CredentialMissing(owner_kind, owner_id, kind)
        return secret

    def delete(self, owner_kind: str, owner_id: str, kind: str) -> bool:
        """Forget the secret; True if one was stored."""
        self._forget((owner_kind, owner_id, kind))
        with session_scope(self._engine) as session:
            result = session.exec(delete(Credential).where(_key(owner_kind, owner_id, kind)))
        return result.rowcount > 0

    def rotate_all(self) -> int:
        """Re-encrypt under the newest key every secret sealed by an older one; returns how many changed.

        Each row is rotated in its own short transaction, guarded by its old ciphertext so a concurrent
        `put` is never overwritten. Afterwards `key_ids_in_use()` tells whether an old key can be dropped.
        """
        newest = self._cipher.key_id
        with session_scope(self._engine) as session:
            stale = session.exec(select(Credential).where(col(Credential.key_id) != newest)).all()
        rotated = 0
        for row in stale:
            try:
                resealed = self._cipher.rotate(row.ciphertext)
            except CredentialUnreadable:
                raise _unreadable(row.owner_kind, row.owner_id, row.kind) from None
            with session_scope(self._engine) as session:
                result = session.exec(
                    update(Credential)
                    .where(col(Credential.id) == row.id, col(Credential.ciphertext) == row.ciphertext)
                    .values(ciphertext=resealed, key_id=newest, updated_at=utc_now())
                )
            rotated += result.rowcount
            self._forget((row.owner_kind, row.owner_id, row.kind))
        return rotated

    def key_ids_in_use(self) -> set[str]:
        """Ids of the keys that sealed at least one stored secret."""
        with session_scope(self._engine) as session:
            return set(session.exec(select(Credential.key_id).distinct()).all())

    def _remember(self, key: _Key, ciphertext: bytes, secret: SecretStr) -> None:
        if self._ttl > 0 and key[2] in self._cached_kinds:
            with self._cache_lock:
                self._cache[key] = _Cached(ciphertext, secret, self._monotonic())

    def _forget(self, key: _Key) -> None:
        with self._cache_lock:
            self._cache.pop(key, None)

    def _replace(self, owner_kind: str, owner_id: str, kind: str, ciphertext: bytes) -> bool:
        with session_scope(self._engine) as session:
            result = session.exec(
                update(Credential)
                .where(_key(owner_kind, owner_id, kind))
                .values(ciphertext=ciphertext, key_id=self._cipher.key_id, updated_at=utc_now())
            )
        return result.rowcount > 0


_CREDENTIALS = SQLModel.metadata.tables[Credential.__tablename__]
_OWNER_SECRETS = select(_CREDENTIALS.c.kind, _CREDENTIALS.c.ciphertext).where(
    _CREDENTIALS.c.owner_kind == bindparam("owner_kind"),
    _CREDENTIALS.c.owner_id == bindparam("owner_id"),
    _CREDENTIALS.c.kind.in_(bindparam("kinds", expanding=True)),
)


def _key(owner_kind: str, owner_id: str, kind: str) -> ColumnElement[bool]:
    return and_(
        col(Credential.owner_kind) == owner_kind,
        col(Credential.owner_id) == owner_id,
        col(Credential.kind) == kind,
    )


def _unreadable(owner_kind: str, owner_id: str, kind: str) -> CredentialUnreadable:
    return CredentialUnreadable(f"stored {kind} of {owner_kind} {owner_id} cannot be decrypted with any configured key")
