"""The rate_budget benchmark runs end to end at a small size and reports its figures against their goals."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from bench import rate_budget
from bench.__main__ import load
from bench.report import publish


async def test_a_small_run_reports_budget_use_and_429_share(tmp_path: Path) -> None:
    report = await rate_budget.run(40, tmp_path)

    figures = {f.metric: f for f in report.figures}
    assert figures["bills copied"].met
    assert figures["calls answered 429 (share of all vendor calls)"].met
    assert figures["Zoho calls"].value >= 40
    written = json.loads(publish(report, Console(record=True), tmp_path / "results").read_text())
    assert written["name"] == "rate_budget"
    assert written["params"]["bills"] == 40


def test_the_runner_finds_the_benchmark() -> None:
    bench = load("rate_budget")
    assert bench is not None
    assert bench.default_size == rate_budget.DEFAULT_SIZE
