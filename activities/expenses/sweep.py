"""Expense polling sweep: start the keyed expense workflow of every expense created since the last sweep.

Zoho offers no modified-time filter or sort for expenses, so the sweep walks them newest first by
`created_time` down to the cursor (an edit to an older expense is not seen; a submitted reimbursement is not
edited anyway). Expenses whose record is settled are not started again; the others are signal-with-started
(trigger `poll`), so a sweep and a webhook of the same expense collapse onto one execution. The cursor (the
sweep's start minus 5 minutes) is stored only after every start succeeded.

Expenses skipped because the connection had no S&E apiToken ("Spend & Expense not active") are re-driven by
the sweep, not by `connect bill`: once the BILL organization has a stored token, each sweep also starts the keyed
workflow of up to `REDRIVE_LIMIT` such records (whatever their age; ids only, trigger `poll`), which then submit
them. This needs no Temporal at `connect bill` time and survives a lost start (the next sweep retries).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from temporalio import activity

from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.expenses.activities import SPEND_INACTIVE
from activities.expenses.models import ExpenseSyncInput
from activities.store import ConnectorStore
from persistence.tables import Connection
from persistence.vocabulary import CredentialKind, OwnerKind, SyncStatus
from workflows.expense_sync_start import signal_with_start_expense_sync

EXPENSE = "expense"
SETTLED = frozenset({SyncStatus.SYNCED, SyncStatus.SKIPPED, SyncStatus.NEEDS_MAPPING, SyncStatus.FAILED})
CURSOR_OVERLAP = timedelta(minutes=5)
REDRIVE_LIMIT = 500
"""Most recently changed skipped records (of every entity) read per sweep for the no-token re-drive."""


class ExpenseSweepInput(BaseModel):
    """Start of `ExpenseSweepWorkflow`: one connection."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    connection_id: str


class ExpenseSweepResult(BaseModel):
    """What one sweep saw and started."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    listed: int
    started: int
    redriven: int = 0
    """Expenses skipped for a missing S&E token, started again now that the token is stored."""


class ExpenseSweepActivities:
    """The activity of `ExpenseSweepWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def sweep_expenses(self, params: ExpenseSweepInput) -> ExpenseSweepResult:
        """List expenses created since the cursor, start the unsettled ones, then store the cursor."""
        started_at = datetime.now(UTC)
        client, task_queue = activity.client(), activity.info().task_queue
        listed = started = 0
        with raising_application_errors():
            connection = await self._clients.connection(params.connection_id)
            zoho = await self._clients.zoho(connection)
            since = await asyncio.to_thread(self._store.cursors.get, connection.id, EXPENSE)
            async for expense in zoho.books.iter_expenses(zoho.org_id, created_since=since):
                listed += 1
                record = await asyncio.to_thread(
                    self._store.records.get, connection.zoho_org_id, EXPENSE, expense.expense_id
                )
                if record is not None and record.status in SETTLED:
                    continue
                sync = ExpenseSyncInput(
                    connection_id=connection.id,
                    zoho_org_id=connection.zoho_org_id,
                    zoho_expense_id=expense.expense_id,
                    trigger="poll",
                )
                await signal_with_start_expense_sync(client, sync, task_queue=task_queue)
                started += 1
            await asyncio.to_thread(self._store.cursors.advance, connection.id, EXPENSE, started_at - CURSOR_OVERLAP)
            redriven = 0
            for expense_id in await asyncio.to_thread(self._waiting_for_token, connection):
                sync = ExpenseSyncInput(
                    connection_id=connection.id,
                    zoho_org_id=connection.zoho_org_id,
                    zoho_expense_id=expense_id,
                    trigger="poll",
                )
                await signal_with_start_expense_sync(client, sync, task_queue=task_queue)
                redriven += 1
        return ExpenseSweepResult(listed=listed, started=started, redriven=redriven)

    def _waiting_for_token(self, connection: Connection) -> list[str]:
        """Expense ids skipped for a missing S&E token, if the BILL organization now has one."""
        kind = CredentialKind.BILL_SPEND_API_TOKEN
        if self._store.credentials.get(OwnerKind.BILL_ORG, connection.bill_org_id, kind) is None:
            return []
        skipped = self._store.records.list(connection.id, SyncStatus.SKIPPED.value, limit=REDRIVE_LIMIT)
        return [r.zoho_id for r in skipped if r.entity == EXPENSE and r.last_error == SPEND_INACTIVE]
