"""backfill_cost measures the same bills through keyed workflows (webhook path) in the same run: calls and time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import backfill_cost
from tests.bench.published import published

pytestmark = pytest.mark.temporal

BILLS = 6


async def test_the_keyed_path_is_measured_beside_the_backfill(tmp_path: Path) -> None:
    out = published(await backfill_cost.run(BILLS, tmp_path / "work"), tmp_path / "results")

    assert out.value("keyed workflows: bills synced") == BILLS
    assert out.value("BILL bulk create calls") == 1
    keyed_bill = out.value("keyed workflows (webhook path): BILL calls per bill")
    assert keyed_bill >= 1, "the webhook path creates each bill with its own call"
    assert out.value("BILL calls: keyed / backfill") == pytest.approx(keyed_bill * BILLS)
    ratio = out.value("wall clock: keyed / backfill (bulk speed-up)")
    keyed_seconds, backfill_seconds = out.value("keyed workflows duration"), out.value("backfill duration")
    assert ratio == pytest.approx(keyed_seconds / backfill_seconds, rel=1e-2)
    assert out.value("keyed workflows (webhook path): Zoho calls per bill") >= 1
