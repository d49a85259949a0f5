"""A backfill through the real clients and both emulators (limits on, accelerated emulator clock) on two
simulated workers sharing a budget in SQLite or PostgreSQL: no call is answered 429 and in-flight calls stay
within the limits; with a budget that believes the limits are much higher, the same load is rejected."""

from __future__ import annotations

from pathlib import Path

from activities.rate_budget import VendorLimits
from bench.backfill_load import BackfillLoad, run_backfill
from bench.rate_budget import LIMITED_SHARE_GOAL

BILLS_PER_ORG = 130
"""More than one Zoho minute window per organization, so the budget must hold calls back."""


async def test_a_backfill_within_the_budget_is_never_rejected(tmp_path: Path, budget_url: str) -> None:
    load = BackfillLoad(bills_per_org=BILLS_PER_ORG, speed=10.0, budget_database_url=budget_url)

    outcome = await run_backfill(load, tmp_path)

    assert outcome.bills_created == 2 * BILLS_PER_ORG
    assert outcome.limited_share <= LIMITED_SHARE_GOAL  # 0 unless the machine stalls a send past the margin
    assert outcome.bill_limited == 0
    assert 0 < outcome.zoho_peak_in_flight <= VendorLimits().zoho_concurrent
    assert outcome.emulator_seconds > 60.0  # more than a window's worth of calls per org had to be held back


async def test_the_same_backfill_without_an_effective_budget_is_rejected(tmp_path: Path) -> None:
    believed = VendorLimits(zoho_per_minute=100_000, zoho_concurrent=1_000, bill_concurrent_per_org=1_000)

    load = BackfillLoad(bills_per_org=40, limits=believed, latency_seconds=0.2)  # slow calls: they must overlap

    outcome = await run_backfill(load, tmp_path)

    assert outcome.bills_created == 2 * 40
    assert outcome.zoho_limited + outcome.bill_limited > 0
