"""Purchase orders: vendor and line references, unique (or generated) numbers, status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulators.clock import EmulatorClock
from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import Entity, currency_fields, currency_view, vendor
from emulators.zoho.books.lines import PURCHASE_ORDER_LINES, line_views, prepare_lines, sub_total
from emulators.zoho.errors import duplicate_number, invalid_value
from emulators.zoho.shapes import PURCHASE_ORDER_CREATE
from emulators.zoho.state import Organization, Record
from emulators.zoho.timefmt import local_date, parse_date

PURCHASE_ORDER_STATUSES = ("draft", "open", "billed", "cancelled")


def _status_is(status: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda view: view.get("status") == status


class PurchaseOrders(Entity):
    """``/purchaseorders`` (created as drafts, numbered ``PO-00001``... unless a number is given)."""

    label, plural, singular, id_field = "Purchase order", "purchaseorders", "purchaseorder", "purchaseorder_id"
    scope = "ZohoBooks.purchaseorders"
    create_shape = PURCHASE_ORDER_CREATE
    created_message = "Purchase Order has been added."
    response_fields = documented.PURCHASE_ORDER
    summary_fields = documented.PURCHASE_ORDER_SUMMARY | {"has_attachment"}
    sort_columns = ("vendor_name", "purchaseorder_number", "date", "delivery_date", "total", "created_time")
    default_sort = "created_time"
    filters_by = {
        "Status.All": lambda view: True,
        **{f"Status.{status.capitalize()}": _status_is(status) for status in PURCHASE_ORDER_STATUSES},
    }
    unmodelled_params = ("item_description", "total", "item_id", "custom_field")
    text_filters = ("purchaseorder_number", "reference_number", "vendor_id", "vendor_name", "status")
    date_filter = modified_filter = True

    def __init__(self, clock: EmulatorClock, new_id: Callable[[], str]) -> None:
        self._clock, self._new_id = clock, new_id

    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Vendor must be a vendor, at least one line, numbers unique per org."""
        merged = {"status": "draft", **(existing.fields if existing else {}), **body}
        supplier = vendor(org, merged["vendor_id"])
        if not merged["line_items"]:
            raise invalid_value("line_items")
        table = org.table(self.plural)
        number = merged.get("purchaseorder_number") or f"PO-{len(table) + 1:05d}"
        if any(o is not existing and o.fields["purchaseorder_number"] == number for o in table.values()):
            raise duplicate_number("Purchase order", number)
        today = local_date(self._clock.now(), org.time_zone).isoformat()
        return {
            **merged,
            **currency_fields(org, merged, supplier.fields.get("currency_id")),
            "purchaseorder_number": number,
            "date": parse_date(merged.get("date", today), "date").isoformat(),
            "line_items": prepare_lines(org, merged["line_items"], self._new_id),
        }

    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Vendor name and totals."""
        fields = record.fields
        lines = line_views(org, fields["line_items"], PURCHASE_ORDER_LINES)
        supplier = org.table("contacts").get(fields["vendor_id"])
        return {
            "vendor_name": supplier.fields["contact_name"] if supplier else "",
            "line_items": lines,
            "sub_total": sub_total(lines),
            "tax_total": 0.0,
            "total": sub_total(lines),
            "reference_number": fields.get("reference_number", ""),
            "has_attachment": False,
            **currency_view(org, fields["currency_id"]),
        }
