"""DTOs of the expense sync (ids, dates, amounts and names only: they land in workflow history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.models import SyncTrigger

ExpenseSyncStatus = Literal["synced", "skipped", "needs_mapping", "needs_reauth", "failed"]
"""Where an expense sync ended (mirrors the sync record's terminal states)."""


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExpenseSyncInput(_Dto):
    """Start of `ExpenseSyncWorkflow`: which Zoho expense of which connection, and why."""

    connection_id: str
    zoho_org_id: str
    zoho_expense_id: str
    trigger: SyncTrigger


class ZohoExpenseSnapshot(_Dto):
    """The fields of a Zoho expense the reimbursement needs."""

    expense_id: str
    date: dt.date
    total: Decimal
    currency_code: str
    account_name: str
    description: str = ""
    reference_number: str = ""


class ReimbursementRequest(_Dto):
    """Input of `submit_reimbursement`."""

    connection_id: str
    zoho_org_id: str
    expense: ZohoExpenseSnapshot


class ExpenseOutcome(_Dto):
    """Input of `record_expense_outcome`: a terminal state other than `synced`, with its reason."""

    connection_id: str
    zoho_org_id: str
    zoho_expense_id: str
    status: ExpenseSyncStatus
    reason: str


class ExpenseSyncResult(_Dto):
    """End of `ExpenseSyncWorkflow` (`reimbursement_id`: the BILL Spend & Expense reimbursement)."""

    status: ExpenseSyncStatus
    reimbursement_id: str | None = None
    reason: str | None = None
