"""The bill workflow and `ml-connector skip`: it ends `skipped` without writing when signalled mid-run, or when the
fetch reports the record operator-skipped (stand-in activities on the time-skipping server)."""

from __future__ import annotations

import asyncio

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.models import BillSyncInput
from tests.temporal_env import unique_name
from tests.workflows.conftest import time_skipping_env  # noqa: F401 (fixture, requested by name below)
from tests.workflows.factories import zoho_bill
from tests.workflows.stand_ins import StandInActivities
from workflows.bill_sync import OPERATOR_SKIP_SIGNAL, BillSyncWorkflow
from workflows.bill_sync_start import signal_with_start_bill_sync

pytestmark = pytest.mark.temporal


@pytest.fixture
def test_server(request: pytest.FixtureRequest) -> WorkflowEnvironment:
    """The time-skipping test server."""
    value: WorkflowEnvironment = request.getfixturevalue("time_skipping_env")
    return value


WRITES = ("ensure_bill_vendor", "map_bill_accounts", "create_bill_bill", "record_bill_outcome")


def _params() -> BillSyncInput:
    return BillSyncInput(
        connection_id="conn-1", zoho_org_id="org-1", zoho_bill_id=unique_name("bill"), trigger="webhook"
    )


async def test_a_skip_signalled_mid_run_ends_the_run_skipped_without_writes(test_server: WorkflowEnvironment) -> None:
    env, gate = test_server, asyncio.Event()
    stand_ins = StandInActivities(fetch_gate=gate)
    task_queue, params = unique_name("skip"), _params()
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        handle = await signal_with_start_bill_sync(env.client, params, task_queue=task_queue)
        while not stand_ins.called("fetch_zoho_bill"):
            await asyncio.sleep(0.02)
        await handle.signal(OPERATOR_SKIP_SIGNAL, "paid by card")
        await signal_with_start_bill_sync(env.client, params, task_queue=task_queue)  # an edit arrives too
        gate.set()
        result = await env.client.get_workflow_handle_for(BillSyncWorkflow.run, handle.id).result()
        description = await env.client.get_workflow_handle(handle.id).describe()

    assert (result.status, result.reason) == ("skipped", "skipped by operator: paid by card")
    assert not [name for name in stand_ins.names() if name in WRITES]
    assert description.run_id == handle.result_run_id, "an operator skip does not continue as new"


async def test_a_record_skipped_before_the_run_is_reported_at_fetch(test_server: WorkflowEnvironment) -> None:
    env = test_server
    stand_ins = StandInActivities(bill=zoho_bill(operator_skip="duplicate of 4711"))
    task_queue = unique_name("skip")
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        handle = await signal_with_start_bill_sync(env.client, _params(), task_queue=task_queue)
        result = await env.client.get_workflow_handle_for(BillSyncWorkflow.run, handle.id).result()

    assert (result.status, result.reason) == ("skipped", "skipped by operator: duplicate of 4711")
    assert stand_ins.names() == ["fetch_zoho_bill"]
