"""throughput at a tiny size: both rates are measured on one server and their ratio is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import throughput
from tests.bench.published import published

pytestmark = pytest.mark.temporal


async def test_throughput_compares_full_path_with_bare_workflow(tmp_path: Path) -> None:
    report = await throughput.run(4, tmp_path / "work")
    out = published(report, tmp_path / "results")

    assert out.value("bills not synced") == 0
    assert out.value("webhooks refused by the gateway") == 0
    full, bare = out.value("full path"), out.value("bare workflow")
    assert full > 0
    assert bare > 0
    assert out.value("full / bare") == pytest.approx(full / bare)
    full_cpu, bare_cpu = out.value("full path CPU"), out.value("bare workflow CPU")
    assert full_cpu > 0
    assert bare_cpu > 0
    assert out.value("bare CPU / full CPU") == pytest.approx(bare_cpu / full_cpu)
    assert 0 < out.value("full path CPU in the bench process (worker, gateway, driver)") <= full_cpu
    assert 0 < out.value("bare workflow CPU in the bench process") <= bare_cpu
    assert out.data["params"]["activities_per_bill"] >= 4, "fetch, vendor, accounts and create at least"
    assert "full / bare" in out.text
