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

from activities.bill import BillActivities
from activities.connection import ConnectionActivities
from activities.connections import ConnectionClients
from activities.grant_tokens import SharedGrantTokens
from activities.ledger import LedgerActivities
from activities.store import ConnectorStore
from activities.subscriptions import SubscriptionActivities
from activities.sweep import SweepActivities
from activities.zoho import ZohoActivities
from common.settings import Settings
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.bill_sync import BillSyncWorkflow
from workflows.connection import ConnectionWorkflow

WORKFLOWS: Sequence[type] = (BillSyncWorkflow, ConnectionWorkflow, BillPollSweepWorkflow)


@dataclass(frozen=True)
class ActivityDeps:
    """Long-lived dependencies of the activities (one set per worker process)."""

    settings: Settings
    store: ConnectorStore
    http: httpx.AsyncClient


def build_activities(deps: ActivityDeps) -> list[Callable[..., Any]]:
    """Every activity, bound to one shared `ConnectionClients` (so token and session caches are shared)."""
    clients = ConnectionClients(settings=deps.settings, store=deps.store, http=deps.http)
    zoho = ZohoActivities(clients, deps.store)
    bill = BillActivities(clients, deps.store)
    ledger = LedgerActivities(deps.store)
    connection = ConnectionActivities(
        deps.store, SharedGrantTokens(settings=deps.settings, store=deps.store, http=deps.http)
    )
    subscriptions = SubscriptionActivities(settings=deps.settings, clients=clients, store=deps.store)
    sweep = SweepActivities(clients, deps.store)
    return [
        zoho.fetch_zoho_bill,
        bill.ensure_bill_vendor,
        bill.map_bill_accounts,
        bill.create_bill_bill,
        ledger.record_bill_outcome,
        ledger.find_unchanged_sync,
        connection.refresh_zoho_token,
        connection.record_connection_health,
        subscriptions.ensure_bill_subscriptions,
        subscriptions.remove_bill_subscriptions,
        sweep.load_sweep_cursor,
        sweep.sweep_bill_page,
        sweep.advance_sweep_cursor,
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
