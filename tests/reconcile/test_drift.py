"""The pure drift rules: what the sync leaves out on purpose is not drift; mapped pairs are compared field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cli.drift import DriftKind, Links, find_drift
from clients.bill import BillBill, BillInvoice, BillLineClassifications, BillLineItem
from tests.workflows.factories import zoho_bill, zoho_line

LINKS = Links(
    bill_for_zoho_bill={"bill-1": "00n1"},
    zoho_bill_for_bill={"00n1": "bill-1"},
    vendors={"vendor-1": "00901"},
    accounts={"acc-1": "0ca1", "acc-2": "0ca2"},
)


def bill_bill(**overrides: object) -> BillBill:
    """The BILL bill the sync makes of `zoho_bill()`."""
    fields: dict[str, object] = {
        "id": "00n1",
        "vendor_id": "00901",
        "invoice": BillInvoice(invoice_number="INV-1001", invoice_date=date(2026, 11, 20)),
        "due_date": date(2026, 12, 20),
        "amount": Decimal("100.00"),
        "bill_line_items": [
            BillLineItem(
                id="line-a",
                amount=Decimal("100.00"),
                classifications=BillLineClassifications(chart_of_account_id="0ca1"),
            )
        ],
    }
    return BillBill.model_validate(fields | overrides)


def test_an_agreeing_pair_has_no_drift() -> None:
    assert find_drift([zoho_bill()], [bill_bill()], LINKS).drifts == []


def test_lines_in_another_order_and_zero_lines_are_not_drift() -> None:
    lines = (
        zoho_line(line_item_id="l2", account_id="acc-2", item_total=Decimal(40), rate=Decimal(40)),
        zoho_line(line_item_id="l0", item_total=Decimal(0), rate=Decimal(0)),
        zoho_line(line_item_id="l1", item_total=Decimal(60), rate=Decimal(60)),
    )
    bill = bill_bill(
        bill_line_items=[
            BillLineItem(
                id="a", amount=Decimal(60), classifications=BillLineClassifications(chart_of_account_id="0ca1")
            ),
            BillLineItem(
                id="b", amount=Decimal(40), classifications=BillLineClassifications(chart_of_account_id="0ca2")
            ),
        ]
    )

    assert find_drift([zoho_bill(lines=lines)], [bill], LINKS).drifts == []


def test_what_the_sync_leaves_out_is_not_zoho_only() -> None:
    unlinked = Links(bill_for_zoho_bill={}, zoho_bill_for_bill={}, vendors={}, accounts={}, skipped=frozenset({"s"}))
    left_out = [
        zoho_bill(bill_id="d", status="draft"),
        zoho_bill(bill_id="v", status="void"),
        zoho_bill(bill_id="z", lines=(zoho_line(item_total=Decimal(0), rate=Decimal(0)),)),
        zoho_bill(bill_id="s"),
    ]

    report = find_drift([*left_out, zoho_bill(bill_id="missing")], [], unlinked)

    assert [(d.kind, d.zoho_bill_id) for d in report.drifts] == [(DriftKind.ZOHO_ONLY, "missing")]


def test_a_mapped_bill_missing_or_archived_in_bill_is_zoho_only_and_archived_bills_are_not_bill_only() -> None:
    report = find_drift([zoho_bill()], [bill_bill(archived=True), bill_bill(id="00nX", archived=True)], LINKS)

    assert [(d.kind, d.zoho_bill_id, d.bill_bill_id) for d in report.drifts] == [
        (DriftKind.ZOHO_ONLY, "bill-1", "00n1")
    ]
    assert report.bill_bills == 0


def test_an_unmapped_vendor_or_account_is_reported_as_a_mismatch() -> None:
    links = Links(LINKS.bill_for_zoho_bill, LINKS.zoho_bill_for_bill, vendors={}, accounts={})

    report = find_drift([zoho_bill()], [bill_bill()], links)

    assert {(d.kind, d.zoho_value) for d in report.drifts} == {
        (DriftKind.VENDOR, "unmapped Zoho vendor vendor-1"),
        (DriftKind.ACCOUNT, "unmapped Zoho account acc-1"),
    }


def test_amounts_compare_as_numbers_and_the_bill_date_stands_in_for_a_missing_due_date() -> None:
    zoho = zoho_bill(due_date=None)

    report = find_drift([zoho], [bill_bill(amount=Decimal("100"), due_date=date(2026, 11, 20))], LINKS)

    assert report.drifts == []
    assert report.counts() == dict.fromkeys(report.counts(), 0)
