"""The backfill_cost bench at a tiny size: a real stack, one bulk call, the emulators' counts in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import backfill_cost
from tests.bench.published import published

pytestmark = pytest.mark.temporal

BILLS = 20


async def test_backfill_cost_counts_one_read_per_bill_and_one_bulk_call(tmp_path: Path) -> None:
    report = await backfill_cost.run(BILLS, tmp_path / "work")
    out = published(report, tmp_path / "results")

    assert out.value("bills created by the backfill") == BILLS
    assert out.value("bills missing in BILL") == 0
    assert out.value("BILL bulk create calls") == 1
    assert out.value("BILL calls per bill") == pytest.approx(1 / BILLS), "mapped vendors and accounts: bulk only"
    assert out.value("Zoho calls per bill") == pytest.approx((BILLS + 1) / BILLS), "one read per bill, one list"
    assert "API calls per backfilled bill" in out.text
