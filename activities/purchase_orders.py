"""Purchase orders: BILL v3 has no purchase-order object, so a Zoho PO reaches BILL only as the free-text
`purchaseOrderNumber` of a bill converted from it; every PO is recorded in the audit trail instead.

- `purchase_order_numbers` gives a Zoho bill's PO numbers: those Zoho lists on the bill (`purchaseorders`), and
  for an id in `purchaseorder_ids` without a number there, the PO's own number (one Zoho read per such id).
- `PurchaseOrderActivities.record_purchase_orders` pages the POs modified since the connection's cursor and gives
  each a sync record (entity `purchase_order`): `no_bill_target` with the reason while it has no bill, `skipped`
  ("converted to a bill") once Zoho marks it billed. No BILL endpoint is ever called for a PO.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from temporalio import activity

from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.store import ConnectorStore
from clients.zoho import ZohoBill, ZohoBooksClient
from clients.zoho.models.purchase_orders import ZohoPurchaseOrderSummary
from common.models import ZohoBillSnapshot
from persistence.tables import Connection
from persistence.vocabulary import SyncStatus

PURCHASE_ORDER = "purchase_order"
NO_BILL_TARGET_REASON = (
    "BILL v3 has no purchase-order object; the PO reaches BILL as the purchaseOrderNumber of a bill converted from it"
)
CONVERTED_REASON = "converted to a bill; its number travels on that bill's purchaseOrderNumber"
CONVERTED_STATUSES = frozenset({"billed", "partially_billed"})
CURSOR_OVERLAP = timedelta(minutes=5)
"""The stored cursor lags the sweep's start by this much (clock skew, POs edited during the sweep)."""


class PurchaseOrderAudit(BaseModel):
    """What one audit pass saw: POs listed, records written, and how many have no BILL target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    listed: int = 0
    written: int = 0
    no_bill_target: int = 0
    converted: int = 0

    def counted(self, status: SyncStatus, *, written: bool) -> PurchaseOrderAudit:
        """This tally plus one PO in `status`."""
        return PurchaseOrderAudit(
            listed=self.listed + 1,
            written=self.written + int(written),
            no_bill_target=self.no_bill_target + int(status == SyncStatus.NO_BILL_TARGET),
            converted=self.converted + int(status == SyncStatus.SKIPPED),
        )


async def with_purchase_order_numbers(
    books: ZohoBooksClient, org_id: str, bill: ZohoBill, snapshot: ZohoBillSnapshot
) -> ZohoBillSnapshot:
    """`snapshot` with the numbers of every PO the bill was converted from (see the module docstring)."""
    known = {po.purchaseorder_id: po.purchaseorder_number for po in bill.purchaseorders if po.purchaseorder_number}
    missing = [po_id for po_id in bill.purchaseorder_ids if po_id not in known]
    if not missing:
        return snapshot
    for po_id in missing:
        known[po_id] = (await books.get_purchase_order(org_id, po_id)).purchaseorder_number
    ordered = [*dict.fromkeys([*(po.purchaseorder_id for po in bill.purchaseorders), *bill.purchaseorder_ids])]
    numbers = tuple(known[po_id] for po_id in ordered if known.get(po_id))
    return snapshot.model_copy(update={"purchaseorder_numbers": numbers})


class PurchaseOrderAuditInput(BaseModel):
    """Start of `PurchaseOrderAuditWorkflow`: one connection."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    connection_id: str


class PurchaseOrderActivities:
    """The activity of `PurchaseOrderAuditWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def record_purchase_orders(self, params: PurchaseOrderAuditInput) -> PurchaseOrderAudit:
        """Record every PO modified since the cursor, then move the cursor; a PO already recorded in the same
        state for this Zoho version is not written again. Zoho reads only: safe to retry."""
        started = datetime.now(UTC)
        with raising_application_errors():
            connection = await self._clients.connection(params.connection_id)
            zoho = await self._clients.zoho(connection)
            since = await asyncio.to_thread(self._store.cursors.get, connection.id, PURCHASE_ORDER)
            audit = PurchaseOrderAudit()
            async for order in zoho.books.iter_purchase_orders(zoho.org_id, last_modified_time=since):
                status = SyncStatus.SKIPPED if order.status in CONVERTED_STATUSES else SyncStatus.NO_BILL_TARGET
                written = await asyncio.to_thread(self._record, connection, order, status)
                audit = audit.counted(status, written=written)
            await asyncio.to_thread(
                self._store.cursors.advance, connection.id, PURCHASE_ORDER, started - CURSOR_OVERLAP
            )
        return audit

    def _record(self, connection: Connection, order: ZohoPurchaseOrderSummary, status: SyncStatus) -> bool:
        records = self._store.records
        known = records.get(connection.zoho_org_id, PURCHASE_ORDER, order.purchaseorder_id)
        modified = order.last_modified_time
        if (
            known is not None
            and known.status == status
            and known.zoho_modified_at is not None
            and modified is not None
            and known.zoho_modified_at >= modified
        ):
            return False
        info = activity.info()
        record = records.ensure(
            connection.id,
            connection.zoho_org_id,
            PURCHASE_ORDER,
            order.purchaseorder_id,
            workflow_id=info.workflow_id,
            run_id=info.workflow_run_id,
        )
        reason = CONVERTED_REASON if status == SyncStatus.SKIPPED else NO_BILL_TARGET_REASON
        records.mark_status(record.id, status, error=reason)
        if modified is not None:
            records.note_zoho_version(record.id, modified)
        detail = {"purchaseorder_number": order.purchaseorder_number, "zoho_status": order.status, "status": status}
        self._store.audit.append(record.id, "purchase_order_recorded", detail)
        return True
