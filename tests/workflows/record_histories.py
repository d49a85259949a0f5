"""Record the committed replay histories: `python -m tests.workflows.record_histories [scenario ...]`.

Each scenario runs `BillSyncWorkflow` with stand-in activities on the time-skipping server and writes its
history to `histories/<scenario>.json` (all scenarios, or only those named). Record only NEW scenarios (for
a new workflow or a patched change) and keep the old files: they prove the pre-patch histories still
replay. A history that stops replaying means the change needs `workflow.patched()` (see `test_replay.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from temporalio.client import WorkflowFailureError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.errors import PayloadRejected, Unavailable
from common.models import (
    AccountMapping,
    AccountRef,
    BillPollSweepInput,
    BillSyncInput,
    CreatedBill,
    UnchangedAnswer,
)
from tests.temporal_env import start_time_skipping
from tests.workflows.stand_ins import StandInActivities
from tests.workflows.sweep_stand_ins import StandInSweep
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.bill_sync import BillSyncWorkflow

HISTORIES = Path(__file__).parent / "histories"

SCENARIOS: dict[str, StandInActivities] = {
    "bill_sync_synced_after_retry": StandInActivities(errors={"create_bill_bill": [Unavailable("503")]}),
    "bill_sync_needs_mapping": StandInActivities(
        accounts=AccountMapping(
            chart_of_account_ids={}, unmapped=(AccountRef(zoho_account_id="acc-1", name="Office Supplies"),)
        )
    ),
    "bill_sync_failed": StandInActivities(errors={"create_bill_bill": [PayloadRejected("dueDate is invalid")]}),
    "bill_sync_unchanged_from_ledger": StandInActivities(unchanged=UnchangedAnswer(bill_bill_id="00n01BILL")),
    "bill_sync_with_search_attributes": StandInActivities(),
    "bill_sync_updated_after_edit": StandInActivities(created=CreatedBill(bill_bill_id="00n01BILL", outcome="updated")),
}


SWEEP_SCENARIOS: dict[str, StandInSweep] = {
    "bill_poll_sweep_three_pages": StandInSweep(pages=3),
}


async def record(names: Sequence[str] = ()) -> None:
    """Run the named scenarios (default: every one) and write their histories."""
    env = await start_time_skipping()
    try:
        for name in names or [*SCENARIOS, *SWEEP_SCENARIOS]:
            if name in SWEEP_SCENARIOS:
                await _record_sweep(env, name, SWEEP_SCENARIOS[name])
                continue
            stand_ins = SCENARIOS[name]
            params = BillSyncInput(connection_id="conn-1", zoho_org_id="org-1", zoho_bill_id=name, trigger="webhook")
            async with Worker(env.client, task_queue=name, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
                handle = await env.client.start_workflow(
                    BillSyncWorkflow.run, params, id=f"bill/org-1/{name}", task_queue=name
                )
                with contextlib.suppress(WorkflowFailureError):  # the failed scenario's history is wanted too
                    await handle.result()
                history = await handle.fetch_history()
            (HISTORIES / f"{name}.json").write_text(history.to_json())
    finally:
        await env.shutdown()


async def _record_sweep(env: WorkflowEnvironment, name: str, stand_in: StandInSweep) -> None:
    async with Worker(env.client, task_queue=name, workflows=[BillPollSweepWorkflow], activities=stand_in.all()):
        handle = await env.client.start_workflow(
            BillPollSweepWorkflow.run,
            BillPollSweepInput(connection_id="conn-1"),
            id=f"bill-poll/{name}",
            task_queue=name,
        )
        await handle.result()
        history = await handle.fetch_history()
    (HISTORIES / f"{name}.json").write_text(history.to_json())


if __name__ == "__main__":
    asyncio.run(record(sys.argv[1:]))
