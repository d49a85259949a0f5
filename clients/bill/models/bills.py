"""BILL bills (`/v3/bills`), field names from BILL's Postman collection and API-FACTS §2.3.

Dates are `yyyy-MM-dd`; amounts are exact `Decimal`s sent as JSON numbers.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from clients.bill._base import BillModel, Money


class BillInvoice(BillModel):
    """The vendor's invoice reference: number and date."""

    invoice_number: str
    invoice_date: date


class BillLineClassifications(BillModel):
    """Where a line item is booked: GL account and optional dimensions."""

    chart_of_account_id: str | None = None
    accounting_class_id: str | None = None
    department_id: str | None = None
    employee_id: str | None = None
    job_id: str | None = None
    location_id: str | None = None
    item_id: str | None = None
    customer_id: str | None = None


class BillLineItemInput(BillModel):
    """A line item to create."""

    amount: Money
    description: str | None = None
    quantity: Money | None = None
    price: Money | None = None
    classifications: BillLineClassifications | None = None


class BillLineItemChange(BillLineItemInput):
    """A line item in PUT / PATCH: with `id` it changes that line, without one it adds a line."""

    id: str | None = None


class BillLineItemPatch(BillModel):
    """A line item in PATCH: `id` names the line to change; only the fields set are sent."""

    id: str | None = None
    amount: Money | None = None
    description: str | None = None
    quantity: Money | None = None
    price: Money | None = None
    classifications: BillLineClassifications | None = None


class BillBillCreate(BillModel):
    """Body of `POST /v3/bills` (and one element of `/v3/bills/bulk`)."""

    vendor_id: str
    due_date: date
    invoice: BillInvoice
    bill_line_items: list[BillLineItemInput] = Field(min_length=1)
    description: str | None = None
    purchase_order_number: str | None = None
    pay_from_chart_of_account_id: str | None = None


class BillBillReplace(BillModel):
    """Body of `PUT /v3/bills/{billId}`: existing line ids left out are REMOVED, lines without id added."""

    vendor_id: str
    due_date: date
    invoice: BillInvoice
    bill_line_items: list[BillLineItemChange] = Field(min_length=1)
    description: str | None = None
    purchase_order_number: str | None = None
    pay_from_chart_of_account_id: str | None = None


class BillBillUpdate(BillModel):
    """Body of `PATCH /v3/bills/{billId}`: partial; line item ids are kept."""

    due_date: date | None = None
    invoice: BillInvoice | None = None
    bill_line_items: list[BillLineItemPatch] | None = None
    description: str | None = None
    purchase_order_number: str | None = None
    pay_from_chart_of_account_id: str | None = None


class BillLineItem(BillModel):
    """A line item as BILL returns it."""

    id: str
    amount: Money
    description: str | None = None
    quantity: Money | None = None
    price: Money | None = None
    classifications: BillLineClassifications | None = None


class BillBill(BillModel):
    """A bill as BILL returns it."""

    id: str
    vendor_id: str
    vendor_name: str | None = None
    invoice: BillInvoice | None = None
    due_date: date | None = None
    description: str | None = None
    purchase_order_number: str | None = None
    amount: Money | None = None
    due_amount: Money | None = None
    paid_amount: Money | None = None
    scheduled_amount: Money | None = None
    credit_amount: Money | None = None
    exchange_rate: Money | None = None
    bill_line_items: list[BillLineItem] = []
    pay_from_chart_of_account_id: str | None = None
    payment_status: str | None = None
    approval_status: str | None = None
    archived: bool = False
    created_time: datetime | None = None
    updated_time: datetime | None = None
