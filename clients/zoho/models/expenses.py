"""Expenses (``/expenses``), as in ``expenses.yml``. Zoho offers no modified-time filter for them."""

from __future__ import annotations

from decimal import Decimal

from clients.zoho._types import Amount, ZohoDate, ZohoDateTime
from clients.zoho.models._base import ZohoModel, ZohoRequest


class ZohoExpenseSummary(ZohoModel):
    """An expense as listed by ``GET /expenses``."""

    expense_id: str
    date: ZohoDate = None
    account_name: str = ""
    description: str = ""
    reference_number: str = ""
    status: str = ""
    currency_id: str = ""
    currency_code: str = ""
    total: Amount = Decimal(0)
    bcy_total: Amount = Decimal(0)
    is_billable: bool = False
    customer_id: str = ""
    customer_name: str = ""
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoExpense(ZohoModel):
    """An expense as returned by ``GET /expenses/{expense_id}`` and by create."""

    expense_id: str
    date: ZohoDate = None
    account_id: str = ""
    account_name: str = ""
    paid_through_account_name: str = ""
    description: str = ""
    reference_number: str = ""
    status: str = ""
    currency_id: str = ""
    currency_code: str = ""
    exchange_rate: Amount = Decimal(1)
    amount: Amount = Decimal(0)
    sub_total: Amount = Decimal(0)
    tax_id: str = ""
    tax_amount: Amount = Decimal(0)
    total: Amount = Decimal(0)
    is_inclusive_tax: bool = False
    is_billable: bool = False
    customer_id: str = ""
    location_id: str = ""
    last_modified_time: ZohoDateTime = None


class ZohoExpenseCreate(ZohoRequest):
    """Body of ``POST /expenses`` (Zoho requires date, account, amount and the paid-through account)."""

    account_id: str
    date: ZohoDate
    amount: Amount
    paid_through_account_id: str
    description: str | None = None
    reference_number: str | None = None
    tax_id: str | None = None
    is_inclusive_tax: bool | None = None
    currency_id: str | None = None
    exchange_rate: Amount | None = None
    vendor_id: str | None = None
    customer_id: str | None = None
    is_billable: bool | None = None
    location_id: str | None = None
