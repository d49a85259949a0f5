"""Immutable snapshots the repositories return instead of live rows (no session ever leaks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class SyncRecordView(BaseModel):
    """One sync record as read at the end of a repository call."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: str
    connection_id: str
    zoho_org_id: str
    entity: str
    zoho_id: str
    bill_id: str | None
    status: str
    attempts: int
    last_error: str | None
    workflow_id: str | None
    run_id: str | None
    content_hash: str | None
    zoho_modified_at: datetime | None = None
    creating_started_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AuditEventView(BaseModel):
    """One audit trail entry."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    record_id: str
    at: datetime
    kind: str
    detail: dict[str, Any]
