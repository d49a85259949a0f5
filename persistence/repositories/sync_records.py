"""SyncRecordRepo: one row per Zoho record, the durable exactly-once guard and its progress."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, and_, bindparam, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from persistence.db import session_scope
from persistence.errors import UnknownConnection, UnknownSyncRecord
from persistence.repositories.audit import AuditEntry, add_event
from persistence.tables import Connection as ConnectionRow
from persistence.tables import SyncRecord
from persistence.timestamps import utc_now
from persistence.views import SyncRecordView
from persistence.vocabulary import SyncStatus

_DEDICATED_STATUSES = {SyncStatus.CREATING, SyncStatus.SYNCED}


class SyncRecordRepo:
    """Creates, claims and advances sync records; every method is one or two short transactions."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def ensure(
        self,
        connection_id: str,
        zoho_org_id: str,
        entity: str,
        zoho_id: str,
        *,
        workflow_id: str | None,
        run_id: str | None,
        event: AuditEntry | None = None,
    ) -> SyncRecordView:
        """The record of (Zoho org, entity, Zoho id), created as `pending` if new, claimed by this run.

        Claiming an existing record points it at the caller's connection, workflow and run and keeps its
        progress. Racing callers end with one row: the insert that loses on the unique key claims the
        winner's row instead. `event` (kind, detail) is appended to the record's audit trail in the same
        transaction. `UnknownConnection` if `connection_id` does not exist.
        """
        claim: dict[str, Any] = {"connection_id": connection_id, "workflow_id": workflow_id, "run_id": run_id}
        natural = {"zoho_org_id": zoho_org_id, "entity": entity, "zoho_id": zoho_id}
        try:
            return self._claim_or_insert(natural, claim, event)
        except IntegrityError:
            self._require_connection(connection_id)
        return self._claim_or_insert(natural, claim, event)  # the insert lost the race: claim the winner's row

    def _claim_or_insert(
        self, natural: dict[str, str], claim: dict[str, Any], event: AuditEntry | None
    ) -> SyncRecordView:
        """One transaction: claim the row (UPDATE ... RETURNING), else insert it; then append `event`.

        Prebuilt Core statements: this runs several times per synced bill, and building and compiling ORM
        statements each time cost more CPU than the database work."""
        with self._engine.begin() as connection:
            row = self._claim(connection, natural, claim)
            if row is None:
                values = SyncRecord.model_validate({**natural, **claim}).model_dump()
                row = connection.execute(_INSERT, values).one()
            if event is not None:
                add_event(connection, row.id, *event)
            return SyncRecordView.model_validate(row)

    def _claim(self, connection: Connection, natural: dict[str, str], claim: dict[str, Any]) -> Row[Any] | None:
        params = {f"key_{name}": value for name, value in natural.items()}
        params |= {f"claim_{name}": value for name, value in claim.items()}
        return connection.execute(_CLAIM, {**params, "claim_updated_at": utc_now()}).one_or_none()

    def get(self, zoho_org_id: str, entity: str, zoho_id: str) -> SyncRecordView | None:
        """The record of (Zoho org, entity, Zoho id), or None."""
        params = {"key_zoho_org_id": zoho_org_id, "key_entity": entity, "key_zoho_id": zoho_id}
        with self._engine.connect() as connection:
            row = connection.execute(_BY_NATURAL_KEY, params).one_or_none()
        return None if row is None else SyncRecordView.model_validate(row)

    def get_by_id(self, record_id: str) -> SyncRecordView | None:
        """The record with this id, or None."""
        with self._engine.connect() as connection:
            row = connection.execute(_BY_ID, {"key_id": record_id}).one_or_none()
        return None if row is None else SyncRecordView.model_validate(row)

    def mark_creating(self, record_id: str) -> bool:
        """Mark the record `creating` before the create call; True if it may already have a BILL counterpart.

        True means an earlier attempt set the marker (or the record is already `synced`, which stays
        untouched): look the BILL record up before creating. Atomic: of racing callers exactly one gets
        False. The first start time is kept.
        """
        now = utc_now()
        not_synced = col(SyncRecord.status) != SyncStatus.SYNCED.value
        with self._engine.begin() as connection:
            first = connection.execute(
                update(SyncRecord)
                .where(col(SyncRecord.id) == record_id, col(SyncRecord.creating_started_at).is_(None), not_synced)
                .values(status=SyncStatus.CREATING.value, creating_started_at=now, updated_at=now)
            )
        if first.rowcount > 0:
            return False
        if not self._update(and_(col(SyncRecord.id) == record_id, not_synced), {"status": SyncStatus.CREATING.value}):
            self._require_record(record_id)
        return True

    def mark_synced(self, record_id: str, bill_id: str, content_hash: str | None) -> None:
        """The record now has its BILL counterpart; clears the last error."""
        self._update_by_id(
            record_id,
            {"status": SyncStatus.SYNCED.value, "bill_id": bill_id, "content_hash": content_hash, "last_error": None},
        )

    def note_zoho_version(self, record_id: str, modified_at: datetime) -> None:
        """Remember that a workflow handled the Zoho version last modified at `modified_at` (never moves back)."""
        newer = or_(col(SyncRecord.zoho_modified_at).is_(None), col(SyncRecord.zoho_modified_at) < modified_at)
        if not self._update(and_(col(SyncRecord.id) == record_id, newer), {"zoho_modified_at": modified_at}):
            self._require_record(record_id)

    def mark_status(self, record_id: str, status: str, error: str | None = None) -> None:
        """Move the record to `status` with `error` as its reason (`creating`/`synced` have their own methods)."""
        if SyncStatus(status) in _DEDICATED_STATUSES:
            raise ValueError(f"use mark_{status}() to set status {status!r}")
        self._update_by_id(record_id, {"status": status, "last_error": error})

    def increment_attempts(self, record_id: str) -> int:
        """Count one more attempt; returns the new count."""
        with session_scope(self._engine) as session:
            result = session.exec(
                update(SyncRecord)
                .where(col(SyncRecord.id) == record_id)
                .values(attempts=SyncRecord.attempts + 1, updated_at=utc_now())
            )
            if result.rowcount == 0:
                raise UnknownSyncRecord(record_id)
            return session.exec(select(SyncRecord.attempts).where(col(SyncRecord.id) == record_id)).one()

    def list(
        self, connection_id: str | None = None, status: str | None = None, limit: int = 100
    ) -> builtins.list[SyncRecordView]:
        """Records, most recently changed first, optionally of one connection and/or status."""
        query = select(SyncRecord).order_by(col(SyncRecord.updated_at).desc(), col(SyncRecord.id)).limit(limit)
        if connection_id is not None:
            query = query.where(col(SyncRecord.connection_id) == connection_id)
        if status is not None:
            query = query.where(col(SyncRecord.status) == SyncStatus(status).value)
        with session_scope(self._engine) as session:
            return [SyncRecordView.model_validate(row) for row in session.exec(query)]

    def _update(self, where: ColumnElement[bool], values: dict[str, Any]) -> bool:
        with self._engine.begin() as connection:
            result = connection.execute(update(SyncRecord).where(where).values(**values, updated_at=utc_now()))
        return result.rowcount > 0

    def _update_by_id(self, record_id: str, values: dict[str, Any]) -> None:
        if not self._update(col(SyncRecord.id) == record_id, values):
            raise UnknownSyncRecord(record_id)

    def _require_record(self, record_id: str) -> None:
        if self.get_by_id(record_id) is None:
            raise UnknownSyncRecord(record_id)

    def _require_connection(self, connection_id: str) -> None:
        with session_scope(self._engine) as session:
            if session.get(ConnectionRow, connection_id) is None:
                raise UnknownConnection(connection_id) from None


_RECORDS = SQLModel.metadata.tables[SyncRecord.__tablename__]
_NATURAL_KEY = and_(
    _RECORDS.c.zoho_org_id == bindparam("key_zoho_org_id"),
    _RECORDS.c.entity == bindparam("key_entity"),
    _RECORDS.c.zoho_id == bindparam("key_zoho_id"),
)
_BY_NATURAL_KEY = _RECORDS.select().where(_NATURAL_KEY)
_BY_ID = _RECORDS.select().where(_RECORDS.c.id == bindparam("key_id"))
_CLAIM = (
    update(_RECORDS)
    .where(_NATURAL_KEY)
    .values({name: bindparam(f"claim_{name}") for name in ("connection_id", "workflow_id", "run_id", "updated_at")})
    .returning(*_RECORDS.c)
)
_INSERT = insert(_RECORDS).returning(*_RECORDS.c)


def _natural_key(zoho_org_id: str, entity: str, zoho_id: str) -> ColumnElement[bool]:
    return and_(
        col(SyncRecord.zoho_org_id) == zoho_org_id,
        col(SyncRecord.entity) == entity,
        col(SyncRecord.zoho_id) == zoho_id,
    )
