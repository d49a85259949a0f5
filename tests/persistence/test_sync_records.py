"""SyncRecordRepo: the exactly-once guard, retry detection and the visible end states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import StatementError
from sqlmodel import select

from persistence.db import session_scope
from persistence.errors import UnknownConnection, UnknownSyncRecord
from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.tables import Connection, SyncRecord
from persistence.views import SyncRecordView
from tests.persistence.builders import add_connection
from tests.persistence.racing import WORKERS, race


def _count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(SyncRecord)).one()


def _ensure(repo: SyncRecordRepo, connection: Connection, zoho_id: str = "z1", run_id: str = "r1") -> SyncRecordView:
    return repo.ensure(
        connection.id,
        connection.zoho_org_id,
        "bill",
        zoho_id,
        workflow_id=f"bill/{connection.zoho_org_id}/{zoho_id}",
        run_id=run_id,
    )


def _ensure_as_worker(repo: SyncRecordRepo, connection: Connection, zoho_id: str, worker: int) -> SyncRecordView:
    return _ensure(repo, connection, zoho_id, run_id=f"run-of-worker-{worker}")


def _reload(repo: SyncRecordRepo, record: SyncRecordView) -> SyncRecordView:
    stored = repo.get_by_id(record.id)
    assert stored is not None
    return stored


def test_ensure_creates_a_pending_record_once(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    assert (record.status, record.attempts, record.bill_id, record.creating_started_at) == ("pending", 0, None, None)
    assert (record.workflow_id, record.run_id) == ("bill/60001/z1", "r1")
    assert _ensure(repo, connection).id == record.id
    assert repo.get(connection.zoho_org_id, "bill", "z1") == repo.get_by_id(record.id)
    assert repo.get(connection.zoho_org_id, "vendor", "z1") is None
    assert repo.get_by_id("missing") is None
    assert _count(engine) == 1


def test_ensure_keeps_progress_and_records_the_latest_run(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection, run_id="r1")
    repo.mark_creating(record.id)
    repo.mark_synced(record.id, "00n1", "hash-1")
    again = _ensure(repo, connection, run_id="r2")
    assert (again.id, again.status, again.bill_id, again.run_id) == (record.id, "synced", "00n1", "r2")


def test_ensure_needs_a_known_connection(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    with pytest.raises(UnknownConnection, match="missing"):
        repo.ensure("missing", "1", "bill", "z1", workflow_id=None, run_id=None)
    existing = _ensure(repo, connection)
    with pytest.raises(UnknownConnection, match="missing"):
        repo.ensure("missing", connection.zoho_org_id, "bill", "z1", workflow_id=None, run_id=None)
    assert _reload(repo, existing) == existing


def test_racing_ensures_leave_one_row(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    for zoho_id in ("z1", "z2", "z3"):
        records = race(partial(_ensure_as_worker, repo, connection, zoho_id))
        assert len({record.id for record in records}) == 1
    assert _count(engine) == 3


def test_losing_the_insert_race_re_reads_the_winner(
    engine: Engine, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic version of the race: another worker inserts between our claim and our insert."""
    repo = SyncRecordRepo(engine)
    real_claim = SyncRecordRepo._claim

    def first_claim_misses(self: SyncRecordRepo, *args: object) -> None:
        monkeypatch.setattr(SyncRecordRepo, "_claim", real_claim)
        assert _ensure(SyncRecordRepo(engine), connection, run_id="winner").run_id == "winner"

    monkeypatch.setattr(SyncRecordRepo, "_claim", first_claim_misses)
    record = _ensure(repo, connection, run_id="loser")
    assert record.run_id == "loser"
    assert _count(engine) == 1


def test_ensure_appends_its_event_in_the_same_transaction(engine: Engine, connection: Connection) -> None:
    repo, audit = SyncRecordRepo(engine), AuditLog(engine)
    record = repo.ensure(
        connection.id, connection.zoho_org_id, "bill", "z1", workflow_id=None, run_id="r1", event=("fetched", {"n": 1})
    )
    again = repo.ensure(
        connection.id, connection.zoho_org_id, "bill", "z1", workflow_id=None, run_id="r2", event=("matched", {})
    )
    assert again.id == record.id
    assert [(e.kind, e.detail) for e in audit.events(record.id)] == [("fetched", {"n": 1}), ("matched", {})]
    with pytest.raises((StatementError, TypeError)):  # the event cannot be stored: neither is the new record
        repo.ensure(
            connection.id,
            connection.zoho_org_id,
            "bill",
            "z2",
            workflow_id=None,
            run_id="r1",
            event=("x", {"o": object()}),
        )
    assert repo.get(connection.zoho_org_id, "bill", "z2") is None
    with pytest.raises((StatementError, TypeError)):  # nor the claim of an existing one
        repo.ensure(
            connection.id,
            connection.zoho_org_id,
            "bill",
            "z1",
            workflow_id=None,
            run_id="r3",
            event=("x", {"o": object()}),
        )
    assert _reload(repo, record).run_id == "r2"
    assert len(audit.events(record.id)) == 2


