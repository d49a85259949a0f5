"""Zoho expense → BILL Spend & Expense reimbursement: the body, the marker in its note, the lookup by marker.

A reimbursement has no external-id field, so the Zoho expense id travels at the start of `note`
(`[zoho-expense:<id>]`). The lookup after an interrupted create reads reimbursements newest first
(`submittedTime:desc`) and stops at the first one submitted before our "creating" marker (minus clock skew),
so it costs a page or two, never the whole history.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from activities.expenses.models import ZohoExpenseSnapshot
from clients.bill import BillSort, BillSpendClient, SpendBudget, SpendReimbursement, SpendReimbursementCreate
from clients.bill._paging import iterate_pages
from clients.bill.spend_client import SERVICE

SPEND_CURRENCY = "USD"
"""BILL Spend & Expense amounts carry no currency: they are US dollars."""
CLOCK_SKEW = timedelta(minutes=10)
NEWEST_FIRST = BillSort(field="submittedTime", direction="desc")


def marker(expense_id: str) -> str:
    """The prefix of the note that names the Zoho expense."""
    return f"[zoho-expense:{expense_id}]"


def currency_problem(expense: ZohoExpenseSnapshot) -> str | None:
    """A `needs_mapping` reason when the expense is not in US dollars (S&E would read the amount as USD)."""
    if expense.currency_code.upper() == SPEND_CURRENCY:
        return None
    return f"BILL Spend & Expense takes US dollars; the Zoho expense is in {expense.currency_code.upper()}"


def reimbursement_body(expense: ZohoExpenseSnapshot, *, budget_id: str, user_id: str) -> SpendReimbursementCreate:
    """The reimbursement request of the token's user for `expense` under `budget_id`."""
    details = " ".join(part for part in (expense.reference_number, expense.description) if part)
    return SpendReimbursementCreate(
        budget_id=budget_id,
        user_id=user_id,
        occurred_date=expense.date,
        amount=expense.total,
        merchant_name=expense.account_name or "Zoho Books expense",
        note=f"{marker(expense.expense_id)} {details}".strip(),
    )


async def first_active_budget(spend: BillSpendClient) -> SpendBudget | None:
    """The first budget BILL lists that is not retired."""
    budgets = iterate_pages(lambda page: spend.list_budgets(page=page), service=SERVICE)
    async for budget in budgets:
        if not budget.retired:
            return budget
    return None


async def find_reimbursement(
    spend: BillSpendClient, expense_id: str, *, submitted_since: datetime | None
) -> SpendReimbursement | None:
    """The live reimbursement carrying the expense's marker, submitted since `submitted_since` - skew."""
    floor = submitted_since - CLOCK_SKEW if submitted_since is not None else None
    async for found in _newest_first(spend):
        if floor is not None and found.submitted_time is not None and found.submitted_time < floor:
            return None
        if not found.retired and (found.note or "").startswith(marker(expense_id)):
            return found
    return None


def _newest_first(spend: BillSpendClient) -> AsyncIterator[SpendReimbursement]:
    return iterate_pages(lambda page: spend.list_reimbursements(sort=NEWEST_FIRST, page=page), service=SERVICE)
