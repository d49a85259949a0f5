"""Backfill lifecycle on a real Temporal dev server: continue-as-new carries the cursor and counts, the progress
query answers while it runs, and a cancel stops it after the step in flight with nothing half-written."""

from __future__ import annotations

import asyncio

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import CancelledError

from activities.backfill.models import BackfillInput
from persistence.vocabulary import SyncStatus
from tests.backfill.conftest import BackfillStack
from workflows.backfill import PAGES_PER_RUN, BackfillWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


async def test_long_backfill_continues_as_new_with_its_cursor_and_counts(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    bills = 2 * PAGES_PER_RUN + 5
    stack.add_bills(bills)
    params = BackfillInput(connection_id=stack.demo.connection_id, since=stack.since(), page_size=2)
    handle = await stack.start(params)
    first_run = handle.result_run_id
    result = await handle.result()

    counts = result.counts["bills"]
    assert (counts.seen, counts.created) == (bills, bills)
    assert result.done
    assert (await handle.describe()).run_id != first_run, "the walk continued in a new run"
    assert len(stack.bill_bills()) == bills


async def test_cancel_stops_after_the_step_in_flight(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    stack.seeded.zoho.latency = 0.05  # each page takes a moment, so the cancel lands mid-walk
    ids = stack.add_bills(100)
    handle = await stack.start(BackfillInput(connection_id=stack.demo.connection_id, since=stack.since(), page_size=5))
    while ((await handle.query(BackfillWorkflow.progress)).page or 0) < 3:
        await asyncio.sleep(0.05)
    await handle.cancel()
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    assert isinstance(failure.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED

    progress = await handle.query(BackfillWorkflow.progress)
    assert progress.cancelled
    records = [stack.seeded.store.records.get(stack.demo.zoho_org_id, "bill", i) for i in ids]
    touched = [r for r in records if r is not None]
    assert touched, "some pages were done before the cancel"
    assert {r.status for r in touched} == {SyncStatus.SYNCED}, "nothing left pending or creating"
    bills = stack.bill_bills()
    assert len(bills) == len(touched) == progress.counts["bills"].created < len(ids)
    assert {b["id"] for b in bills} == {r.bill_id for r in touched}
    for record in touched:
        claim = stack.env.client.get_workflow_handle(bill_workflow_id(record.zoho_org_id, record.zoho_id))
        assert (await claim.describe()).status == WorkflowExecutionStatus.COMPLETED, "every claim was released"
