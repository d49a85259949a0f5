"""throughput: bills synced per second through the full path, and the same server's rate for a bare workflow
of the same shape (as many no-op activities as a synced bill's history schedules), in one run.

Full path: steady-state bills (after a warm-up) are entered in Zoho at once, their webhooks delivered to the
gateway one after another, and the clock stops when the last workflow has completed. Bare: as many
`BareBillWorkflow`s started at once on a separate task queue of the same server, through the same client.
Rounds run bare, full, full, bare with half the bills each, so a linear drift in machine load (other
processes on a shared machine) weighs on both sides equally. The ratio full / bare is the share of
Temporal's own rate the connector keeps (goal >= 0.7). The emulators and the webhook sender run in their
own process (`bench.emulator_process`), so this process (driver, gateway, worker) pays only the connector's
CPU. CPU seconds per bill and per bare workflow (this process and the Temporal server, not the emulators)
give the same ratio without the noise of other load on a shared machine.
"""

from __future__ import annotations

import asyncio
import time
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
from bench.cpu import cpu_seconds
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
class Round:
    """One batch: wall-clock and CPU seconds (this process and the Temporal server), and what went wrong."""

    items: int
    seconds: float
    cpu_seconds: float
    own_cpu_seconds: float = 0.0
    """The part of `cpu_seconds` spent in this process (the rest: the Temporal server)."""
    refused: int = 0
    not_synced: int = 0

    def __add__(self, other: Round) -> Round:
        return Round(
            self.items + other.items,
            self.seconds + other.seconds,
            self.cpu_seconds + other.cpu_seconds,
            self.own_cpu_seconds + other.own_cpu_seconds,
            self.refused + other.refused,
            self.not_synced + other.not_synced,
        )

    @property
    def own_cpu_ms_per_item(self) -> float:
        """CPU milliseconds per item in this process."""
        return 1000 * self.own_cpu_seconds / self.items

    @property
    def rate(self) -> float:
        """Items per wall-clock second."""
        return self.items / self.seconds

    @property
    def cpu_ms_per_item(self) -> float:
        """CPU milliseconds per item."""
        return 1000 * self.cpu_seconds / self.items


@dataclass(frozen=True)
class Stopwatch:
    """Wall-clock and CPU time (leaving out the processes `excluding`) at a start."""

    wall: float
    cpu: float
    own_cpu: float
    excluding: frozenset[int] = frozenset()

    @classmethod
    def start(cls, excluding: frozenset[int] = frozenset()) -> Stopwatch:
        """Now."""
        return cls(asyncio.get_running_loop().time(), cpu_seconds(excluding), time.process_time(), excluding)

    def elapsed(self) -> tuple[float, float, float]:
        """Wall-clock, CPU and this process's CPU seconds since the start."""
        wall = asyncio.get_running_loop().time() - self.wall
        return wall, cpu_seconds(self.excluding) - self.cpu, time.process_time() - self.own_cpu


def emulator_pids(stack: FullStack) -> frozenset[int]:
    """The emulators' process, whose CPU is not the connector's."""
    return frozenset({stack.apart.pid}) if stack.apart else frozenset()


async def full_round(stack: FullStack, entered: list[BenchBill]) -> Round:
    """Deliver the bills' webhooks and wait for every workflow."""
    watch = Stopwatch.start(emulator_pids(stack))
    statuses = await stack.deliver()
    results = await asyncio.gather(*(stack.synced(one) for one in entered))
    seconds, cpu, own = watch.elapsed()
    return Round(
        items=len(entered),
        seconds=seconds,
        cpu_seconds=cpu,
        own_cpu_seconds=own,
        refused=sum(1 for s in statuses if s != 202),
        not_synced=sum(1 for r in results if r.status != "synced"),
    )


