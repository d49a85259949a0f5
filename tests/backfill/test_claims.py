"""Layer 1 of exactly-once for bulk creates: while a backfill holds a bill's keyed id, its webhook only
signals the claim (no `BillSyncWorkflow` runs beside the bulk create); the released claim continues as the
bill's `BillSyncWorkflow`, which syncs the bill once."""

from __future__ import annotations

import pytest
from temporalio.client import WorkflowExecutionStatus

from activities.backfill.claims import BillClaims
from common.models import BillSyncInput
from tests.backfill.conftest import BackfillStack
from workflows.backfill_claim import BillClaimWorkflow
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id

pytestmark = pytest.mark.temporal


async def test_a_webhook_during_a_claim_only_signals_it_and_the_release_hands_over(
    backfill_stack: BackfillStack,
) -> None:
    stack = backfill_stack
    demo, client = stack.demo, stack.env.client
    (zoho_bill_id,) = stack.add_bills(1)
    params = BillSyncInput(
        connection_id=demo.connection_id, zoho_org_id=demo.zoho_org_id, zoho_bill_id=zoho_bill_id, trigger="backfill"
    )
    claims = BillClaims(client, task_queue=stack.seeded.settings.task_queue, owner="test-backfill")
    assert await claims.claim(params) == "claimed"
    assert await claims.claim(params) == "held", "the same owner recognises its claim"
    other = BillClaims(client, task_queue=stack.seeded.settings.task_queue, owner="another-backfill")

    assert await stack.seeded.zoho.flush_webhooks(stack.gateway) == [202]
    assert await other.claim(params) == "handed_over"
    handle = client.get_workflow_handle(bill_workflow_id(demo.zoho_org_id, zoho_bill_id))
    described = await handle.describe()
    assert described.workflow_type == BillClaimWorkflow.__name__, "the webhook did not start a second execution"
    assert described.status == WorkflowExecutionStatus.RUNNING
    assert stack.bill_bills() == []

    await claims.release(params, None)
    result = await client.get_workflow_handle_for(BillSyncWorkflow.run, handle.id).result()
    assert result.status == "synced"
    assert (await handle.describe()).workflow_type == BillSyncWorkflow.__name__
    assert [b["id"] for b in stack.bill_bills()] == [result.bill_bill_id]
