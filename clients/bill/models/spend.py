"""BILL Spend & Expense (`/v3/spend/...`, header `apiToken`), field names from BILL's Postman collection."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from clients.bill._base import BillModel, Money


class SpendUser(BillModel):
    """A Spend & Expense user (`GET /v3/spend/users/current`)."""

    id: str
    uuid: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    role: str | None = None
    retired: bool = False
    created_time: datetime | None = None


class SpendBudget(BillModel):
    """A budget."""

    id: str
    uuid: str | None = None
    name: str | None = None
    description: str | None = None
    retired: bool = False
    start_date: date | None = None
    expiration_date: date | None = None
    recurring_interval: str | None = None
    recurring_limit: Money | None = None
    parent_budget_id: str | None = None
    timezone: str | None = None


class SpendReceipt(BillModel):
    """A receipt attached to a reimbursement or transaction."""

    uuid: str | None = None
    filename: str | None = None
    url: str | None = None


class SpendReceiptInput(BillModel):
    """A receipt to attach: an uploaded file's URL and name."""

    url: str
    filename: str


class SpendReimbursementCreate(BillModel):
    """Body of `POST /v3/spend/reimbursements`."""

    budget_id: str
    user_id: str
    occurred_date: date
    amount: Money
    merchant_name: str | None = None
    note: str | None = None
    receipts: list[SpendReceiptInput] = Field(default_factory=list)


class SpendReimbursement(BillModel):
    """A reimbursement request."""

    id: str
    uuid: str | None = None
    amount: Money | None = None
    merchant_name: str | None = None
    note: str | None = None
    occurred_date: date | None = None
    submitted_time: datetime | None = None
    status: str | None = None
    type: str | None = None
    budget_id: str | None = None
    user_id: str | None = None
    retired: bool = False
    receipts: list[SpendReceipt] = []


class SpendTransaction(BillModel):
    """A card transaction."""

    id: str
    uuid: str | None = None
    transaction_type: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    merchant_name: str | None = None
    raw_merchant_name: str | None = None
    budget_id: str | None = None
    budget_name: str | None = None
    amount: Money | None = None
    transacted_amount: Money | None = None
    fees: Money | None = None
    is_credit: bool | None = None
    is_locked: bool | None = None
    is_reconciled: bool | None = None
    complete: bool | None = None
    receipt_status: str | None = None
    occurred_time: datetime | None = None
    authorized_time: datetime | None = None
    updated_time: datetime | None = None
