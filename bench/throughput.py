"""throughput: bills synced per second through the full path, and the same server's rate for a bare workflow
of the same shape (as many no-op activities as a synced bill's history schedules), in one run.

Full path: steady-state bills (after a warm-up) are entered in Zoho at once, their webhooks delivered to the
gateway one after another, and the clock stops when the last workflow has completed. Bare: as many
`BareBillWorkflow`s started at once on a separate task queue of the same server, through the same client.
Rounds run bare, full, full, bare with half the bills each, so a linear drift in machine load (other
processes on a shared machine) weighs on both sides equally. The ratio full / bare is the share of
Temporal's own rate the connector keeps (goal >= 0.7).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

from bench.bare_workflow import BareBillWorkflow, bare_step
from bench.report import BenchReport, Figure
from bench.seeding import BenchBill
from bench.stack import FullStack, full_stack
from workflows.ids import bill_workflow_id

DEFAULT_SIZE = 200
"""Bills in a default run (`python -m bench`)."""
ORGS = 8
"""Enough organizations that DEFAULT_SIZE bills stay well under Zoho's 100 calls/min per org: the ratio is
then the connector's overhead, not a vendor budget (`bench/rate_budget.py` measures budgets)."""
WARM_VENDORS_PER_ORG = 3
RATIO_GOAL = 0.7


async def activities_per_bill(client: Client, entered: BenchBill) -> int:
    """How many activities the bill's workflow scheduled (read from its history)."""
    workflow_id = bill_workflow_id(entered.org.demo.zoho_org_id, entered.zoho_bill_id)
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    return sum(1 for event in history.events if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)


@dataclass(frozen=True)
class FullRound:
    """One batch through the full path."""

    seconds: float
    refused: int
    not_synced: int

    def __add__(self, other: FullRound) -> FullRound:
        return FullRound(self.seconds + other.seconds, self.refused + other.refused, self.not_synced + other.not_synced)


async def full_round(stack: FullStack, entered: list[BenchBill]) -> FullRound:
    """Deliver the bills' webhooks and wait for every workflow."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    statuses = await stack.deliver()
    results = await asyncio.gather(*(stack.synced(one) for one in entered))
    return FullRound(
        seconds=loop.time() - start,
        refused=sum(1 for s in statuses if s != 202),
        not_synced=sum(1 for r in results if r.status != "synced"),
    )


@asynccontextmanager
async def bare_rounds(client: Client, activities: int) -> AsyncIterator[Callable[[int], Awaitable[float]]]:
    """A worker for bare workflows on its own task queue; yields `round(n)`, which starts n bare workflows at
    once and returns the seconds until all completed."""
    task_queue = f"bench-bare-{uuid.uuid4().hex[:8]}"
    ids = count()

    async def bare_round(workflows: int) -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        handles = await asyncio.gather(
            *(
                client.start_workflow(
                    BareBillWorkflow.run, activities, id=f"{task_queue}/{next(ids)}", task_queue=task_queue
                )
                for _ in range(workflows)
            )
        )
        await asyncio.gather(*(handle.result() for handle in handles))
        return loop.time() - start

    async with Worker(client, task_queue=task_queue, workflows=[BareBillWorkflow], activities=[bare_step]):
        yield bare_round


async def run(bills: int, workdir: Path) -> BenchReport:
    """Time `bills` steady-state bills through the full path and as many bare workflows, in ABBA order."""
    first, second = bills // 2, bills - bills // 2
    async with full_stack(workdir, task_queue="bench-throughput", orgs=ORGS) as stack:
        await stack.warm_up(WARM_VENDORS_PER_ORG)
        ((probe, _),) = await stack.sync_one_by_one(stack.known_suppliers(1))
        activities = await activities_per_bill(stack.client, probe)
        before = stack.calls()
        async with bare_rounds(stack.client, activities) as bare_round:
            bare_1 = await bare_round(first)
            full_1 = await full_round(stack, stack.enter(stack.known_suppliers(first)))
            full_2 = await full_round(stack, stack.enter(stack.known_suppliers(second)))
            bare_2 = await bare_round(second)
        calls = stack.calls() - before
    full, bare = full_1 + full_2, bare_1 + bare_2
    rounds = [("bare", first / bare_1), ("full", first / full_1.seconds), ("full", second / full_2.seconds)]
    rounds.append(("bare", second / bare_2))
    full_rate, bare_rate = bills / full.seconds, bills / bare
    ratio = full_rate / bare_rate
    return BenchReport(
        name="throughput",
        title="Throughput: full path vs bare workflow of the same shape",
        params={"bills": bills, "orgs": len(stack.orgs), "activities_per_bill": activities},
        figures=[
            Figure("full path", full_rate, "bills/s"),
            Figure("bare workflow", bare_rate, "workflows/s"),
            Figure("full / bare", ratio, goal=f">= {RATIO_GOAL}", met=ratio >= RATIO_GOAL),
            Figure("webhooks refused by the gateway", full.refused, goal="0", met=full.refused == 0),
            Figure("bills not synced", full.not_synced, goal="0", met=full.not_synced == 0),
            Figure("429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
        ],
        notes=[
            "Rounds ran bare, full, full, bare (half the bills each) so a drift in machine load cancels out; "
            "per round (per s): " + ", ".join(f"{kind} {rate:.2f}" for kind, rate in rounds),
            "The emulators answer without added latency: both rates are the connector's and Temporal's own.",
        ],
    )
