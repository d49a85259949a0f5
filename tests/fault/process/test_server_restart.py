"""The Temporal server (dev server, file-backed database) is stopped and started again at a seeded random point
while bills flow; the worker process and the gateway's client reconnect on their own: every Zoho bill ends
in BILL exactly once."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fault.invariants import assert_invariants
from tests.fault.process.harness import eventually, fault_seed, process_stack

pytestmark = [pytest.mark.fault, pytest.mark.temporal]

BILLS = 40
VENDORS_PER_ORG = 3


async def test_temporal_server_restart_mid_run_leaves_every_bill_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(fault_seed())
    async with process_stack(tmp_path) as stack:
        bills = stack.enter_bills(BILLS, VENDORS_PER_ORG)
        assert await stack.deliver() == [202] * BILLS
        restart_at, down_seconds = rng.randint(2, 12), rng.uniform(0.5, 2.0)
        await eventually(lambda: stack.bills_in_bill() >= restart_at, f"{restart_at} bills in BILL")
        before = stack.bills_in_bill()
        await stack.restart_server(down_seconds)
        print(f"server restarted after {before} bills, down {down_seconds:.2f} s")
        assert before < BILLS, "every bill was already in BILL: the restart would prove nothing"

        results = await stack.results(bills)
        assert [r.status for r in results] == ["synced"] * BILLS
        assert stack.worker.kills == 0
        await assert_invariants(stack.world(), stack.worker.log_lines())
