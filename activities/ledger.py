"""Ledger activities: terminal sync states and their audit events in the connector's database."""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.bill_payloads import content_hash
from activities.store import ConnectorStore
from common.models import BillSyncResult, SyncOutcome, UnchangedAnswer, UnchangedQuery
from common.telemetry.metrics import record_outcome
from persistence.vocabulary import SyncStatus
from workflows.bill_mapping import accounts_on, build_bill_draft

BILL_ENTITY = "bill"
VENDOR_ENTITY = "vendor"
ACCOUNT_ENTITY = "account"


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
            event=(outcome.status, {"reason": outcome.reason, "workflow_id": info.workflow_id}),
        )
        if outcome.zoho_modified_at is not None:
            self._store.records.note_zoho_version(record.id, outcome.zoho_modified_at)
        if record.status == SyncStatus.SYNCED:
            reason = f"already synced; now {outcome.status}: {outcome.reason}"
            return BillSyncResult(status="synced", bill_bill_id=record.bill_id, reason=reason)
        self._store.records.mark_status(record.id, outcome.status, error=outcome.reason)
        record_outcome(record.connection_id, record.entity, outcome.status)
        return BillSyncResult(status=outcome.status, reason=outcome.reason)

    @activity.defn
    async def find_unchanged_sync(self, query: UnchangedQuery) -> UnchangedAnswer:
        """The BILL bill id when the record is synced with exactly the content `query.bill` maps to.

        Reads the database only (vendor and account ids come from the mapping table), so a duplicate webhook
        or poll of an unchanged, synced bill costs no BILL call. Anything unknown answers "changed", and
        the full sync path decides.
        """
        return await asyncio.to_thread(self._find_unchanged, query, activity.info())

    def _find_unchanged(self, query: UnchangedQuery, info: activity.Info) -> UnchangedAnswer:
        record = self._store.records.get(query.zoho_org_id, BILL_ENTITY, query.bill.bill_id)
        if record is None or record.status != SyncStatus.SYNCED or record.bill_id is None:
            return UnchangedAnswer()
        mappings = self._store.mappings
        vendor_id = mappings.bill_id_for(query.connection_id, VENDOR_ENTITY, query.bill.vendor_id)
        accounts = {
            ref.zoho_account_id: mappings.bill_id_for(query.connection_id, ACCOUNT_ENTITY, ref.zoho_account_id)
            for ref in accounts_on(query.bill)
        }
        mapped = {zoho_id: bill_id for zoho_id, bill_id in accounts.items() if bill_id is not None}
        if vendor_id is None or len(mapped) != len(accounts):
            return UnchangedAnswer()
        if content_hash(build_bill_draft(query.bill, vendor_id, mapped)) != record.content_hash:
            return UnchangedAnswer()
        detail = {"bill_bill_id": record.bill_id, "workflow_id": info.workflow_id}
        self._store.audit.append(record.id, "unchanged", detail)
        if query.bill.last_modified_time is not None:
            self._store.records.note_zoho_version(record.id, query.bill.last_modified_time)
        return UnchangedAnswer(bill_bill_id=record.bill_id)
