"""Reports: goals and verdicts beside each value, the same figures in the JSON with the machine."""

from __future__ import annotations

from pathlib import Path

from bench.report import BenchReport, Figure
from tests.bench.published import published


def test_table_and_json_carry_values_goals_and_verdicts(tmp_path: Path) -> None:
    report = BenchReport(
        name="demo",
        title="Demo figures",
        params={"bills": 2},
        figures=[
            Figure("calls per bill", 1.5, goal="<= 1.0", met=False),
            Figure("latency", 0.25, "s", "< 1 s", True),
            Figure("bills", 2),
        ],
        notes=["a note"],
    )
    out = published(report, tmp_path)

    rows = [line for line in out.text.splitlines() if "calls per bill" in line or "latency" in line]
    assert "1.500" in rows[0]
    assert "NO" in rows[0]
    assert "0.250 s" in rows[1]
    assert "yes" in rows[1]
    assert "Demo figures (bills=2)" in out.text
    assert "a note" in out.text
    assert out.data["figures"][2] == {"metric": "bills", "value": 2, "unit": "", "goal": "", "met": None}
    assert {"nproc", "memory_mb", "platform", "python", "temporalio"} <= out.data["machine"].keys()
