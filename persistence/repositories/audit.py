"""AuditLog: the append-only trail of what happened to each sync record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from persistence.db import session_scope
from persistence.errors import UnknownSyncRecord
from persistence.tables import AuditEvent
from persistence.views import AuditEventView

AuditEntry = tuple[str, dict[str, Any]]
"""An audit event to append: its kind and its detail (JSON-serializable, no secrets)."""


def add_event(session: Session, record_id: str, kind: str, detail: dict[str, Any]) -> None:
    """Add one event to the record's trail inside the caller's transaction (flushed, so a missing record fails
    here)."""
    session.add(AuditEvent(record_id=record_id, kind=kind, detail=detail))
    session.flush()


class AuditLog:
    """Appends and reads audit events; there is no update or delete (the database refuses them too)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, record_id: str, kind: str, detail: dict[str, Any]) -> None:
        """Add one event to the record's trail; `detail` must be JSON-serializable and hold no secrets."""
        try:
            with session_scope(self._engine) as session:
                add_event(session, record_id, kind, detail)
        except IntegrityError:
            raise UnknownSyncRecord(record_id) from None

    def events(self, record_id: str) -> list[AuditEventView]:
        """The record's trail in the order it was written."""
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(AuditEvent).where(col(AuditEvent.record_id) == record_id).order_by(col(AuditEvent.id))
            )
            return [AuditEventView.model_validate(row) for row in rows]
