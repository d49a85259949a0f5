"""VendorStateRepo: the vendor sync's per-record memory (content hash, change stamp, hashed identity keys)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.tables import VendorSyncState
from persistence.timestamps import utc_now


@dataclass(frozen=True)
class VendorState:
    """What the last vendor sync knew of one record (see `VendorSyncState`)."""

    record_id: str
    synced_hash: str
    modified_at: datetime | None = None
    field_hashes: Mapping[str, str] = field(default_factory=dict)
    tax_key: str | None = None
    email_key: str | None = None
    name_key: str | None = None
    archived: bool = False
    partner_id: str | None = None


class VendorStateRepo:
    """Reads and upserts vendor sync states per connection and side."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def all(self, connection_id: str, side: str) -> dict[str, VendorState]:
        """Every remembered record of one side, by record id."""
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(VendorSyncState).where(
                    col(VendorSyncState.connection_id) == connection_id, col(VendorSyncState.side) == side
                )
            ).all()
            return {row.record_id: _view(row) for row in rows}

    def save(self, connection_id: str, side: str, states: Iterable[VendorState]) -> None:
        """Insert or replace the given states (one transaction; idempotent)."""
        now = utc_now()
        with session_scope(self._engine) as session:
            for state in states:
                row = session.get(VendorSyncState, (connection_id, side, state.record_id))
                if row is None:
                    row = VendorSyncState(
                        connection_id=connection_id, side=side, record_id=state.record_id, synced_hash=""
                    )
                row.synced_hash, row.modified_at, row.archived = state.synced_hash, state.modified_at, state.archived
                row.field_hashes, row.partner_id = dict(state.field_hashes), state.partner_id
                row.tax_key, row.email_key, row.name_key = state.tax_key, state.email_key, state.name_key
                row.updated_at = now
                session.add(row)


def _view(row: VendorSyncState) -> VendorState:
    return VendorState(
        record_id=row.record_id,
        synced_hash=row.synced_hash,
        modified_at=row.modified_at,
        field_hashes=dict(row.field_hashes),
        tax_key=row.tax_key,
        email_key=row.email_key,
        name_key=row.name_key,
        archived=row.archived,
        partner_id=row.partner_id,
    )
