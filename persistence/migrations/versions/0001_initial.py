"""Initial schema: the connector's tables as of the first migration (issue 7).

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from persistence.append_only import trigger_statements

revision = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_ONE_TO_ONE = sa.text("entity NOT IN ('account')")


def _id(name: str = "id") -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False)


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    """Create every table, index, constraint and the audit trail's append-only triggers."""
    op.create_table(
        "bill_subscription",
        _id(),
        _text("bill_org_id"),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bill_subscription_bill_org_id", "bill_subscription", ["bill_org_id"])
    op.create_table(
        "credential",
        _id(),
        _text("owner_kind"),
        _text("owner_id"),
        _text("kind"),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        _text("key_id"),
        _at("updated_at"),
        sa.CheckConstraint(
            "owner_kind IN ('zoho_grant', 'connection', 'bill_org', 'subscription')", name="ck_credential_owner_kind"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_kind", "owner_id", "kind", name="uq_credential_owner_kind"),
    )
    op.create_index("ix_credential_key_id", "credential", ["key_id"])
    op.create_table(
        "oauth_state",
        _id("state_hash"),
        _text("dc"),
        _text("label", nullable=True),
        _text("connection_id", nullable=True),
        _at("expires_at"),
        _at("used_at", nullable=True),
        sa.PrimaryKeyConstraint("state_hash"),
    )
    op.create_table(
        "zoho_grant",
        _id(),
        _text("dc"),
        _text("accounts_url"),
        _text("api_domain"),
        _text("user_label"),
        _at("created_at"),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "connection",
        _id(),
        _text("name"),
        _text("zoho_grant_id"),
        _text("zoho_dc"),
        _text("zoho_org_id"),
        _text("zoho_org_name"),
        _text("bill_org_id"),
        _text("bill_username"),
        _text("status"),
        _text("status_reason", nullable=True),
        _at("created_at"),
        _at("updated_at"),
        sa.CheckConstraint("status IN ('active', 'needs_reauth', 'paused')", name="ck_connection_status"),
        sa.ForeignKeyConstraint(["zoho_grant_id"], ["zoho_grant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("zoho_org_id", name="uq_connection_zoho_org"),
    )
    op.create_index("ix_connection_zoho_grant_id", "connection", ["zoho_grant_id"])
    op.create_table(
        "id_mapping",
        _id(),
        _text("connection_id"),
        _text("entity"),
        _text("zoho_id"),
        _text("bill_id"),
        _at("created_at"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "entity", "zoho_id", name="uq_id_mapping_zoho"),
    )
    op.create_index(
        "uq_id_mapping_bill",
        "id_mapping",
        ["connection_id", "entity", "bill_id"],
        unique=True,
        sqlite_where=_ONE_TO_ONE,
        postgresql_where=_ONE_TO_ONE,
    )
    op.create_table(
        "bill_vendor_currency",
        _id("connection_id"),
        _text("bill_vendor_id"),
        _text("bill_currency", nullable=True),
        _at("read_at"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("connection_id", "bill_vendor_id"),
    )
    op.create_table(
        "poll_cursor",
        _id("connection_id"),
        _text("entity"),
        _at("modified_since"),
        _at("updated_at"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("connection_id", "entity"),
    )
    op.create_table(
        "sync_record",
        _id(),
        _text("connection_id"),
        _text("zoho_org_id"),
        _text("entity"),
        _text("zoho_id"),
        _text("bill_id", nullable=True),
        _text("status"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _text("last_error", nullable=True),
        _text("workflow_id", nullable=True),
        _text("run_id", nullable=True),
        _text("content_hash", nullable=True),
        _at("zoho_modified_at", nullable=True),
        _at("creating_started_at", nullable=True),
        _at("created_at"),
        _at("updated_at"),
        sa.CheckConstraint(
            "status IN ('pending', 'creating', 'synced', 'needs_mapping', 'needs_reauth', 'skipped', 'failed')",
            name="ck_sync_record_status",
        ),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("zoho_org_id", "entity", "zoho_id", name="uq_sync_record_zoho"),
    )
    op.create_index("ix_sync_record_connection_status", "sync_record", ["connection_id", "status"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("record_id"),
        _at("at"),
        _text("kind"),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["sync_record.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_record_id", "audit_event", ["record_id"])
    for statement in trigger_statements("audit_event", op.get_bind().dialect.name):
        op.execute(statement)
    op.create_table(
        "webhook_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("source"),
        _text("event_id"),
        _text("connection_id"),
        _text("event_type"),
        _text("object_id", nullable=True),
        _text("outcome"),
        _text("sync_record_id", nullable=True),
        _at("received_at"),
        sa.CheckConstraint(
            "outcome IN ('audited', 'unmapped', 'recorded', 'ignored')", name="ck_webhook_receipt_outcome"
        ),
        sa.CheckConstraint("source IN ('bill')", name="ck_webhook_receipt_source"),
        sa.ForeignKeyConstraint(["connection_id"], ["connection.id"]),
        sa.ForeignKeyConstraint(["sync_record_id"], ["sync_record.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "event_id", name="uq_webhook_receipt_event"),
    )
    op.create_index("ix_webhook_receipt_connection_id", "webhook_receipt", ["connection_id"])
    op.create_table(
        "budget_admission",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_budget_admission_key_at", "budget_admission", ["key", "at"])
    op.create_table(
        "budget_key",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "budget_lease",
        sa.Column("lease_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("lease_id", "key"),
    )
    op.create_index("ix_budget_lease_key_expires", "budget_lease", ["key", "expires_at"])


def downgrade() -> None:
    """Drop every table (and with them their indexes and triggers)."""
    for table in (
        "budget_lease",
        "budget_key",
        "budget_admission",
        "webhook_receipt",
        "audit_event",
        "sync_record",
        "poll_cursor",
        "id_mapping",
        "bill_vendor_currency",
        "connection",
        "zoho_grant",
        "oauth_state",
        "credential",
        "bill_subscription",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
