"""AuditLog: an ordered, append-only trail per sync record."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import Engine

from persistence.errors import UnknownSyncRecord
from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.tables import Connection
from tests.persistence.racing import WORKERS, race


def _record_id(engine: Engine, connection: Connection, zoho_id: str) -> str:
    repo = SyncRecordRepo(engine)
    return repo.ensure(connection.id, connection.zoho_org_id, "bill", zoho_id, workflow_id=None, run_id=None).id


def test_events_come_back_in_the_order_they_were_appended(engine: Engine, connection: Connection) -> None:
    audit = AuditLog(engine)
    record_id = _record_id(engine, connection, "z1")
    other_id = _record_id(engine, connection, "z2")
    audit.append(record_id, "received", {"source": "webhook"})
    audit.append(other_id, "received", {"source": "sweep"})
    audit.append(record_id, "created", {"bill_id": "00n1", "amount": "120.50"})
    audit.append(record_id, "synced", {})
    events = audit.events(record_id)
    assert [(e.kind, e.detail) for e in events] == [
        ("received", {"source": "webhook"}),
        ("created", {"bill_id": "00n1", "amount": "120.50"}),
        ("synced", {}),
    ]
    assert [e.record_id for e in events] == [record_id] * 3
    assert events[0].id < events[1].id < events[2].id
    assert all(e.at.tzinfo is UTC for e in events)
    assert events[0].at <= events[1].at <= events[2].at
    assert [e.kind for e in audit.events(other_id)] == ["received"]


def test_appending_never_changes_earlier_events(engine: Engine, connection: Connection) -> None:
    audit = AuditLog(engine)
    record_id = _record_id(engine, connection, "z1")
    audit.append(record_id, "failed", {"error": "timeout"})
    [before] = audit.events(record_id)
    audit.append(record_id, "failed", {"error": "timeout"})
    first, second = audit.events(record_id)
    assert first == before
    assert second.id != first.id


def test_concurrent_appends_are_all_kept(engine: Engine, connection: Connection) -> None:
    audit = AuditLog(engine)
    record_id = _record_id(engine, connection, "z1")
    race(lambda i: audit.append(record_id, "attempt", {"worker": i}))
    events = audit.events(record_id)
    assert sorted(e.detail["worker"] for e in events) == list(range(WORKERS))
    assert [e.id for e in events] == sorted(e.id for e in events)


def test_unknown_record(engine: Engine) -> None:
    with pytest.raises(UnknownSyncRecord, match="missing"):
        AuditLog(engine).append("missing", "created", {})
    assert AuditLog(engine).events("missing") == []


def test_the_log_offers_no_way_to_edit_or_remove() -> None:
    public = {name for name in dir(AuditLog) if not name.startswith("_")}
    assert public == {"append", "events"}
