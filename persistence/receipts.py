"""Webhook receipts: the durable dedupe of inbound events, and what the gateway did with each one.

Temporal's workflow-id dedupe ends with namespace retention; BILL redelivers (and replays on request) for up to
180 days, so every accepted BILL event is stored once under UNIQUE(source, event_id). A receipt that concerns a
synced record also appends an audit event to that record's trail, in the same transaction: either both are
written or neither, so a redelivery after a crash finds no receipt and repeats the whole step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import CheckConstraint, Engine, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel, col, select

from persistence.db import session_scope
from persistence.tables import AuditEvent
from persistence.timestamps import UTCDateTime, utc_now
from persistence.vocabulary import check_in

BILL_CHANGE_AUDIT_KIND = "bill_side_change"
"""Audit kind of a BILL event about a record the connector synced (seen, not acted on)."""


class ReceiptSource(StrEnum):
    """Who sent the event; event ids are unique per source."""

    BILL = "bill"


class ReceiptOutcome(StrEnum):
    """What the gateway did with an accepted event."""

    AUDITED = "audited"  # about a synced record: an audit event was appended to its trail
    UNMAPPED = "unmapped"  # about a BILL record the connector has no mapping for: nothing to do
    RECORDED = "recorded"  # kept for a consumer that runs later (BILL vendor events, for the vendor sync)
    IGNORED = "ignored"  # an event type the connector does not use


class WebhookReceipt(SQLModel, table=True):
    """One accepted inbound event (never updated: a redelivery of the same event id is refused by the key)."""

    __tablename__ = "webhook_receipt"
    __table_args__ = (
        UniqueConstraint("source", "event_id", name="uq_webhook_receipt_event"),
        CheckConstraint(check_in("source", ReceiptSource), name="ck_webhook_receipt_source"),
        CheckConstraint(check_in("outcome", ReceiptOutcome), name="ck_webhook_receipt_outcome"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str
    event_id: str
    connection_id: str = Field(foreign_key="connection.id", index=True)
    event_type: str
    object_id: str | None = None
    outcome: str
    sync_record_id: str | None = Field(default=None, foreign_key="sync_record.id")
    received_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


@dataclass(frozen=True)
class NewReceipt:
    """An event to record; `sync_record_id` is set when the event concerns a synced record (then audited)."""

    source: ReceiptSource
    event_id: str
    connection_id: str
    event_type: str
    object_id: str | None
    outcome: ReceiptOutcome
    sync_record_id: str | None = None


class ReceiptView(BaseModel):
    """One stored receipt."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    source: str
    event_id: str
    connection_id: str
    event_type: str
    object_id: str | None
    outcome: str
    sync_record_id: str | None
    received_at: datetime


class WebhookReceiptRepo:
    """Records receipts exactly once per (source, event id)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, receipt: NewReceipt) -> bool:
        """Store the receipt (and its audit event); False, writing nothing, if the event was recorded before.

        Racing deliveries of one event end with one receipt and one audit event. An unknown connection or
        sync record raises `IntegrityError`.
        """
        row = WebhookReceipt(
            source=receipt.source.value,
            event_id=receipt.event_id,
            connection_id=receipt.connection_id,
            event_type=receipt.event_type,
            object_id=receipt.object_id,
            outcome=receipt.outcome.value,
            sync_record_id=receipt.sync_record_id,
        )
        try:
            with session_scope(self._engine) as session:
                session.add(row)
                if receipt.sync_record_id is not None:
                    session.add(_audit_event(receipt, receipt.sync_record_id))
        except IntegrityError:
            if self.get(receipt.source, receipt.event_id) is not None:
                return False
            raise
        return True

    def get(self, source: ReceiptSource, event_id: str) -> ReceiptView | None:
        """The receipt of one event, or None."""
        with session_scope(self._engine) as session:
            row = session.exec(
                select(WebhookReceipt).where(
                    col(WebhookReceipt.source) == source.value, col(WebhookReceipt.event_id) == event_id
                )
            ).one_or_none()
            return None if row is None else ReceiptView.model_validate(row)


def _audit_event(receipt: NewReceipt, record_id: str) -> AuditEvent:
    detail = {
        "source": receipt.source.value,
        "event_id": receipt.event_id,
        "event_type": receipt.event_type,
        "object_id": receipt.object_id,
    }
    return AuditEvent(record_id=record_id, kind=BILL_CHANGE_AUDIT_KIND, detail=detail)
