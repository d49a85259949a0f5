"""A backfill of accounts, vendors and bills: the master data first, through the connection's own sync
workflows (children under their fixed ids), then the bills in bulk; a dry run of the same writes nothing."""

from __future__ import annotations

import pytest
from temporalio.client import WorkflowExecutionStatus

from activities.backfill.models import BackfillInput
from tests.backfill.conftest import BackfillStack
from workflows.account_sync import account_sync_workflow_id
from workflows.vendor_sync import vendor_sync_workflow_id

pytestmark = pytest.mark.temporal

EVERYTHING = ("bills", "vendors", "accounts")


async def test_dry_run_of_every_entity_plans_and_writes_nothing(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    stack.add_bills(5)
    before = len(stack.seeded.bill.request_log)
    params = BackfillInput(
        connection_id=stack.demo.connection_id, since=stack.since(), entities=EVERYTHING, dry_run=True
    )
    result = await (await stack.start(params)).result()

    assert set(result.counts) == {"accounts", "vendors", "bills"}
    assert result.counts["bills"].would_create == 5
    accounts = result.counts["accounts"]
    assert accounts.adopted + accounts.would_create > 0, "the demo charts are not linked yet"
    assert (accounts.created, accounts.updated) == (0, 0)
    bill_writes = [r for r in stack.seeded.bill.request_log[before:] if r.method != "GET" and "login" not in r.path]
    assert bill_writes == []
    assert stack.seeded.store.records.list(stack.demo.connection_id) == []


async def test_master_data_runs_first_through_its_own_workflows_then_bills_in_bulk(
    backfill_stack: BackfillStack,
) -> None:
    stack = backfill_stack
    stack.add_bills(5)
    params = BackfillInput(connection_id=stack.demo.connection_id, since=stack.since(), entities=EVERYTHING)
    result = await (await stack.start(params)).result()

    connection_id = stack.demo.connection_id
    for workflow_id in (account_sync_workflow_id(connection_id), vendor_sync_workflow_id(connection_id)):
        description = await stack.env.client.get_workflow_handle(workflow_id).describe()
        assert description.status == WorkflowExecutionStatus.COMPLETED
        assert description.parent_id is not None
    assert result.counts["accounts"].adopted + result.counts["accounts"].created > 0
    assert result.counts["bills"].created == 5, "vendor and accounts were mapped before the bills: all in bulk"
    assert len(stack.bill_bills()) == 5
