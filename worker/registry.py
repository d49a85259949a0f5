"""What a worker runs: the workflows and the activities bound to their dependencies.

Shared by the worker process, the tests and the replayer, so all three register the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from activities.account_sync import AccountSyncActivities
from activities.backfill.bulk import BackfillBulkActivities
from activities.backfill.expenses import BackfillExpenseActivities
from activities.backfill.listing import BackfillListActivities
from activities.bill import BillActivities
from activities.connection import ConnectionActivities
from activities.connection_schedules import ensure_connection_schedules_activity
from activities.connections import ConnectionClients
from activities.expenses import ExpenseActivities
from activities.expenses.sweep import ExpenseSweepActivities
from activities.grant_tokens import SharedGrantTokens
from activities.ledger import LedgerActivities
from activities.purchase_orders import PurchaseOrderActivities
from activities.rate_budget import RateBudget
from activities.store import ConnectorStore
from activities.subscriptions import SubscriptionActivities
from activities.sweep import SweepActivities
from activities.vendor_sync.activities import VendorSyncActivities
from activities.vendor_sync.policy import Ownership
from activities.vendor_sync.store import VendorSyncStore
from activities.zoho import ZohoActivities
from common.settings import Settings
from workflows.account_sync import AccountSyncWorkflow
from workflows.backfill import BackfillWorkflow
from workflows.backfill_claim import BillClaimWorkflow
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.bill_sync import BillSyncWorkflow
from workflows.connection import ConnectionWorkflow
from workflows.expense_sweep import ExpenseSweepWorkflow
from workflows.expense_sync import ExpenseSyncWorkflow
from workflows.purchase_order_audit import PurchaseOrderAuditWorkflow
from workflows.vendor_sync import VendorSyncWorkflow

WORKFLOWS: Sequence[type] = (
    BillSyncWorkflow,
    ConnectionWorkflow,
    BillPollSweepWorkflow,
    AccountSyncWorkflow,
    ExpenseSyncWorkflow,
    ExpenseSweepWorkflow,
    PurchaseOrderAuditWorkflow,
    VendorSyncWorkflow,
    BackfillWorkflow,
    BillClaimWorkflow,
)


@dataclass(frozen=True)
class ActivityDeps:
    """Long-lived dependencies of the activities (one set per worker process)."""

    settings: Settings
    store: ConnectorStore
    http: httpx.AsyncClient
    budget: RateBudget | None = None
    """The shared rate budget (None: over the configured database, wall clock; tests pass an emulator-clock one)."""


def build_activities(deps: ActivityDeps) -> list[Callable[..., Any]]:
    """Every activity, bound to one shared `ConnectionClients` (so token and session caches are shared)."""
    clients = ConnectionClients(settings=deps.settings, store=deps.store, http=deps.http, budget=deps.budget)
    zoho = ZohoActivities(clients, deps.store)
    bill = BillActivities(clients, deps.store)
    ledger = LedgerActivities(deps.store)
    connection = ConnectionActivities(
        deps.store, SharedGrantTokens(settings=deps.settings, store=deps.store, http=deps.http)
    )
    subscriptions = SubscriptionActivities(settings=deps.settings, clients=clients, store=deps.store)
    sweep = SweepActivities(clients, deps.store)
    vendor_sync = VendorSyncActivities(
        clients,
        deps.store,
        VendorSyncStore.from_settings(deps.settings),
        Ownership.parse(deps.settings.vendor_bill_owned_fields.split(",")),
    )
    account_sync = AccountSyncActivities(clients, deps.store)
    expenses = ExpenseActivities(clients, deps.store, settings=deps.settings, http=deps.http, budget=deps.budget)
    expense_sweep = ExpenseSweepActivities(clients, deps.store)
    purchase_orders = PurchaseOrderActivities(clients, deps.store)
    backfill_list = BackfillListActivities(clients, deps.store)
    backfill_bulk = BackfillBulkActivities(clients, deps.store, bill)
    backfill_expenses = BackfillExpenseActivities(clients, deps.store)
    return [
        zoho.fetch_zoho_bill,
        bill.ensure_bill_vendor,
        bill.map_bill_accounts,
        bill.create_bill_bill,
        ledger.record_bill_outcome,
        ledger.find_unchanged_sync,
        connection.refresh_zoho_token,
        connection.record_connection_health,
        ensure_connection_schedules_activity,
        subscriptions.ensure_bill_subscriptions,
        subscriptions.remove_bill_subscriptions,
        sweep.load_sweep_cursor,
        sweep.sweep_bill_page,
        sweep.advance_sweep_cursor,
        vendor_sync.sync_vendors,
        account_sync.plan_account_sync,
        account_sync.apply_account_sync,
        expenses.fetch_zoho_expense,
        expenses.submit_reimbursement,
        expenses.record_expense_outcome,
        expense_sweep.sweep_expenses,
        purchase_orders.record_purchase_orders,
        backfill_list.list_backfill_page,
        backfill_bulk.create_bill_batch,
        backfill_expenses.start_expense_syncs,
    ]


GRACEFUL_SHUTDOWN = timedelta(seconds=20)
"""On SIGTERM, in-flight activities get this long to finish before they are cancelled (and retried elsewhere)."""


def build_worker(client: Client, deps: ActivityDeps, *, task_queue: str | None = None) -> Worker:
    """A worker for the connector's task queue (or `task_queue`, for tests)."""
    return Worker(
        client,
        task_queue=task_queue or deps.settings.task_queue,
        workflows=list(WORKFLOWS),
        activities=build_activities(deps),
        graceful_shutdown_timeout=GRACEFUL_SHUTDOWN,
    )
