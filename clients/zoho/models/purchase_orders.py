"""Purchase orders (``/purchaseorders``), read-only here, as in ``purchase-order.yml``."""

from __future__ import annotations

from decimal import Decimal

from clients.zoho._types import Amount, ZohoDate, ZohoDateTime
from clients.zoho.models._base import ZohoModel


class ZohoPurchaseOrderLineItem(ZohoModel):
    """One line of a purchase order; bills link back to it through ``purchaseorder_item_id``."""

    line_item_id: str
    item_id: str = ""
    account_id: str = ""
    account_name: str = ""
    name: str = ""
    description: str = ""
    rate: Amount = Decimal(0)
    quantity: Amount = Decimal(0)
    unit: str = ""
    item_total: Amount = Decimal(0)
    tax_id: str = ""


class ZohoPurchaseOrderSummary(ZohoModel):
    """A purchase order as listed by ``GET /purchaseorders``."""

    purchaseorder_id: str
    purchaseorder_number: str = ""
    vendor_id: str = ""
    vendor_name: str = ""
    status: str = ""
    reference_number: str = ""
    date: ZohoDate = None
    delivery_date: ZohoDate = None
    currency_id: str = ""
    currency_code: str = ""
    total: Amount = Decimal(0)
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None


class ZohoPurchaseOrder(ZohoModel):
    """A purchase order with its lines, as returned by ``GET /purchaseorders/{purchaseorder_id}``."""

    purchaseorder_id: str
    purchaseorder_number: str = ""
    vendor_id: str = ""
    vendor_name: str = ""
    status: str = ""
    reference_number: str = ""
    date: ZohoDate = None
    delivery_date: ZohoDate = None
    expected_delivery_date: ZohoDate = None
    currency_id: str = ""
    currency_code: str = ""
    exchange_rate: Amount = Decimal(1)
    line_items: list[ZohoPurchaseOrderLineItem] = []
    sub_total: Amount = Decimal(0)
    tax_total: Amount = Decimal(0)
    total: Amount = Decimal(0)
    notes: str = ""
    terms: str = ""
    created_time: ZohoDateTime = None
    last_modified_time: ZohoDateTime = None
