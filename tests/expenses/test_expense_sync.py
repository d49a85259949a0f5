"""Zoho expenses → BILL Spend & Expense reimbursements on the emulators and the time-skipping server: exactly
once despite duplicate triggers and a dropped create response; skipped without an S&E token."""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr
from temporalio.testing import WorkflowEnvironment

from activities.connection_models import ConnectionSettings
from activities.expenses.models import ExpenseSyncInput, ExpenseSyncResult
from activities.expenses.sweep import ExpenseSweepInput
from cli.demo import DemoConnection
from emulators.faults import Fault, FaultKind
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.fault.invariants import with_decoded_payloads
from tests.temporal_env import unique_name
from worker.schedules import EXPENSE_POLL, SCHEDULE_KINDS
from workflows.expense_sweep import ExpenseSweepWorkflow
from workflows.expense_sync import ExpenseSyncWorkflow, expense_workflow_id
from workflows.expense_sync_start import signal_with_start_expense_sync

UK = "UK Ltd"
REIMBURSEMENTS = "/v3/spend/reimbursements"


def _expense(seeded: Seeded, demo: DemoConnection, *, amount: float = 42.5, currency: str = "USD") -> str:
    zoho = seeded.zoho
    paid_through = zoho.add_account(demo.zoho_org_id, "Petty Cash", "cash")
    account_id = next(iter(demo.zoho_account_ids.values()))
    return zoho.add_expense(
        demo.zoho_org_id,
        account_id=account_id,
        paid_through_account_id=paid_through,
        amount=amount,
        date="2026-11-20",
        currency_code=currency,
        reference_number="TAXI-7",
        description="Taxi to client",
    )


def _enable_spend(seeded: Seeded, demo: DemoConnection) -> str:
    token = "spend-token-" + demo.bill_org_id
    seeded.bill.set_spend_api_token(demo.bill_org_id, token)
    seeded.store.credentials.put(
        OwnerKind.BILL_ORG, demo.bill_org_id, CredentialKind.BILL_SPEND_API_TOKEN, SecretStr(token)
    )
    return token


def _params(demo: DemoConnection, expense_id: str) -> ExpenseSyncInput:
    return ExpenseSyncInput(
        connection_id=demo.connection_id, zoho_org_id=demo.zoho_org_id, zoho_expense_id=expense_id, trigger="webhook"
    )


async def _trigger(env: WorkflowEnvironment, task_queue: str, params: ExpenseSyncInput) -> ExpenseSyncResult:
    handle = await signal_with_start_expense_sync(env.client, params, task_queue=task_queue)
    return await handle.result()


async def test_an_expense_becomes_one_reimbursement_despite_duplicates_and_a_dropped_response(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    token = _enable_spend(seeded, demo)
    expense_id = _expense(seeded, demo)
    dropped = seeded.bill.faults.add(Fault(kind=FaultKind.DROP_AFTER_COMMIT, path=REIMBURSEMENTS, method="POST"))
    params = _params(demo, expense_id)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        handles = [
            await signal_with_start_expense_sync(time_skipping_env.client, params, task_queue=task_queue)
            for _ in range(3)
        ]  # a webhook delivered three times: the first starts the run, the others signal it (or start anew)
        results = [await handle.result() for handle in handles]
        history = with_decoded_payloads((await handles[0].fetch_history()).to_json())
        again = await _trigger(time_skipping_env, task_queue, params)  # after the run closed: a new run
    assert dropped.hits == 1
    assert expense_id in history  # the decoded payloads are scanned
    assert token not in history  # the S&E apiToken stays in the store and the activity
    [reimbursement] = seeded.bill.reimbursements(demo.bill_org_id)
    assert {r.status for r in results} == {"synced"}
    assert {r.reimbursement_id for r in results} == {reimbursement["id"]}
    assert results[0].reason == "adopted"  # the retry found the committed create by its note marker
    assert (again.status, again.reimbursement_id, again.reason) == ("synced", reimbursement["id"], "already synced")
    assert reimbursement["amount"] == 42.5
    assert reimbursement["occurredDate"] == "2026-11-20"
    assert reimbursement["note"].startswith(f"[zoho-expense:{expense_id}]")
    posts = [r for r in seeded.bill.request_log if r.method == "POST" and r.path.endswith(REIMBURSEMENTS)]
    assert len(posts) == 1
    record = seeded.store.records.get(demo.zoho_org_id, "expense", expense_id)
    assert record is not None
    assert (record.status, record.bill_id) == ("synced", reimbursement["id"])


async def test_without_a_spend_token_the_expense_is_skipped_not_failed(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    expense_id = _expense(seeded, demo)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        result = await time_skipping_env.client.execute_workflow(
            ExpenseSyncWorkflow.run,
            _params(demo, expense_id),
            id=expense_workflow_id(demo.zoho_org_id, expense_id),
            task_queue=task_queue,
        )
    assert (result.status, result.reason) == ("skipped", "Spend & Expense not active")
    assert not any("/v3/spend/" in r.path for r in seeded.bill.request_log)
    record = seeded.store.records.get(demo.zoho_org_id, "expense", expense_id)
    assert record is not None
    assert (record.status, record.last_error) == ("skipped", "Spend & Expense not active")


async def test_an_expense_in_another_currency_needs_mapping(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    _enable_spend(seeded, demo)
    expense_id = _expense(seeded, demo, currency="GBP")
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        result = await _trigger(time_skipping_env, task_queue, _params(demo, expense_id))
    assert result.status == "needs_mapping"
    assert "GBP" in (result.reason or "")
    assert seeded.bill.reimbursements(demo.bill_org_id) == []


async def test_the_sweep_starts_unsettled_expenses_once(seeded: Seeded, time_skipping_env: WorkflowEnvironment) -> None:
    demo = seeded.demos[UK]
    _enable_spend(seeded, demo)
    expense_id = _expense(seeded, demo)
    params = ExpenseSweepInput(connection_id=demo.connection_id)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        first = await time_skipping_env.client.execute_workflow(
            ExpenseSweepWorkflow.run, params, id=unique_name("expense-poll"), task_queue=task_queue
        )
        synced = await time_skipping_env.client.get_workflow_handle_for(
            ExpenseSyncWorkflow.run, expense_workflow_id(demo.zoho_org_id, expense_id)
        ).result()
        second = await time_skipping_env.client.execute_workflow(
            ExpenseSweepWorkflow.run, params, id=unique_name("expense-poll"), task_queue=task_queue
        )
    assert (first.listed, first.started) == (1, 1)
    assert synced.status == "synced"
    assert second.started == 0
    assert len(seeded.bill.reimbursements(demo.bill_org_id)) == 1
    assert seeded.store.cursors.get(demo.connection_id, "expense") is not None


def test_the_expense_sweep_is_a_per_connection_schedule_at_the_sweep_interval() -> None:
    assert EXPENSE_POLL in SCHEDULE_KINDS
    assert EXPENSE_POLL.schedule_id("c-1") == "expense-poll/c-1"
    assert EXPENSE_POLL.interval(ConnectionSettings(sweep_interval_minutes=20)) == timedelta(minutes=20)