def test_mark_creating_reports_a_retry(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    assert repo.mark_creating(record.id) is False
    first = _reload(repo, record)
    assert first.status == "creating"
    assert first.creating_started_at is not None
    repo.mark_status(record.id, "failed", "BILL unavailable")
    assert repo.mark_creating(record.id) is True
    retried = _reload(repo, record)
    assert retried.status == "creating"
    assert retried.creating_started_at == first.creating_started_at


def test_mark_creating_never_reopens_a_synced_record(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    repo.mark_synced(record.id, "00n-adopted", None)  # found by lookup, never marked creating
    assert repo.mark_creating(record.id) is True
    stored = _reload(repo, record)
    assert (stored.status, stored.bill_id, stored.creating_started_at) == ("synced", "00n-adopted", None)


def test_racing_mark_creating_lets_exactly_one_worker_create(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    assert sorted(race(lambda _: repo.mark_creating(record.id))) == [False] + [True] * (WORKERS - 1)


def test_mark_synced_stores_the_bill_id_and_clears_the_error(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    repo.mark_status(record.id, "failed", "timeout")
    repo.mark_synced(record.id, "00n42", "sha256:abc")
    synced = _reload(repo, record)
    assert (synced.status, synced.bill_id, synced.content_hash, synced.last_error) == (
        "synced",
        "00n42",
        "sha256:abc",
        None,
    )
    assert synced.updated_at >= record.updated_at


@pytest.mark.parametrize("status", ["needs_mapping", "needs_reauth", "skipped", "failed", "pending"])
def test_mark_status_records_the_reason(engine: Engine, connection: Connection, status: str) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    repo.mark_status(record.id, status, f"why {status}")
    stored = _reload(repo, record)
    assert (stored.status, stored.last_error) == (status, f"why {status}")


@pytest.mark.parametrize("status", ["creating", "synced", "done"])
def test_mark_status_refuses_states_with_their_own_rules(engine: Engine, connection: Connection, status: str) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    with pytest.raises(ValueError, match=status):
        repo.mark_status(record.id, status)
    assert _reload(repo, record).status == "pending"


def test_increment_attempts_counts(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    assert [repo.increment_attempts(record.id) for _ in range(3)] == [1, 2, 3]
    assert _reload(repo, record).attempts == 3


def test_racing_increments_are_not_lost(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    race(lambda _: repo.increment_attempts(record.id))
    assert _reload(repo, record).attempts == WORKERS


def test_unknown_record_ids_are_reported(engine: Engine) -> None:
    repo = SyncRecordRepo(engine)
    for call in (
        lambda: repo.mark_creating("missing"),
        lambda: repo.mark_synced("missing", "b", None),
        lambda: repo.mark_status("missing", "failed", "x"),
        lambda: repo.increment_attempts("missing"),
    ):
        with pytest.raises(UnknownSyncRecord, match="missing"):
            call()


def test_list_filters_by_connection_and_status_newest_first(engine: Engine, connection: Connection) -> None:
    other = add_connection(engine, zoho_org_id="60002")
    repo = SyncRecordRepo(engine)
    first, second, third = (_ensure(repo, connection, zoho_id) for zoho_id in ("z1", "z2", "z3"))
    elsewhere = _ensure(repo, other, "z1")
    repo.mark_status(first.id, "failed", "x")
    repo.mark_status(third.id, "failed", "y")
    assert [r.id for r in repo.list(connection_id=connection.id)] == [third.id, first.id, second.id]
    assert [r.id for r in repo.list(status="failed")] == [third.id, first.id]
    assert [r.id for r in repo.list(connection_id=other.id, status="pending")] == [elsewhere.id]
    assert len(repo.list(limit=2)) == 2
    with pytest.raises(ValueError, match="done"):
        repo.list(status="done")


def test_the_handled_zoho_version_only_moves_forward(engine: Engine, connection: Connection) -> None:
    repo = SyncRecordRepo(engine)
    record = _ensure(repo, connection)
    assert record.zoho_modified_at is None
    later = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    repo.note_zoho_version(record.id, later - timedelta(hours=1))
    repo.note_zoho_version(record.id, later)
    repo.note_zoho_version(record.id, later - timedelta(hours=2))
    assert _reload(repo, record).zoho_modified_at == later
    with pytest.raises(UnknownSyncRecord):
        repo.note_zoho_version("missing", later)
