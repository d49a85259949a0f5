"""Connections can be `disconnected` (`ml-connector disconnect`): the status CHECK constraint allows it.

Revision ID: 0003_connection_disconnected
Revises: 0002_vendor_sync
"""

from __future__ import annotations

from alembic import op

revision = "0003_connection_disconnected"
down_revision: str | None = "0002_vendor_sync"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "ck_connection_status"
_WITH = "status IN ('active', 'needs_reauth', 'paused', 'disconnected')"
_WITHOUT = "status IN ('active', 'needs_reauth', 'paused')"


def _replace_check(condition: str) -> None:
    with op.batch_alter_table("connection", recreate="auto") as batch:
        batch.drop_constraint(_NAME, type_="check")
        batch.create_check_constraint(_NAME, condition)


def upgrade() -> None:
    """Allow `disconnected`."""
    _replace_check(_WITH)


def downgrade() -> None:
    """Disallow `disconnected` (fails while a connection is disconnected)."""
    _replace_check(_WITHOUT)
