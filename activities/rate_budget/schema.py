"""The budget's tables (their own metadata, created next to the connector's tables in the same database).

- `budget_key`: one row per budget key; the row every acquirer of that key locks, and the pause set by a
  vendor's 429 (`paused_until`).
- `budget_admission`: one row per admitted request per rate key (the sliding-window log), pruned as it ages.
- `budget_lease`: one row per in-flight request per concurrency key, deleted on release, ignored once expired.

Times are POSIX seconds (floats) from the budget's clock, so both backends compare them the same way.
"""

from __future__ import annotations

from sqlalchemy import Column, Engine, Float, Index, Integer, MetaData, String, Table

metadata = MetaData()

budget_key = Table(
    "budget_key",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("paused_until", Float, nullable=True),
)

budget_admission = Table(
    "budget_admission",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_budget_admission_key_at", "key", "at"),
)

budget_lease = Table(
    "budget_lease",
    metadata,
    Column("lease_id", String(32), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("expires_at", Float, nullable=False),
    Index("ix_budget_lease_key_expires", "key", "expires_at"),
)


def create_budget_schema(engine: Engine) -> None:
    """Create the budget tables if missing (idempotent)."""
    metadata.create_all(engine)
