"""Zoho client models → the slim snapshots that travel through Temporal (pure)."""

from __future__ import annotations

from clients.zoho import ZohoBill
from common.errors import PayloadRejected
from common.models import ZohoBillLine, ZohoBillSnapshot


def bill_snapshot(bill: ZohoBill) -> ZohoBillSnapshot:
    """The fields of a Zoho bill the sync uses; a bill without a date cannot be synced (`PayloadRejected`)."""
    if bill.date is None:
        raise PayloadRejected(f"Zoho bill {bill.bill_id} has no date", service="zoho")
    return ZohoBillSnapshot(
        bill_id=bill.bill_id,
        bill_number=bill.bill_number,
        status=bill.status,
        vendor_id=bill.vendor_id,
        vendor_name=bill.vendor_name,
        date=bill.date,
        due_date=bill.due_date,
        currency_code=bill.currency_code,
        notes=bill.notes,
        reference_number=bill.reference_number,
        purchaseorder_numbers=tuple(po.purchaseorder_number for po in bill.purchaseorders if po.purchaseorder_number),
        sub_total=bill.sub_total,
        tax_total=bill.tax_total,
        total=bill.total,
        last_modified_time=bill.last_modified_time,
        line_items=tuple(
            ZohoBillLine(
                line_item_id=line.line_item_id,
                account_id=line.account_id,
                account_name=line.account_name,
                description=line.description or line.name,
                quantity=line.quantity,
                rate=line.rate,
                item_total=line.item_total,
            )
            for line in bill.line_items
        ),
    )
