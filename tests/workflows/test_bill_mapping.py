"""The pure Zoho → BILL bill mapping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.models import AccountRef, BillVendorRef
from tests.workflows.factories import zoho_bill, zoho_line
from workflows import bill_mapping


def test_draft_maps_header_fields() -> None:
    bill = zoho_bill(purchaseorder_numbers=("PO-7", "PO-9"), reference_number="ignored when POs are linked")
    draft = bill_mapping.build_bill_draft(bill, "00901", {"acc-1": "0ca01"})
    assert draft.vendor_id == "00901"
    assert draft.invoice_number == "INV-1001"
    assert draft.invoice_date == date(2026, 11, 20)
    assert draft.due_date == date(2026, 12, 20)
    assert draft.description == "November stationery"
    assert draft.purchase_order_number == "PO-7, PO-9"


def test_draft_falls_back_to_reference_number_and_bill_date() -> None:
    draft = bill_mapping.build_bill_draft(
        zoho_bill(reference_number=" PO-42 ", due_date=None, notes="  "), "00901", {"acc-1": "0ca01"}
    )
    assert draft.purchase_order_number == "PO-42"
    assert draft.due_date == date(2026, 11, 20)
    assert draft.description is None


def test_lines_carry_amount_account_and_exact_quantity_price() -> None:
    lines = (
        zoho_line(quantity=Decimal(3), rate=Decimal("12.50"), item_total=Decimal("37.50")),
        zoho_line(
            line_item_id="line-2",
            account_id="acc-2",
            quantity=Decimal(2),
            rate=Decimal("10.00"),
            item_total=Decimal("18.00"),  # discounted: quantity x rate is not the amount
        ),
    )
    draft = bill_mapping.build_bill_draft(zoho_bill(lines=lines), "00901", {"acc-1": "0ca01", "acc-2": "0ca02"})
    first, second = draft.lines
    assert (first.amount, first.quantity, first.price, first.chart_of_account_id) == (
        Decimal("37.50"),
        Decimal(3),
        Decimal("12.50"),
        "0ca01",
    )
    assert (second.amount, second.quantity, second.price, second.chart_of_account_id) == (
        Decimal("18.00"),
        None,
        None,
        "0ca02",
    )


def test_zero_lines_are_left_out_and_accounts_are_distinct() -> None:
    lines = (
        zoho_line(),
        zoho_line(line_item_id="line-2", item_total=Decimal(0), account_id="acc-9", account_name="Unused"),
        zoho_line(line_item_id="line-3"),
    )
    bill = zoho_bill(lines=lines)
    assert bill_mapping.accounts_on(bill) == (AccountRef(zoho_account_id="acc-1", name="Office Supplies"),)
    assert len(bill_mapping.build_bill_draft(bill, "v", {"acc-1": "c"}).lines) == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", None),
        ("overdue", None),
        ("draft", "draft bills are synced once they are opened in Zoho Books"),
        ("void", "void bills are not synced"),
        ("VOID", "void bills are not synced"),
    ],
)
def test_skip_reason_by_status(status: str, expected: str | None) -> None:
    assert bill_mapping.skip_reason(zoho_bill(status=status)) == expected


def test_bill_without_positive_lines_is_skipped() -> None:
    bill = zoho_bill(lines=(zoho_line(item_total=Decimal(0)),))
    assert bill_mapping.skip_reason(bill) == "the bill has no line with a positive amount"


def test_tax_or_discount_blocks_instead_of_sending_a_wrong_amount() -> None:
    assert bill_mapping.amount_mismatch(zoho_bill()) is None
    taxed = zoho_bill(tax_total=Decimal("20.00"), total=Decimal("120.00"))
    assert bill_mapping.amount_mismatch(taxed) == (
        "line amounts add up to 100.00 but the Zoho bill total is 120.00 "
        "(tax, discount or adjustment lines have no BILL mapping yet)"
    )
    discounted = zoho_bill(lines=(zoho_line(), zoho_line(line_item_id="d", item_total=Decimal("-10.00"))))
    assert bill_mapping.amount_mismatch(discounted.model_copy(update={"total": Decimal("90.00")})) is not None


def test_currency_conflict_only_when_vendor_currency_differs() -> None:
    bill = zoho_bill(currency_code="GBP")
    assert (
        bill_mapping.currency_conflict(bill, BillVendorRef(bill_vendor_id="v", bill_currency=None, matched_by="name"))
        is None
    )
    assert (
        bill_mapping.currency_conflict(bill, BillVendorRef(bill_vendor_id="v", bill_currency="gbp", matched_by="name"))
        is None
    )
    reason = bill_mapping.currency_conflict(
        bill, BillVendorRef(bill_vendor_id="v", bill_currency="USD", matched_by="name")
    )
    assert reason == "BILL vendor v bills in USD, the Zoho bill is in GBP"


def test_unmapped_reason_names_accounts() -> None:
    reason = bill_mapping.unmapped_reason([AccountRef(zoho_account_id="a1", name="Travel")])
    assert reason == "no BILL chart-of-accounts entry for Zoho account(s): Travel (a1)"
