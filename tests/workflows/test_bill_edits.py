"""Edits and duplicates in `BillSyncWorkflow`: database-answered duplicates, update outcomes, and an edit
that arrives while a run is in flight (signal-with-start → continue-as-new), on the time-skipping server."""

from __future__ import annotations

import asyncio

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.errors import PayloadRejected
from common.models import BillSyncInput, BillSyncResult, CreatedBill, UnchangedAnswer
from tests.temporal_env import unique_name
from tests.workflows.stand_ins import StandInActivities
from workflows.bill_sync import BillSyncWorkflow
from workflows.bill_sync_start import signal_with_start_bill_sync
from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS, ZOHO_BILL_ID, ZOHO_ORG_ID

pytestmark = pytest.mark.temporal


def params() -> BillSyncInput:
    return BillSyncInput(
        connection_id="conn-1", zoho_org_id=unique_name("org"), zoho_bill_id="bill-1", trigger="webhook"
    )


async def run(env: WorkflowEnvironment, stand_ins: StandInActivities) -> BillSyncResult:
    task_queue = unique_name("bill-edits")
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        handle = await signal_with_start_bill_sync(env.client, params(), task_queue=task_queue)
        return await handle.result()


async def test_an_unchanged_synced_bill_is_answered_from_the_database(time_skipping_env: WorkflowEnvironment) -> None:
    stand_ins = StandInActivities(unchanged=UnchangedAnswer(bill_bill_id="00n01OLD"))
    result = await run(time_skipping_env, stand_ins)
    assert result == BillSyncResult(status="synced", bill_bill_id="00n01OLD", reason="already synced")
    assert stand_ins.names() == ["fetch_zoho_bill", "find_unchanged_sync"], "no BILL lookup, no write"
    (query,) = stand_ins.called("find_unchanged_sync")
    assert query.bill == stand_ins.bill


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        ("updated", "updated from a Zoho edit"),
        ("locked", "the BILL bill is paid, scheduled or archived; the Zoho edit was not applied"),
    ],
)
async def test_edit_outcomes_are_reported(time_skipping_env: WorkflowEnvironment, outcome: str, reason: str) -> None:
    stand_ins = StandInActivities(created=CreatedBill.model_validate({"bill_bill_id": "00n01", "outcome": outcome}))
    result = await run(time_skipping_env, stand_ins)
    assert result == BillSyncResult(status="synced", bill_bill_id="00n01", reason=reason)


async def test_an_edit_arriving_mid_run_is_synced_after_it(time_skipping_env: WorkflowEnvironment) -> None:
    env = time_skipping_env
    gate = asyncio.Event()
    stand_ins = StandInActivities(fetch_gate=gate)
    task_queue = unique_name("bill-edits")
    started = params()
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        first = await signal_with_start_bill_sync(env.client, started, task_queue=task_queue)
        while not stand_ins.called("fetch_zoho_bill"):
            await asyncio.sleep(0.02)
        second = await signal_with_start_bill_sync(env.client, started, task_queue=task_queue)
        assert second.result_run_id == first.result_run_id, "the running execution was signalled, not replaced"
        gate.set()
        result = await env.client.get_workflow_handle_for(BillSyncWorkflow.run, first.id).result()

    assert result.status == "synced"
    assert len(stand_ins.called("fetch_zoho_bill")) == 2, "the edit made the workflow fetch and sync again"
    description = await env.client.get_workflow_handle(first.id).describe()
    assert description.run_id != first.result_run_id, "the second pass ran as a continued-as-new run"


async def test_duplicate_starts_before_the_fetch_do_not_loop(time_skipping_env: WorkflowEnvironment) -> None:
    env = time_skipping_env
    stand_ins = StandInActivities()
    task_queue = unique_name("bill-edits")
    started = params()
    handles = [await signal_with_start_bill_sync(env.client, started, task_queue=task_queue) for _ in range(3)]
    assert len({h.result_run_id for h in handles}) == 1
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        assert (await handles[0].result()).status == "synced"
    assert len(stand_ins.called("fetch_zoho_bill")) == 1


async def test_search_attributes_show_the_bill_and_its_state(time_skipping_env: WorkflowEnvironment) -> None:
    env = time_skipping_env
    task_queue = unique_name("bill-edits")
    started = params()
    async with Worker(
        env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=StandInActivities().all()
    ):
        handle = await signal_with_start_bill_sync(env.client, started, task_queue=task_queue)
        await handle.result()
    attributes = (await handle.describe()).typed_search_attributes
    assert attributes.get(ZOHO_ORG_ID) == started.zoho_org_id
    assert attributes.get(ZOHO_BILL_ID) == started.zoho_bill_id
    assert attributes.get(BILL_BILL_ID) == "00n01BILL"
    assert attributes.get(SYNC_STATUS) == "synced"


async def test_a_failed_pass_with_a_newer_edit_pending_tries_the_new_version(
    time_skipping_env: WorkflowEnvironment,
) -> None:
    env = time_skipping_env
    gate = asyncio.Event()
    stand_ins = StandInActivities(fetch_gate=gate, errors={"create_bill_bill": [PayloadRejected("dueDate is invalid")]})
    task_queue = unique_name("bill-edits")
    started = params()
    async with Worker(env.client, task_queue=task_queue, workflows=[BillSyncWorkflow], activities=stand_ins.all()):
        first = await signal_with_start_bill_sync(env.client, started, task_queue=task_queue)
        while not stand_ins.called("fetch_zoho_bill"):
            await asyncio.sleep(0.02)
        await signal_with_start_bill_sync(env.client, started, task_queue=task_queue)
        gate.set()
        result = await env.client.get_workflow_handle_for(BillSyncWorkflow.run, first.id).result()

    assert result.status == "synced", "the edited bill synced on the next pass"
    assert [o.status for o in stand_ins.called("record_bill_outcome")] == ["failed"]
    assert len(stand_ins.called("create_bill_bill")) == 2
