"""Vendor sync: per-record sync states and pending vendor link candidates (issue 6).

Revision ID: 0002_vendor_sync
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_vendor_sync"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None


def _text(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create `vendor_sync_state` and `vendor_link_candidate`."""
    op.create_table(
        "vendor_sync_state",
        _text("connection_id"),
        _text("side"),
        _text("record_id"),
        _text("synced_hash"),
        sa.Column("field_hashes", sa.JSON(), nullable=False),
        _at("modified_at", nullable=True),
        _text("tax_key", nullable=True),
        _text("email_key", nullable=True),
        _text("name_key", nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        _text("partner_id", nullable=True),
        _at("updated_at"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("connection_id", "side", "record_id"),
    )
    op.create_table(
        "vendor_link_candidate",
        _text("id"),
        _text("connection_id"),
        _text("zoho_id"),
        _text("bill_id"),
        _text("rule"),
        _text("status"),
        _at("created_at"),
        _at("decided_at", nullable=True),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'rejected')", name="ck_vendor_link_candidate_status"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "zoho_id", "bill_id", name="uq_vendor_link_candidate"),
    )
    op.create_index("ix_vendor_link_candidate_connection_id", "vendor_link_candidate", ["connection_id"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index("ix_vendor_link_candidate_connection_id", table_name="vendor_link_candidate")
    op.drop_table("vendor_link_candidate")
    op.drop_table("vendor_sync_state")
