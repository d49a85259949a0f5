"""Claim and release bills' keyed workflow ids for a bulk create (see `workflows.backfill_claim`).

Runs inside backfill activities with the worker's own Temporal client. A claim is owned by one activity
(`owner`, stored in the claim's memo), so a retried activity recognises the claims its crashed attempt left
and hands them over, while claims of another backfill are left alone.
"""

from __future__ import annotations

from typing import Literal

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.backfill.models import ClaimRelease
from common.models import BillSyncInput
from workflows.backfill_claim import CLAIM_RELEASE_SIGNAL, BillClaimWorkflow
from workflows.bill_sync_start import signal_with_start_bill_sync
from workflows.ids import bill_workflow_id

OWNER_MEMO = "claimed_by"
ClaimOutcome = Literal["claimed", "held", "handed_over"]
"""`claimed`: we now hold the id; `held`: an earlier attempt of ours still holds it (it may have created the
bill: look it up first); `handed_over`: another execution runs under the id and was signalled."""


class BillClaims:
    """Claims of one activity attempt on the keyed ids of one connection's bills."""

    def __init__(self, client: Client, *, task_queue: str, owner: str) -> None:
        self._client = client
        self._task_queue = task_queue
        self._owner = owner

    async def claim(self, params: BillSyncInput) -> ClaimOutcome:
        """Start the bill's claim workflow, or tell whose execution runs under its id (see `ClaimOutcome`)."""
        workflow_id = bill_workflow_id(params.zoho_org_id, params.zoho_bill_id)
        try:
            await self._client.start_workflow(
                BillClaimWorkflow.run,
                params,
                id=workflow_id,
                task_queue=self._task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
                memo={OWNER_MEMO: self._owner},
            )
        except WorkflowAlreadyStartedError:
            if await self._ours(workflow_id):
                return "held"
            await self.hand_over(params)
            return "handed_over"
        return "claimed"

    async def release(self, params: BillSyncInput, bill_bill_id: str | None) -> None:
        """End our claim: `bill_bill_id` created and linked, or None to continue as `BillSyncWorkflow`."""
        handle = self._client.get_workflow_handle(bill_workflow_id(params.zoho_org_id, params.zoho_bill_id))
        await handle.signal(CLAIM_RELEASE_SIGNAL, ClaimRelease(bill_bill_id=bill_bill_id))

    async def hand_over(self, params: BillSyncInput) -> None:
        """Give an unclaimed bill to its keyed workflow (start it, or signal the running one)."""
        await signal_with_start_bill_sync(self._client, params, task_queue=self._task_queue)

    async def _ours(self, workflow_id: str) -> bool:
        description = await self._client.get_workflow_handle(workflow_id).describe()
        if description.workflow_type != BillClaimWorkflow.__name__:
            return False
        return bool((await description.memo()).get(OWNER_MEMO) == self._owner)
