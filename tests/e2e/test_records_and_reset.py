"""`status` and `replay` on a synced bill, and Temporal reset: re-running a completed bill workflow from its
first workflow task (as `temporal workflow reset` does) never creates a second BILL bill."""

from __future__ import annotations

import uuid

import pytest
from rich.console import Console
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import EventType
from temporalio.api.workflowservice.v1 import ResetWorkflowExecutionRequest

from cli.demo import add_demo_bill
from cli.records import find_record, load_report, replay_record, report_tables
from tests.e2e.conftest import Stack
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


async def test_status_shows_record_trail_and_workflow_by_either_key(stack: Stack) -> None:
    seeded = stack.seeded
    uk = seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(seeded.zoho, uk)
    assert await stack.deliver_webhooks() == [202]
    result = await stack.result(uk, zoho_bill)
    workflow_id = bill_workflow_id(uk.zoho_org_id, zoho_bill)

    by_workflow = await load_report(seeded.store.records, seeded.store.audit, stack.env.client, workflow_id)
    assert by_workflow is not None
    by_id = await load_report(seeded.store.records, seeded.store.audit, stack.env.client, by_workflow.record.id)
    assert by_id is not None
    assert by_id.record == by_workflow.record
    assert [event.kind for event in by_id.events] == [
        "fetched",
        "vendor_matched",
        "accounts_mapped",
        "creating",
        "synced",
    ]
    assert by_id.events[1].detail["matched_by"] == "name"
    assert by_id.workflow is not None
    assert (by_id.workflow.status, by_id.workflow.sync_status, by_id.workflow.bill_bill_id) == (
        "COMPLETED",
        "synced",
        result.bill_bill_id,
    )

    console = Console(record=True, width=200)
    for table in report_tables(by_id):
        console.print(table)
    text = console.export_text()
    assert workflow_id in text
    assert str(result.bill_bill_id) in text
    assert "creating" in text
    assert await load_report(seeded.store.records, seeded.store.audit, stack.env.client, "bill/nope/0") is None


async def test_replay_starts_a_new_run_that_finds_the_bill(stack: Stack) -> None:
    seeded = stack.seeded
    ie = seeded.demos["Ireland Ltd"]
    zoho_bill = add_demo_bill(seeded.zoho, ie)
    assert await stack.deliver_webhooks() == [202]
    first = await stack.result(ie, zoho_bill)
    record = find_record(seeded.store.records, bill_workflow_id(ie.zoho_org_id, zoho_bill))
    assert record is not None

    run_id = await replay_record(stack.env.client, record, task_queue=seeded.settings.task_queue)
    replayed = await stack.result(ie, zoho_bill)

    assert run_id is not None
    handle = stack.env.client.get_workflow_handle(bill_workflow_id(ie.zoho_org_id, zoho_bill), run_id=run_id)
    history = await handle.fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    assert b"replay" in started.input.payloads[0].data
    assert (replayed.status, replayed.bill_bill_id) == ("synced", first.bill_bill_id)
    assert len(seeded.bill_bills(ie, "IE-2001")) == 1


async def test_reset_to_the_first_workflow_task_never_duplicates_the_bill(stack: Stack) -> None:
    seeded = stack.seeded
    uk = seeded.demos["UK Ltd"]
    zoho_bill = add_demo_bill(seeded.zoho, uk)
    assert await stack.deliver_webhooks() == [202]
    first = await stack.result(uk, zoho_bill)
    handle = stack.env.client.get_workflow_handle(bill_workflow_id(uk.zoho_org_id, zoho_bill))
    history = await handle.fetch_history()
    first_task = next(e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    described = await handle.describe()

    reset = await stack.env.client.workflow_service.reset_workflow_execution(
        ResetWorkflowExecutionRequest(
            namespace=stack.env.client.namespace,
            workflow_execution=WorkflowExecution(workflow_id=handle.id, run_id=described.run_id),
            reason="test: re-run every activity of a completed bill workflow",
            workflow_task_finish_event_id=first_task.event_id,
            request_id=str(uuid.uuid4()),
        )
    )
    after = await stack.env.client.get_workflow_handle_for(
        BillSyncWorkflow.run, handle.id, run_id=reset.run_id
    ).result()

    assert reset.run_id != described.run_id
    assert (after.status, after.bill_bill_id) == ("synced", first.bill_bill_id)
    assert len(seeded.bill_bills(uk, "UK-1001")) == 1
    reset_history = await stack.env.client.get_workflow_handle(handle.id, run_id=reset.run_id).fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in reset_history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]
    assert scheduled[0] == "fetch_zoho_bill", "the reset run re-executed the activities from the start"
