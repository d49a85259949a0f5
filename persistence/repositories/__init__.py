"""Typed repositories over the connector database: short transactions, detached rows or frozen views."""

from persistence.repositories.audit import AuditLog
from persistence.repositories.connections import ConnectionRepo
from persistence.repositories.credentials import CredentialStore
from persistence.repositories.mappings import MappingRepo
from persistence.repositories.poll_cursors import PollCursorRepo
from persistence.repositories.sync_records import SyncRecordRepo

__all__ = ["AuditLog", "ConnectionRepo", "CredentialStore", "MappingRepo", "PollCursorRepo", "SyncRecordRepo"]
