"""throughput: bills synced per second through the full path, and the same server's rate for a bare workflow
of the same shape (as many no-op activities as a synced bill's history schedules), in one run.

Full path: steady-state bills (after a warm-up) are entered in Zoho at once, their webhooks delivered to the
gateway one after another, and the clock stops when the last workflow has completed. Bare: as many
`BareBillWorkflow`s started at once on a separate task queue of the same server, through the same client.
The ratio full / bare is the share of Temporal's own rate the connector keeps (goal >= 0.7).
"""

from __future__ import annotations

import asyncio
import uuid
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


async def full_path_seconds(stack: FullStack, entered: list[BenchBill]) -> tuple[float, int, int]:
    """Deliver the bills' webhooks and wait for every workflow: seconds, gateway refusals, bills not synced."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    statuses = await stack.deliver()
    results = await asyncio.gather(*(stack.synced(one) for one in entered))
    return loop.time() - start, sum(1 for s in statuses if s != 202), sum(1 for r in results if r.status != "synced")


async def bare_seconds(client: Client, workflows: int, activities: int) -> float:
    """Start `workflows` bare workflows at once and wait for all of them; the seconds it took."""
    task_queue = f"bench-bare-{uuid.uuid4().hex[:8]}"
    async with Worker(client, task_queue=task_queue, workflows=[BareBillWorkflow], activities=[bare_step]):
        loop = asyncio.get_running_loop()
        start = loop.time()
        handles = await asyncio.gather(
            *(
                client.start_workflow(BareBillWorkflow.run, activities, id=f"{task_queue}/{i}", task_queue=task_queue)
                for i in range(workflows)
            )
        )
        await asyncio.gather(*(handle.result() for handle in handles))
        return loop.time() - start


async def run(bills: int, workdir: Path) -> BenchReport:
    """Time `bills` steady-state bills through the full path, then as many bare workflows."""
    async with full_stack(workdir, task_queue="bench-throughput", orgs=ORGS) as stack:
        await stack.warm_up(WARM_VENDORS_PER_ORG)
        entered = stack.repeat_bills(bills)
        before = stack.calls()
        full, refused, not_synced = await full_path_seconds(stack, entered)
        calls = stack.calls() - before
        activities = await activities_per_bill(stack.client, entered[0])
        bare = await bare_seconds(stack.client, bills, activities)
    full_rate, bare_rate = bills / full, bills / bare
    ratio = full_rate / bare_rate
    return BenchReport(
        name="throughput",
        title="Throughput: full path vs bare workflow of the same shape",
        params={"bills": bills, "orgs": len(stack.orgs), "activities_per_bill": activities},
        figures=[
            Figure("full path", full_rate, "bills/s"),
            Figure("bare workflow", bare_rate, "workflows/s"),
            Figure("full / bare", ratio, goal=f">= {RATIO_GOAL}", met=ratio >= RATIO_GOAL),
            Figure("webhooks refused by the gateway", refused, goal="0", met=refused == 0),
            Figure("bills not synced", not_synced, goal="0", met=not_synced == 0),
            Figure("429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
        ],
        notes=["The emulators answer without added latency: both rates are the connector's and Temporal's own."],
    )
