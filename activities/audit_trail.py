"""Append a step of a bill's sync to its audit trail (ids, counts and statuses only — never a secret)."""

from __future__ import annotations

from typing import Any

from temporalio import activity

from activities.store import ConnectorStore

BILL_ENTITY = "bill"


def append_bill_event(
    store: ConnectorStore, connection_id: str, zoho_org_id: str, zoho_bill_id: str, kind: str, detail: dict[str, Any]
) -> None:
    """Record `kind` on the bill's sync record (created as `pending` and claimed by this run if new), in one
    transaction."""
    info = activity.info()
    store.records.ensure(
        connection_id,
        zoho_org_id,
        BILL_ENTITY,
        zoho_bill_id,
        workflow_id=info.workflow_id,
        run_id=info.workflow_run_id,
        event=(kind, detail),
    )
