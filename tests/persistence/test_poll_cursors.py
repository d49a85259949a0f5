"""PollCursorRepo: absent until the first sweep, only moves forward, scoped by connection and entity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from persistence.errors import UnknownConnection
from persistence.repositories import PollCursorRepo
from persistence.tables import Connection
from tests.persistence.builders import add_connection

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_cursor_starts_absent_and_only_moves_forward(engine: Engine, connection: Connection) -> None:
    cursors = PollCursorRepo(engine)
    assert cursors.get(connection.id, "bill") is None
    assert cursors.advance(connection.id, "bill", T0) == T0
    assert cursors.advance(connection.id, "bill", T0 + timedelta(minutes=15)) == T0 + timedelta(minutes=15)
    assert cursors.advance(connection.id, "bill", T0) == T0 + timedelta(minutes=15), "a late sweep never rewinds"
    assert cursors.get(connection.id, "bill") == T0 + timedelta(minutes=15)


def test_cursors_are_per_connection_and_entity(engine: Engine, connection: Connection) -> None:
    other = add_connection(engine, zoho_org_id="60002")
    cursors = PollCursorRepo(engine)
    cursors.advance(connection.id, "bill", T0)
    assert cursors.get(other.id, "bill") is None
    assert cursors.get(connection.id, "vendor") is None


def test_unknown_connection(engine: Engine) -> None:
    with pytest.raises(UnknownConnection):
        PollCursorRepo(engine).advance("missing", "bill", T0)
