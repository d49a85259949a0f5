"""Committed histories still replay against today's workflow code (a failure = a non-deterministic change).

`BillSyncWorkflow`/`BillPollSweepWorkflow` histories are recorded by `record_histories.py`; the backfill ones
(`BackfillWorkflow`: one run, a run that continues as new and its continuation; `BillClaimWorkflow`: released
with a BILL id, changed while held, released without an id into `BillSyncWorkflow`) by this module:
`python -m tests.workflows.test_replay [scenario ...]`, with stand-in activities on the time-skipping server.
Record only NEW scenarios and keep the old files (they prove pre-patch histories still replay).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer, Worker

from activities.backfill.models import (
    BackfillCounts,
    BackfillInput,
    BackfillPage,
    BackfillPageRequest,
    BillBatchRequest,
    ClaimRelease,
)
from common.models import BillSyncInput
from tests.temporal_env import start_time_skipping
from tests.workflows.stand_ins import StandInActivities
from worker.converter import DATA_CONVERTER
from worker.registry import WORKFLOWS
from workflows.backfill import PAGES_PER_RUN, BackfillWorkflow
from workflows.backfill_claim import BillClaimWorkflow
from workflows.bill_sync import BillSyncWorkflow

HISTORY_DIR = Path(__file__).parent / "histories"
HISTORIES = sorted(HISTORY_DIR.glob("*.json"))
BACKFILL_HISTORIES = ("backfill_one_run", "backfill_continued_as_new", "backfill_continuation")
CLAIM_HISTORIES = ("bill_claim_released_synced", "bill_claim_changed_while_held", "bill_claim_released_to_bill_sync")


def test_histories_are_committed() -> None:
    assert len(HISTORIES) >= 3
    assert {p.stem for p in HISTORIES} >= {*BACKFILL_HISTORIES, *CLAIM_HISTORIES}


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: p.stem)
async def test_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await Replayer(workflows=list(WORKFLOWS), data_converter=DATA_CONVERTER).replay_workflow(history)


@pytest.mark.parametrize(
    ("stem", "ending"),
    [
        ("backfill_one_run", "COMPLETED"),
        ("backfill_continued_as_new", "CONTINUED_AS_NEW"),
        ("backfill_continuation", "COMPLETED"),
        ("bill_claim_released_synced", "COMPLETED"),
        ("bill_claim_changed_while_held", "CONTINUED_AS_NEW"),
        ("bill_claim_released_to_bill_sync", "CONTINUED_AS_NEW"),
    ],
)
def test_the_backfill_scenarios_end_as_recorded(stem: str, ending: str) -> None:
    events = WorkflowHistory.from_json(stem, (HISTORY_DIR / f"{stem}.json").read_text()).events
    assert EventType.Name(events[-1].event_type) == f"EVENT_TYPE_WORKFLOW_EXECUTION_{ending}"


# recording


@dataclass
class StandInBackfill:
    """A Zoho walk of `pages` pages of two fresh bills each; every batch is created."""

    pages: int

    def all(self) -> list[Callable[..., Any]]:
        pages = self.pages

        @activity.defn(name="list_backfill_page")
        async def list_backfill_page(request: BackfillPageRequest) -> BackfillPage:
            ids = (f"bill-{request.page}-a", f"bill-{request.page}-b")
            following = request.page + 1 if request.page < pages else None
            return BackfillPage(zoho_org_id="org-1", fresh_ids=ids, counts=BackfillCounts(seen=2), next_page=following)

        @activity.defn(name="create_bill_batch")
        async def create_bill_batch(request: BillBatchRequest) -> BackfillCounts:
            return BackfillCounts(created=len(request.zoho_bill_ids))

        return [list_backfill_page, create_bill_batch]


def _write(name: str, history: WorkflowHistory) -> None:
    (HISTORY_DIR / f"{name}.json").write_text(history.to_json())


async def _record_backfills(client: Client) -> None:
    runs = {"backfill_one_run": 2, "backfill_continued_as_new": PAGES_PER_RUN + 2}
    for name, pages in runs.items():
        async with Worker(
            client, task_queue=name, workflows=[BackfillWorkflow], activities=StandInBackfill(pages).all()
        ):
            params = BackfillInput(connection_id="conn-1", since=date(2026, 1, 1))
            first = await client.start_workflow(BackfillWorkflow.run, params, id=f"backfill/{name}", task_queue=name)
            await client.get_workflow_handle(first.id).result()
            first_run = client.get_workflow_handle(first.id, run_id=first.first_execution_run_id)
            _write(name, await first_run.fetch_history())
            if pages > PAGES_PER_RUN:
                _write("backfill_continuation", await client.get_workflow_handle(first.id).fetch_history())


async def _record_claims(client: Client) -> None:
    releases: dict[str, tuple[bool, str | None]] = {
        "bill_claim_released_synced": (False, "00n01BILL"),
        "bill_claim_changed_while_held": (True, "00n01BILL"),
        "bill_claim_released_to_bill_sync": (False, None),
    }
    workflows = [BillClaimWorkflow, BillSyncWorkflow]
    for name, (changed, bill_id) in releases.items():
        async with Worker(client, task_queue=name, workflows=workflows, activities=StandInActivities().all()):
            params = BillSyncInput(connection_id="conn-1", zoho_org_id="org-1", zoho_bill_id=name, trigger="backfill")
            claim = await client.start_workflow(BillClaimWorkflow.run, params, id=f"bill/org-1/{name}", task_queue=name)
            if changed:
                await claim.signal(BillClaimWorkflow.bill_changed)
            await claim.signal(BillClaimWorkflow.release_claim, ClaimRelease(bill_bill_id=bill_id))
            await client.get_workflow_handle(claim.id).result()
            claim_run = client.get_workflow_handle(claim.id, run_id=claim.first_execution_run_id)
            _write(name, await claim_run.fetch_history())


async def record(names: Sequence[str] = ()) -> None:
    """Record the backfill and claim scenarios (all of them; `names` picks the families to record)."""
    env = await start_time_skipping()
    try:
        if not names or any(n.startswith("backfill") for n in names):
            await _record_backfills(env.client)
        if not names or any(n.startswith("bill_claim") for n in names):
            await _record_claims(env.client)
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(record(sys.argv[1:]))
