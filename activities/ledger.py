"""Ledger activities: terminal sync states and their audit events in the connector's database."""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.store import ConnectorStore
from common.models import SyncOutcome

BILL_ENTITY = "bill"


class LedgerActivities:
    """Activities that only touch the connector's own database."""

    def __init__(self, store: ConnectorStore) -> None:
        self._store = store

    @activity.defn
    async def record_bill_outcome(self, outcome: SyncOutcome) -> None:
        """Set the bill's sync record to `outcome.status` with its reason and append an audit event.

        Idempotent in effect: a retry re-applies the same status (the audit trail may show it twice).
        """
        await asyncio.to_thread(self._record, outcome, activity.info())

    def _record(self, outcome: SyncOutcome, info: activity.Info) -> None:
        record = self._store.records.ensure(
            outcome.connection_id,
            outcome.zoho_org_id,
            BILL_ENTITY,
            outcome.zoho_bill_id,
            workflow_id=info.workflow_id,
            run_id=info.workflow_run_id,
        )
        self._store.records.mark_status(record.id, outcome.status, error=outcome.reason)
        self._store.audit.append(record.id, outcome.status, {"reason": outcome.reason, "workflow_id": info.workflow_id})
