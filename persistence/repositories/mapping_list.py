"""MappingList: every id mapping of a connection, for operators (`ml-connector mappings`) and the vendor sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.tables import IdMapping


@dataclass(frozen=True)
class MappingRow:
    """One Zoho id -> BILL id link."""

    connection_id: str
    entity: str
    zoho_id: str
    bill_id: str


class MappingList:
    """Reads id mappings in bulk (writes go through `MappingRepo.link`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def list(self, connection_id: str | None = None, entity: str | None = None) -> list[MappingRow]:
        """Mappings (of one connection and/or entity), oldest first."""
        query = select(IdMapping).order_by(col(IdMapping.created_at), col(IdMapping.id))
        if connection_id is not None:
            query = query.where(col(IdMapping.connection_id) == connection_id)
        if entity is not None:
            query = query.where(col(IdMapping.entity) == entity)
        with session_scope(self._engine) as session:
            return [MappingRow(r.connection_id, r.entity, r.zoho_id, r.bill_id) for r in session.exec(query).all()]
