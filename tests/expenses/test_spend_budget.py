"""Spend & Expense calls hold slots of the BILL organization's own S&E budget (emulators, time-skipping server)."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from activities.expenses.spend_budget import spend_rule
from activities.rate_budget import BudgetStore, SystemClock
from persistence.db import make_engine
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.expenses.test_expense_sync import UK, _enable_spend, _expense, _params, _trigger


async def test_spend_calls_are_admitted_by_the_organizations_spend_budget(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    _enable_spend(seeded, demo)
    expense_id = _expense(seeded, demo)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        result = await _trigger(time_skipping_env, task_queue, _params(demo, expense_id))
    assert result.status == "synced"
    spend_calls = [r for r in seeded.bill.request_log if "/v3/spend/" in r.path]
    assert spend_calls  # current user, budgets, the create
    budget = BudgetStore(make_engine(seeded.settings.effective_database_url()))
    [minute] = spend_rule(demo.bill_org_id).rates
    assert budget.in_window(minute, SystemClock().now()) == len(spend_calls)
