"""Purchase orders on the emulators and the time-skipping server: recorded in the audit trail (no BILL target),
their number carried onto bills converted from them, and BILL never asked for a PO endpoint."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from activities.purchase_orders import NO_BILL_TARGET_REASON, PurchaseOrderAuditInput
from cli.demo import DemoConnection
from tests.account_sync.conftest import connector_worker
from tests.e2e.conftest import Seeded
from tests.temporal_env import unique_name
from worker.schedules import PURCHASE_ORDER_AUDIT, SCHEDULE_KINDS
from workflows.purchase_order_audit import PurchaseOrderAuditWorkflow, purchase_order_audit_workflow_id

UK = "UK Ltd"


def _order(seeded: Seeded, demo: DemoConnection, number: str, status: str) -> str:
    account_id = next(iter(demo.zoho_account_ids.values()))
    return seeded.zoho.add_purchase_order(
        demo.zoho_org_id,
        vendor_id=demo.zoho_vendor_id,
        purchaseorder_number=number,
        status=status,
        currency_code=demo.company.currency,
        line_items=[{"account_id": account_id, "description": "Paper", "quantity": "10", "rate": 4.5}],
    )


async def test_purchase_orders_are_audited_with_no_bill_target_and_never_reach_bill(
    seeded: Seeded, time_skipping_env: WorkflowEnvironment
) -> None:
    demo = seeded.demos[UK]
    open_po = _order(seeded, demo, "PO-OPEN-1", "open")
    billed_po = _order(seeded, demo, "PO-BILLED-2", "billed")
    params = PurchaseOrderAuditInput(connection_id=demo.connection_id)
    async with connector_worker(time_skipping_env, seeded) as task_queue:
        first = await time_skipping_env.client.execute_workflow(
            PurchaseOrderAuditWorkflow.run, params, id=unique_name("po"), task_queue=task_queue
        )
        second = await time_skipping_env.client.execute_workflow(
            PurchaseOrderAuditWorkflow.run, params, id=unique_name("po"), task_queue=task_queue
        )
    assert (first.listed, first.written, first.no_bill_target, first.converted) == (2, 2, 1, 1)
    assert second.written == 0
    records = seeded.store.records
    waiting = records.get(demo.zoho_org_id, "purchase_order", open_po)
    converted = records.get(demo.zoho_org_id, "purchase_order", billed_po)
    assert waiting is not None
    assert converted is not None
    assert (waiting.status, waiting.last_error) == ("no_bill_target", NO_BILL_TARGET_REASON)
    assert converted.status == "skipped"
    [event] = [e for e in seeded.store.audit.events(waiting.id) if e.kind == "purchase_order_recorded"]
    assert event.detail["purchaseorder_number"] == "PO-OPEN-1"
    assert seeded.bill.request_log == []  # nothing about a PO is sent to BILL


def test_the_purchase_order_audit_is_a_per_connection_schedule() -> None:
    assert PURCHASE_ORDER_AUDIT in SCHEDULE_KINDS
    assert PURCHASE_ORDER_AUDIT.schedule_id("c-1") == purchase_order_audit_workflow_id("c-1")
