"""Expenses skipped for a missing S&E apiToken are submitted by the next sweep once a token is stored."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from activities.expenses.sweep import ExpenseSweepInput, ExpenseSweepResult
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.expenses.test_expense_sync import UK, _enable_spend, _expense, _params, _trigger
from tests.temporal_env import unique_name
from workflows.expense_sweep import ExpenseSweepWorkflow
from workflows.expense_sync import ExpenseSyncWorkflow, expense_workflow_id


async def _sweep(env: WorkflowEnvironment, task_queue: str, connection_id: str) -> ExpenseSweepResult:
    return await env.client.execute_workflow(
        ExpenseSweepWorkflow.run,
        ExpenseSweepInput(connection_id=connection_id),
        id=unique_name("expense-poll"),
        task_queue=task_queue,
    )


async def test_a_stored_token_lets_the_sweep_submit_the_expenses_skipped_without_one(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    expense_id = _expense(seeded, demo)
    env = time_skipping_env
    async with connector_worker(env, seeded) as task_queue:
        skipped = await _trigger(env, task_queue, _params(demo, expense_id))
        without_token = await _sweep(env, task_queue, demo.connection_id)
        _enable_spend(seeded, demo)
        with_token = await _sweep(env, task_queue, demo.connection_id)
        synced = await env.client.get_workflow_handle_for(
            ExpenseSyncWorkflow.run, expense_workflow_id(demo.zoho_org_id, expense_id)
        ).result()
        after = await _sweep(env, task_queue, demo.connection_id)
    assert skipped.status == "skipped"
    assert (without_token.started, without_token.redriven) == (0, 0)
    assert (with_token.started, with_token.redriven) == (0, 1)
    assert synced.status == "synced"
    [reimbursement] = seeded.bill.reimbursements(demo.bill_org_id)
    assert synced.reimbursement_id == reimbursement["id"]
    assert after.redriven == 0
    record = seeded.store.records.get(demo.zoho_org_id, "expense", expense_id)
    assert record is not None
    assert record.status == "synced"
