"""The connector's repositories as one bundle, and the rule for calling them from async activities.

Repository methods are short synchronous SQLAlchemy transactions: activities call them through
`asyncio.to_thread` so the worker's event loop never blocks on the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from common.settings import Settings
from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine
from persistence.receipts import WebhookReceiptRepo
from persistence.repositories import (
    AuditLog,
    ConnectionRepo,
    CredentialStore,
    MappingRepo,
    PollCursorRepo,
    SyncRecordRepo,
)
from persistence.repositories.credentials import CREDENTIAL_CACHE_TTL


class MissingEncryptionKey(RuntimeError):
    """`MLC_ENCRYPTION_KEY` is not set, so stored credentials cannot be read."""


@dataclass(frozen=True)
class ConnectorStore:
    """Every repository an activity may use (all share one engine)."""

    connections: ConnectionRepo
    credentials: CredentialStore
    mappings: MappingRepo
    records: SyncRecordRepo
    audit: AuditLog
    cursors: PollCursorRepo
    subscriptions: BillSubscriptionRepo
    receipts: WebhookReceiptRepo

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectorStore:
        """Repositories over the configured database (schema created if missing), keys from settings."""
        if settings.encryption_key is None:
            raise MissingEncryptionKey("set MLC_ENCRYPTION_KEY (Fernet key(s), newest first)")
        engine = make_engine(settings.effective_database_url())
        create_schema(engine)
        return cls.open(engine, CredentialCipher.from_setting(settings.encryption_key))

    @classmethod
    def open(cls, engine: Engine, cipher: CredentialCipher) -> ConnectorStore:
        """Repositories over `engine`; credentials are decrypted with `cipher` and cached for
        `CREDENTIAL_CACHE_TTL` seconds (another process's credential write is seen at most that much later)."""
        return cls(
            connections=ConnectionRepo(engine),
            credentials=CredentialStore(engine, cipher, cache_ttl=CREDENTIAL_CACHE_TTL),
            mappings=MappingRepo(engine),
            records=SyncRecordRepo(engine),
            audit=AuditLog(engine),
            cursors=PollCursorRepo(engine),
            subscriptions=BillSubscriptionRepo(engine),
            receipts=WebhookReceiptRepo(engine),
        )