@asynccontextmanager
async def bare_rounds(
    client: Client, activities: int, excluding: frozenset[int]
) -> AsyncIterator[Callable[[int], Awaitable[Round]]]:
    """A worker for bare workflows on its own task queue; yields `round(n)`, which starts n bare workflows at
    once and waits until all completed."""
    task_queue = f"bench-bare-{uuid.uuid4().hex[:8]}"
    ids = count()

    async def bare_round(workflows: int) -> Round:
        watch = Stopwatch.start(excluding)
        handles = await asyncio.gather(
            *(
                client.start_workflow(
                    BareBillWorkflow.run, activities, id=f"{task_queue}/{next(ids)}", task_queue=task_queue
                )
                for _ in range(workflows)
            )
        )
        await asyncio.gather(*(handle.result() for handle in handles))
        seconds, cpu, own = watch.elapsed()
        return Round(items=workflows, seconds=seconds, cpu_seconds=cpu, own_cpu_seconds=own)

    async with Worker(client, task_queue=task_queue, workflows=[BareBillWorkflow], activities=[bare_step]):
        yield bare_round


async def run(bills: int, workdir: Path) -> BenchReport:
    """Time `bills` (at least 2) steady-state bills through the full path and as many bare workflows, in ABBA
    order."""
    first = max(1, bills // 2)
    second = max(1, bills - first)
    async with full_stack(workdir, task_queue="bench-throughput", orgs=ORGS, emulators_apart=True) as stack:
        await stack.warm_up(WARM_VENDORS_PER_ORG)
        ((probe, _),) = await stack.sync_one_by_one(stack.known_suppliers(1))
        activities = await activities_per_bill(stack.client, probe)
        before = stack.calls()
        async with bare_rounds(stack.client, activities, emulator_pids(stack)) as bare_round:
            rounds = [("bare", await bare_round(first))]
            rounds.append(("full", await full_round(stack, stack.enter(stack.known_suppliers(first)))))
            rounds.append(("full", await full_round(stack, stack.enter(stack.known_suppliers(second)))))
            rounds.append(("bare", await bare_round(second)))
        calls = stack.calls() - before
    full = sum((r for kind, r in rounds if kind == "full"), Round(0, 0.0, 0.0, 0.0))
    bare = sum((r for kind, r in rounds if kind == "bare"), Round(0, 0.0, 0.0, 0.0))
    ratio, cpu_ratio = full.rate / bare.rate, bare.cpu_ms_per_item / full.cpu_ms_per_item
    return BenchReport(
        name="throughput",
        title="Throughput: full path vs bare workflow of the same shape",
        params={"bills": first + second, "orgs": len(stack.orgs), "activities_per_bill": activities},
        figures=[
            Figure("full path", full.rate, "bills/s"),
            Figure("bare workflow", bare.rate, "workflows/s"),
            Figure("full / bare", ratio, goal=f">= {RATIO_GOAL}", met=ratio >= RATIO_GOAL),
            Figure("full path CPU", full.cpu_ms_per_item, "ms/bill"),
            Figure("bare workflow CPU", bare.cpu_ms_per_item, "ms/workflow"),
            Figure("bare CPU / full CPU", cpu_ratio, goal=f">= {RATIO_GOAL}", met=cpu_ratio >= RATIO_GOAL),
            Figure("full path CPU in the bench process (worker, gateway, driver)", full.own_cpu_ms_per_item, "ms/bill"),
            Figure("bare workflow CPU in the bench process", bare.own_cpu_ms_per_item, "ms/workflow"),
            Figure("webhooks refused by the gateway", full.refused, goal="0", met=full.refused == 0),
            Figure("bills not synced", full.not_synced, goal="0", met=full.not_synced == 0),
            Figure("429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
        ],
        notes=[
            "Rounds ran bare, full, full, bare (half the bills each) so a drift in machine load cancels out; "
            "per round (per s): " + ", ".join(f"{kind} {r.rate:.2f}" for kind, r in rounds),
            "CPU is this process (driver, gateway, worker) plus the Temporal server: the rate the machine could "
            "sustain at full use, independent of other load. The emulators and the webhook sender run in their "
            "own process, which is not counted.",
            "The emulators answer without added latency: both rates are the connector's and Temporal's own.",
        ],
    )
