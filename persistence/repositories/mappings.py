"""MappingRepo: Zoho id → BILL id links per connection and entity (one-to-one except `MANY_TO_ONE_ENTITIES`),
and the currency of each mapped BILL vendor (so a mapped vendor costs no BILL read)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.errors import MappingConflict, UnknownConnection
from persistence.tables import MANY_TO_ONE_ENTITIES, BillVendorCurrency, Connection, IdMapping
from persistence.timestamps import utc_now


@dataclass(frozen=True)
class KnownCurrency:
    """What BILL last said a vendor bills in (`bill_currency` None: BILL holds no currency for it)."""

    bill_currency: str | None


class MappingRepo:
    """Looks up and records id mappings."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def bill_id_for(self, connection_id: str, entity: str, zoho_id: str) -> str | None:
        """The BILL id linked to a Zoho id, or None."""
        with session_scope(self._engine) as session:
            return session.exec(
                select(IdMapping.bill_id).where(
                    col(IdMapping.connection_id) == connection_id,
                    col(IdMapping.entity) == entity,
                    col(IdMapping.zoho_id) == zoho_id,
                )
            ).one_or_none()

    def zoho_id_for(self, connection_id: str, entity: str, bill_id: str) -> str | None:
        """The Zoho id linked to a BILL id, or None (for a many-to-one entity: the first one linked)."""
        with session_scope(self._engine) as session:
            return session.exec(
                select(IdMapping.zoho_id)
                .where(
                    col(IdMapping.connection_id) == connection_id,
                    col(IdMapping.entity) == entity,
                    col(IdMapping.bill_id) == bill_id,
                )
                .order_by(col(IdMapping.created_at), col(IdMapping.id))
                .limit(1)
            ).one_or_none()

    def link(self, connection_id: str, entity: str, zoho_id: str, bill_id: str) -> str:
        """Link the pair and return the BILL id now linked to `zoho_id`.

        Idempotent: if `zoho_id` is already linked, its existing BILL id is returned unchanged (callers
        compare it with theirs). `MappingConflict` if `bill_id` belongs to another Zoho id, unless the entity
        is one of `MANY_TO_ONE_ENTITIES` (several Zoho accounts may book to one BILL account). Concurrent
        callers end with one row: the loser of the insert race re-reads the winner's link.
        """
        existing = self._resolve(connection_id, entity, zoho_id, bill_id)
        if existing is not None:
            return existing
        try:
            with session_scope(self._engine) as session:
                session.add(IdMapping(connection_id=connection_id, entity=entity, zoho_id=zoho_id, bill_id=bill_id))
        except IntegrityError:
            existing = self._resolve(connection_id, entity, zoho_id, bill_id)
            if existing is not None:
                return existing
            with session_scope(self._engine) as session:
                if session.get(Connection, connection_id) is None:
                    raise UnknownConnection(connection_id) from None
            raise
        return bill_id

    def vendor_currency(self, connection_id: str, bill_vendor_id: str) -> KnownCurrency | None:
        """The remembered currency of a BILL vendor, or None when it was never recorded."""
        with session_scope(self._engine) as session:
            row = session.get(BillVendorCurrency, (connection_id, bill_vendor_id))
            return None if row is None else KnownCurrency(row.bill_currency)

    def remember_vendor_currency(self, connection_id: str, bill_vendor_id: str, bill_currency: str | None) -> None:
        """Record what BILL reported as the vendor's currency (idempotent; the latest report wins)."""
        try:
            self._write_vendor_currency(connection_id, bill_vendor_id, bill_currency)
        except IntegrityError:  # a concurrent first write inserted the row: update it
            self._write_vendor_currency(connection_id, bill_vendor_id, bill_currency)

    def _write_vendor_currency(self, connection_id: str, bill_vendor_id: str, bill_currency: str | None) -> None:
        with session_scope(self._engine) as session:
            row = session.get(BillVendorCurrency, (connection_id, bill_vendor_id))
            if row is None:
                row = BillVendorCurrency(connection_id=connection_id, bill_vendor_id=bill_vendor_id)
            row.bill_currency, row.read_at = bill_currency, utc_now()
            session.add(row)

    def _resolve(self, connection_id: str, entity: str, zoho_id: str, bill_id: str) -> str | None:
        """The BILL id already linked to `zoho_id`; raises if `bill_id` is linked elsewhere; else None.

        One query, so both directions are read from the same snapshot.
        """
        with session_scope(self._engine) as session:
            links = session.exec(
                select(IdMapping.zoho_id, IdMapping.bill_id).where(
                    col(IdMapping.connection_id) == connection_id,
                    col(IdMapping.entity) == entity,
                    or_(col(IdMapping.zoho_id) == zoho_id, col(IdMapping.bill_id) == bill_id),
                )
            ).all()
        linked_bill_id = next((linked for linked_zoho_id, linked in links if linked_zoho_id == zoho_id), None)
        if linked_bill_id is None and links and entity not in MANY_TO_ONE_ENTITIES:
            raise MappingConflict(connection_id, entity, bill_id, linked_zoho_id=links[0][0])
        return linked_bill_id
