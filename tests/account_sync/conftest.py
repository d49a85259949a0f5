"""Emulators, store and the time-skipping Temporal server for the account, expense and purchase-order tests.

The demo companies come from `tests.e2e.conftest.seeded` (fresh emulators over ASGI, a fresh SQLite store);
the workflows run on the session's time-skipping server with a worker that has every registered workflow
and activity plus the ones under test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.account_sync import AccountSyncActivities
from activities.connections import ConnectionClients
from activities.expenses import ExpenseActivities
from activities.expenses.sweep import ExpenseSweepActivities
from activities.purchase_orders import PurchaseOrderActivities
from tests.e2e.conftest import Seeded, seeded
from tests.temporal_env import unique_name
from tests.workflows.conftest import time_skipping_env
from worker.registry import WORKFLOWS, ActivityDeps, build_activities
from workflows.account_sync import AccountSyncWorkflow
from workflows.expense_sweep import ExpenseSweepWorkflow
from workflows.expense_sync import ExpenseSyncWorkflow
from workflows.purchase_order_audit import PurchaseOrderAuditWorkflow

__all__ = ["connector_worker", "seeded", "time_skipping_env"]

EXTRA_WORKFLOWS: Sequence[type] = (
    AccountSyncWorkflow,
    ExpenseSyncWorkflow,
    ExpenseSweepWorkflow,
    PurchaseOrderAuditWorkflow,
)


def extra_activities(clients: ConnectionClients, seeded: Seeded) -> list[Callable[..., Any]]:
    """The activities under test (bound to the worker's shared clients)."""
    account_sync = AccountSyncActivities(clients, seeded.store)
    expenses = ExpenseActivities(clients, seeded.store, settings=seeded.settings, http=seeded.http)
    return [
        account_sync.plan_account_sync,
        account_sync.apply_account_sync,
        expenses.fetch_zoho_expense,
        expenses.submit_reimbursement,
        expenses.record_expense_outcome,
        ExpenseSweepActivities(clients, seeded.store).sweep_expenses,
        PurchaseOrderActivities(clients, seeded.store).record_purchase_orders,
    ]


@asynccontextmanager
async def connector_worker(env: WorkflowEnvironment, seeded: Seeded) -> AsyncIterator[str]:
    """A worker on a fresh task queue with the registry's workflows and activities plus the ones under test;
    yields the task queue."""
    task_queue = unique_name("ledger")
    deps = ActivityDeps(settings=seeded.settings, store=seeded.store, http=seeded.http)
    clients = ConnectionClients(settings=seeded.settings, store=seeded.store, http=seeded.http)
    mine = extra_activities(clients, seeded)
    names = {fn.__name__ for fn in mine}
    activities = [fn for fn in build_activities(deps) if fn.__name__ not in names] + mine
    workflows = list(dict.fromkeys([*WORKFLOWS, *EXTRA_WORKFLOWS]))
    async with Worker(env.client, task_queue=task_queue, workflows=workflows, activities=activities):
        yield task_queue
