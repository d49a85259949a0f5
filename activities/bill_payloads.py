"""BILL request bodies built from workflow DTOs (pure; the field mapping itself is in `workflows.bill_mapping`)."""

from __future__ import annotations

import hashlib

from clients.bill import BillBillCreate, BillInvoice, BillLineClassifications, BillLineItemInput, BillVendorCreate
from common.models import BillDraft, VendorRequest


def content_hash(draft: BillDraft) -> str:
    """Fingerprint of what was sent to BILL (later issues compare it to detect Zoho edits)."""
    return hashlib.sha256(draft.model_dump_json().encode()).hexdigest()


def vendor_create(request: VendorRequest) -> BillVendorCreate:
    """A BILL business vendor named like the Zoho vendor, billed in the Zoho bill's currency."""
    return BillVendorCreate(name=request.name, account_type="BUSINESS", bill_currency=request.currency_code or None)


def bill_create(draft: BillDraft) -> BillBillCreate:
    """The `POST /v3/bills` body for a draft."""
    return BillBillCreate(
        vendor_id=draft.vendor_id,
        due_date=draft.due_date,
        invoice=BillInvoice(invoice_number=draft.invoice_number, invoice_date=draft.invoice_date),
        description=draft.description,
        purchase_order_number=draft.purchase_order_number,
        bill_line_items=[
            BillLineItemInput(
                amount=line.amount,
                description=line.description,
                quantity=line.quantity,
                price=line.price,
                classifications=BillLineClassifications(chart_of_account_id=line.chart_of_account_id),
            )
            for line in draft.lines
        ],
    )
