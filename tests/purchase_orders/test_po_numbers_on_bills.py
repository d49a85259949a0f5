"""A bill converted from a Zoho purchase order carries the PO's number to BILL's `purchaseOrderNumber`, even
when Zoho's bill names the PO by id only; BILL is never asked for a PO endpoint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from temporalio.testing import WorkflowEnvironment

from common.models import BillSyncInput
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.purchase_orders.test_purchase_orders import UK, _order
from tests.temporal_env import unique_name
from workflows.bill_sync import BillSyncWorkflow


def _assert_no_purchase_order_endpoint(seeded: Seeded) -> None:
    assert seeded.bill.request_log  # the bill did reach BILL
    assert not any("purchase" in r.path.lower() for r in seeded.bill.request_log)
    assert not any(r.status == 404 for r in seeded.bill.request_log)


async def test_a_bill_converted_from_a_purchase_order_carries_its_number(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    po_id = _order(seeded, demo, "PO-CONV-9", "billed")
    today = datetime.now(UTC).date()
    line = demo.company.lines[0]
    bill_id = seeded.zoho.add_bill(
        demo.zoho_org_id,
        vendor_id=demo.zoho_vendor_id,
        bill_number="UK-FROM-PO",
        date=today,
        due_date=today + timedelta(days=30),
        currency_code=demo.company.currency,
        purchaseorder_ids=[po_id],
        line_items=[{"account_id": demo.zoho_account_ids[line.zoho_account], "quantity": 1, "rate": 45.0}],
    )
    params = BillSyncInput(
        connection_id=demo.connection_id, zoho_org_id=demo.zoho_org_id, zoho_bill_id=bill_id, trigger="replay"
    )
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        result = await time_skipping_env.client.execute_workflow(
            BillSyncWorkflow.run, params, id=unique_name("bill"), task_queue=task_queue
        )
    assert result.status == "synced"
    [created] = seeded.bill_bills(demo, "UK-FROM-PO")
    assert created["purchaseOrderNumber"] == "PO-CONV-9"
    _assert_no_purchase_order_endpoint(seeded)
