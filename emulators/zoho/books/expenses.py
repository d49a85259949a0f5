"""Expenses: expense and paid-through accounts, optional vendor, billable status (no modified-time filter)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import Entity, currency_fields, currency_view, lookup, money, vendor
from emulators.zoho.shapes import EXPENSE_CREATE
from emulators.zoho.state import Organization, Record
from emulators.zoho.timefmt import parse_date


def _status_is(status: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda view: view.get("status") == status


class Expenses(Entity):
    """``/expenses`` (the spec answers POST with HTTP 200, not 201)."""

    label, plural, singular, id_field, scope = "Expense", "expenses", "expense", "expense_id", "ZohoBooks.expenses"
    create_shape = EXPENSE_CREATE
    create_status = 200
    created_message = "The expense has been recorded."
    response_fields = documented.EXPENSE
    summary_fields = documented.EXPENSE_SUMMARY
    sort_columns = ("date", "account_name", "total", "bcy_total", "reference_number", "customer_name", "created_time")
    default_sort = "date"
    filters_by = {
        "Status.All": lambda view: True,
        "Status.Billable": lambda view: view.get("is_billable") is True,
        "Status.Nonbillable": lambda view: view.get("is_billable") is False,
        "Status.Unbilled": _status_is("unbilled"),
        "Status.Invoiced": _status_is("invoiced"),
        "Status.Reimbursed": _status_is("reimbursed"),
    }
    unmodelled_params = ("amount", "customer_name", "vendor_name", "recurring_expense_id")
    text_filters = (
        "description",
        "reference_number",
        "account_name",
        "customer_id",
        "vendor_id",
        "paid_through_account_id",
        "status",
    )
    date_filter = True

    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Both accounts (and the vendor, when given) must exist; the date must be ``yyyy-mm-dd``."""
        merged = {"is_billable": False, **(existing.fields if existing else {}), **body}
        lookup(org, "chartofaccounts", merged["account_id"], "account_id")
        lookup(org, "chartofaccounts", merged["paid_through_account_id"], "paid_through_account_id")
        if "vendor_id" in merged:
            vendor(org, merged["vendor_id"])
        status = "unbilled" if merged["is_billable"] else "nonbillable"
        date = parse_date(merged["date"], "date").isoformat()
        return {**merged, **currency_fields(org, merged), "date": date, "status": status}

    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Account names and totals in the expense and the base currency."""
        fields = record.fields
        amount = money(float(fields["amount"]))
        rate = float(fields.get("exchange_rate", 1.0))
        accounts = org.table("chartofaccounts")
        return {
            "account_name": accounts[fields["account_id"]].fields["account_name"],
            "paid_through_account_name": accounts[fields["paid_through_account_id"]].fields["account_name"],
            "amount": amount,
            "sub_total": amount,
            "total": amount,
            "total_without_tax": amount,
            "bcy_total": money(amount * rate),
            "bcy_total_without_tax": money(amount * rate),
            "tax_amount": 0.0,
            "exchange_rate": rate,
            "is_itemized_expense": bool(fields.get("line_items")),
            "is_personal": False,
            "expense_type": "non-mileage",
            "reference_number": fields.get("reference_number", ""),
            "description": fields.get("description", ""),
            **currency_view(org, fields["currency_id"]),
        }
