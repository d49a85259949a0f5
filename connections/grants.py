"""Queries over Zoho grants the connection repository does not offer: find a user's grant, list its connections."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.tables import Connection, ZohoGrant


class GrantDirectory:
    """Read-only lookups of grants and the connections that share them (returned rows are detached)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find(self, dc: str, user_label: str) -> ZohoGrant | None:
        """The grant of this user label in this data centre (a user has one grant per DC), or None."""
        with session_scope(self._engine) as session:
            query = select(ZohoGrant).where(col(ZohoGrant.dc) == dc, col(ZohoGrant.user_label) == user_label)
            return session.exec(query.order_by(col(ZohoGrant.created_at))).first()

    def connections_of(self, grant_id: str) -> list[Connection]:
        """Every connection that uses the grant's refresh token."""
        with session_scope(self._engine) as session:
            query = select(Connection).where(col(Connection.zoho_grant_id) == grant_id).order_by(col(Connection.id))
            return list(session.exec(query))
