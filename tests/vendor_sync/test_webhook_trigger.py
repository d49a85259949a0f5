"""A BILL vendor event signal-with-starts the connection's vendor sync; a burst collapses into one workflow id."""

from __future__ import annotations

from activities.vendor_sync.models import VendorSyncResult
from tests.vendor_sync.conftest import VendorStack
from webhook_gateway.vendor_events import trigger_vendor_syncs
from workflows.vendor_sync import VendorSyncWorkflow, vendor_sync_workflow_id


async def test_a_bill_vendor_event_starts_the_vendor_sync(vendor_stack: VendorStack) -> None:
    stack, seeded = vendor_stack, vendor_stack.seeded
    stack.add_vendor("Limerick Print", email="hello@limerick.test")

    started = [
        await trigger_vendor_syncs(
            stack.env.client, seeded.store.connections, stack.demo.bill_org_id, task_queue=seeded.settings.task_queue
        )
        for _ in range(3)  # a burst of vendor.* events
    ]

    workflow_id = vendor_sync_workflow_id(stack.demo.connection_id)
    assert started == [[workflow_id]] * 3
    handle = stack.env.client.get_workflow_handle_for(VendorSyncWorkflow.run, workflow_id)
    result: VendorSyncResult = await handle.result()  # the last pass, after any continue-as-new
    assert result.connection_id == stack.demo.connection_id
    assert stack.contact_email("Limerick Print") == "hello@limerick.test"
    assert [c["contact_name"] for c in stack.contacts()].count("Limerick Print") == 1
