"""`BillSyncWorkflow`: make one Zoho bill exist exactly once in the connection's BILL org.

Id `bill/{zoho_org_id}/{zoho_bill_id}` (`workflows.ids.bill_workflow_id`), so duplicate webhooks, polls and
backfills of the same bill collapse onto one execution. Pure orchestration: every decision about data lives
in `workflows.bill_mapping`; every call goes through an activity with a named option set.

Outcomes: `synced` (created, adopted after a crash, or already synced earlier), `skipped`, `needs_mapping`
and `needs_reauth` complete the workflow with a result and a recorded sync state; any other permanent error
is recorded as `failed` and fails the workflow with the error's type. A bill synced by an earlier run stays
`synced` whatever a later run finds (the ledger answers with the record's state).

Operator skips (`ml-connector skip`): a run ends `skipped` without a write when `fetch_zoho_bill` reports the
record operator-skipped, or when the `skip` signal arrives before the BILL create (a create already under way
finishes). Only `replay` clears such a skip.

Edits: a later run maps the Zoho bill again; an unchanged, synced bill is answered from the database
(`find_unchanged_sync`), a changed one is written over the BILL bill while BILL lets it change (`updated`)
or reported when BILL has locked it (`locked`). An edit that arrives while a run is in flight is not lost:
starters use signal-with-start (`workflows.bill_sync_start`), and a `bill_changed` signal received after
this run fetched the bill makes it continue as new, so the newer Zoho version is synced right after.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.bill import BillActivities
    from activities.ledger import LedgerActivities
    from activities.zoho import ZohoActivities
    from common.models import (
        AccountMappingRequest,
        BillSyncInput,
        BillSyncResult,
        BillSyncStatus,
        CreateBillRequest,
        CreateOutcome,
        SyncOutcome,
        UnchangedQuery,
        VendorRequest,
        ZohoBillRef,
    )
    from workflows import bill_mapping
    from workflows.failures import activity_error_type, needs_reauth
    from workflows.options import BILL_CREATE, BILL_LOOKUP, LEDGER_WRITE, ZOHO_READ
    from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS, ZOHO_BILL_ID, ZOHO_ORG_ID

BILL_CHANGED_SIGNAL = "bill_changed"
"""Signal sent with every start: the Zoho bill (may have) changed since the running execution fetched it."""

SEARCH_ATTRIBUTES_PATCH = "search-attributes"
"""Patch id of the Search Attribute upserts (ZohoOrgId, ZohoBillId, BillBillId, SyncStatus)."""

OPERATOR_SKIP_SIGNAL = "skip"
"""Signal sent by `ml-connector skip` to a running execution: stop before the next write, end `skipped`."""

OPERATOR_SKIP_PATCH = "operator-skip"
"""Patch id of the operator-skip checks (after the fetch, before the BILL create)."""

LEDGER_FIRST_PATCH = "ledger-first-unchanged-check"
"""Patch id of the database check that answers an unchanged, synced bill without BILL calls."""

OUTCOME_REASONS: dict[CreateOutcome, str | None] = {
    "created": None,
    "adopted": "adopted",
    "already_synced": "already synced",
    "updated": "updated from a Zoho edit",
    "locked": "the BILL bill is paid, scheduled or archived; the Zoho edit was not applied",
}


@workflow.defn
class BillSyncWorkflow:
    """Fetch the Zoho bill, resolve vendor and accounts in BILL, create (or adopt, or update) the BILL bill."""

    def __init__(self) -> None:
        self._changes = 0
        self._changes_seen = 0
        self._zoho_modified_at: datetime | None = None
        self._searchable = False
        self._honours_skip = False
        self._skip_signalled: str | None = None
        self._skipped_by_operator = False

    @workflow.signal(name=OPERATOR_SKIP_SIGNAL)
    def skip(self, reason: str) -> None:
        """An operator skipped this bill (the record says so already): end `skipped` before the next write."""
        self._skip_signalled = reason

    @workflow.signal(name=BILL_CHANGED_SIGNAL)
    def bill_changed(self) -> None:
        """A webhook or poll saw the Zoho bill (again); a signal after our fetch means another pass is due."""
        self._changes += 1

    @workflow.run
    async def run(self, params: BillSyncInput) -> BillSyncResult:
        """Sync one bill; see the module docstring for the possible outcomes."""
        self._searchable = workflow.patched(SEARCH_ATTRIBUTES_PATCH)
        if self._searchable:
            workflow.upsert_search_attributes(
                [
                    ZOHO_ORG_ID.value_set(params.zoho_org_id),
                    ZOHO_BILL_ID.value_set(params.zoho_bill_id),
                    SYNC_STATUS.value_set("pending"),
                ]
            )
        self._honours_skip = workflow.patched(OPERATOR_SKIP_PATCH)
        try:
            result = await self._sync(params)
        except ActivityError as err:
            result = await self._fail(params, err)
        self._publish(result.status, result.bill_bill_id)
        if self._changes > self._changes_seen and not self._skipped_by_operator:
            workflow.continue_as_new(params)
        return result

    def _operator_skip(self, recorded: str | None) -> BillSyncResult | None:
        """The `skipped` result when an operator skipped the bill (recorded at fetch, or signalled since)."""
        reason = self._skip_signalled or recorded
        if not self._honours_skip or reason is None:
            return None
        self._skipped_by_operator = True
        return BillSyncResult(status="skipped", reason=f"skipped by operator: {reason}")

    def _publish(self, status: str, bill_bill_id: str | None) -> None:
        """Show the run's end state in the Search Attributes (Web UI filters: status, BILL bill id)."""
        if not self._searchable:
            return
        updates = [SYNC_STATUS.value_set(status)]
        if bill_bill_id is not None:
            updates.append(BILL_BILL_ID.value_set(bill_bill_id))
        workflow.upsert_search_attributes(updates)

    async def _sync(self, params: BillSyncInput) -> BillSyncResult:
        ref = ZohoBillRef(
            connection_id=params.connection_id, zoho_org_id=params.zoho_org_id, zoho_bill_id=params.zoho_bill_id
        )
        self._changes_seen = self._changes
        bill = await workflow.execute_activity_method(ZohoActivities.fetch_zoho_bill, ref, **ZOHO_READ)
        self._zoho_modified_at = bill.last_modified_time
        if (skipped := self._operator_skip(bill.operator_skip)) is not None:
            return skipped
        if (reason := bill_mapping.skip_reason(bill)) is not None:
            return await self._finish(params, "skipped", reason)
        if (reason := bill_mapping.amount_mismatch(bill)) is not None:
            return await self._finish(params, "needs_mapping", reason)
        if workflow.patched(LEDGER_FIRST_PATCH):
            query = UnchangedQuery(connection_id=params.connection_id, zoho_org_id=params.zoho_org_id, bill=bill)
            unchanged = await workflow.execute_activity_method(
                LedgerActivities.find_unchanged_sync, query, **LEDGER_WRITE
            )
            if unchanged.bill_bill_id is not None:
                return BillSyncResult(
                    status="synced", bill_bill_id=unchanged.bill_bill_id, reason=OUTCOME_REASONS["already_synced"]
                )

        vendor_request = VendorRequest(
            connection_id=params.connection_id,
            zoho_vendor_id=bill.vendor_id,
            name=bill.vendor_name,
            currency_code=bill.currency_code,
            zoho_org_id=params.zoho_org_id,
            zoho_bill_id=params.zoho_bill_id,
        )
        resolution = await workflow.execute_activity_method(
            BillActivities.ensure_bill_vendor, vendor_request, **BILL_LOOKUP
        )
        if resolution.vendor is None:
            return await self._finish(params, "needs_mapping", str(resolution.needs_mapping))
        vendor = resolution.vendor
        if (reason := bill_mapping.currency_conflict(bill, vendor)) is not None:
            return await self._finish(params, "needs_mapping", reason)

        accounts_request = AccountMappingRequest(
            connection_id=params.connection_id,
            zoho_org_id=params.zoho_org_id,
            accounts=bill_mapping.accounts_on(bill),
            zoho_bill_id=params.zoho_bill_id,
        )
        accounts = await workflow.execute_activity_method(
            BillActivities.map_bill_accounts, accounts_request, **BILL_LOOKUP
        )
        if accounts.unmapped:
            return await self._finish(params, "needs_mapping", bill_mapping.unmapped_reason(accounts.unmapped))

        create_request = CreateBillRequest(
            connection_id=params.connection_id,
            zoho_org_id=params.zoho_org_id,
            zoho_bill_id=params.zoho_bill_id,
            draft=bill_mapping.build_bill_draft(bill, vendor.bill_vendor_id, accounts.chart_of_account_ids),
            zoho_modified_at=bill.last_modified_time,
        )
        if (skipped := self._operator_skip(None)) is not None:
            return skipped
        created = await workflow.execute_activity_method(BillActivities.create_bill_bill, create_request, **BILL_CREATE)
        return BillSyncResult(
            status="synced", bill_bill_id=created.bill_bill_id, reason=OUTCOME_REASONS[created.outcome]
        )

    async def _fail(self, params: BillSyncInput, err: ActivityError) -> BillSyncResult:
        """Record why the sync stopped; credential problems complete, anything else fails the workflow."""
        cause = err.cause
        error_type = activity_error_type(err)
        message = str(cause) if cause is not None else str(err)
        if needs_reauth(err):
            return await self._finish(params, "needs_reauth", message)
        recorded = await self._finish(params, "failed", message)
        if recorded.status == "synced":  # BILL already has the bill from an earlier run
            return recorded
        self._publish("failed", None)
        if self._changes > self._changes_seen:  # the bill changed since: the new version may well sync
            workflow.continue_as_new(params)
        raise ApplicationError(f"bill sync failed: {message}", type=error_type, non_retryable=True) from err

    async def _finish(self, params: BillSyncInput, status: BillSyncStatus, reason: str) -> BillSyncResult:
        outcome = SyncOutcome(
            connection_id=params.connection_id,
            zoho_org_id=params.zoho_org_id,
            zoho_bill_id=params.zoho_bill_id,
            status=status,
            reason=reason,
            zoho_modified_at=self._zoho_modified_at,
        )
        return await workflow.execute_activity_method(LedgerActivities.record_bill_outcome, outcome, **LEDGER_WRITE)
