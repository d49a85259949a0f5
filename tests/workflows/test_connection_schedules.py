"""The connection's Schedules: which state `ConnectionWorkflow` asks for along its lifecycle (time-skipping
server, stand-in activities), and what `ensure_connection_schedules` does to real Schedules (the dev server:
the time-skipping test server does not implement Schedules)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.client import (
    Client,
    ScheduleActionStartWorkflow,
    ScheduleDescription,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    WorkflowFailureError,
)
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.connection_models import ConnectionSettings, ConnectionWorkflowInput
from activities.connection_schedules import ensure_connection_schedules_activity
from cli.schedules import ensure_pipeline_schedules
from common.errors import AuthRejected, PayloadRejected
from persistence.db import create_schema, make_engine
from persistence.repositories import ConnectionRepo
from tests.persistence.builders import add_connection
from tests.temporal_env import start_local, unique_name
from tests.workflows.test_connection_workflow import StandIns, start
from worker.schedules import BILL_POLL, SCHEDULE_KINDS, delete_connection_schedules, ensure_connection_schedules
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.connection import REFRESH_INTERVAL, ConnectionWorkflow, connection_workflow_id

pytestmark = pytest.mark.temporal


@pytest.fixture
def stand_ins() -> StandIns:
    return StandIns()


def test_schedule_ids_are_deterministic_and_distinct_per_kind() -> None:
    assert BILL_POLL.schedule_id("c-1") == "bill-poll/c-1"
    assert len({kind.name for kind in SCHEDULE_KINDS}) == len(SCHEDULE_KINDS)


def test_intervals_come_from_the_connection_settings() -> None:
    assert BILL_POLL.interval(ConnectionSettings(sweep_interval_minutes=40)) == timedelta(minutes=40)


async def test_the_workflow_keeps_schedules_in_line_with_its_health(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    async for run in start(time_skipping_env, stand_ins):
        await run.skip(timedelta(minutes=1))
        await run.handle.execute_update(ConnectionWorkflow.pause)
        await run.handle.execute_update(ConnectionWorkflow.resume)
        stand_ins.errors["refresh_zoho_token"] = [AuthRejected("token request failed: invalid_code", service="Zoho")]
        await run.skip(REFRESH_INTERVAL)
        assert await run.status() == "needs_reauth"
        await run.handle.execute_update(ConnectionWorkflow.reauth_complete)
        await run.skip(timedelta(minutes=1))
        await run.handle.signal(ConnectionWorkflow.disconnect)
        await run.handle.result()

        assert [r.target for r in stand_ins.schedules] == [
            "running",  # start
            "paused",  # pause
            "running",  # resume
            "paused",  # revoked refresh token: needs_reauth
            "running",  # reauth_complete
            "deleted",  # disconnect
        ]
        assert {r.connection_id for r in stand_ins.schedules} == {"conn-1"}


async def test_a_paused_connection_keeps_paused_schedules_with_new_intervals(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    async for run in start(time_skipping_env, stand_ins, status="paused"):
        await run.skip(timedelta(minutes=1))
        wanted = ConnectionSettings(sweep_interval_minutes=45)
        await run.handle.execute_update(ConnectionWorkflow.update_settings, wanted)
        await run.skip(timedelta(minutes=1))

        assert [(r.target, r.settings) for r in stand_ins.schedules] == [
            ("paused", ConnectionSettings()),
            ("paused", wanted),
        ]
        assert stand_ins.count("refresh_zoho_token") == 0


async def test_continue_as_new_ensures_the_schedules_again(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    async for run in start(time_skipping_env, stand_ins, max_cycles=1):
        await run.skip(REFRESH_INTERVAL + timedelta(minutes=1))

        assert [r.target for r in stand_ins.schedules] == ["running", "running"]


@pytest.fixture(scope="module")
async def local_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await start_local()
    yield env
    await env.shutdown()


async def described(client: Client, schedule_id: str) -> ScheduleDescription:
    return await client.get_schedule_handle(schedule_id).describe()


async def until(client: Client, schedule_id: str, *, paused: bool, every: timedelta) -> ScheduleDescription:
    """The Schedule once it has the wanted pause state and interval (real time, bounded)."""
    async with asyncio.timeout(30):
        while True:
            try:
                with_schedule = await described(client, schedule_id)
            except RPCError as err:
                if err.status != RPCStatusCode.NOT_FOUND:
                    raise
            else:
                state, spec = with_schedule.schedule.state, with_schedule.schedule.spec
                if state.paused == paused and spec.intervals == [ScheduleIntervalSpec(every=every)]:
                    return with_schedule
            await asyncio.sleep(0.1)


async def test_real_schedules_follow_the_connection_workflow(local_env: WorkflowEnvironment) -> None:
    client, stand_ins = local_env.client, StandIns()
    activities = [a for a in stand_ins.all() if a != stand_ins.ensure_connection_schedules]
    task_queue, connection_id = unique_name("schedules"), unique_name("conn")
    schedule_id = BILL_POLL.schedule_id(connection_id)
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[ConnectionWorkflow, BillPollSweepWorkflow],
        activities=[*activities, ensure_connection_schedules_activity],
    ):
        handle = await client.start_workflow(
            ConnectionWorkflow.run,
            ConnectionWorkflowInput(connection_id=connection_id),
            id=connection_workflow_id(connection_id),
            task_queue=task_queue,
        )
        created = await until(client, schedule_id, paused=False, every=timedelta(minutes=15))
        action = created.schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert (action.workflow, action.task_queue, action.id) == ("BillPollSweepWorkflow", task_queue, schedule_id)
        assert created.schedule.policy.overlap == ScheduleOverlapPolicy.SKIP

        await handle.execute_update(ConnectionWorkflow.pause)
        assert (await described(client, schedule_id)).schedule.state.paused, "paused before the update returns"

        await handle.execute_update(ConnectionWorkflow.update_settings, ConnectionSettings(sweep_interval_minutes=30))
        await until(client, schedule_id, paused=True, every=timedelta(minutes=30))

        await handle.execute_update(ConnectionWorkflow.resume)
        await until(client, schedule_id, paused=False, every=timedelta(minutes=30))

        await handle.signal(ConnectionWorkflow.disconnect)
        await handle.result()

        with pytest.raises(RPCError) as missing:
            await described(client, schedule_id)
        assert missing.value.status == RPCStatusCode.NOT_FOUND


async def test_a_server_without_schedules_fails_fast_and_the_cycle_goes_on(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    env, task_queue = time_skipping_env, unique_name("no-schedules")
    activities = [a for a in stand_ins.all() if a != stand_ins.ensure_connection_schedules]
    async with Worker(
        env.client,
        task_queue=task_queue,
        workflows=[ConnectionWorkflow],
        activities=[*activities, ensure_connection_schedules_activity],
    ):
        handle = await env.client.start_workflow(
            ConnectionWorkflow.run,
            ConnectionWorkflowInput(connection_id="conn-1"),
            id=unique_name(connection_workflow_id("conn-1")),
            task_queue=task_queue,
        )
        await env.sleep(timedelta(minutes=1))
        view = await handle.query(ConnectionWorkflow.status)
        history = await handle.fetch_history()
        await handle.signal(ConnectionWorkflow.disconnect)
        ended = await handle.result()

    assert ended.subscriptions_deleted == 1, "nothing to delete on such a server: the disconnect goes on"

    assert (view.status, view.token_refreshes, view.subscribed) == ("active", 1, True)
    failures = [e for e in history.events if e.HasField("activity_task_failed_event_attributes")]
    assert len(failures) == 1
    failure = failures[0].activity_task_failed_event_attributes.failure
    assert failure.application_failure_info.type == "SchedulesUnsupported"
    assert failure.application_failure_info.non_retryable


async def test_the_deploy_command_creates_missing_schedules_and_keeps_tuned_ones(
    local_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    client, task_queue = local_env.client, unique_name("deploy")
    engine = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
    create_schema(engine)
    connection = add_connection(engine, zoho_org_id=unique_name("org"))
    tuned = ConnectionSettings(sweep_interval_minutes=40)
    ids = await ensure_connection_schedules(client, connection.id, task_queue=task_queue, settings=tuned, paused=False)
    missing = SCHEDULE_KINDS[-1].schedule_id(connection.id)
    await client.get_schedule_handle(missing).delete()
    try:
        ensured = await ensure_pipeline_schedules(client, ConnectionRepo(engine), task_queue=task_queue)

        assert sorted(ensured) == sorted(ids)
        kept = await described(client, BILL_POLL.schedule_id(connection.id))
        assert kept.schedule.spec.intervals == [ScheduleIntervalSpec(every=timedelta(minutes=40))]
        created = await described(client, missing)
        default = SCHEDULE_KINDS[-1].interval(ConnectionSettings())
        assert created.schedule.spec.intervals == [ScheduleIntervalSpec(every=default)]
    finally:
        await delete_connection_schedules(client, connection.id)
        engine.dispose()


async def test_a_disconnect_whose_schedules_cannot_be_deleted_fails_before_removing_anything(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    async for run in start(time_skipping_env, stand_ins):
        await run.skip(timedelta(minutes=1))
        # the first refusal may meet the start's ensure instead (then logged, retried later): the deletion meets one
        stand_ins.errors["ensure_connection_schedules"] = [PayloadRejected("refused", service="Temporal")] * 2
        await run.handle.signal(ConnectionWorkflow.disconnect)

        with pytest.raises(WorkflowFailureError):
            await run.handle.result()

        assert "deleted" not in [r.target for r in stand_ins.schedules]
        assert stand_ins.count("remove_bill_subscriptions") == 0
