"""backfill_cost: Zoho and BILL requests per bill of a backfill, with BILL's bulk create (issue 8: BILL ≤ 0.02).

One org is warmed up first (a few bills synced through webhooks, so its vendors and accounts are mapped, as a
vendor and chart-of-accounts sync would leave them). Then `bills` bills of those vendors are entered in Zoho
with their webhooks dropped, and one `BackfillWorkflow` syncs them. The emulators count the requests; the
published limits and the shared rate budget apply (Zoho's 100 requests/minute sets the run's length).

The bulk speed-up (issue 6) is measured in the same run, on the same stack: as many bills again, of the same
vendors, are entered with their webhooks delivered, so each goes through its own keyed `BillSyncWorkflow` (the
webhook path: one BILL create per bill). Both paths report BILL calls per bill and their wall-clock time; the
ratio keyed / backfill is the speed-up. Both run against the real clock under Zoho's per-minute budget, so at
scale both lengths are mostly Zoho's (one read per bill either way); the figure says so rather than hiding it.
Between the phases the run waits out Zoho's sliding minute when the backfill used much of it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from activities.backfill.models import BackfillInput
from activities.rate_budget import VendorLimits
from bench.calls import CallCount, bill_endpoints
from bench.report import BenchReport, Figure
from bench.stack import FullStack, full_stack
from workflows.backfill import BackfillWorkflow, backfill_workflow_id

DEFAULT_SIZE = 300
"""Bills in a default run: about three minutes at Zoho's 100 requests/minute."""
BILL_GOAL = 0.02
ZOHO_GOAL = 1.01
"""One read per bill (the listing has no lines) plus one list call per 200 bills."""
WARM_UP_VENDORS = 3
TASK_QUEUE = "bench-backfill"
ZOHO_WINDOW_SECONDS = 60.0
"""Zoho's sliding minute: waited out between the phases when the backfill used more than half of it."""


async def keyed_path(stack: FullStack, bills: int) -> tuple[CallCount, float, int]:
    """`bills` bills of known vendors through their webhooks and keyed workflows: calls, seconds, synced."""
    entered = stack.enter(stack.known_suppliers(bills))
    before, started = stack.calls(), datetime.now(UTC)
    await stack.deliver()
    results = [await stack.synced(one) for one in entered]
    seconds = (datetime.now(UTC) - started).total_seconds()
    return stack.calls() - before, seconds, sum(r.status == "synced" for r in results)


async def run(bills: int, workdir: Path) -> BenchReport:
    """Warm up one org, enter `bills` bills without webhooks, backfill them; requests per bill."""
    logging.getLogger("temporalio.workflow").setLevel(logging.ERROR)
    async with full_stack(workdir, task_queue=TASK_QUEUE, orgs=1) as stack:
        await stack.warm_up(WARM_UP_VENDORS)
        (org,) = stack.orgs
        entered = stack.enter(stack.known_suppliers(bills))
        stack.zoho.outbox.clear()
        before, zoho_before, log_start = stack.calls(), Counter(stack.zoho_requests.seen), len(stack.bill.request_log)
        params = BackfillInput(connection_id=org.demo.connection_id, since=datetime.now(UTC).date() - timedelta(days=1))
        started = datetime.now(UTC)
        handle = await stack.client.start_workflow(
            BackfillWorkflow.run, params, id=backfill_workflow_id(params), task_queue=TASK_QUEUE
        )
        result = (await handle.result()).counts["bills"]
        seconds = (datetime.now(UTC) - started).total_seconds()
        calls = stack.calls() - before
        zoho_endpoints = stack.zoho_requests.seen - zoho_before
        bill_paths = bill_endpoints(stack.bill, log_start)
        missing = len({b.number for b in entered} - stack.invoices_in_bill())
        if calls.zoho_total > VendorLimits().zoho_per_minute / 2:
            await asyncio.sleep(ZOHO_WINDOW_SECONDS)
        keyed_calls, keyed_seconds, keyed_synced = await keyed_path(stack, bills)
    zoho, bill = calls.zoho_total / bills, calls.bill_total / bills
    bulk = sum(n for path, n in bill_paths.items() if path.endswith("/bills/bulk"))
    keyed_zoho, keyed_bill = keyed_calls.zoho_total / bills, keyed_calls.bill_total / bills
    return BenchReport(
        name="backfill_cost",
        title="API calls per backfilled bill (BILL bulk create)",
        params={"bills": bills, "orgs": 1, "warm_up_vendors": WARM_UP_VENDORS},
        figures=[
            Figure("Zoho calls per bill", zoho, goal=f"<= {ZOHO_GOAL}", met=zoho <= ZOHO_GOAL),
            Figure("BILL calls per bill", bill, goal=f"<= {BILL_GOAL}", met=bill <= BILL_GOAL),
            Figure("BILL bulk create calls", bulk),
            Figure("BILL calls saved vs one create per bill", 1.0 / bill if bill else 0.0, unit="x"),
            Figure("429 rejections (Zoho + BILL)", calls.zoho_limited + calls.bill_limited),
            Figure("bills created by the backfill", result.created, goal=str(bills), met=result.created == bills),
            Figure("bills missing in BILL", missing, goal="0", met=missing == 0),
            Figure("backfill duration", seconds, unit="s"),
            Figure("keyed workflows (webhook path): BILL calls per bill", keyed_bill),
            Figure("keyed workflows (webhook path): Zoho calls per bill", keyed_zoho),
            Figure("keyed workflows: bills synced", keyed_synced, goal=str(bills), met=keyed_synced == bills),
            Figure("keyed workflows duration", keyed_seconds, unit="s"),
            Figure("BILL calls: keyed / backfill", keyed_bill / bill if bill else 0.0, unit="x"),
            Figure("wall clock: keyed / backfill (bulk speed-up)", keyed_seconds / seconds, unit="x"),
        ],
        notes=[
            *(f"Zoho: {path} {n / bills:.3f} per bill" for path, n in zoho_endpoints.most_common()),
            *(f"BILL: {path} {n / bills:.3f} per bill" for path, n in bill_paths.most_common()),
            "keyed workflows: the same number of bills of the same vendors, after the backfill, on the same stack",
        ],
    )
