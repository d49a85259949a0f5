"""The connector's counters move where their events happen: budget admissions and deferrals, terminal
record states written by the ledger, and rate-limit answers read by the budget's penalty."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from temporalio.testing import ActivityEnvironment

from activities.ledger import LedgerActivities
from activities.rate_budget import BudgetRule, RateBudget, RateLimit, bill_penalty
from cli.demo import DEMO_COMPANIES
from common.errors import RateLimited
from common.models import SyncOutcome
from common.telemetry import metrics
from persistence.db import make_engine
from tests.e2e.conftest import seed_companies
from tests.observability.conftest import Collected
from tests.ratebudget.conftest import ManualClock


async def test_budget_admissions_and_deferrals_are_counted(tmp_path: Path, collected: Collected) -> None:
    budget = RateBudget.open(
        make_engine(f"sqlite:///{tmp_path / 'budget.db'}"), clock=ManualClock(), max_wait_seconds=1.0
    )
    one_per_minute = BudgetRule(rates=(RateLimit("zoho:77:minute", 1, 60.0),))

    async with budget.slot(one_per_minute):
        pass
    with pytest.raises(RateLimited):
        async with budget.slot(one_per_minute):
            pass

    assert collected.total(metrics.BUDGET_ADMITTED, budget="zoho:77:minute") == 1
    assert collected.total(metrics.BUDGET_DEFERRED, budget="zoho:77:minute") == 1
    (waits,) = [attrs for attrs, _count in collected.points(metrics.BUDGET_WAIT)]
    assert waits == {"budget": "zoho:77:minute"}


async def test_terminal_states_written_by_the_ledger_are_counted(tmp_path: Path, collected: Collected) -> None:
    async with seed_companies(tmp_path, DEMO_COMPANIES[:1]) as seeded:
        (demo,) = seeded.demos.values()
        ledger = LedgerActivities(seeded.store)
        for bill_id, status in (("9001", "skipped"), ("9002", "needs_mapping"), ("9003", "skipped")):
            outcome = SyncOutcome(
                connection_id=demo.connection_id,
                zoho_org_id=demo.zoho_org_id,
                zoho_bill_id=bill_id,
                status=status,
                reason="test",
            )
            await ActivityEnvironment().run(ledger.record_bill_outcome, outcome)

    by_connection = {"connection_id": demo.connection_id, "entity": "bill"}
    assert collected.total(metrics.RECORDS, status="skipped", **by_connection) == 2
    assert collected.total(metrics.RECORDS, status="needs_mapping", **by_connection) == 1
    assert collected.total(metrics.RECORDS, status="synced") == 0


def test_rate_limit_answers_are_counted_by_service_and_org(collected: Collected) -> None:
    penalty = metrics.counting_rate_limits(bill_penalty("bill:k:hour", "bill:k:o:in-flight"), service="bill", org="o1")
    request = httpx.Request("POST", "https://bill.test/connect/v3/bills")
    throttled = b'[{"code": "BDC_1144", "message": "Max requests per hour reached"}]'

    assert penalty(httpx.Response(400, content=throttled, request=request), throttled, 0.0) is not None
    assert penalty(httpx.Response(200, content=b"{}", request=request), b"{}", 0.0) is None
    assert penalty(httpx.Response(429, content=b"{}", request=request), b"{}", 0.0) is None

    assert collected.total(metrics.RATE_LIMITED, service="bill", org="o1") == 2
