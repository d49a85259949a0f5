"""Polling-sweep activities: page Zoho bills by `last_modified_time` and start the keyed bill workflows.

The sweep is the safety net for webhooks that never arrived. It starts each bill's `BillSyncWorkflow` with
signal-with-start from the activity (the worker's own Temporal client), rather than as child workflows: a
bill workflow must outlive the sweep, keep its business-key id shared with the gateway, and a running one
must only be nudged, never duplicated. A page fails (and is retried) unless every start succeeded, and the
workflow stores the cursor only after the last page, so a missed webhook delays a bill but never loses it.

A bill is not started when its sync record is settled and a workflow already handled this Zoho version
(`zoho_modified_at`, Zoho's own `last_modified_time`, so no clock skew enters): that webhook did arrive,
and re-fetching the bill would only cost a Zoho call.
"""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.store import ConnectorStore
from clients.zoho.models.bills import ZohoBillSummary
from common.models import BillSyncInput, SweepCursor, SweepCursorRequest, SweepPage, SweepPageRequest
from persistence.vocabulary import SyncStatus
from workflows.bill_sync_start import signal_with_start_bill_sync

BILL_ENTITY = "bill"
SETTLED_STATUSES = frozenset({SyncStatus.SYNCED, SyncStatus.SKIPPED, SyncStatus.NEEDS_MAPPING, SyncStatus.FAILED})
"""Record states a workflow ended in; `pending`/`creating` records are always started (they may be stuck)."""


class SweepActivities:
    """Activities of `BillPollSweepWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def load_sweep_cursor(self, request: SweepCursorRequest) -> SweepCursor:
        """The stored cursor of the connection's bill sweep (None: never swept)."""
        with raising_application_errors():
            since = await asyncio.to_thread(self._store.cursors.get, request.connection_id, BILL_ENTITY)
        return SweepCursor(connection_id=request.connection_id, modified_since=since)

    @activity.defn
    async def advance_sweep_cursor(self, cursor: SweepCursor) -> SweepCursor:
        """Store the cursor (it never moves back); returns the stored one."""
        if cursor.modified_since is None:
            raise ValueError("advance_sweep_cursor needs a bound")
        with raising_application_errors():
            stored = await asyncio.to_thread(
                self._store.cursors.advance, cursor.connection_id, BILL_ENTITY, cursor.modified_since
            )
        return SweepCursor(connection_id=cursor.connection_id, modified_since=stored)

    @activity.defn
    async def sweep_bill_page(self, request: SweepPageRequest) -> SweepPage:
        """List one page of bills modified since the cursor and start (or signal) the workflow of each."""
        client, task_queue = activity.client(), activity.info().task_queue
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            zoho = await self._clients.zoho(connection)
            page = await zoho.books.list_bills(
                zoho.org_id, page=request.page, last_modified_time=request.modified_since
            )
            started = 0
            for summary in page.items:
                if await asyncio.to_thread(self._version_handled, connection.zoho_org_id, summary):
                    continue
                params = BillSyncInput(
                    connection_id=connection.id,
                    zoho_org_id=connection.zoho_org_id,
                    zoho_bill_id=summary.bill_id,
                    trigger="poll",
                )
                await signal_with_start_bill_sync(client, params, task_queue=task_queue)
                started += 1
        next_page = page.page + 1 if page.has_more_page else None
        return SweepPage(listed=len(page.items), started=started, next_page=next_page)

    def _version_handled(self, zoho_org_id: str, summary: ZohoBillSummary) -> bool:
        if summary.last_modified_time is None:
            return False
        record = self._store.records.get(zoho_org_id, BILL_ENTITY, summary.bill_id)
        return (
            record is not None
            and record.status in SETTLED_STATUSES
            and record.zoho_modified_at is not None
            and record.zoho_modified_at >= summary.last_modified_time
        )
