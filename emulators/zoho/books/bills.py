"""Bills: vendor and account references, unique bill numbers, totals, balance and derived status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from emulators.clock import EmulatorClock
from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import Entity, currency_fields, currency_view, lookup, money, vendor
from emulators.zoho.books.lines import BILL_LINES, line_views, prepare_lines, sub_total
from emulators.zoho.errors import duplicate_number
from emulators.zoho.shapes import BILL
from emulators.zoho.state import Organization, Record
from emulators.zoho.timefmt import local_date, parse_date

BILL_STATUSES = ("draft", "open", "partially_paid", "paid", "void")
"""Stored statuses; ``overdue`` is derived from an open bill's due date."""


def _status_is(*statuses: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda view: view.get("status") in statuses


class Bills(Entity):
    """``/bills``."""

    label, plural, singular, id_field, scope = "Bill", "bills", "bill", "bill_id", "ZohoBooks.bills"
    create_shape = update_shape = BILL
    created_message = "success"
    updated_message = "Bill information has been updated."
    response_fields = documented.BILL
    summary_fields = documented.BILL_SUMMARY | {"has_attachment"}
    sort_columns = ("vendor_name", "bill_number", "date", "due_date", "total", "balance", "created_time")
    default_sort = "date"
    filters_by = {
        "Status.All": lambda view: True,
        "Status.Open": _status_is("open"),
        "Status.PartiallyPaid": _status_is("partially_paid"),
        "Status.Paid": _status_is("paid"),
        "Status.Overdue": _status_is("overdue"),
        "Status.Void": _status_is("void"),
    }
    unmodelled_params = ("description", "total", "item_id", "recurring_bill_id")
    text_filters = ("bill_number", "reference_number", "vendor_id", "vendor_name", "status")
    date_filter = modified_filter = True

    def __init__(self, clock: EmulatorClock, new_id: Callable[[], str]) -> None:
        self._clock, self._new_id = clock, new_id

    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Vendor must be a vendor, numbers unique per org, dates valid, lines' accounts known."""
        merged = {"status": "open", "payment_made": 0.0, **(existing.fields if existing else {}), **body}
        supplier = vendor(org, merged["vendor_id"])
        number = merged["bill_number"]
        for other in org.table(self.plural).values():
            if other is not existing and other.fields["bill_number"].lower() == number.lower():
                raise duplicate_number("Bill", number)
        for index, po_id in enumerate(merged.get("purchaseorder_ids", [])):
            lookup(org, "purchaseorders", po_id, f"purchaseorder_ids[{index}]")
        today = local_date(self._clock.now(), org.time_zone).isoformat()
        bill_date = parse_date(merged.get("date", today), "date").isoformat()
        return {
            **merged,
            **currency_fields(org, merged, supplier.fields.get("currency_id")),
            "date": bill_date,
            "due_date": parse_date(merged.get("due_date", bill_date), "due_date").isoformat(),
            "line_items": prepare_lines(org, merged.get("line_items", []), self._new_id),
        }

    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Vendor name, totals, balance and the status Zoho shows today (no tax is computed: ``taxes`` is empty)."""
        fields = record.fields
        lines = line_views(org, fields["line_items"], BILL_LINES)
        total = money(sub_total(lines) + float(fields.get("adjustment", 0)))
        paid = total if fields["status"] == "paid" else money(min(float(fields["payment_made"]), total))
        balance = 0.0 if fields["status"] in ("paid", "void") else money(total - paid)
        supplier = org.table("contacts").get(fields["vendor_id"])
        days_left = (date.fromisoformat(fields["due_date"]) - local_date(self._clock.now(), org.time_zone)).days
        return {
            "vendor_name": supplier.fields["contact_name"] if supplier else "",
            "status": _shown_status(fields["status"], days_left, balance),
            "line_items": lines,
            "sub_total": sub_total(lines),
            "tax_total": 0.0,
            "taxes": [],
            "total": total,
            "payment_made": paid,
            "balance": balance,
            "exchange_rate": fields.get("exchange_rate", 1.0),
            "due_days": _due_days(days_left) if balance else "",
            "purchaseorder_ids": fields.get("purchaseorder_ids", []),
            "reference_number": fields.get("reference_number", ""),
            "has_attachment": False,
            **currency_view(org, fields["currency_id"]),
        }


def _shown_status(status: str, days_left: int, balance: float) -> str:
    if status in ("open", "partially_paid") and days_left < 0 and balance > 0:
        return "overdue"
    return status


def _due_days(days_left: int) -> str:
    if days_left < 0:
        return f"Overdue by {-days_left} days"
    return "Due Today" if days_left == 0 else f"Due in {days_left} days"
