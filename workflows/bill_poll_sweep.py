"""`BillPollSweepWorkflow`: the per-connection safety net that finds bills whose webhook never arrived.

Run by the connection's Schedule (`worker.schedules`, overlap skipped). It reads the stored cursor, pages
Zoho bills modified at or after it, and lets `sweep_bill_page` start (or signal) each bill's keyed
`BillSyncWorkflow`. Only when every page succeeded is the cursor moved to the sweep's start time minus
`CURSOR_OVERLAP` (bills edited while the sweep ran, or stamped by a clock behind ours, are read again next
time; the per-bill workflow makes that harmless). Long sweeps continue as new every `PAGES_PER_RUN` pages
(or when Temporal suggests it), carrying the start time, the cursor read and the next page.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.sweep import SweepActivities
    from common.models import (
        BillPollSweepInput,
        BillPollSweepResult,
        SweepCursor,
        SweepCursorRequest,
        SweepPageRequest,
    )
    from workflows.options import LEDGER_WRITE, ZOHO_READ

CURSOR_OVERLAP = timedelta(minutes=5)
"""How far before the sweep's start the next sweep reads again (clock skew, edits during the sweep)."""

PAGES_PER_RUN = 50
"""Pages (of up to 200 bills) per run before continuing as new, to keep each history small."""

SWEEP_PAGE = ZOHO_READ
"""One Zoho list call plus up to a page of workflow starts."""


@workflow.defn
class BillPollSweepWorkflow:
    """Start the keyed bill workflow of every Zoho bill modified since the stored cursor."""

    @workflow.run
    async def run(self, params: BillPollSweepInput) -> BillPollSweepResult:
        """Sweep from `params` (a fresh sweep or the continuation of one) to the last page, then store the cursor."""
        started_at, since = params.started_at or workflow.now(), params.modified_since
        if params.started_at is None:
            cursor = await workflow.execute_activity_method(
                SweepActivities.load_sweep_cursor,
                SweepCursorRequest(connection_id=params.connection_id),
                **LEDGER_WRITE,
            )
            since = cursor.modified_since
        page: int | None = params.next_page
        listed, started, pages_this_run = params.listed, params.started, 0
        while page is not None:
            if pages_this_run >= PAGES_PER_RUN or workflow.info().is_continue_as_new_suggested():
                continuation = BillPollSweepInput(
                    connection_id=params.connection_id,
                    started_at=started_at,
                    modified_since=since,
                    next_page=page,
                    listed=listed,
                    started=started,
                )
                workflow.continue_as_new(continuation)
            request = SweepPageRequest(connection_id=params.connection_id, modified_since=since, page=page)
            swept = await workflow.execute_activity_method(SweepActivities.sweep_bill_page, request, **SWEEP_PAGE)
            listed, started, page = listed + swept.listed, started + swept.started, swept.next_page
            pages_this_run += 1
        bound = started_at - CURSOR_OVERLAP
        stored = await workflow.execute_activity_method(
            SweepActivities.advance_sweep_cursor,
            SweepCursor(connection_id=params.connection_id, modified_since=bound),
            **LEDGER_WRITE,
        )
        return BillPollSweepResult(listed=listed, started=started, modified_since=stored.modified_since or bound)
