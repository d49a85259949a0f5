"""MappingList: id mappings in bulk (vendor sync, `ml-connector mappings`) and an operator's manual account mapping."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import col, delete, select

from persistence.db import session_scope
from persistence.errors import UnknownConnection
from persistence.tables import Connection, IdMapping

ACCOUNT = "account"


@dataclass(frozen=True)
class MappingRow:
    """One Zoho id -> BILL id link."""

    connection_id: str
    entity: str
    zoho_id: str
    bill_id: str


class MappingList:
    """Reads id mappings in bulk; sets an account mapping by hand (other writes go through `MappingRepo.link`)."""

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

    def set_account(self, connection_id: str, zoho_account_id: str, bill_account_id: str) -> str | None:
        """Map a Zoho account to a BILL chart-of-accounts entry, replacing its mapping; the previous BILL id.

        Accounts are many-to-one (`persistence.tables.MANY_TO_ONE_ENTITIES`): no other mapping is affected.
        """
        where = (
            col(IdMapping.connection_id) == connection_id,
            col(IdMapping.entity) == ACCOUNT,
            col(IdMapping.zoho_id) == zoho_account_id,
        )
        with session_scope(self._engine) as session:
            if session.get(Connection, connection_id) is None:
                raise UnknownConnection(connection_id)
            previous = session.exec(select(IdMapping.bill_id).where(*where)).one_or_none()
            session.exec(delete(IdMapping).where(*where))
            session.add(
                IdMapping(connection_id=connection_id, entity=ACCOUNT, zoho_id=zoho_account_id, bill_id=bill_account_id)
            )
        return previous
