"""Small builders of stored rows shared by the persistence tests."""

from __future__ import annotations

from sqlalchemy import Engine

from persistence.repositories import ConnectionRepo
from persistence.tables import Connection, ZohoGrant


def add_grant(engine: Engine) -> ZohoGrant:
    """Store a Zoho grant in the US data centre."""
    return ConnectionRepo(engine).add_grant(
        ZohoGrant(dc="us", accounts_url="https://accounts.example", api_domain="https://api.example", user_label="ops")
    )


def new_connection(grant: ZohoGrant, *, zoho_org_id: str) -> Connection:
    """An unsaved connection of `grant` for one Zoho organization."""
    return Connection(
        name=f"Org {zoho_org_id}",
        zoho_grant_id=grant.id,
        zoho_dc=grant.dc,
        zoho_org_id=zoho_org_id,
        zoho_org_name=f"Org {zoho_org_id}",
        bill_org_id=f"0080{zoho_org_id}",
        bill_username="ap@example.com",
    )


def add_connection(engine: Engine, *, zoho_org_id: str) -> Connection:
    """Store a grant and a connection for one Zoho organization."""
    return ConnectionRepo(engine).add(new_connection(add_grant(engine), zoho_org_id=zoho_org_id))
