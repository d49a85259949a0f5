"""Which BILL webhook subscriptions belong to which BILL organization (the gateway's key lookup).

BILL signs each notification with the securityKey of the subscription that sent it. The key itself is a
credential: `CredentialStore` under (owner kind `subscription`, owner id = BILL subscription id, kind
`bill_security_key`), replaced in place when the key is rotated (BILL stops signing with the old key at once).
This table only says which subscription ids belong to an organization, so the gateway can verify a delivery
against every current key of the connection's BILL organization without trusting the unsigned body first.
Several connections to one BILL organization share its subscriptions, hence the key is the organization.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel, col, select

from persistence.db import session_scope
from persistence.timestamps import UTCDateTime, utc_now


class BillSubscription(SQLModel, table=True):
    """One BILL webhook subscription (its id is BILL's) and the BILL organization it belongs to."""

    __tablename__ = "bill_subscription"

    id: str = Field(primary_key=True)
    bill_org_id: str = Field(index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class BillSubscriptionRepo:
    """Registers, lists and forgets subscriptions; their security keys live in the `CredentialStore`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def register(self, subscription_id: str, bill_org_id: str) -> None:
        """Remember that `subscription_id` belongs to `bill_org_id` (idempotent; racing callers are safe).

        `ValueError` if the id is already registered to another organization (BILL ids are global).
        """
        try:
            with session_scope(self._engine) as session:
                existing = session.get(BillSubscription, subscription_id)
                if existing is None:
                    session.add(BillSubscription(id=subscription_id, bill_org_id=bill_org_id))
                    return
        except IntegrityError:
            with session_scope(self._engine) as session:
                existing = session.get(BillSubscription, subscription_id)
            if existing is None:
                raise
        if existing.bill_org_id != bill_org_id:
            raise ValueError(
                f"BILL subscription {subscription_id} is registered to organization {existing.bill_org_id}"
            )

    def ids_for_org(self, bill_org_id: str) -> list[str]:
        """Ids of the organization's registered subscriptions, oldest first."""
        with session_scope(self._engine) as session:
            query = (
                select(BillSubscription.id)
                .where(col(BillSubscription.bill_org_id) == bill_org_id)
                .order_by(col(BillSubscription.created_at), col(BillSubscription.id))
            )
            return list(session.exec(query))

    def forget(self, subscription_id: str) -> bool:
        """Drop the subscription (after it was deleted in BILL); True if it was registered."""
        with session_scope(self._engine) as session:
            result = session.exec(delete(BillSubscription).where(col(BillSubscription.id) == subscription_id))
        return result.rowcount > 0
