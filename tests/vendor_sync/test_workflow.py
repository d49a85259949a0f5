"""VendorSyncWorkflow with a stand-in activity: a burst of vendor events during a pass costs one more pass, and
the event that started the workflow costs none."""

from __future__ import annotations

import asyncio

from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from tests.temporal_env import unique_name
from workflows.vendor_sync import SIGNAL_AGAIN, VendorSyncWorkflow


class StandInSync:
    """`sync_vendors` that counts its passes and, when told to, waits until released."""

    def __init__(self, *, hold_first: bool) -> None:
        self.passes = 0
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        if not hold_first:
            self.release.set()

    @activity.defn(name="sync_vendors")
    async def sync_vendors(self, params: VendorSyncInput) -> VendorSyncResult:
        self.passes += 1
        self.started.set()
        await self.release.wait()
        return VendorSyncResult(connection_id=params.connection_id, dry_run=params.dry_run)


async def _run(env: WorkflowEnvironment, stand_in: StandInSync, signals_during_pass: int) -> None:
    queue = unique_name("vendor-sync-wf")
    async with Worker(env.client, task_queue=queue, workflows=[VendorSyncWorkflow], activities=[stand_in.sync_vendors]):
        handle = await env.client.start_workflow(
            VendorSyncWorkflow.run,
            VendorSyncInput(connection_id="c-1"),
            id=unique_name("vendor-sync"),
            task_queue=queue,
            start_signal=SIGNAL_AGAIN,
        )
        await stand_in.started.wait()
        for _ in range(signals_during_pass):
            await handle.signal(SIGNAL_AGAIN)
        stand_in.release.set()
        await handle.result()


async def test_events_during_a_pass_collapse_into_one_more_pass(skipping_env: WorkflowEnvironment) -> None:
    stand_in = StandInSync(hold_first=True)
    await _run(skipping_env, stand_in, signals_during_pass=3)
    assert stand_in.passes == 2


async def test_the_starting_event_costs_no_extra_pass(skipping_env: WorkflowEnvironment) -> None:
    stand_in = StandInSync(hold_first=True)
    await _run(skipping_env, stand_in, signals_during_pass=0)
    assert stand_in.passes == 1
