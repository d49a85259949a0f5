"""VendorLinkRepo: ambiguous Zoho contact <-> BILL vendor links waiting for a human (`ml-connector mappings`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, or_
from sqlmodel import col, select

from persistence.db import session_scope
from persistence.errors import PersistenceError
from persistence.tables import VendorLinkCandidate
from persistence.timestamps import utc_now

PENDING, CONFIRMED, REJECTED = "pending", "confirmed", "rejected"


class UnknownLinkCandidate(PersistenceError):
    """No pending link candidate has this id."""


@dataclass(frozen=True)
class LinkCandidate:
    """One candidate pair and its state."""

    id: str
    connection_id: str
    zoho_id: str
    bill_id: str
    rule: str
    status: str
    created_at: datetime


class VendorLinkRepo:
    """Records, lists and decides candidate vendor links."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add_pending(self, connection_id: str, pairs: Iterable[tuple[str, str]], rule: str) -> int:
        """Record each (zoho_id, bill_id) pair not yet known (whatever its status); returns how many were new."""
        added = 0
        with session_scope(self._engine) as session:
            for zoho_id, bill_id in pairs:
                known = session.exec(
                    select(VendorLinkCandidate.id).where(
                        col(VendorLinkCandidate.connection_id) == connection_id,
                        col(VendorLinkCandidate.zoho_id) == zoho_id,
                        col(VendorLinkCandidate.bill_id) == bill_id,
                    )
                ).first()
                if known is None:
                    row = VendorLinkCandidate(connection_id=connection_id, zoho_id=zoho_id, bill_id=bill_id, rule=rule)
                    session.add(row)
                    added += 1
        return added

    def list(self, connection_id: str | None = None, *, status: str | None = PENDING) -> list[LinkCandidate]:
        """Candidates (of one connection, of one status; None = any), oldest first."""
        query = select(VendorLinkCandidate).order_by(col(VendorLinkCandidate.created_at), col(VendorLinkCandidate.id))
        if connection_id is not None:
            query = query.where(col(VendorLinkCandidate.connection_id) == connection_id)
        if status is not None:
            query = query.where(col(VendorLinkCandidate.status) == status)
        with session_scope(self._engine) as session:
            return [_view(row) for row in session.exec(query).all()]

    def decide(self, candidate_id: str, status: str) -> LinkCandidate:
        """Confirm or reject a pending candidate. Confirming rejects the other pending candidates of both records."""
        if status not in (CONFIRMED, REJECTED):
            raise ValueError(f"a candidate is confirmed or rejected, not {status!r}")
        now = utc_now()
        with session_scope(self._engine) as session:
            row = session.get(VendorLinkCandidate, candidate_id)
            if row is None or row.status != PENDING:
                raise UnknownLinkCandidate(f"no pending vendor link candidate {candidate_id}")
            row.status, row.decided_at = status, now
            session.add(row)
            if status == CONFIRMED:
                others = session.exec(
                    select(VendorLinkCandidate).where(
                        col(VendorLinkCandidate.connection_id) == row.connection_id,
                        col(VendorLinkCandidate.status) == PENDING,
                        col(VendorLinkCandidate.id) != row.id,
                        or_(
                            col(VendorLinkCandidate.zoho_id) == row.zoho_id,
                            col(VendorLinkCandidate.bill_id) == row.bill_id,
                        ),
                    )
                ).all()
                for other in others:
                    other.status, other.decided_at = REJECTED, now
                    session.add(other)
            return _view(row)


def _view(row: VendorLinkCandidate) -> LinkCandidate:
    return LinkCandidate(
        id=row.id,
        connection_id=row.connection_id,
        zoho_id=row.zoho_id,
        bill_id=row.bill_id,
        rule=row.rule,
        status=row.status,
        created_at=row.created_at,
    )
