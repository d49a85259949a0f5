"""`BillClaimWorkflow`: holds a bill's keyed workflow id while a backfill creates the bill in a bulk call.

A backfill creates up to 100 bills per BILL call, outside the bills' own `BillSyncWorkflow`s. To keep the
first exactly-once layer (one execution per `bill/{org}/{bill_id}`), the backfill first starts this workflow
under that id: a webhook, poll or replay arriving meanwhile signal-with-starts `BillSyncWorkflow` onto the same
id, so it only signals this execution (`bill_changed`) and never runs a second create next to the bulk one.
The backfill then signals `release_claim`:

- with the BILL bill id: the bill exists and is linked. The claim ends `synced`, unless a `bill_changed`
  arrived meanwhile (a newer Zoho version may need an update): then it continues as `BillSyncWorkflow`.
- with no id (bulk rejected the bill, or the backfill found a record it must not create): it continues as
  `BillSyncWorkflow`, which looks the bill up before creating (the record is marked `creating`) and ends in a
  visible state.

No release within `CLAIM_TIMEOUT` (the backfill's worker died) also continues as `BillSyncWorkflow`. The claim
sets the same Search Attributes as `BillSyncWorkflow` (`pending`, then `synced` with the BILL bill id).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.backfill.models import ClaimRelease
    from common.models import BillSyncInput, BillSyncResult

from workflows.bill_sync import BILL_CHANGED_SIGNAL, BillSyncWorkflow
from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS, ZOHO_BILL_ID, ZOHO_ORG_ID

CLAIM_RELEASE_SIGNAL = "release_claim"
CLAIM_TIMEOUT = timedelta(minutes=15)
"""Longer than a bulk batch's activity timeout, so a live backfill always releases first."""
CREATED_REASON = "created by a backfill bulk call"


@workflow.defn
class BillClaimWorkflow:
    """Hold `bill/{org}/{bill_id}` for a backfill's bulk create; see the module docstring."""

    def __init__(self) -> None:
        self._release: ClaimRelease | None = None
        self._changes = 0

    @workflow.signal(name=BILL_CHANGED_SIGNAL)
    def bill_changed(self) -> None:
        """Someone started the bill's workflow while the backfill held it: sync once more after the release."""
        self._changes += 1

    @workflow.signal(name=CLAIM_RELEASE_SIGNAL)
    def release_claim(self, release: ClaimRelease) -> None:
        """The backfill is done with this bill."""
        self._release = release

    @workflow.run
    async def run(self, params: BillSyncInput) -> BillSyncResult:
        """Wait for the release; end `synced`, or continue as the bill's `BillSyncWorkflow`."""
        workflow.upsert_search_attributes(
            [
                ZOHO_ORG_ID.value_set(params.zoho_org_id),
                ZOHO_BILL_ID.value_set(params.zoho_bill_id),
                SYNC_STATUS.value_set("pending"),
            ]
        )
        try:
            await workflow.wait_condition(lambda: self._release is not None, timeout=CLAIM_TIMEOUT)
        except TimeoutError:
            workflow.logger.warning("claim of %s not released in time", workflow.info().workflow_id)
        release = self._release
        if release is None or release.bill_bill_id is None or self._changes:
            workflow.continue_as_new(params, workflow=BillSyncWorkflow.run)
        workflow.upsert_search_attributes(
            [SYNC_STATUS.value_set("synced"), BILL_BILL_ID.value_set(release.bill_bill_id)]
        )
        return BillSyncResult(status="synced", bill_bill_id=release.bill_bill_id, reason=CREATED_REASON)
