"""WebhookReceiptRepo: one receipt per (source, event id), audited together with its record, racing-safe."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from persistence.db import session_scope
from persistence.receipts import (
    BILL_CHANGE_AUDIT_KIND,
    NewReceipt,
    ReceiptOutcome,
    ReceiptSource,
    WebhookReceipt,
    WebhookReceiptRepo,
)
from persistence.repositories import AuditLog, SyncRecordRepo
from persistence.tables import Connection
from tests.persistence.racing import WORKERS, race


def _receipt(connection: Connection, event_id: str = "evt-1", **changes: Any) -> NewReceipt:
    vendor_event = NewReceipt(
        source=ReceiptSource.BILL,
        event_id=event_id,
        connection_id=connection.id,
        event_type="vendor.updated",
        object_id="00901VEND",
        outcome=ReceiptOutcome.RECORDED,
    )
    return replace(vendor_event, **changes)


def _count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(WebhookReceipt)).one()


def _record_id(engine: Engine, connection: Connection) -> str:
    records = SyncRecordRepo(engine)
    return records.ensure(connection.id, connection.zoho_org_id, "bill", "z1", workflow_id=None, run_id=None).id


def test_first_delivery_is_recorded_and_readable(engine: Engine, connection: Connection) -> None:
    repo = WebhookReceiptRepo(engine)
    assert repo.record(_receipt(connection)) is True
    stored = repo.get(ReceiptSource.BILL, "evt-1")
    assert stored is not None
    assert (stored.connection_id, stored.event_type, stored.object_id, stored.outcome) == (
        connection.id,
        "vendor.updated",
        "00901VEND",
        "recorded",
    )
    assert stored.sync_record_id is None
    assert stored.received_at.tzinfo is UTC
    assert repo.get(ReceiptSource.BILL, "evt-2") is None


def test_a_redelivery_writes_nothing(engine: Engine, connection: Connection) -> None:
    repo = WebhookReceiptRepo(engine)
    record_id = _record_id(engine, connection)
    audited = _receipt(connection, outcome=ReceiptOutcome.AUDITED, sync_record_id=record_id)
    assert repo.record(audited) is True
    assert repo.record(audited) is False
    assert repo.record(_receipt(connection, outcome=ReceiptOutcome.IGNORED)) is False  # same event id
    assert _count(engine) == 1
    assert len(AuditLog(engine).events(record_id)) == 1


def test_an_audited_receipt_appends_to_the_record_trail(engine: Engine, connection: Connection) -> None:
    record_id = _record_id(engine, connection)
    receipt = _receipt(
        connection,
        event_type="bill.updated",
        object_id="00n1",
        outcome=ReceiptOutcome.AUDITED,
        sync_record_id=record_id,
    )
    WebhookReceiptRepo(engine).record(receipt)
    [event] = AuditLog(engine).events(record_id)
    assert event.kind == BILL_CHANGE_AUDIT_KIND
    assert event.detail == {"source": "bill", "event_id": "evt-1", "event_type": "bill.updated", "object_id": "00n1"}


def test_an_unknown_sync_record_writes_neither_receipt_nor_audit(engine: Engine, connection: Connection) -> None:
    repo = WebhookReceiptRepo(engine)
    with pytest.raises(IntegrityError):
        repo.record(_receipt(connection, outcome=ReceiptOutcome.AUDITED, sync_record_id="no-such-record"))
    assert _count(engine) == 0


def test_an_unknown_connection_is_refused(engine: Engine, connection: Connection) -> None:
    with pytest.raises(IntegrityError):
        WebhookReceiptRepo(engine).record(_receipt(connection, connection_id="no-such-connection"))
    assert _count(engine) == 0


def test_event_ids_are_unique_per_source_only(engine: Engine, connection: Connection) -> None:
    repo = WebhookReceiptRepo(engine)
    assert repo.record(_receipt(connection, event_id="evt-1"))
    assert repo.record(_receipt(connection, event_id="evt-2"))
    assert _count(engine) == 2


def test_racing_deliveries_leave_one_receipt_and_one_audit_event(engine: Engine, connection: Connection) -> None:
    repo = WebhookReceiptRepo(engine)
    record_id = _record_id(engine, connection)
    receipt = _receipt(connection, outcome=ReceiptOutcome.AUDITED, sync_record_id=record_id)
    results = race(lambda _: repo.record(receipt))
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    assert _count(engine) == 1
    assert len(AuditLog(engine).events(record_id)) == 1
