"""Pure Zoho bill → BILL bill decisions and shaping (no I/O; unit-tested without Temporal).

Field mapping (Zoho Books → BILL v3):

- `bill_number` → `invoice.invoiceNumber`; `date` → `invoice.invoiceDate`; `due_date` → `dueDate` (the bill
  date when Zoho has none).
- `notes` (the memo) → `description`.
- Numbers of the linked purchase orders → `purchaseOrderNumber` (BILL has no PO object, only this free
  text); when no PO is linked, Zoho's `reference_number` (where users type a PO reference) is used.
- Each line: `item_total` → `amount`, the mapped account → `classifications.chartOfAccountId`, `quantity` and
  `rate` → `quantity` and `price` only when they multiply to the amount (discounted lines keep just the amount).
  Zero-amount lines are left out (BILL requires amounts > 0).
- Currency: BILL bills take the vendor's `billCurrency`; a bill in another currency needs a human.
- Totals: BILL's amount is the sum of the lines, so a Zoho bill whose total differs from its line totals (tax,
  discounts, adjustments) waits in `needs_mapping` instead of reaching BILL with the wrong amount.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from common.models import (
    AccountRef,
    BillDraft,
    BillLineDraft,
    BillVendorRef,
    ZohoBillLine,
    ZohoBillSnapshot,
)

UNSYNCED_ZOHO_STATUSES: Mapping[str, str] = {
    "draft": "draft bills are synced once they are opened in Zoho Books",
    "void": "void bills are not synced",
}


def skip_reason(bill: ZohoBillSnapshot) -> str | None:
    """Why this Zoho bill must not reach BILL (yet), or None when it should."""
    reason = UNSYNCED_ZOHO_STATUSES.get(bill.status.lower())
    if reason is not None:
        return reason
    if not _billable_lines(bill):
        return "the bill has no line with a positive amount"
    return None


def amount_mismatch(bill: ZohoBillSnapshot) -> str | None:
    """A `needs_mapping` reason when the BILL lines would not add up to the Zoho total (tax, discounts, adjustments).

    Creating a bill for a different amount than the vendor invoiced is worse than waiting for a human.
    """
    lines_total = sum((line.item_total for line in _billable_lines(bill)), Decimal(0))
    if lines_total != bill.total:
        return (
            f"line amounts add up to {lines_total} but the Zoho bill total is {bill.total} "
            "(tax, discount or adjustment lines have no BILL mapping yet)"
        )
    return None


def accounts_on(bill: ZohoBillSnapshot) -> tuple[AccountRef, ...]:
    """The distinct Zoho accounts used by the bill's billable lines, in line order."""
    seen: dict[str, AccountRef] = {}
    for line in _billable_lines(bill):
        seen.setdefault(line.account_id, AccountRef(zoho_account_id=line.account_id, name=line.account_name))
    return tuple(seen.values())


def unmapped_reason(unmapped: Sequence[AccountRef]) -> str:
    """Human-readable `needs_mapping` reason naming the Zoho accounts without a BILL counterpart."""
    names = ", ".join(f"{a.name} ({a.zoho_account_id})" for a in unmapped)
    return f"no BILL chart-of-accounts entry for Zoho account(s): {names}"


def currency_conflict(bill: ZohoBillSnapshot, vendor: BillVendorRef) -> str | None:
    """A `needs_mapping` reason when the BILL vendor is billed in another currency than the Zoho bill."""
    if vendor.bill_currency and vendor.bill_currency.upper() != bill.currency_code.upper():
        return (
            f"BILL vendor {vendor.bill_vendor_id} bills in {vendor.bill_currency.upper()}, "
            f"the Zoho bill is in {bill.currency_code.upper()}"
        )
    return None


def purchase_order_number(bill: ZohoBillSnapshot) -> str | None:
    """The PO reference carried to BILL's free-text `purchaseOrderNumber`."""
    if bill.purchaseorder_numbers:
        return ", ".join(bill.purchaseorder_numbers)
    return bill.reference_number.strip() or None


def build_bill_draft(bill: ZohoBillSnapshot, vendor_id: str, chart_of_account_ids: Mapping[str, str]) -> BillDraft:
    """The BILL bill for `bill`; every billable line's account must be in `chart_of_account_ids`."""
    return BillDraft(
        vendor_id=vendor_id,
        invoice_number=bill.bill_number,
        invoice_date=bill.date,
        due_date=bill.due_date or bill.date,
        description=bill.notes.strip() or None,
        purchase_order_number=purchase_order_number(bill),
        lines=tuple(_line_draft(line, chart_of_account_ids[line.account_id]) for line in _billable_lines(bill)),
    )


def _billable_lines(bill: ZohoBillSnapshot) -> list[ZohoBillLine]:
    return [line for line in bill.line_items if line.item_total > 0]


def _line_draft(line: ZohoBillLine, chart_of_account_id: str) -> BillLineDraft:
    exact = line.quantity * line.rate == line.item_total
    return BillLineDraft(
        amount=line.item_total,
        description=line.description,
        chart_of_account_id=chart_of_account_id,
        quantity=line.quantity if exact else None,
        price=line.rate if exact else None,
    )
