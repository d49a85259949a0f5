"""Every table round-trips on both backends, and the database itself enforces the guards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import SQLModel, col, delete

from persistence.db import session_scope
from persistence.tables import AuditEvent, Credential, IdMapping, SyncRecord, ZohoGrant
from tests.persistence.builders import add_connection, add_grant, new_connection

Row = TypeVar("Row", bound=SQLModel)


def _store(engine: Engine, *rows: SQLModel) -> None:
    with session_scope(engine) as session:
        session.add_all(rows)


def _reload(engine: Engine, row: Row, key: object) -> Row:
    with session_scope(engine) as session:
        loaded = session.get(type(row), key)
    assert loaded is not None
    return loaded


def _round_trips(engine: Engine, row: SQLModel, key: object) -> None:
    _store(engine, row)
    assert _reload(engine, row, key).model_dump() == row.model_dump()


def test_zoho_grant_and_connection_round_trip(engine: Engine) -> None:
    grant = ZohoGrant(dc="eu", accounts_url="https://a.example", api_domain="https://b.example", user_label="finance")
    _round_trips(engine, grant, grant.id)
    connection = new_connection(grant, zoho_org_id="70001")
    connection.status, connection.status_reason = "needs_reauth", "refresh token revoked"
    _round_trips(engine, connection, connection.id)


def test_credential_round_trip_keeps_bytes_and_hides_them_from_repr(engine: Engine) -> None:
    row = Credential(
        owner_kind="bill_org", owner_id="0080A", kind="bill_dev_key", ciphertext=b"\x00\xffseal", key_id="k"
    )
    _round_trips(engine, row, row.id)
    assert "seal" not in repr(row)


def test_mapping_sync_record_and_audit_event_round_trip(engine: Engine) -> None:
    connection = add_connection(engine, zoho_org_id="70002")
    mapping = IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z1", bill_id="b1")
    _round_trips(engine, mapping, mapping.id)
    record = SyncRecord(
        connection_id=connection.id,
        zoho_org_id=connection.zoho_org_id,
        entity="bill",
        zoho_id="z2",
        bill_id="00n1",
        status="synced",
        attempts=3,
        workflow_id="bill/70002/z2",
        run_id="run-1",
        content_hash="abc",
        creating_started_at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    )
    _round_trips(engine, record, record.id)
    event = AuditEvent(record_id=record.id, kind="created", detail={"bill_id": "00n1", "lines": [1, 2], "ok": True})
    _store(engine, event)
    assert event.id is not None
    assert _reload(engine, event, event.id).model_dump() == event.model_dump()


def test_timestamps_come_back_aware_in_utc_as_the_same_instant(engine: Engine) -> None:
    grant = add_grant(engine)
    berlin = datetime(2026, 7, 1, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    grant.created_at = berlin
    _store(engine, grant)
    loaded = _reload(engine, grant, grant.id).created_at
    assert loaded == berlin
    assert loaded.utcoffset() == timedelta(0)
    assert loaded.tzinfo is UTC


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    grant = ZohoGrant(dc="us", accounts_url="a", api_domain="b", user_label="c", created_at=datetime(2026, 1, 1))
    with pytest.raises(Exception, match="naive datetime"):
        _store(engine, grant)


def _violates(engine: Engine, *rows: SQLModel) -> None:
    with pytest.raises(IntegrityError):
        _store(engine, *rows)


def test_one_sync_record_per_zoho_org_entity_and_id(engine: Engine) -> None:
    first, second = (add_connection(engine, zoho_org_id=org) for org in ("80001", "80002"))
    _store(engine, SyncRecord(connection_id=first.id, zoho_org_id="80001", entity="bill", zoho_id="b1"))
    _store(engine, SyncRecord(connection_id=first.id, zoho_org_id="80001", entity="vendor", zoho_id="b1"))
    _store(engine, SyncRecord(connection_id=second.id, zoho_org_id="80002", entity="bill", zoho_id="b1"))
    _violates(engine, SyncRecord(connection_id=second.id, zoho_org_id="80001", entity="bill", zoho_id="b1"))


def test_mappings_are_one_to_one_per_connection_and_entity(engine: Engine) -> None:
    connection = add_connection(engine, zoho_org_id="80003")
    _store(engine, IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z1", bill_id="b1"))
    _store(engine, IdMapping(connection_id=connection.id, entity="account", zoho_id="z1", bill_id="b1"))
    _violates(engine, IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z1", bill_id="b2"))
    _violates(engine, IdMapping(connection_id=connection.id, entity="vendor", zoho_id="z2", bill_id="b1"))


def test_one_credential_per_owner_and_kind(engine: Engine) -> None:
    def row(kind: str) -> Credential:
        return Credential(owner_kind="zoho_grant", owner_id="g1", kind=kind, ciphertext=b"x", key_id="k")

    _store(engine, row("zoho_refresh_token"), row("zoho_webhook_secret"))
    _violates(engine, row("zoho_refresh_token"))


def test_one_connection_per_zoho_org(engine: Engine) -> None:
    grant = add_grant(engine)
    _store(engine, new_connection(grant, zoho_org_id="80004"))
    _violates(engine, new_connection(grant, zoho_org_id="80004"))


def test_statuses_and_owner_kinds_are_checked(engine: Engine) -> None:
    connection = add_connection(engine, zoho_org_id="80005")
    _violates(
        engine, SyncRecord(connection_id=connection.id, zoho_org_id="80005", entity="bill", zoho_id="1", status="x")
    )
    _violates(engine, Credential(owner_kind="user", owner_id="1", kind="k", ciphertext=b"x", key_id="k"))
    bad = new_connection(add_grant(engine), zoho_org_id="80006")
    bad.status = "deleted"
    _violates(engine, bad)


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    _violates(engine, SyncRecord(connection_id="missing", zoho_org_id="1", entity="bill", zoho_id="1"))
    _violates(engine, IdMapping(connection_id="missing", entity="vendor", zoho_id="1", bill_id="1"))
    _violates(engine, AuditEvent(record_id="missing", kind="created"))
    _violates(
        engine, new_connection(ZohoGrant(dc="us", accounts_url="a", api_domain="b", user_label="c"), zoho_org_id="9")
    )


def test_the_database_refuses_to_change_or_delete_audit_events(engine: Engine) -> None:
    connection = add_connection(engine, zoho_org_id="80007")
    record = SyncRecord(connection_id=connection.id, zoho_org_id="80007", entity="bill", zoho_id="1")
    event = AuditEvent(record_id=record.id, kind="created", detail={})
    _store(engine, record)
    _store(engine, event)
    for statement in (
        update(AuditEvent).where(col(AuditEvent.id) == event.id).values(kind="edited"),
        delete(AuditEvent).where(col(AuditEvent.id) == event.id),
    ):
        with pytest.raises(DBAPIError, match="audit_event is append-only"), session_scope(engine) as session:
            session.exec(statement)
    assert _reload(engine, event, event.id).kind == "created"
