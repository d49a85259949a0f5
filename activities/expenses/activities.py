"""Expense activities: read the Zoho expense, submit it once as a BILL Spend & Expense reimbursement.

Exactly once, as for bills: the sync record (unique per Zoho org, entity `expense`, expense id) and the
mapping (entity `expense`) answer "already synced"; a "creating" marker is set before the create call, and a
retry that finds it looks the reimbursement up by the marker in its note and adopts it. A connection whose
BILL organization has no stored S&E apiToken gets the record `skipped` ("Spend & Expense not active"), not an
error. The S&E token is read from the encrypted store here and never leaves this activity. S&E calls hold a
slot of the organization's own S&E rate budget (`activities.expenses.spend_budget`).
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import SecretStr
from temporalio import activity

from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.expenses.models import (
    ExpenseOutcome,
    ExpenseSyncInput,
    ExpenseSyncResult,
    ExpenseSyncStatus,
    ReimbursementRequest,
    ZohoExpenseSnapshot,
)
from activities.expenses.reimbursements import (
    currency_problem,
    find_reimbursement,
    first_active_budget,
    reimbursement_body,
)
from activities.expenses.spend_budget import spend_budgeted_http
from activities.rate_budget import RateBudget
from activities.store import ConnectorStore
from clients.bill import BillSpendClient
from common.errors import PayloadRejected
from common.settings import Settings
from persistence.db import make_engine
from persistence.tables import Connection
from persistence.views import SyncRecordView
from persistence.vocabulary import CredentialKind, OwnerKind, SyncStatus

EXPENSE = "expense"
SPEND_INACTIVE = "Spend & Expense not active"
NO_BUDGET = "the BILL Spend & Expense organization has no active budget to file the reimbursement under"


class ExpenseActivities:
    """Activities of `ExpenseSyncWorkflow`."""

    def __init__(
        self,
        clients: ConnectionClients,
        store: ConnectorStore,
        *,
        settings: Settings,
        http: httpx.AsyncClient,
        budget: RateBudget | None = None,
    ) -> None:
        """`budget` defaults to one over the configured database (the same tables every worker shares)."""
        self._clients = clients
        self._store = store
        self._spend_base = settings.bill_endpoints().spend_base
        self._http = http
        self._budget = budget or RateBudget.open(make_engine(settings.effective_database_url()))
        self._spend_http: dict[str, httpx.AsyncClient] = {}

    @activity.defn
    async def fetch_zoho_expense(self, ref: ExpenseSyncInput) -> ZohoExpenseSnapshot:
        """The expense as Zoho has it now (a read: safe to retry); audit `fetched`."""
        with raising_application_errors():
            connection = await self._clients.connection_of_org(ref.connection_id, ref.zoho_org_id)
            zoho = await self._clients.zoho(connection)
            expense = await zoho.books.get_expense(zoho.org_id, ref.zoho_expense_id)
            if expense.date is None:
                raise PayloadRejected(f"Zoho expense {expense.expense_id} has no date", service="zoho")
            snapshot = ZohoExpenseSnapshot(
                expense_id=expense.expense_id,
                date=expense.date,
                total=expense.total,
                currency_code=expense.currency_code,
                account_name=expense.account_name,
                description=expense.description,
                reference_number=expense.reference_number,
            )
            record = await asyncio.to_thread(self._record, connection, ref.zoho_expense_id)
            detail = {"zoho_status": expense.status, "trigger": ref.trigger}
            await asyncio.to_thread(self._store.audit.append, record.id, "fetched", detail)
        return snapshot

    @activity.defn
    async def submit_reimbursement(self, request: ReimbursementRequest) -> ExpenseSyncResult:
        """Submit the expense once (see the module docstring); skipped without an S&E token."""
        expense = request.expense
        records = self._store.records
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            record = await asyncio.to_thread(self._record, connection, expense.expense_id)
            existing = await asyncio.to_thread(
                self._store.mappings.bill_id_for, connection.id, EXPENSE, expense.expense_id
            )
            if existing is not None:
                if record.status != SyncStatus.SYNCED:  # linked, but the status write was lost
                    await asyncio.to_thread(self._link, connection, record, existing, "already_synced")
                return ExpenseSyncResult(status="synced", reimbursement_id=existing, reason="already synced")
            token = await asyncio.to_thread(
                self._store.credentials.get,
                OwnerKind.BILL_ORG,
                connection.bill_org_id,
                CredentialKind.BILL_SPEND_API_TOKEN,
            )
            if token is None:
                return await asyncio.to_thread(self._settle, record, "skipped", SPEND_INACTIVE)
            if (problem := currency_problem(expense)) is not None:
                return await asyncio.to_thread(self._settle, record, "needs_mapping", problem)
            spend = self._spend(connection.bill_org_id, token)
            if await asyncio.to_thread(records.mark_creating, record.id):
                fresh = await asyncio.to_thread(records.get_by_id, record.id)
                since = fresh.creating_started_at if fresh is not None else None
                found = await find_reimbursement(spend, expense.expense_id, submitted_since=since)
                if found is not None:
                    await asyncio.to_thread(self._link, connection, record, found.id, "adopted")
                    return ExpenseSyncResult(status="synced", reimbursement_id=found.id, reason="adopted")
            user = await spend.current_user()
            budget = await first_active_budget(spend)
            if budget is None:
                return await asyncio.to_thread(self._settle, record, "needs_mapping", NO_BUDGET)
            await asyncio.to_thread(
                self._store.audit.append, record.id, "creating", {"attempt": activity.info().attempt}
            )
            created = await spend.create_reimbursement(
                reimbursement_body(expense, budget_id=budget.id, user_id=user.id)
            )
            await asyncio.to_thread(self._link, connection, record, created.id, "created")
        return ExpenseSyncResult(status="synced", reimbursement_id=created.id)

    @activity.defn
    async def record_expense_outcome(self, outcome: ExpenseOutcome) -> ExpenseSyncResult:
        """Record a terminal state decided by the workflow; a `synced` record keeps that state."""
        with raising_application_errors():
            connection = await self._clients.connection(outcome.connection_id)
            record = await asyncio.to_thread(self._record, connection, outcome.zoho_expense_id)
            return await asyncio.to_thread(self._settle, record, outcome.status, outcome.reason)

    def _spend(self, bill_org_id: str, token: SecretStr) -> BillSpendClient:
        http = self._spend_http.get(bill_org_id)
        if http is None:
            http = self._spend_http[bill_org_id] = spend_budgeted_http(self._http, self._budget, bill_org_id)
        return BillSpendClient(http, spend_base=self._spend_base, api_token=token)

    def _record(self, connection: Connection, expense_id: str) -> SyncRecordView:
        info = activity.info()
        return self._store.records.ensure(
            connection.id,
            connection.zoho_org_id,
            EXPENSE,
            expense_id,
            workflow_id=info.workflow_id,
            run_id=info.workflow_run_id,
        )

    def _settle(self, record: SyncRecordView, status: ExpenseSyncStatus, reason: str) -> ExpenseSyncResult:
        self._store.audit.append(record.id, status, {"reason": reason})
        if record.status == SyncStatus.SYNCED:
            return ExpenseSyncResult(
                status="synced", reimbursement_id=record.bill_id, reason=f"already synced; now {reason}"
            )
        self._store.records.mark_status(record.id, status, error=reason)
        return ExpenseSyncResult(status=status, reason=reason)

    def _link(self, connection: Connection, record: SyncRecordView, reimbursement_id: str, outcome: str) -> None:
        linked = self._store.mappings.link(connection.id, EXPENSE, record.zoho_id, reimbursement_id)
        self._store.records.mark_synced(record.id, linked, None)
        self._store.audit.append(record.id, "synced", {"reimbursement_id": linked, "outcome": outcome})
