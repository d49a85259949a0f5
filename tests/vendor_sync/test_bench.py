"""The vendor_sync bench at a tiny size: unchanged vendors cost Zoho list pages and one BILL list, no write."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import vendor_sync
from tests.bench.published import published

pytestmark = pytest.mark.temporal


async def test_unchanged_vendors_cost_list_pages_only(tmp_path: Path) -> None:
    out = published(await vendor_sync.run(5, tmp_path / "work"), tmp_path / "results")

    assert out.value("first sync: BILL vendors created") >= 5
    for phase in ("unchanged", "unchanged again"):
        assert out.value(f"{phase}: Zoho contact reads") == 0
        assert out.value(f"{phase}: Zoho writes") == 0
        assert out.value(f"{phase}: BILL writes") == 0
        assert out.value(f"{phase}: Zoho list pages") == 1
    assert out.value("unchanged again: BILL calls") == 1, "one filtered vendor list"
    assert out.value("one Zoho edit: Zoho contact reads") == 1
    assert out.value("one Zoho edit: BILL updates") == 1
    assert "API calls per vendor sync" in out.text
