"""`kill -9` of the worker process at seeded random points while bills flow, twice right after BILL committed a
create, each time followed by a new worker process: every Zoho bill ends in BILL exactly once."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from tests.fault.invariants import assert_invariants
from tests.fault.process.harness import ProcessStack, eventually, fault_seed, process_stack

pytestmark = [pytest.mark.fault, pytest.mark.temporal]

BILLS = 40
VENDORS_PER_ORG = 3


async def kill_mid_flow(stack: ProcessStack, rng: random.Random) -> None:
    """Kill once `k` more bills reached BILL since now (k random), after a random extra delay: anywhere in the
    pipeline (Zoho read, vendor, accounts, create, ledger write), while bills still flow."""
    target = stack.bills_in_bill() + rng.randint(1, 5)
    await eventually(lambda: stack.bills_in_bill() >= target, f"{target} bills in BILL")
    await asyncio.sleep(rng.uniform(0.0, 0.4))
    assert stack.bills_in_bill() < BILLS, "every bill was already in BILL: the kill would prove nothing"
    stack.worker.kill()


async def test_kill_9_of_the_worker_process_leaves_every_bill_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(fault_seed())
    async with process_stack(tmp_path) as stack:
        bills = stack.enter_bills(BILLS, VENDORS_PER_ORG)
        assert await stack.deliver() == [202] * BILLS
        by_invoice = {b.number: b for b in bills}
        trapped = []
        for kill in ("commit", "anywhere", "commit"):
            if kill == "commit":
                trapped.append(by_invoice[await stack.kill_at_commit(after=rng.randint(1, 4))])
            else:
                await kill_mid_flow(stack, rng)
            ended = await stack.recover_worker(bills)
            print(f"kill at {kill}: {ended} orphaned attempt(s) ended, {stack.bills_in_bill()} bills in BILL")

        results = await stack.results(bills)
        assert [r.status for r in results] == ["synced"] * BILLS
        assert stack.worker.kills == 3
        await assert_invariants(stack.world(), stack.worker.log_lines())
        for entered in trapped:  # created before the kill, adopted by the retry: the audit trail shows both
            trail = stack.audit_kinds(entered)
            assert ("creating", None) in trail, trail
            assert trail[-1] == ("synced", "adopted"), trail
