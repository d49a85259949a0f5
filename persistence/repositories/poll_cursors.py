"""PollCursorRepo: per connection and entity, the `last_modified_time` from which the next sweep must read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from persistence.db import session_scope
from persistence.errors import UnknownConnection
from persistence.tables import Connection, PollCursor
from persistence.timestamps import utc_now


class PollCursorRepo:
    """Reads and advances sweep cursors; a cursor only ever moves forward."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, connection_id: str, entity: str) -> datetime | None:
        """The stored bound, or None when the entity was never swept (the next sweep reads everything)."""
        with session_scope(self._engine) as session:
            row = session.get(PollCursor, (connection_id, entity))
            return None if row is None else row.modified_since

    def advance(self, connection_id: str, entity: str, modified_since: datetime) -> datetime:
        """Move the cursor to `modified_since` unless it is already further; returns the stored bound.

        Idempotent and race-safe: a retried or late sweep never moves a cursor back.
        """
        now = utc_now()
        with session_scope(self._engine) as session:
            session.exec(
                update(PollCursor)
                .where(
                    col(PollCursor.connection_id) == connection_id,
                    col(PollCursor.entity) == entity,
                    col(PollCursor.modified_since) < modified_since,
                )
                .values(modified_since=modified_since, updated_at=now)
            )
        stored = self.get(connection_id, entity)
        if stored is not None:
            return stored
        try:
            with session_scope(self._engine) as session:
                session.add(PollCursor(connection_id=connection_id, entity=entity, modified_since=modified_since))
        except IntegrityError:
            with session_scope(self._engine) as session:
                if session.get(Connection, connection_id) is None:
                    raise UnknownConnection(connection_id) from None
            return self.advance(connection_id, entity, modified_since)  # a racing sweep inserted first
        return modified_since
