"""Chart of accounts: known account types, unique names, active/inactive status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulators.zoho import response_fields as documented
from emulators.zoho.books.entity import Entity, currency_fields, currency_view, lookup
from emulators.zoho.errors import ZohoApiError, invalid_value
from emulators.zoho.shapes import ACCOUNT_CREATE
from emulators.zoho.state import Organization, Record

ACCOUNT_CLASSES: dict[str, str] = {
    "other_asset": "Asset",
    "other_current_asset": "Asset",
    "cash": "Asset",
    "bank": "Asset",
    "fixed_asset": "Asset",
    "accounts_receivable": "Asset",
    "stock": "Asset",
    "other_current_liability": "Liability",
    "credit_card": "Liability",
    "long_term_liability": "Liability",
    "other_liability": "Liability",
    "accounts_payable": "Liability",
    "equity": "Equity",
    "income": "Income",
    "other_income": "Income",
    "expense": "Expense",
    "cost_of_goods_sold": "Expense",
    "other_expense": "Expense",
}
"""Account types from the spec's list, with the class ``filter_by=AccountType.<Class>`` selects."""


def _class_is(name: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda view: ACCOUNT_CLASSES.get(view.get("account_type", "")) == name


def duplicate_account(name: str) -> ZohoApiError:
    """Account names are unique per organization (code unconfirmed)."""
    return ZohoApiError(400, 11002, f'The account name "{name}" already exists.')


class ChartOfAccounts(Entity):
    """``/chartofaccounts``; GET of one account answers with the account's keys at the top level (per spec)."""

    label, plural, singular, id_field = "Account", "chartofaccounts", "chart_of_account", "account_id"
    scope = "ZohoBooks.accountants"
    create_shape = ACCOUNT_CREATE
    flat_get = True
    created_message = "The account has been created."
    response_fields = documented.ACCOUNT
    summary_fields = documented.ACCOUNT_SUMMARY
    sort_columns = ("account_name", "account_type")
    default_sort = "account_name"
    filters_by = {
        "AccountType.All": lambda view: True,
        "AccountType.Active": lambda view: view.get("is_active") is True,
        "AccountType.Inactive": lambda view: view.get("is_active") is False,
        **{f"AccountType.{name}": _class_is(name) for name in ("Asset", "Liability", "Equity", "Income", "Expense")},
    }
    modified_filter = True

    def prepare(self, org: Organization, body: Mapping[str, Any], existing: Record | None) -> dict[str, Any]:
        """Type from the known list, name unique, parent and currency known."""
        merged = {"is_active": True, **(existing.fields if existing else {}), **body}
        if merged["account_type"] not in ACCOUNT_CLASSES:
            raise invalid_value("account_type")
        name = merged["account_name"]
        for other in org.table(self.plural).values():
            if other is not existing and other.fields["account_name"].lower() == name.lower():
                raise duplicate_account(name)
        if "parent_account_id" in merged:
            lookup(org, self.plural, merged["parent_account_id"], "parent_account_id")
        return {**merged, **currency_fields(org, merged)}

    def computed(self, org: Organization, record: Record) -> dict[str, Any]:
        """Flags and balances (balances are not tracked: zero)."""
        return {
            "account_code": record.fields.get("account_code", ""),
            "description": record.fields.get("description", ""),
            "is_user_created": True,
            "is_system_account": False,
            "is_standalone_account": "parent_account_id" not in record.fields,
            "can_show_in_ze": record.fields.get("can_show_in_ze", False),
            "current_balance": 0.0,
            "closing_balance": 0.0,
            "depth": "1" if "parent_account_id" in record.fields else "0",
            "has_attachment": False,
            "documents": [],
            **currency_view(org, record.fields["currency_id"]),
        }

    def details(self, org: Organization, record: Record) -> dict[str, Any]:
        """Whether an expense or a bill/purchase-order line books to this account (single-record views only)."""
        used_by_expenses = any(
            record.record_id in (e.fields.get("account_id"), e.fields.get("paid_through_account_id"))
            for e in org.table("expenses").values()
        )
        used_by_lines = any(
            line.get("account_id") == record.record_id
            for table in ("bills", "purchaseorders")
            for other in org.table(table).values()
            for line in other.fields["line_items"]
        )
        return {"is_involved_in_transaction": used_by_expenses or used_by_lines}
