"""Builders of workflow DTOs for tests (sensible defaults, override what the test is about)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from common.models import ZohoBillLine, ZohoBillSnapshot


def zoho_line(**overrides: Any) -> ZohoBillLine:
    """A one-unit line of 100.00 on account `acc-1`."""
    fields: dict[str, Any] = {
        "line_item_id": "line-1",
        "account_id": "acc-1",
        "account_name": "Office Supplies",
        "description": "Paper",
        "quantity": Decimal(1),
        "rate": Decimal("100.00"),
        "item_total": Decimal("100.00"),
    }
    return ZohoBillLine(**(fields | overrides))


def zoho_bill(*, lines: tuple[ZohoBillLine, ...] | None = None, **overrides: Any) -> ZohoBillSnapshot:
    """An open GBP bill whose total equals its lines."""
    lines = lines if lines is not None else (zoho_line(),)
    total = sum((line.item_total for line in lines if line.item_total > 0), Decimal(0))
    fields: dict[str, Any] = {
        "bill_id": "bill-1",
        "bill_number": "INV-1001",
        "status": "open",
        "vendor_id": "vendor-1",
        "vendor_name": "Acme Supplies Ltd",
        "date": date(2026, 11, 20),
        "due_date": date(2026, 12, 20),
        "currency_code": "GBP",
        "notes": "November stationery",
        "reference_number": "",
        "purchaseorder_numbers": (),
        "sub_total": total,
        "tax_total": Decimal(0),
        "total": total,
        "line_items": lines,
    }
    return ZohoBillSnapshot(**(fields | overrides))
