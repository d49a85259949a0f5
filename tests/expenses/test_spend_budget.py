"""Spend & Expense calls hold slots of the BILL organization's own S&E budget (emulators, time-skipping server)."""

from __future__ import annotations

import httpx
from temporalio.testing import WorkflowEnvironment

from activities.expenses.spend_budget import spend_penalty, spend_rule
from activities.rate_budget import BudgetStore, SystemClock
from activities.rate_budget.penalties import Pause
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


def test_a_429_pauses_the_spend_minute_window_for_retry_after_or_a_minute() -> None:
    [minute] = spend_rule("org-1").rates
    penalty = spend_penalty(minute.key)
    request = httpx.Request("GET", "https://spend.test/v3/spend/budgets")
    limited = httpx.Response(429, headers={"Retry-After": "17"}, request=request)
    bare = httpx.Response(429, request=request)
    refused = httpx.Response(400, request=request)
    assert penalty(limited, b"", 0.0) == Pause((minute.key,), 17.0)
    assert penalty(bare, b"", 0.0) == Pause((minute.key,), 60.0)
    assert penalty(refused, b"", 0.0) is None
    assert minute.key == "bill-spend:org-1:minute"
    assert (minute.limit, minute.period_seconds) == (60, 60.0)
