"""Backfill activity for expenses: start the keyed `ExpenseSyncWorkflow` of every Zoho expense created since
the backfill's day whose record is not settled.

Zoho offers no modified-time filter or sort for expenses, so the walk goes newest first by `created_time`
(as the expense sweep does). Expenses go to BILL Spend & Expense one by one (S&E has no bulk create), so this
only sorts them like `activities.backfill.listing` sorts bills and hands the unsettled ones to their keyed
workflow (signal-with-start, trigger `backfill`), which owns exactly-once. No cursor is moved: a backfill
is not a sweep. A dry run counts and starts nothing.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from temporalio import activity

from activities.backfill.listing import SETTLED_COUNTER
from activities.backfill.models import BackfillCounts, BackfillPageRequest
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.expenses.models import ExpenseSyncInput
from activities.store import ConnectorStore
from persistence.vocabulary import SyncStatus
from workflows.expense_sync_start import signal_with_start_expense_sync

EXPENSE_ENTITY = "expense"


class BackfillExpenseActivities:
    """The expenses step of `BackfillWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def start_expense_syncs(self, request: BackfillPageRequest) -> BackfillCounts:
        """Every expense created at or after `request.since` (all pages; `page` is unused): settled ones
        counted, the rest handed to their keyed workflow. Safe to retry: a second start only signals."""
        client, task_queue = activity.client(), activity.info().task_queue
        counts: Counter[str] = Counter()
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            zoho = await self._clients.zoho(connection)
            async for expense in zoho.books.iter_expenses(zoho.org_id, created_since=request.since):
                activity.heartbeat()
                counts["seen"] += 1
                record = await asyncio.to_thread(
                    self._store.records.get, zoho.org_id, EXPENSE_ENTITY, expense.expense_id
                )
                settled = SETTLED_COUNTER.get(SyncStatus(record.status)) if record is not None else None
                if settled is not None:
                    counts[settled] += 1
                elif request.dry_run:
                    counts["would_create"] += 1
                else:
                    sync = ExpenseSyncInput(
                        connection_id=connection.id,
                        zoho_org_id=zoho.org_id,
                        zoho_expense_id=expense.expense_id,
                        trigger="backfill",
                    )
                    await signal_with_start_expense_sync(client, sync, task_queue=task_queue)
                    counts["handed_off"] += 1
        return BackfillCounts(**counts)
