"""AuditLog: the append-only trail of what happened to each sync record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from persistence.db import session_scope
from persistence.errors import UnknownSyncRecord
from persistence.tables import AuditEvent
from persistence.timestamps import utc_now
from persistence.views import AuditEventView

AuditEntry = tuple[str, dict[str, Any]]
"""An audit event to append: its kind and its detail (JSON-serializable, no secrets)."""


_INSERT = insert(SQLModel.metadata.tables[AuditEvent.__tablename__])


def add_event(connection: Connection, record_id: str, kind: str, detail: dict[str, Any]) -> None:
    """Add one event to the record's trail inside the caller's transaction (a missing record fails here)."""
    connection.execute(_INSERT, {"record_id": record_id, "at": utc_now(), "kind": kind, "detail": detail})


class AuditLog:
    """Appends and reads audit events; there is no update or delete (the database refuses them too)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, record_id: str, kind: str, detail: dict[str, Any]) -> None:
        """Add one event to the record's trail; `detail` must be JSON-serializable and hold no secrets."""
        try:
            with self._engine.begin() as connection:
                add_event(connection, record_id, kind, detail)
        except IntegrityError:
            raise UnknownSyncRecord(record_id) from None

    def events(self, record_id: str) -> list[AuditEventView]:
        """The record's trail in the order it was written."""
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(AuditEvent).where(col(AuditEvent.record_id) == record_id).order_by(col(AuditEvent.id))
            )
            return [AuditEventView.model_validate(row) for row in rows]
