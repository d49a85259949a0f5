"""Server-side OAuth `state` values: random, stored only as a SHA-256 hash, single use, short-lived (CSRF guard).

The row also remembers what the authorization is for (a new grant with a label, or re-authorizing an existing
connection's grant), so the callback never trusts the browser for that.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, update
from sqlmodel import Field, SQLModel, col

from persistence.db import session_scope
from persistence.timestamps import UTCDateTime, utc_now

STATE_TTL = timedelta(minutes=10)
"""How long a user may take on Zoho's consent page (the code itself then lives 2 minutes)."""


class OAuthStateRow(SQLModel, table=True):
    """One issued `state`: its hash, what it authorizes, and whether it was used."""

    __tablename__ = "oauth_state"

    state_hash: str = Field(primary_key=True)
    dc: str
    label: str | None = None
    connection_id: str | None = None
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


@dataclass(frozen=True)
class OAuthIntent:
    """What an authorization is for: a new grant (`label`) or the grant of `connection_id`, in data centre `dc`."""

    dc: str
    label: str | None = None
    connection_id: str | None = None


class InvalidState(Exception):
    """The `state` is unknown, already used or expired (the callback answers 400)."""


class OAuthStates:
    """Issues and consumes `state` values in the connector database."""

    def __init__(self, engine: Engine, *, now: Callable[[], datetime] = utc_now, ttl: timedelta = STATE_TTL) -> None:
        self._engine = engine
        self._now = now
        self._ttl = ttl
        SQLModel.metadata.tables[OAuthStateRow.__tablename__].create(engine, checkfirst=True)

    def issue(self, intent: OAuthIntent) -> str:
        """A fresh random state for `intent`; only its hash is stored (expired states are purged first)."""
        self._purge_expired()
        state = secrets.token_urlsafe(32)
        row = OAuthStateRow(
            state_hash=_hash(state),
            dc=intent.dc,
            label=intent.label,
            connection_id=intent.connection_id,
            expires_at=self._now() + self._ttl,
        )
        with session_scope(self._engine) as session:
            session.add(row)
        return state

    def consume(self, state: str) -> OAuthIntent:
        """Mark the state used (atomically, so a replay loses the race) and return its intent."""
        digest, now = _hash(state), self._now()
        with session_scope(self._engine) as session:
            result = session.exec(
                update(OAuthStateRow)
                .where(
                    col(OAuthStateRow.state_hash) == digest,
                    col(OAuthStateRow.used_at).is_(None),
                    col(OAuthStateRow.expires_at) > now,
                )
                .values(used_at=now)
            )
            if result.rowcount != 1:
                raise InvalidState("unknown, used or expired OAuth state")
            row = session.get(OAuthStateRow, digest)
            if row is None:
                raise InvalidState("unknown, used or expired OAuth state")
        return OAuthIntent(dc=row.dc, label=row.label, connection_id=row.connection_id)

    def _purge_expired(self) -> None:
        with session_scope(self._engine) as session:
            session.exec(delete(OAuthStateRow).where(col(OAuthStateRow.expires_at) <= self._now()))


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()
