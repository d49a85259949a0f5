"""`PurchaseOrderAuditWorkflow`: record a connection's Zoho purchase orders in the audit trail.

BILL v3 has no purchase-order object, so nothing is written to BILL: each PO modified since the last pass
gets a sync record (`no_bill_target`, or `skipped` once converted to a bill). Id `purchase-orders/{connection_id}`.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.purchase_orders import PurchaseOrderActivities, PurchaseOrderAudit, PurchaseOrderAuditInput
    from workflows.options import ZOHO_READ


def purchase_order_audit_workflow_id(connection_id: str) -> str:
    """Id of a connection's purchase-order audit pass."""
    return f"purchase-orders/{connection_id}"


@workflow.defn
class PurchaseOrderAuditWorkflow:
    """One audit pass over the POs modified since the connection's cursor."""

    @workflow.run
    async def run(self, params: PurchaseOrderAuditInput) -> PurchaseOrderAudit:
        """What the pass saw and recorded."""
        return await workflow.execute_activity_method(
            PurchaseOrderActivities.record_purchase_orders, params, **ZOHO_READ
        )
