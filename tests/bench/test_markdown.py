"""Results rendered as Markdown for docs/figures.md."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from bench.markdown import load_results, render
from bench.report import BenchReport, Figure, publish


def test_results_render_as_tables_in_the_given_order(tmp_path: Path) -> None:
    for name in ("second", "first"):
        report = BenchReport(
            name=name,
            title=f"The {name}",
            params={"bills": 3},
            figures=[Figure("ratio", 0.5, goal=">= 0.7", met=False), Figure("count", 2)],
            notes=[f"{name} note"],
        )
        publish(report, Console(record=True), tmp_path)

    text = render(load_results(tmp_path, ("first", "missing", "second")))

    assert text.startswith("Machine: ")
    assert text.index("### The first (`first`)") < text.index("### The second (`second`)")
    assert "| ratio | 0.500 | >= 0.7 | **no** |" in text
    assert "| count | 2 |  |  |" in text
    assert "- first note" in text


def test_no_results_says_how_to_get_them(tmp_path: Path) -> None:
    assert "python -m bench" in render(load_results(tmp_path, ("first",)))
