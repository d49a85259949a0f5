"""Duplicate webhook storm: 1,000 bills over 20 Zoho organizations (both data centres, each with its own BILL
organization), every signed webhook delivered 3 times concurrently → exactly 1,000 BILL bills.

The machinery of `tests/e2e/test_two_orgs_at_scale.py` (its 200-bill version) at five times the size; 50 bills
per organization keep every organization under Zoho's 100 calls a minute, so the run measures the duplicate
handling, not a vendor budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from bench.seeding import bench_company
from tests.e2e.conftest import Stack, running_stack, seed_companies
from tests.e2e.test_two_orgs_at_scale import DELIVERIES_PER_WEBHOOK, deliver_each_three_times
from tests.fault.api.flow import enter_in_every_org, results, statuses
from tests.fault.conftest import world_of
from tests.fault.invariants import assert_invariants

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

ORGS = 20
BILLS_PER_ORG = 50


@pytest.fixture
async def wide_stack(tmp_path: Path, local_env: WorkflowEnvironment) -> AsyncIterator[Stack]:
    """`ORGS` demo-like companies, alternating Zoho EU and US, with the gateway and a worker running."""
    companies = [bench_company(i) for i in range(ORGS)]
    async with seed_companies(tmp_path, companies) as seeded, running_stack(seeded, local_env) as stack:
        yield stack


async def test_thousand_bills_three_concurrent_deliveries_each(
    wide_stack: Stack, logs: pytest.LogCaptureFixture
) -> None:
    stack = wide_stack
    assert {demo.company.dc for demo in stack.seeded.demos.values()} == {"eu", "us"}
    entered = enter_in_every_org(stack, BILLS_PER_ORG)
    total = ORGS * BILLS_PER_ORG
    assert len(stack.seeded.zoho.outbox) == total == 1000

    assert await deliver_each_three_times(stack) == [202] * (total * DELIVERIES_PER_WEBHOOK)
    outcomes = await results(stack, entered)

    assert statuses(outcomes) == ["synced"] * total
    await assert_invariants(world_of(stack), [r.getMessage() for r in logs.records])
