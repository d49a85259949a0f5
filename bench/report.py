"""The result of one benchmark: a table of figures next to their goals, printed with rich and saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.machine import describe_machine

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Figure:
    """One measured value; `goal` is a human-readable target and `met` whether this run reached it."""

    metric: str
    value: float | int
    unit: str = ""
    goal: str = ""
    met: bool | None = None

    def shown(self) -> str:
        """The value as printed (floats to three significant decimals)."""
        text = f"{self.value:.3f}" if isinstance(self.value, float) else str(self.value)
        return f"{text} {self.unit}".rstrip()


@dataclass(frozen=True)
class BenchReport:
    """Everything one benchmark run measured, with the parameters it ran with."""

    name: str
    title: str
    params: dict[str, object]
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)

    def table(self) -> Table:
        """The figures as a rich table (goal and verdict beside each value)."""
        params = ", ".join(f"{key}={value}" for key, value in self.params.items())
        table = Table(title=f"{self.title} ({params})")
        for column in ("Metric", "Value", "Goal", "Met"):
            table.add_column(column, justify="right" if column == "Value" else "left")
        for f in self.figures:
            verdict = "" if f.met is None else ("yes" if f.met else "NO")
            table.add_row(f.metric, f.shown(), f.goal, verdict)
        return table

    def to_json(self) -> dict[str, object]:
        """The report plus the machine description and the time of the run."""
        return {
            "name": self.name,
            "title": self.title,
            "finished_at": datetime.now(UTC).isoformat(),
            "machine": describe_machine(),
            "params": self.params,
            "figures": [asdict(f) for f in self.figures],
            "notes": self.notes,
        }


def publish(report: BenchReport, console: Console, results_dir: Path = RESULTS_DIR) -> Path:
    """Print the table and write `<results_dir>/<name>.json`; returns the JSON path."""
    console.print(report.table())
    for note in report.notes:
        console.print(f"  {note}")
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{report.name}.json"
    path.write_text(json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n")
    return path
