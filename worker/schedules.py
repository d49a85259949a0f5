"""Temporal Schedules the connector keeps per connection, created idempotently.

`ensure_bill_poll_schedule` is safe to call on every worker start or connection change: it creates the
connection's polling-sweep Schedule, or brings an existing one to the wanted interval and task queue.
Overlap policy SKIP: a sweep still running when the next is due is not doubled (the next one catches up).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from common.models import BillPollSweepInput
from workflows.bill_poll_sweep import BillPollSweepWorkflow

BILL_POLL_INTERVAL = timedelta(minutes=15)
"""Default sweep period: the longest a bill whose webhook was lost waits before it is synced."""


def bill_poll_schedule_id(connection_id: str) -> str:
    """Id of a connection's polling-sweep Schedule (also the prefix of its sweep workflow ids)."""
    return f"bill-poll/{connection_id}"


def bill_poll_schedule(connection_id: str, *, task_queue: str, every: timedelta = BILL_POLL_INTERVAL) -> Schedule:
    """The Schedule that runs `BillPollSweepWorkflow` for the connection every `every`, overlaps skipped."""
    return Schedule(
        action=ScheduleActionStartWorkflow(
            BillPollSweepWorkflow.run,
            BillPollSweepInput(connection_id=connection_id),
            id=bill_poll_schedule_id(connection_id),
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=every)]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_bill_poll_schedule(
    client: Client, connection_id: str, *, task_queue: str, every: timedelta = BILL_POLL_INTERVAL
) -> str:
    """Create the connection's polling-sweep Schedule, or update the existing one to match; returns its id."""
    schedule_id = bill_poll_schedule_id(connection_id)
    schedule = bill_poll_schedule(connection_id, task_queue=task_queue, every=every)
    try:
        await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:

        def replace(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await client.get_schedule_handle(schedule_id).update(replace)
    return schedule_id
