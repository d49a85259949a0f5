"""Ledger activities: terminal sync states and their audit events in the connector's database."""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.store import ConnectorStore
from common.models import BillSyncResult, SyncOutcome
from persistence.vocabulary import SyncStatus

BILL_ENTITY = "bill"


class LedgerActivities:
    """Activities that only touch the connector's own database."""

    def __init__(self, store: ConnectorStore) -> None:
        self._store = store

    @activity.defn
    async def record_bill_outcome(self, outcome: SyncOutcome) -> BillSyncResult:
        """Audit `outcome` and set the bill's sync record to its status; the result is the record's state.

        A record that is already `synced` keeps that state (the BILL bill exists; what happens to it when the
        Zoho bill is voided or edited is decided by the update flow). Safe to retry: the status write repeats,
        the audit trail may show the event twice.
        """
        return await asyncio.to_thread(self._record, outcome, activity.info())

    def _record(self, outcome: SyncOutcome, info: activity.Info) -> BillSyncResult:
        record = self._store.records.ensure(
            outcome.connection_id,
            outcome.zoho_org_id,
            BILL_ENTITY,
            outcome.zoho_bill_id,
            workflow_id=info.workflow_id,
            run_id=info.workflow_run_id,
        )
        self._store.audit.append(record.id, outcome.status, {"reason": outcome.reason, "workflow_id": info.workflow_id})
        if record.status == SyncStatus.SYNCED:
            reason = f"already synced; now {outcome.status}: {outcome.reason}"
            return BillSyncResult(status="synced", bill_bill_id=record.bill_id, reason=reason)
        self._store.records.mark_status(record.id, outcome.status, error=outcome.reason)
        return BillSyncResult(status=outcome.status, reason=outcome.reason)
