"""Backfill activity: list one Zoho page of bills by `last_modified_time` and sort it against the ledger.

Each listed bill falls in one of three groups, decided from the database alone (no per-bill API call):

- no sync record: *fresh*, returned for a bulk batch (`activities.backfill.bulk`);
- a settled record whose handled Zoho version is at or after the listed one: counted, nothing else to do;
- anything else (a newer Zoho version, or a record still `pending`/`creating`): handed to the bill's keyed
  `BillSyncWorkflow` (signal-with-start, trigger `backfill`), which updates, adopts or retries it.

A dry run sorts the same way but writes nothing and starts nothing: fresh bills count as `would_create`,
records that have a BILL bill and a newer Zoho version as `would_update`.
"""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.backfill.models import BackfillCounts, BackfillPage, BackfillPageRequest
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.store import ConnectorStore
from clients.zoho.models.bills import ZohoBillSummary
from common.models import BillSyncInput
from persistence.views import SyncRecordView
from persistence.vocabulary import SyncStatus
from workflows.bill_sync_start import signal_with_start_bill_sync

BILL_ENTITY = "bill"
SETTLED_COUNTER = {
    SyncStatus.SYNCED: "already_synced",
    SyncStatus.NEEDS_MAPPING: "needs_mapping",
    SyncStatus.SKIPPED: "skipped",
    SyncStatus.FAILED: "failed",
}
"""The counter of a settled record whose Zoho version was handled (`ml-connector replay` re-drives one)."""


class BackfillListActivities:
    """The listing step of `BackfillWorkflow`."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def list_backfill_page(self, request: BackfillPageRequest) -> BackfillPage:
        """One page of bills modified since `request.since`, sorted as the module docstring says.

        Safe to retry: the listing is a read, and handing a bill over twice only signals its workflow again.
        """
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            zoho = await self._clients.zoho(connection)
            page = await zoho.books.list_bills(
                zoho.org_id, page=request.page, per_page=request.page_size, last_modified_time=request.since
            )
            counts: dict[str, int] = {"seen": len(page.items)}
            fresh: list[str] = []
            for summary in page.items:
                record = await asyncio.to_thread(self._store.records.get, zoho.org_id, BILL_ENTITY, summary.bill_id)
                group: str | None = _group(record, summary, dry_run=request.dry_run)
                if group == "fresh":
                    fresh.append(summary.bill_id)
                    group = "would_create" if request.dry_run else None
                elif group == "handed_off":
                    params = BillSyncInput(
                        connection_id=connection.id,
                        zoho_org_id=zoho.org_id,
                        zoho_bill_id=summary.bill_id,
                        trigger="backfill",
                    )
                    await signal_with_start_bill_sync(activity.client(), params, task_queue=activity.info().task_queue)
                if group is not None:
                    counts[group] = counts.get(group, 0) + 1
        next_page = page.page + 1 if page.has_more_page else None
        fresh_ids = () if request.dry_run else tuple(fresh)
        return BackfillPage(
            zoho_org_id=zoho.org_id, fresh_ids=fresh_ids, counts=BackfillCounts(**counts), next_page=next_page
        )


def _group(record: SyncRecordView | None, summary: ZohoBillSummary, *, dry_run: bool) -> str:
    """`fresh`, a settled counter, `handed_off`, or (dry run) `would_create`/`would_update`."""
    if record is None:
        return "fresh"
    counter = SETTLED_COUNTER.get(SyncStatus(record.status))
    listed = summary.last_modified_time
    handled = record.zoho_modified_at
    if counter is not None and listed is not None and handled is not None and handled >= listed:
        return counter
    if dry_run:
        return "would_update" if record.bill_id is not None else "would_create"
    return "handed_off"
