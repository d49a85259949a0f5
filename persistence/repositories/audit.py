"""AuditLog: the append-only trail of what happened to each sync record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.errors import UnknownSyncRecord
from persistence.tables import AuditEvent
from persistence.views import AuditEventView


class AuditLog:
    """Appends and reads audit events; there is no update or delete (the database refuses them too)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, record_id: str, kind: str, detail: dict[str, Any]) -> None:
        """Add one event to the record's trail; `detail` must be JSON-serializable and hold no secrets."""
        try:
            with session_scope(self._engine) as session:
                session.add(AuditEvent(record_id=record_id, kind=kind, detail=detail))
        except IntegrityError:
            raise UnknownSyncRecord(record_id) from None

    def events(self, record_id: str) -> list[AuditEventView]:
        """The record's trail in the order it was written."""
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(AuditEvent).where(col(AuditEvent.record_id) == record_id).order_by(col(AuditEvent.id))
            )
            return [AuditEventView.model_validate(row) for row in rows]
