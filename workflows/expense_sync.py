"""`ExpenseSyncWorkflow`: file one Zoho Books expense once as a BILL Spend & Expense reimbursement.

Id `expense/{zoho_org_id}/{zoho_expense_id}` (`expense_workflow_id`), so duplicate webhooks and sweeps of the
same expense collapse onto one execution; the sync record, the mapping and the lookup by note marker in
`activities.expenses` cover what Temporal forgets. Outcomes: `synced` (created, adopted or already synced),
`skipped` (no positive amount, or the connection has no S&E apiToken: "Spend & Expense not active"),
`needs_mapping` (not in US dollars, no active budget), `needs_reauth`; any other permanent error is recorded
as `failed` and fails the workflow with the error's type.
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.expenses import ExpenseActivities
    from activities.expenses.models import (
        ExpenseOutcome,
        ExpenseSyncInput,
        ExpenseSyncResult,
        ExpenseSyncStatus,
        ReimbursementRequest,
    )
    from workflows.failures import activity_error_type, needs_reauth
    from workflows.options import BILL_CREATE, LEDGER_WRITE, ZOHO_READ

EXPENSE_CHANGED_SIGNAL = "expense_changed"
"""Sent with every start (signal-with-start); an expense already submitted is not submitted again."""


def expense_workflow_id(zoho_org_id: str, zoho_expense_id: str) -> str:
    """Id of the `ExpenseSyncWorkflow` of one Zoho expense."""
    return f"expense/{zoho_org_id}/{zoho_expense_id}"


@workflow.defn
class ExpenseSyncWorkflow:
    """Fetch the Zoho expense and submit it as a reimbursement (see the module docstring)."""

    @workflow.signal(name=EXPENSE_CHANGED_SIGNAL)
    def expense_changed(self) -> None:
        """A webhook or sweep saw the expense again while this run is open: nothing more to do."""

    @workflow.run
    async def run(self, params: ExpenseSyncInput) -> ExpenseSyncResult:
        """Sync one expense; see the module docstring for the outcomes."""
        try:
            expense = await workflow.execute_activity_method(ExpenseActivities.fetch_zoho_expense, params, **ZOHO_READ)
            if expense.total <= 0:
                return await self._finish(params, "skipped", "the expense has no positive amount")
            request = ReimbursementRequest(
                connection_id=params.connection_id, zoho_org_id=params.zoho_org_id, expense=expense
            )
            return await workflow.execute_activity_method(
                ExpenseActivities.submit_reimbursement, request, **BILL_CREATE
            )
        except ActivityError as err:
            cause = err.cause
            message = str(cause) if cause is not None else str(err)
            if needs_reauth(err):
                return await self._finish(params, "needs_reauth", message)
            recorded = await self._finish(params, "failed", message)
            if recorded.status == "synced":
                return recorded
            raise ApplicationError(
                f"expense sync failed: {message}", type=activity_error_type(err), non_retryable=True
            ) from err

    async def _finish(self, params: ExpenseSyncInput, status: ExpenseSyncStatus, reason: str) -> ExpenseSyncResult:
        outcome = ExpenseOutcome(
            connection_id=params.connection_id,
            zoho_org_id=params.zoho_org_id,
            zoho_expense_id=params.zoho_expense_id,
            status=status,
            reason=reason,
        )
        return await workflow.execute_activity_method(ExpenseActivities.record_expense_outcome, outcome, **LEDGER_WRITE)
