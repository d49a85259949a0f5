"""`BackfillWorkflow`: sync every record of a connection modified since a date, through the same exactly-once
guards as webhooks (docs/backfill.md).

Accounts and vendors, when asked for, come first: each runs the connection's own sync workflow as a child
(`workflows.backfill_master`). Bills are paged from Zoho by `last_modified_time`, one activity per page
(`list_backfill_page`: ids only in history). Bills with no sync record go to `create_bill_batch` in batches
of ≤ 100 (one BILL bulk call each); everything else was handed to the bills' keyed `BillSyncWorkflow`s by the
listing. The `progress` query answers the counts so far. Every `PAGES_PER_RUN` pages (or when Temporal
suggests it) the run continues as new, carrying the entity, the next page and the counts.

Cancelling stops the walk after the step in flight: a step is shielded from the cancellation, so a batch
never stops between its BILL call and its ledger writes. A dry run only lists (and counts).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, time, timedelta
from typing import TypeVar, get_args

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.backfill.bulk import BULK_LIMIT, BackfillBulkActivities
    from activities.backfill.expenses import BackfillExpenseActivities
    from activities.backfill.listing import BackfillListActivities
    from activities.backfill.models import (
        BackfillCounts,
        BackfillEntity,
        BackfillInput,
        BackfillPageRequest,
        BackfillProgress,
        BillBatchRequest,
    )
    from workflows.options import API_RETRY, ZOHO_READ, ActivityOptions

from workflows.backfill_master import sync_accounts, sync_vendors

T = TypeVar("T")
MASTER_DATA = {"accounts": sync_accounts, "vendors": sync_vendors}
"""Entities synced whole by their own workflow (`workflows.backfill_master`), before the bills."""
BACKFILL_BATCH = ActivityOptions(
    start_to_close_timeout=timedelta(minutes=10),
    schedule_to_close_timeout=timedelta(hours=2),
    retry_policy=API_RETRY,
)
"""One batch: up to 100 Zoho reads under the org's budget (about a minute at 100/min), then one bulk call."""
BATCH_HEARTBEAT = timedelta(minutes=1)
"""A batch heartbeats after every read and budget wait; a silent minute means its worker died."""
PAGES_PER_RUN = 10
"""Pages per run before continuing as new (a page of 200 bills is about a dozen history events)."""


def backfill_workflow_id(params: BackfillInput) -> str:
    """One id per connection, start day, entities and mode: repeating a start attaches to the running one."""
    mode = "/dry-run" if params.dry_run else ""
    return f"backfill/{params.connection_id}/{params.since.isoformat()}/{'+'.join(params.entities)}{mode}"


@workflow.defn
class BackfillWorkflow:
    """Walk the connection's Zoho records modified since `since`; see the module docstring."""

    def __init__(self) -> None:
        self._progress = BackfillProgress(counts={}, entity=None, page=None, dry_run=False)
        self._cancelled = False

    @workflow.query
    def progress(self) -> BackfillProgress:
        """Counts per entity so far, the entity and page in flight, and whether the backfill ended."""
        return self._progress

    @workflow.run
    async def run(self, params: BackfillInput) -> BackfillProgress:
        """Walk from the carried cursor to the end (or continue as new), then return the final counts."""
        counts = dict(params.counts)
        self._progress = BackfillProgress(counts=counts, entity=None, page=None, dry_run=params.dry_run)
        since = datetime.combine(params.since, time(0), tzinfo=UTC)
        pages_this_run = 0
        entities = sorted(params.entities, key=get_args(BackfillEntity).index)
        for index in range(params.entity_index, len(entities)):
            entity = entities[index]
            if entity in MASTER_DATA:
                self._show(counts, entity, 1, params.dry_run)
                counts[entity] = await self._step(MASTER_DATA[entity](params.connection_id, params.dry_run))
                continue
            if entity == "expenses":
                self._show(counts, entity, 1, params.dry_run)
                request = BackfillPageRequest(
                    connection_id=params.connection_id,
                    since=since,
                    page=1,
                    page_size=params.page_size,
                    dry_run=params.dry_run,
                )
                counts[entity] = await self._step(
                    workflow.execute_activity_method(
                        BackfillExpenseActivities.start_expense_syncs,
                        request,
                        heartbeat_timeout=BATCH_HEARTBEAT,
                        **BACKFILL_BATCH,
                    )
                )
                continue
            page: int | None = params.next_page if index == params.entity_index else 1
            while page is not None and not self._cancelled:
                if pages_this_run >= PAGES_PER_RUN or workflow.info().is_continue_as_new_suggested():
                    await workflow.wait_condition(workflow.all_handlers_finished)
                    cursor = {"entity_index": index, "next_page": page, "counts": counts}
                    workflow.continue_as_new(params.model_copy(update=cursor))
                self._show(counts, entity, page, params.dry_run)
                request = BackfillPageRequest(
                    connection_id=params.connection_id,
                    since=since,
                    page=page,
                    page_size=params.page_size,
                    dry_run=params.dry_run,
                )
                listed = await self._step(
                    workflow.execute_activity_method(BackfillListActivities.list_backfill_page, request, **ZOHO_READ)
                )
                counts[entity] = counts.get(entity, BackfillCounts()).plus(listed.counts)
                for start in range(0, len(listed.fresh_ids), BULK_LIMIT):
                    if self._cancelled:  # the page's other batches were not touched: nothing to finish
                        break
                    self._show(counts, entity, page, params.dry_run)
                    batch = BillBatchRequest(
                        connection_id=params.connection_id,
                        zoho_org_id=listed.zoho_org_id,
                        zoho_bill_ids=listed.fresh_ids[start : start + BULK_LIMIT],
                    )
                    done = await self._step(
                        workflow.execute_activity_method(
                            BackfillBulkActivities.create_bill_batch,
                            batch,
                            heartbeat_timeout=BATCH_HEARTBEAT,
                            **BACKFILL_BATCH,
                        )
                    )
                    counts[entity] = counts[entity].plus(done)
                page, pages_this_run = listed.next_page, pages_this_run + 1
        self._progress = BackfillProgress(
            counts=counts, entity=None, page=None, dry_run=params.dry_run, done=True, cancelled=self._cancelled
        )
        if self._cancelled:
            raise asyncio.CancelledError("backfill cancelled; the step in flight finished")
        return self._progress

    def _show(self, counts: dict[str, BackfillCounts], entity: str, page: int, dry_run: bool) -> None:
        self._progress = BackfillProgress(counts=dict(counts), entity=entity, page=page, dry_run=dry_run)

    async def _step(self, step: Awaitable[T]) -> T:
        """Run one activity to its end even when the backfill is cancelled meanwhile (then stop after it)."""
        task = asyncio.ensure_future(step)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            self._cancelled = True
            return await task
