"""CredentialStore: per-owner secrets, encrypted at rest, decrypted only into `SecretStr`."""

from __future__ import annotations

from pydantic import SecretStr
from sqlalchemy import ColumnElement, Engine, and_, delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from persistence.crypto import CredentialCipher
from persistence.db import session_scope
from persistence.errors import CredentialMissing, CredentialUnreadable
from persistence.tables import Credential
from persistence.timestamps import utc_now
from persistence.vocabulary import OwnerKind


class CredentialStore:
    """Stores one secret per (owner kind, owner id, kind). Plaintext exists only in the returned `SecretStr`."""

    def __init__(self, engine: Engine, cipher: CredentialCipher) -> None:
        self._engine = engine
        self._cipher = cipher

    def put(self, owner_kind: str, owner_id: str, kind: str, secret: SecretStr) -> None:
        """Store or replace the secret (safe when two writers race: the last write wins)."""
        OwnerKind(owner_kind)
        ciphertext = self._cipher.encrypt(secret.get_secret_value())
        if self._replace(owner_kind, owner_id, kind, ciphertext):
            return
        row = Credential(
            owner_kind=owner_kind, owner_id=owner_id, kind=kind, ciphertext=ciphertext, key_id=self._cipher.key_id
        )
        try:
            with session_scope(self._engine) as session:
                session.add(row)
        except IntegrityError:
            if not self._replace(owner_kind, owner_id, kind, ciphertext):
                raise

    def get(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr | None:
        """The decrypted secret, or None when none is stored; `CredentialUnreadable` if no key opens it."""
        with session_scope(self._engine) as session:
            ciphertext = session.exec(
                select(Credential.ciphertext).where(_key(owner_kind, owner_id, kind))
            ).one_or_none()
        if ciphertext is None:
            return None
        try:
            return SecretStr(self._cipher.decrypt(ciphertext))
        except CredentialUnreadable:
            raise _unreadable(owner_kind, owner_id, kind) from None

    def require(self, owner_kind: str, owner_id: str, kind: str) -> SecretStr:
        """The decrypted secret; `CredentialMissing` when none is stored."""
        secret = self.get(owner_kind, owner_id, kind)
        if secret is None:
            raise CredentialMissing(owner_kind, owner_id, kind)
        return secret

    def delete(self, owner_kind: str, owner_id: str, kind: str) -> bool:
        """Forget the secret; True if one was stored."""
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
        return rotated

    def key_ids_in_use(self) -> set[str]:
        """Ids of the keys that sealed at least one stored secret."""
        with session_scope(self._engine) as session:
            return set(session.exec(select(Credential.key_id).distinct()).all())

    def _replace(self, owner_kind: str, owner_id: str, kind: str, ciphertext: bytes) -> bool:
        with session_scope(self._engine) as session:
            result = session.exec(
                update(Credential)
                .where(_key(owner_kind, owner_id, kind))
                .values(ciphertext=ciphertext, key_id=self._cipher.key_id, updated_at=utc_now())
            )
        return result.rowcount > 0


def _key(owner_kind: str, owner_id: str, kind: str) -> ColumnElement[bool]:
    return and_(
        col(Credential.owner_kind) == owner_kind,
        col(Credential.owner_id) == owner_id,
        col(Credential.kind) == kind,
    )


def _unreadable(owner_kind: str, owner_id: str, kind: str) -> CredentialUnreadable:
    return CredentialUnreadable(f"stored {kind} of {owner_kind} {owner_id} cannot be decrypted with any configured key")
