"""Bills (``/bills``), field names and types as in Zoho's ``bills.yml``."""

from __future__ import annotations

from decimal import Decimal

from clients.zoho._types import Amount, ZohoDate, ZohoDateTime
from clients.zoho.models._base import ZohoModel, ZohoRequest


class ZohoBillLineItem(ZohoModel):
    """One line of a bill as Zoho returns it."""

    line_item_id: str
    item_id: str = ""
    purchaseorder_item_id: str = ""
    account_id: str = ""
    account_name: str = ""
    name: str = ""
    description: str = ""
    rate: Amount = Decimal(0)
    quantity: Amount = Decimal(0)
    unit: str = ""
    item_total: Amount = Decimal(0)
    item_order: int | None = None
    tax_id: str = ""
    tax_name: str = ""
    tax_percentage: Amount = Decimal(0)
    location_id: str = ""
    customer_id: str = ""
    project_id: str = ""
    is_billable: bool = False


class ZohoBillPurchaseOrder(ZohoModel):
    """A purchase order a bill was raised against (``purchaseorders`` of a bill)."""

    purchaseorder_id: str
    purchaseorder_number: str = ""
    purchaseorder_date: str = ""
    """Formatted for display by Zoho (``19 Jan 2017``), so kept as text."""
    purchaseorder_status: str = ""


class ZohoBillSummary(ZohoModel):
    """A bill as listed by ``GET /bills``."""

    bill_id: str
    bill_number: str = ""
    vendor_id: str
    vendor_name: str = ""
    status: str = ""
    reference_number: str = ""
    date: ZohoDate = None
    due_date: ZohoDate = None
    currency_id: str = ""
    currency_code: str = ""
    exchange_rate: Amount = Decimal(1)
    total: Amount = Decimal(0)
    balance: Amount = Decimal(0)
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoBill(ZohoModel):
    """A bill with its lines, as returned by ``GET /bills/{bill_id}`` and by create/update."""

    bill_id: str
    bill_number: str = ""
    vendor_id: str
    vendor_name: str = ""
    status: str = ""
    reference_number: str = ""
    date: ZohoDate = None
    due_date: ZohoDate = None
    payment_terms: int | None = None
    payment_terms_label: str = ""
    currency_id: str = ""
    currency_code: str = ""
    exchange_rate: Amount = Decimal(1)
    is_inclusive_tax: bool = False
    location_id: str = ""
    line_items: list[ZohoBillLineItem] = []
    sub_total: Amount = Decimal(0)
    tax_total: Amount = Decimal(0)
    total: Amount = Decimal(0)
    balance: Amount = Decimal(0)
    adjustment: Amount = Decimal(0)
    purchaseorder_ids: list[str] = []
    purchaseorders: list[ZohoBillPurchaseOrder] = []
    notes: str = ""
    terms: str = ""
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoBillLineItemCreate(ZohoRequest):
    """One line of a bill to create or update; send ``line_item_id`` to keep an existing line on update."""

    line_item_id: str | None = None
    item_id: str | None = None
    purchaseorder_item_id: str | None = None
    account_id: str | None = None
    description: str | None = None
    rate: Amount | None = None
    quantity: Amount | None = None
    unit: str | None = None
    item_order: int | None = None
    tax_id: str | None = None
    location_id: str | None = None
    customer_id: str | None = None
    project_id: str | None = None
    is_billable: bool | None = None


class ZohoBillCreate(ZohoRequest):
    """Body of ``POST /bills`` and ``PUT /bills/{bill_id}`` (Zoho requires ``vendor_id`` and ``bill_number``).

    On update Zoho deletes every line missing from ``line_items``.
    """

    vendor_id: str
    bill_number: str
    reference_number: str | None = None
    date: ZohoDate = None
    due_date: ZohoDate = None
    payment_terms: int | None = None
    payment_terms_label: str | None = None
    currency_id: str | None = None
    exchange_rate: Amount | None = None
    is_inclusive_tax: bool | None = None
    location_id: str | None = None
    purchaseorder_ids: list[str] | None = None
    line_items: list[ZohoBillLineItemCreate] | None = None
    adjustment: Amount | None = None
    adjustment_description: str | None = None
    notes: str | None = None
    terms: str | None = None
