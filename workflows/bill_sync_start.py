"""Start (or nudge) the keyed `BillSyncWorkflow` of one Zoho bill: the one way every starter should use.

Signal-with-start: when no execution of the bill's id is running, a new one starts; when one is running,
it gets the `bill_changed` signal and syncs the bill again after its current pass (see `bill_sync`). Either
way exactly one execution per bill runs at a time, and no webhook or poll is lost.
"""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle

from common.models import BillSyncInput, BillSyncResult
from workflows.bill_sync import BILL_CHANGED_SIGNAL, BillSyncWorkflow
from workflows.ids import bill_workflow_id


async def signal_with_start_bill_sync(
    client: Client, params: BillSyncInput, *, task_queue: str
) -> WorkflowHandle[BillSyncWorkflow, BillSyncResult]:
    """Start the bill's workflow, or signal the running one; returns a handle to the execution."""
    return await client.start_workflow(
        BillSyncWorkflow.run,
        params,
        id=bill_workflow_id(params.zoho_org_id, params.zoho_bill_id),
        task_queue=task_queue,
        start_signal=BILL_CHANGED_SIGNAL,
    )
