"""Zoho bill (client model) → slim workflow snapshot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from activities.zoho_snapshot import bill_snapshot
from clients.zoho import ZohoBill
from common.errors import PayloadRejected

ZOHO_BILL = {
    "bill_id": 4600001,
    "bill_number": "UK-1001",
    "vendor_id": "460000000012345",
    "vendor_name": "Acme Supplies Ltd",
    "status": "open",
    "reference_number": "REF-1",
    "date": "2026-11-20",
    "due_date": "",
    "currency_code": "GBP",
    "sub_total": 150.5,
    "tax_total": 0,
    "total": 150.5,
    "notes": "memo",
    "billing_address": {"address": "1 High St"},
    "purchaseorders": [
        {"purchaseorder_id": "1", "purchaseorder_number": "PO-7"},
        {"purchaseorder_id": "2", "purchaseorder_number": ""},
    ],
    "line_items": [
        {
            "line_item_id": "L1",
            "account_id": "A1",
            "account_name": "Office Supplies",
            "name": "Paper",
            "description": "",
            "rate": 50.25,
            "quantity": 2,
            "item_total": 100.5,
        },
        {"line_item_id": "L2", "account_id": "A2", "description": "Toner", "rate": 50, "quantity": 1, "item_total": 50},
    ],
}


def test_snapshot_keeps_only_what_the_sync_needs() -> None:
    snapshot = bill_snapshot(ZohoBill.model_validate(ZOHO_BILL))
    assert snapshot.bill_id == "4600001"
    assert (snapshot.date, snapshot.due_date) == (date(2026, 11, 20), None)
    assert snapshot.purchaseorder_numbers == ("PO-7",)
    assert snapshot.total == Decimal("150.5")
    first, second = snapshot.line_items
    assert (first.description, first.quantity, first.rate, first.item_total) == (
        "Paper",  # Zoho's item name when the description is blank
        Decimal(2),
        Decimal("50.25"),
        Decimal("100.5"),
    )
    assert (second.account_id, second.description) == ("A2", "Toner")
    assert "billing_address" not in snapshot.model_dump_json()


def test_bill_without_date_is_rejected() -> None:
    with pytest.raises(PayloadRejected):
        bill_snapshot(ZohoBill.model_validate(ZOHO_BILL | {"date": ""}))
