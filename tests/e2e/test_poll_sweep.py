"""The polling safety net: a bill whose webhook never arrived (created or edited) is synced by the sweep; a
bill whose webhook did arrive is not fetched again; the cursor is stored; the Schedule is idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.client import ScheduleIntervalSpec, ScheduleOverlapPolicy

from cli.demo import DemoConnection, add_demo_bill
from cli.schedules import ensure_pipeline_schedules
from common.models import BillPollSweepInput, BillPollSweepResult
from tests.e2e.conftest import Stack
from tests.temporal_env import unique_name
from worker.schedules import BILL_POLL_INTERVAL, SCHEDULE_KINDS, bill_poll_schedule_id, ensure_bill_poll_schedule
from workflows.bill_poll_sweep import CURSOR_OVERLAP, BillPollSweepWorkflow

pytestmark = pytest.mark.temporal


async def sweep(stack: Stack, demo: DemoConnection) -> BillPollSweepResult:
    return await stack.env.client.execute_workflow(
        BillPollSweepWorkflow.run,
        BillPollSweepInput(connection_id=demo.connection_id),
        id=unique_name(f"bill-poll/{demo.connection_id}"),
        task_queue=stack.seeded.settings.task_queue,
    )


async def test_a_bill_whose_webhook_was_lost_is_synced_by_the_sweep(stack: Stack) -> None:
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    stack.seeded.zoho.outbox.clear()  # the webhook never arrives

    first = await sweep(stack, uk)
    assert (first.listed, first.started) == (1, 1)
    result = await stack.result(uk, zoho_bill)
    assert result.status == "synced"
    assert len(stack.seeded.bill_bills(uk, "UK-1001")) == 1
    stored = stack.seeded.store.cursors.get(uk.connection_id, "bill")
    assert stored == first.modified_since

    again = await sweep(stack, uk)
    assert again.started == 0, "the version the sweep synced is not started again"
    assert again.modified_since > first.modified_since
    assert len(stack.seeded.bill_bills(uk, "UK-1001")) == 1


async def test_the_sweep_leaves_bills_whose_webhook_arrived_and_catches_a_lost_edit(stack: Stack) -> None:
    ie = stack.seeded.demos["Ireland Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202]
    synced = await stack.result(ie, zoho_bill)

    calls = stack.seeded.zoho.stats.api_calls[ie.zoho_org_id]
    quiet = await sweep(stack, ie)
    assert (quiet.listed, quiet.started) == (1, 0)
    assert stack.seeded.zoho.stats.api_calls[ie.zoho_org_id] == calls + 1, "one list call, no bill read"

    stack.seeded.zoho.clock.advance(timedelta(seconds=1))  # Zoho stamps versions to the second
    stack.seeded.zoho.update_bill(ie.zoho_org_id, zoho_bill, notes="edited, webhook lost")
    stack.seeded.zoho.outbox.clear()
    caught = await sweep(stack, ie)
    assert caught.started == 1
    updated = await stack.result(ie, zoho_bill)
    assert (updated.bill_bill_id, updated.reason) == (synced.bill_bill_id, "updated from a Zoho edit")
    (only,) = stack.seeded.bill_bills(ie, "IE-2001")
    assert only["description"] == "edited, webhook lost"


async def test_the_schedule_is_created_once_and_runs_the_sweep(stack: Stack) -> None:
    uk = stack.seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(stack.seeded.zoho, uk)
    stack.seeded.zoho.outbox.clear()
    client, task_queue = stack.env.client, stack.seeded.settings.task_queue

    schedule_id = await ensure_bill_poll_schedule(client, uk.connection_id, task_queue=task_queue)
    assert await ensure_bill_poll_schedule(client, uk.connection_id, task_queue=task_queue) == schedule_id
    handle = client.get_schedule_handle(bill_poll_schedule_id(uk.connection_id))
    try:
        description = await handle.describe()
        assert description.schedule.spec.intervals == [ScheduleIntervalSpec(every=BILL_POLL_INTERVAL)]
        assert description.schedule.policy.overlap == ScheduleOverlapPolicy.SKIP

        await handle.trigger()
        result = await stack.result(uk, zoho_bill)
        assert result.status == "synced"
    finally:
        await handle.delete()
    assert BILL_POLL_INTERVAL > CURSOR_OVERLAP > timedelta(0)


async def test_schedules_command_covers_every_active_connection(stack: Stack) -> None:
    client, seeded = stack.env.client, stack.seeded
    ids = await ensure_pipeline_schedules(client, seeded.store.connections, task_queue=seeded.settings.task_queue)
    try:
        wanted = [kind.schedule_id(demo.connection_id) for demo in seeded.demos.values() for kind in SCHEDULE_KINDS]
        assert sorted(ids) == sorted(wanted)
        again = await ensure_pipeline_schedules(client, seeded.store.connections, task_queue=seeded.settings.task_queue)
        assert again == ids
    finally:
        for schedule_id in ids:
            await client.get_schedule_handle(schedule_id).delete()
