"""Start (or nudge) the keyed `ExpenseSyncWorkflow` of one Zoho expense: the one way every starter uses.

Signal-with-start: a running execution of the expense's id only gets a signal, so duplicates never run
twice at once; a closed one is started again and answers from the sync record without a second submission.
"""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle

from activities.expenses.models import ExpenseSyncInput, ExpenseSyncResult
from workflows.expense_sync import EXPENSE_CHANGED_SIGNAL, ExpenseSyncWorkflow, expense_workflow_id


async def signal_with_start_expense_sync(
    client: Client, params: ExpenseSyncInput, *, task_queue: str
) -> WorkflowHandle[ExpenseSyncWorkflow, ExpenseSyncResult]:
    """Start the expense's workflow, or signal the running one; returns a handle to the execution."""
    return await client.start_workflow(
        ExpenseSyncWorkflow.run,
        params,
        id=expense_workflow_id(params.zoho_org_id, params.zoho_expense_id),
        task_queue=task_queue,
        start_signal=EXPENSE_CHANGED_SIGNAL,
    )
