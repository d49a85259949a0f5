"""The connector's tables. Rows hold ids, statuses and ciphertext only — never a plaintext secret.

Timestamps are `UTCDateTime` (aware UTC on both backends). Ids are opaque strings (uuid4 hex) except
`AuditEvent.id`, an autoincrement that orders the append-only trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import JSON, CheckConstraint, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from persistence.append_only import make_append_only
from persistence.timestamps import UTCDateTime, utc_now
from persistence.vocabulary import ConnectionStatus, OwnerKind, SyncStatus, check_in


def new_id() -> str:
    """A fresh opaque row id."""
    return uuid4().hex


class ZohoGrant(SQLModel, table=True):
    """One Zoho user's consent (one refresh token), shared by all of that user's connections in one DC."""

    __tablename__ = "zoho_grant"

    id: str = Field(default_factory=new_id, primary_key=True)
    dc: str
    accounts_url: str
    api_domain: str
    user_label: str
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Connection(SQLModel, table=True):
    """One Zoho Books organization paired with one BILL organization."""

    __tablename__ = "connection"
    __table_args__ = (
        UniqueConstraint("zoho_org_id", name="uq_connection_zoho_org"),
        CheckConstraint(check_in("status", ConnectionStatus), name="ck_connection_status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    zoho_grant_id: str = Field(foreign_key="zoho_grant.id", index=True)
    zoho_dc: str
    zoho_org_id: str
    zoho_org_name: str
    bill_org_id: str
    bill_username: str
    status: str = ConnectionStatus.ACTIVE.value
    status_reason: str | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Credential(SQLModel, table=True):
    """One encrypted secret of an owner; `key_id` names the encryption key that sealed it."""

    __tablename__ = "credential"
    __table_args__ = (
        UniqueConstraint("owner_kind", "owner_id", "kind", name="uq_credential_owner_kind"),
        CheckConstraint(check_in("owner_kind", OwnerKind), name="ck_credential_owner_kind"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    owner_kind: str
    owner_id: str
    kind: str
    ciphertext: bytes = Field(sa_type=LargeBinary, repr=False)
    key_id: str = Field(index=True)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


MANY_TO_ONE_ENTITIES = ("account",)
"""Entities where several Zoho records may share one BILL record (Zoho accounts → one BILL chart entry)."""

_ONE_TO_ONE = text("entity NOT IN (" + ", ".join(f"'{entity}'" for entity in MANY_TO_ONE_ENTITIES) + ")")


class IdMapping(SQLModel, table=True):
    """A Zoho record → BILL record link within one connection.

    Each Zoho id links to one BILL id. A BILL id links back to one Zoho id too, except for the entities in
    `MANY_TO_ONE_ENTITIES` (a partial unique index, supported by SQLite and PostgreSQL alike).
    """

    __tablename__ = "id_mapping"
    __table_args__ = (
        UniqueConstraint("connection_id", "entity", "zoho_id", name="uq_id_mapping_zoho"),
        Index(
            "uq_id_mapping_bill",
            "connection_id",
            "entity",
            "bill_id",
            unique=True,
            sqlite_where=_ONE_TO_ONE,
            postgresql_where=_ONE_TO_ONE,
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    connection_id: str = Field(foreign_key="connection.id")
    entity: str
    zoho_id: str
    bill_id: str
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class BillVendorCurrency(SQLModel, table=True):
    """The currency a mapped BILL vendor bills in, as BILL last reported it (None: BILL holds none).

    Kept beside the vendor mapping so a bill of a mapped vendor needs no BILL read; a row is written whenever
    the connector learns the vendor (match, create or read).
    """

    __tablename__ = "bill_vendor_currency"

    connection_id: str = Field(foreign_key="connection.id", primary_key=True)
    bill_vendor_id: str = Field(primary_key=True)
    bill_currency: str | None = None
    read_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class SyncRecord(SQLModel, table=True):
    """Progress of one Zoho record; UNIQUE(zoho_org_id, entity, zoho_id) is the durable exactly-once guard."""

    __tablename__ = "sync_record"
    __table_args__ = (
        UniqueConstraint("zoho_org_id", "entity", "zoho_id", name="uq_sync_record_zoho"),
        CheckConstraint(check_in("status", SyncStatus), name="ck_sync_record_status"),
        Index("ix_sync_record_connection_status", "connection_id", "status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    connection_id: str = Field(foreign_key="connection.id")
    zoho_org_id: str
    entity: str
    zoho_id: str
    bill_id: str | None = None
    status: str = SyncStatus.PENDING.value
    attempts: int = 0
    last_error: str | None = None
    workflow_id: str | None = None
    run_id: str | None = None
    content_hash: str | None = None
    zoho_modified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Zoho's `last_modified_time` of the newest version a workflow has handled (the sweep skips up to it)."""
    creating_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """One entry of a record's audit trail; the database rejects UPDATE and DELETE on this table."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(foreign_key="sync_record.id", index=True)
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    kind: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


make_append_only(SQLModel.metadata.tables["audit_event"])


class PollCursor(SQLModel, table=True):
    """How far a connection's polling sweep of one Zoho entity has safely got (a `last_modified_time` bound)."""

    __tablename__ = "poll_cursor"

    connection_id: str = Field(foreign_key="connection.id", primary_key=True)
    entity: str = Field(primary_key=True)
    modified_since: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class VendorSyncState(SQLModel, table=True):
    """The vendor sync's memory of one vendor record on one side (`zoho` contact or `bill` vendor).

    `synced_hash` is the content hash of the record as last read or written by the sync (a record whose current
    hash equals it is unchanged, so the connector's own writes are never synced back); `modified_at` is the
    side's own change stamp at that moment (equal stamp: unchanged without reading the record). The identity
    keys are SHA-256 digests of the normalized tax id, email and name, so unlinked records can be matched
    later without the database holding those values.
    """

    __tablename__ = "vendor_sync_state"

    connection_id: str = Field(foreign_key="connection.id", primary_key=True)
    side: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    synced_hash: str
    field_hashes: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    """Digest per synced field at that moment: which fields a side changed since (field-level merge)."""
    modified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tax_key: str | None = None
    email_key: str | None = None
    name_key: str | None = None
    archived: bool = False
    partner_id: str | None = None
    """The other side's record this one was linked to at that moment (a different mapping now: a new link)."""
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class VendorLinkCandidate(SQLModel, table=True):
    """A possible Zoho contact <-> BILL vendor link that identity rules found ambiguous: a human decides."""

    __tablename__ = "vendor_link_candidate"
    __table_args__ = (
        UniqueConstraint("connection_id", "zoho_id", "bill_id", name="uq_vendor_link_candidate"),
        CheckConstraint("status IN ('pending', 'confirmed', 'rejected')", name="ck_vendor_link_candidate_status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    connection_id: str = Field(foreign_key="connection.id", index=True)
    zoho_id: str
    bill_id: str
    rule: str
    status: str = "pending"
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
