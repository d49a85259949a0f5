"""ConnectionRepo: Zoho grants and connections (Zoho org ↔ BILL org pairs) and their health."""

from __future__ import annotations

import builtins

from sqlalchemy import Engine, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from persistence.db import session_scope
from persistence.errors import ConnectionConflict, UnknownConnection, UnknownGrant
from persistence.tables import Connection, ZohoGrant
from persistence.timestamps import utc_now
from persistence.vocabulary import ConnectionStatus


class ConnectionRepo:
    """Reads and writes connections; returned rows are detached copies (changing them changes nothing)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add_grant(self, grant: ZohoGrant) -> ZohoGrant:
        """Store a new Zoho grant (its refresh token goes to the `CredentialStore`)."""
        with session_scope(self._engine) as session:
            session.add(grant)
        return grant

    def get_grant(self, grant_id: str) -> ZohoGrant | None:
        """The grant, or None."""
        with session_scope(self._engine) as session:
            return session.get(ZohoGrant, grant_id)

    def add(self, connection: Connection) -> Connection:
        """Store a new connection; `ConnectionConflict` if its id or Zoho organization is taken."""
        ConnectionStatus(connection.status)
        if self.get_grant(connection.zoho_grant_id) is None:
            raise UnknownGrant(connection.zoho_grant_id)
        try:
            with session_scope(self._engine) as session:
                session.add(connection)
        except IntegrityError:
            raise ConnectionConflict(
                f"connection {connection.id} or one for Zoho organization {connection.zoho_org_id} already exists"
            ) from None
        return connection

    def get(self, connection_id: str) -> Connection | None:
        """The connection, or None (a prebuilt Core query: activities and the gateway read it for every bill)."""
        with self._engine.connect() as db:
            row = db.execute(_BY_ID, {"key_id": connection_id}).one_or_none()
        return None if row is None else Connection(**row._mapping)

    def get_by_zoho_org(self, zoho_org_id: str) -> Connection | None:
        """The connection of a Zoho organization (there is at most one), or None."""
        with session_scope(self._engine) as session:
            return session.exec(select(Connection).where(col(Connection.zoho_org_id) == zoho_org_id)).one_or_none()

    def list(self) -> builtins.list[Connection]:
        """Every connection, by name then id."""
        with session_scope(self._engine) as session:
            return builtins.list(session.exec(select(Connection).order_by(col(Connection.name), col(Connection.id))))

    def set_status(self, connection_id: str, status: str, reason: str | None = None) -> None:
        """Record the connection's health; `reason` says why it is not active (cleared when None)."""
        ConnectionStatus(status)
        with session_scope(self._engine) as session:
            result = session.exec(
                update(Connection)
                .where(col(Connection.id) == connection_id)
                .values(status=status, status_reason=reason, updated_at=utc_now())
            )
        if result.rowcount == 0:
            raise UnknownConnection(connection_id)


_CONNECTIONS = SQLModel.metadata.tables[Connection.__tablename__]
_BY_ID = _CONNECTIONS.select().where(_CONNECTIONS.c.id == bindparam("key_id"))
