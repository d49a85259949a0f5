"""`BillPollSweepWorkflow` with stand-in activities on the time-skipping server: paging, continue-as-new on
long sweeps, and a cursor stored only after every page succeeded."""

from __future__ import annotations

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.models import BillPollSweepInput, BillPollSweepResult
from tests.temporal_env import unique_name
from tests.workflows.sweep_stand_ins import STORED, StandInSweep
from workflows.bill_poll_sweep import CURSOR_OVERLAP, PAGES_PER_RUN, BillPollSweepWorkflow

pytestmark = pytest.mark.temporal


async def run_sweep(env: WorkflowEnvironment, stand_in: StandInSweep) -> tuple[BillPollSweepResult, str, str]:
    task_queue = unique_name("sweep")
    activities = stand_in.all()
    async with Worker(env.client, task_queue=task_queue, workflows=[BillPollSweepWorkflow], activities=activities):
        handle = await env.client.start_workflow(
            BillPollSweepWorkflow.run,
            BillPollSweepInput(connection_id="conn-1"),
            id=unique_name("bill-poll/conn-1"),
            task_queue=task_queue,
        )
        result = await handle.result()
        last_run = (await env.client.get_workflow_handle(handle.id).describe()).run_id
    assert handle.result_run_id is not None
    assert last_run is not None
    return result, handle.result_run_id, last_run


async def test_every_page_is_swept_from_the_stored_cursor(time_skipping_env: WorkflowEnvironment) -> None:
    stand_in = StandInSweep(pages=3)
    result, first_run, last_run = await run_sweep(time_skipping_env, stand_in)

    assert [r.page for r in stand_in.requests] == [1, 2, 3]
    assert {r.modified_since for r in stand_in.requests} == {STORED}
    assert (result.listed, result.started) == (9, 3)
    (advanced,) = stand_in.advanced
    assert result.modified_since == advanced.modified_since
    assert advanced.modified_since is not None
    assert advanced.modified_since > STORED - CURSOR_OVERLAP, "the sweep's start time, less the overlap"
    assert first_run == last_run


async def test_a_long_sweep_continues_as_new_and_keeps_its_totals(time_skipping_env: WorkflowEnvironment) -> None:
    stand_in = StandInSweep(pages=PAGES_PER_RUN + 2, per_page=1)
    result, first_run, last_run = await run_sweep(time_skipping_env, stand_in)

    assert [r.page for r in stand_in.requests] == list(range(1, PAGES_PER_RUN + 3))
    assert {r.modified_since for r in stand_in.requests} == {STORED}, "the continuation reads from the same cursor"
    assert (result.listed, result.started) == (PAGES_PER_RUN + 2, PAGES_PER_RUN + 2)
    assert len(stand_in.advanced) == 1
    assert last_run != first_run


async def test_a_failed_page_leaves_the_cursor_where_it_was(time_skipping_env: WorkflowEnvironment) -> None:
    stand_in = StandInSweep(pages=3, failing=2)
    with pytest.raises(WorkflowFailureError):
        await run_sweep(time_skipping_env, stand_in)
    assert [r.page for r in stand_in.requests] == [1, 2]
    assert stand_in.advanced == []
