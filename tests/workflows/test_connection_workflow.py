"""`ConnectionWorkflow` on the time-skipping server with scripted stand-in activities: cycle, health,
updates and their validators, continue-as-new, disconnect."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from temporalio import activity
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.connection_models import (
    ConnectionRef,
    ConnectionResult,
    ConnectionSchedulesRequest,
    ConnectionSchedulesResult,
    ConnectionSettings,
    ConnectionWorkflowInput,
    GrantTokenResult,
    HealthChange,
    SubscriptionRemoval,
    SubscriptionsResult,
)
from activities.errors import to_application_error
from common.errors import AuthRejected, SyncError, Unavailable
from tests.temporal_env import unique_name
from workflows.connection import REFRESH_INTERVAL, ConnectionWorkflow, connection_workflow_id

pytestmark = pytest.mark.temporal

EXPIRES = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


@dataclass
class StandIns:
    """Answers like the real activities; `errors[name]` raises queued errors first."""

    errors: dict[str, list[SyncError]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    health: list[HealthChange] = field(default_factory=list)
    schedules: list[ConnectionSchedulesRequest] = field(default_factory=list)

    def _called(self, name: str) -> None:
        self.calls.append(name)
        queued = self.errors.get(name)
        if queued:
            raise to_application_error(queued.pop(0))

    def count(self, name: str) -> int:
        return self.calls.count(name)

    @activity.defn(name="refresh_zoho_token")
    async def refresh_zoho_token(self, ref: ConnectionRef) -> GrantTokenResult:
        self._called("refresh_zoho_token")
        return GrantTokenResult(grant_id="grant-1", refreshed=True, expires_at=EXPIRES)

    @activity.defn(name="record_connection_health")
    async def record_connection_health(self, change: HealthChange) -> None:
        self._called("record_connection_health")
        self.health.append(change)

    @activity.defn(name="ensure_bill_subscriptions")
    async def ensure_bill_subscriptions(self, ref: ConnectionRef) -> SubscriptionsResult:
        self._called("ensure_bill_subscriptions")
        return SubscriptionsResult(subscription_ids=("sub-1",), created=1, reused=0)

    @activity.defn(name="remove_bill_subscriptions")
    async def remove_bill_subscriptions(self, ref: ConnectionRef) -> SubscriptionRemoval:
        self._called("remove_bill_subscriptions")
        return SubscriptionRemoval(deleted=1)

    @activity.defn(name="ensure_connection_schedules")
    async def ensure_connection_schedules(self, request: ConnectionSchedulesRequest) -> ConnectionSchedulesResult:
        self._called("ensure_connection_schedules")
        self.schedules.append(request)
        return ConnectionSchedulesResult(schedule_ids=("bill-poll/conn-1",), target=request.target)

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.ensure_connection_schedules,
            self.refresh_zoho_token,
            self.record_connection_health,
            self.ensure_bill_subscriptions,
            self.remove_bill_subscriptions,
        ]


@dataclass
class Running:
    env: WorkflowEnvironment
    stand_ins: StandIns
    handle: WorkflowHandle[ConnectionWorkflow, ConnectionResult]

    async def skip(self, delta: timedelta) -> None:
        await self.env.sleep(delta)

    async def status(self) -> str:
        return (await self.handle.query(ConnectionWorkflow.status)).status


@pytest.fixture
def stand_ins() -> StandIns:
    return StandIns()


async def start(env: WorkflowEnvironment, stand_ins: StandIns, **fields: Any) -> AsyncIterator[Running]:
    task_queue = unique_name("connection")
    params = ConnectionWorkflowInput(connection_id="conn-1", **fields)
    async with Worker(env.client, task_queue=task_queue, workflows=[ConnectionWorkflow], activities=stand_ins.all()):
        handle = await env.client.start_workflow(
            ConnectionWorkflow.run,
            params,
            id=unique_name(connection_workflow_id("conn-1")),
            task_queue=task_queue,
        )
        yield Running(env, stand_ins, handle)
        latest = env.client.get_workflow_handle(handle.id)
        if (await latest.describe()).status == WorkflowExecutionStatus.RUNNING:
            await latest.terminate("test over")


@pytest.fixture
async def running(time_skipping_env: WorkflowEnvironment, stand_ins: StandIns) -> AsyncIterator[Running]:
    async for run in start(time_skipping_env, stand_ins):
        yield run


def test_workflow_id_is_the_business_key() -> None:
    assert connection_workflow_id("c-42") == "connection/c-42"


async def test_refreshes_once_per_cycle_and_subscribes_once(running: Running) -> None:
    await running.skip(REFRESH_INTERVAL * 3 + timedelta(minutes=1))

    view = await running.handle.query(ConnectionWorkflow.status)
    assert running.stand_ins.count("refresh_zoho_token") == 4
    assert running.stand_ins.count("ensure_bill_subscriptions") == 1
    assert (view.status, view.subscribed, view.token_refreshes, view.token_expires_at) == ("active", True, 4, EXPIRES)


async def test_revoked_token_means_needs_reauth_and_no_more_token_requests(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    stand_ins.errors["refresh_zoho_token"] = [AuthRejected("token request failed: invalid_code", service="Zoho")]
    async for run in start(time_skipping_env, stand_ins):
        await run.skip(REFRESH_INTERVAL * 5)

        assert await run.status() == "needs_reauth"
        assert stand_ins.count("refresh_zoho_token") == 1
        assert [h.status for h in stand_ins.health] == ["needs_reauth"]

        view = await run.handle.execute_update(ConnectionWorkflow.reauth_complete)
        await run.skip(timedelta(minutes=1))

        assert view.status == "active"
        assert stand_ins.count("refresh_zoho_token") == 2
        assert [h.status for h in stand_ins.health] == ["needs_reauth", "active"]


async def test_transient_refresh_failure_keeps_the_connection_active(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    stand_ins.errors["refresh_zoho_token"] = [Unavailable("down", service="Zoho")] * 20
    async for run in start(time_skipping_env, stand_ins):
        await run.skip(timedelta(minutes=30))
        assert await run.status() == "active"
        assert stand_ins.health == []


async def test_pause_stops_token_requests_until_resume(running: Running) -> None:
    await running.skip(timedelta(minutes=1))
    paused = await running.handle.execute_update(ConnectionWorkflow.pause)
    before = running.stand_ins.count("refresh_zoho_token")

    await running.skip(REFRESH_INTERVAL * 4)

    assert paused.status == "paused"
    assert running.stand_ins.count("refresh_zoho_token") == before
    resumed = await running.handle.execute_update(ConnectionWorkflow.resume)
    await running.skip(timedelta(minutes=1))
    assert resumed.status == "active"
    assert running.stand_ins.count("refresh_zoho_token") == before + 1
    assert [(h.status, h.reason) for h in running.stand_ins.health] == [
        ("paused", "paused by an operator"),
        ("active", None),
    ]


async def test_validators_reject_before_history(running: Running) -> None:
    await running.skip(timedelta(minutes=1))  # the test server mishandles updates that race the first task
    with pytest.raises(WorkflowUpdateFailedError):
        await running.handle.execute_update(ConnectionWorkflow.resume)
    with pytest.raises(WorkflowUpdateFailedError):
        await running.handle.execute_update(
            ConnectionWorkflow.update_settings, ConnectionSettings(sweep_interval_minutes=1)
        )

    history = await running.handle.fetch_history()
    assert not [e for e in history.events if e.HasField("workflow_execution_update_accepted_event_attributes")]


async def test_settings_update_is_applied(running: Running) -> None:
    await running.skip(timedelta(minutes=1))
    wanted = ConnectionSettings(sweep_interval_minutes=30, vendor_sync_interval_minutes=720)
    view = await running.handle.execute_update(ConnectionWorkflow.update_settings, wanted)
    await running.skip(timedelta(minutes=1))

    assert view.settings == wanted
    assert [(r.target, r.settings) for r in running.stand_ins.schedules] == [
        ("running", ConnectionSettings()),
        ("running", wanted),
    ]
    assert running.stand_ins.count("refresh_zoho_token") == 1, "the cycle keeps its deadline"


async def test_continues_as_new_after_max_cycles_keeping_state(
    time_skipping_env: WorkflowEnvironment, stand_ins: StandIns
) -> None:
    async for run in start(time_skipping_env, stand_ins, max_cycles=2):
        first_run = (await run.handle.describe()).run_id
        await run.skip(REFRESH_INTERVAL * 2 + timedelta(minutes=1))

        latest = time_skipping_env.client.get_workflow_handle_for(ConnectionWorkflow.run, run.handle.id)
        view = await latest.query(ConnectionWorkflow.status)
        assert (await latest.describe()).run_id != first_run
        assert (view.subscribed, view.token_refreshes) == (True, 3)
        assert stand_ins.count("ensure_bill_subscriptions") == 1


async def test_disconnect_removes_subscriptions_and_ends(running: Running) -> None:
    await running.skip(timedelta(minutes=1))
    await running.handle.signal(ConnectionWorkflow.disconnect)

    result = await running.handle.result()

    assert result == ConnectionResult(connection_id="conn-1", subscriptions_deleted=1)
    assert running.stand_ins.count("remove_bill_subscriptions") == 1
