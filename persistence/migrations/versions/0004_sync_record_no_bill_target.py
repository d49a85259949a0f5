"""Sync records can be `no_bill_target` (Zoho purchase orders: BILL has no object for them).

Revision ID: 0004_sync_record_no_bill_target
Revises: 0003_connection_disconnected
"""

from __future__ import annotations

from alembic import op

revision = "0004_sync_record_no_bill_target"
down_revision: str | None = "0003_connection_disconnected"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "ck_sync_record_status"
_STATUSES = ("pending", "creating", "synced", "needs_mapping", "needs_reauth", "skipped", "failed")
_WITH = "status IN (" + ", ".join(f"'{s}'" for s in (*_STATUSES, "no_bill_target")) + ")"
_WITHOUT = "status IN (" + ", ".join(f"'{s}'" for s in _STATUSES) + ")"


def _replace_check(condition: str) -> None:
    with op.batch_alter_table("sync_record", recreate="auto") as batch:
        batch.drop_constraint(_NAME, type_="check")
        batch.create_check_constraint(_NAME, condition)


def upgrade() -> None:
    """Allow `no_bill_target`."""
    _replace_check(_WITH)


def downgrade() -> None:
    """Disallow `no_bill_target` (fails while a record has it)."""
    _replace_check(_WITHOUT)
