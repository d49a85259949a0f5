"""BILL request bodies built from workflow DTOs (pure; the field mapping itself is in `workflows.bill_mapping`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from clients.bill import (
    BillBillCreate,
    BillBillReplace,
    BillInvoice,
    BillLineClassifications,
    BillLineItemChange,
    BillLineItemInput,
    BillVendorCreate,
)
from common.models import BillDraft, BillLineDraft, VendorRequest


def content_hash(draft: BillDraft) -> str:
    """Fingerprint of what was sent to BILL: an edit whose draft has the same fingerprint needs no write."""
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
        bill_line_items=[BillLineItemInput(**_line_fields(line)) for line in draft.lines],
    )


def bill_replace(draft: BillDraft, existing_line_ids: Sequence[str]) -> BillBillReplace:
    """The `PUT /v3/bills/{billId}` body that makes a BILL bill equal to `draft`.

    Lines are matched by position: the n-th draft line reuses the n-th existing line id (BILL keeps and
    changes that line), extra draft lines carry no id (BILL adds them), and existing lines beyond the
    draft's are left out (PUT removes them).
    """
    return BillBillReplace(
        vendor_id=draft.vendor_id,
        due_date=draft.due_date,
        invoice=BillInvoice(invoice_number=draft.invoice_number, invoice_date=draft.invoice_date),
        description=draft.description,
        purchase_order_number=draft.purchase_order_number,
        bill_line_items=[
            BillLineItemChange(id=existing_line_ids[i] if i < len(existing_line_ids) else None, **_line_fields(line))
            for i, line in enumerate(draft.lines)
        ],
    )


def _line_fields(line: BillLineDraft) -> dict[str, Any]:
    return {
        "amount": line.amount,
        "description": line.description,
        "quantity": line.quantity,
        "price": line.price,
        "classifications": BillLineClassifications(chart_of_account_id=line.chart_of_account_id),
    }
