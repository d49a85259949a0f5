"""rate_budget: a backfill over two organizations under the shared per-organization budget.

Every bill is fetched from Zoho Books and created in BILL through the real clients, from 2 simulated
workers x 20 tasks sharing one database, against both emulators on an accelerated clock (see
`bench.backfill_load`). The emulators count what they admitted and what they refused; the figures are the
share of Zoho's 100/min/org budget the run used and the share of calls answered with a rate-limit error.
"""

from __future__ import annotations

from pathlib import Path

from activities.rate_budget import VendorLimits
from bench.backfill_load import BackfillLoad, run_backfill
from bench.report import BenchReport, Figure

DEFAULT_SIZE = 2000
"""Bills in a default run (`python -m bench`), split over the two demo organizations."""
SPEED = 10.0
"""Emulator seconds per real second: the ~10 Zoho minute windows a default run needs pass in ~60 s. Faster
clocks stretch real scheduling delays past the budget's 2 s margin (30x: a 70 ms hiccup is 2 s) and start
to show 429s that real time would not."""
BUDGET_USE_GOAL = 0.85
LIMITED_SHARE_GOAL = 0.01


async def run(bills: int, workdir: Path) -> BenchReport:
    """Copy `bills` bills (half per organization) and report budget use and rate-limit answers."""
    load = BackfillLoad(bills_per_org=max(1, bills // 2), speed=SPEED)
    outcome = await run_backfill(load, workdir)
    limits = VendorLimits()
    expected = 2 * load.bills_per_org
    return BenchReport(
        name="rate_budget",
        title="Backfill under the shared rate budget",
        params={
            "bills": expected,
            "orgs": 2,
            "workers": load.workers,
            "tasks_per_worker": load.tasks_per_worker,
            "emulator_speed": load.speed,
        },
        figures=[
            Figure(
                "Zoho budget used (calls / 100 per min per org)",
                outcome.zoho_budget_share,
                goal=f">= {BUDGET_USE_GOAL}",
                met=outcome.zoho_budget_share >= BUDGET_USE_GOAL,
            ),
            Figure(
                "calls answered 429 (share of all vendor calls)",
                outcome.limited_share,
                goal=f"<= {LIMITED_SHARE_GOAL}",
                met=outcome.limited_share <= LIMITED_SHARE_GOAL,
            ),
            Figure("Zoho calls answered 429", outcome.zoho_limited),
            Figure("BILL calls answered BDC_1144/BDC_1322", outcome.bill_limited),
            Figure(
                "Zoho peak in-flight per org",
                outcome.zoho_peak_in_flight,
                goal=f"<= {limits.zoho_concurrent}",
                met=outcome.zoho_peak_in_flight <= limits.zoho_concurrent,
            ),
            Figure("Zoho calls", sum(outcome.zoho_calls.values())),
            Figure("BILL calls", outcome.bill_requests),
            Figure("long waits handed back (as Temporal retries)", outcome.budget_waits_handed_back),
            Figure("bills copied", outcome.bills_created, goal=str(expected), met=outcome.bills_created == expected),
            Figure("emulator time", outcome.emulator_seconds / 60.0, unit="min"),
            Figure("real time", outcome.real_seconds, unit="s"),
        ],
        notes=[
            f"Zoho 429s by code (44 minute, 45 daily, 1070 concurrency): {outcome.zoho_limited_by_code or 'none'}.",
            "Budget use is measured over the whole run, including its start-up and the last partial window.",
            "BILL's binding limit here is 3 concurrent requests per devKey per org; its 20,000/h is not reached.",
        ],
    )
