"""backfill_cost: Zoho and BILL requests per bill of a backfill, with BILL's bulk create (issue 8: BILL ≤ 0.02).

One org is warmed up first (a few bills synced through webhooks, so its vendors and accounts are mapped, as a
vendor and chart-of-accounts sync would leave them). Then `bills` bills of those vendors are entered in Zoho
with their webhooks dropped, and one `BackfillWorkflow` syncs them. The emulators count the requests; the
published limits and the shared rate budget apply (Zoho's 100 requests/minute sets the run's length).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from activities.backfill.models import BackfillInput
from bench.calls import bill_endpoints
from bench.report import BenchReport, Figure
from bench.stack import full_stack
from workflows.backfill import BackfillWorkflow, backfill_workflow_id

DEFAULT_SIZE = 300
"""Bills in a default run: about three minutes at Zoho's 100 requests/minute."""
BILL_GOAL = 0.02
ZOHO_GOAL = 1.01
"""One read per bill (the listing has no lines) plus one list call per 200 bills."""
WARM_UP_VENDORS = 3
TASK_QUEUE = "bench-backfill"


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
    zoho, bill = calls.zoho_total / bills, calls.bill_total / bills
    bulk = sum(n for path, n in bill_paths.items() if path.endswith("/bills/bulk"))
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
        ],
        notes=[
            *(f"Zoho: {path} {n / bills:.3f} per bill" for path, n in zoho_endpoints.most_common()),
            *(f"BILL: {path} {n / bills:.3f} per bill" for path, n in bill_paths.most_common()),
        ],
    )
