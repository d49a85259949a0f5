"""latency: from the gateway's 202 for a Zoho webhook to the bill being visible in the BILL emulator.

Steady state (vendors and accounts mapped by a warm-up). Bills are entered in Zoho and their webhooks
delivered at a fixed rate; a watcher polls the BILL emulator's state every `POLL_SECONDS` (the resolution
of the figures). Percentiles are nearest-rank over the bills that arrived.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from bench.percentiles import percentile
from bench.report import BenchReport, Figure
from bench.seeding import BenchBill
from bench.stack import FullStack, full_stack

DEFAULT_SIZE = 120
"""Bills in a default run (`python -m bench`)."""
RATE_PER_SECOND = 2.0
POLL_SECONDS = 0.02
WARM_VENDORS_PER_ORG = 3
ARRIVAL_TIMEOUT_SECONDS = 120.0
GOALS = {50: 1.0, 95: None, 99: 3.0}
GATEWAY_GOAL_SECONDS = 1.0
"""ARCHITECTURE: the gateway answers "well under" the senders' 10-second window."""


@dataclass
class Timeline:
    """How long the gateway took to answer each webhook, when each bill was accepted (202) and when it
    appeared in BILL (event-loop clock)."""

    answers: list[float] = field(default_factory=list)
    accepted: dict[str, float] = field(default_factory=dict)
    visible: dict[str, float] = field(default_factory=dict)
    refused: int = 0
    sending: bool = True

    def latencies(self) -> list[float]:
        """Seconds from 202 to visible, per bill that arrived."""
        return [self.visible[n] - t for n, t in self.accepted.items() if n in self.visible]


async def send(stack: FullStack, bills: int, timeline: Timeline, entered: list[BenchBill]) -> None:
    """Enter one bill and deliver its webhook every 1/RATE seconds."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(bills):
        await asyncio.sleep(max(0.0, start + i / RATE_PER_SECOND - loop.time()))
        (one,) = stack.enter(stack.known_suppliers(1))
        posted = loop.time()
        statuses = await stack.deliver()  # oldest first: a webhook refused earlier is retried before this one
        answered = loop.time()
        timeline.answers.append(answered - posted)
        if statuses[-1:] == [202]:
            timeline.accepted[one.number] = answered
            entered.append(one)
        else:
            timeline.refused += 1
    timeline.sending = False


async def watch(stack: FullStack, timeline: Timeline) -> None:
    """Record when each accepted bill first shows up in BILL, until all did (or the timeout)."""
    loop = asyncio.get_running_loop()
    while timeline.sending or timeline.accepted.keys() - timeline.visible.keys():
        now = loop.time()
        for number in stack.invoices_in_bill() & (timeline.accepted.keys() - timeline.visible.keys()):
            timeline.visible[number] = now
        await asyncio.sleep(POLL_SECONDS)


def latency_figures(latencies: list[float]) -> list[Figure]:
    """p50/p95/p99 and the maximum, against the goals."""
    if not latencies:
        return []
    figures = []
    for p, goal in GOALS.items():
        value = percentile(latencies, p)
        met = value < goal if goal is not None else None
        figures.append(Figure(f"p{p} webhook 202 -> in BILL", value, "s", f"< {goal} s" if goal else "", met))
    return [*figures, Figure("max webhook 202 -> in BILL", max(latencies), "s")]


def answer_figures(answers: list[float]) -> list[Figure]:
    """How fast the gateway answered (BILL and Zoho give up after about 10 s)."""
    if not answers:
        return []
    worst = max(answers)
    return [
        Figure("p50 gateway answer", percentile(answers, 50), "s"),
        Figure("max gateway answer", worst, "s", f"< {GATEWAY_GOAL_SECONDS} s", worst < GATEWAY_GOAL_SECONDS),
    ]


async def run(bills: int, workdir: Path) -> BenchReport:
    """Send `bills` bills at RATE_PER_SECOND and measure each one's 202 -> visible time."""
    timeline, entered = Timeline(), list[BenchBill]()
    async with full_stack(workdir, task_queue="bench-latency") as stack:
        await stack.warm_up(WARM_VENDORS_PER_ORG)
        before = stack.calls()
        watcher = asyncio.create_task(watch(stack, timeline))
        await send(stack, bills, timeline, entered)
        with contextlib.suppress(TimeoutError):  # bills that never arrived are reported as missing
            await asyncio.wait_for(watcher, ARRIVAL_TIMEOUT_SECONDS)
        arrived = [one for one in entered if one.number in timeline.visible]
        results = await asyncio.gather(*(stack.synced(one) for one in arrived))
        calls = stack.calls() - before
    late = len(entered) - len(arrived)
    not_synced = sum(1 for r in results if r.status != "synced")
    figures = [
        *latency_figures(timeline.latencies()),
        *answer_figures(timeline.answers),
        Figure("webhooks refused by the gateway", timeline.refused, goal="0", met=timeline.refused == 0),
        Figure(f"accepted bills not in BILL after {ARRIVAL_TIMEOUT_SECONDS:.0f} s", late, goal="0", met=late == 0),
        Figure("arrived bills whose workflow did not sync", not_synced, goal="0", met=not_synced == 0),
        Figure("429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
    ]
    return BenchReport(
        name="latency",
        title="Webhook to BILL latency, steady state",
        params={"bills": bills, "rate_per_s": RATE_PER_SECOND, "poll_s": POLL_SECONDS},
        figures=figures,
        notes=["The emulators answer without added latency: the figures are the connector's and Temporal's own."],
    )
