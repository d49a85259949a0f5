"""latency at a tiny size: every bill is timed from the gateway's 202 to its arrival in BILL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import latency
from tests.bench.published import published

pytestmark = pytest.mark.temporal


async def test_latency_times_every_bill_from_202_to_bill(tmp_path: Path) -> None:
    report = await latency.run(3, tmp_path / "work")
    out = published(report, tmp_path / "results")

    assert out.value("webhooks refused by the gateway") == 0
    assert out.value(f"accepted bills not in BILL after {latency.ARRIVAL_TIMEOUT_SECONDS:.0f} s") == 0
    assert out.value("arrived bills whose workflow did not sync") == 0
    p50, p99 = out.value("p50 webhook 202 -> in BILL"), out.value("p99 webhook 202 -> in BILL")
    assert 0 < p50 <= p99 == out.value("max webhook 202 -> in BILL")
    assert 0 < out.value("p50 gateway answer") <= out.value("max gateway answer")
    assert out.data["params"]["bills"] == 3
    assert "p99 webhook 202 -> in BILL" in out.text
